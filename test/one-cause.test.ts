import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { ROOT } from "./helpers/fixtures.js";

// One cause, one finding: a hardened workload with one field written with the wrong type (a quoted
// boolean, a string where a list goes: what a Helm `| quote` or a hand edit produces) gets the schema
// rule's finding for it and nothing else that the unchanged manifest does not already get.
const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: web}}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {type: RuntimeDefault}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchExpressions:
              - {key: tier, operator: In, values: [web]}
      containers:
        - name: api
          image: example.test/api:1.0
          ports:
            - {name: http, containerPort: 8080}
          envFrom:
            - configMapRef: {name: flags, optional: true}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            privileged: false
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: api}}
`;

const MUTATIONS: Array<[string, string, string]> = [
  ["runAsNonRoot quoted", "runAsNonRoot: true", 'runAsNonRoot: "true"'],
  ["runAsUser quoted", "runAsUser: 10001", 'runAsUser: "10001"'],
  ["seccompProfile as a string", "seccompProfile: {type: RuntimeDefault}", "seccompProfile: RuntimeDefault"],
  ["seccompProfile type in the wrong case", "{type: RuntimeDefault}", "{type: runtimeDefault}"],
  ["allowPrivilegeEscalation quoted", "allowPrivilegeEscalation: false", 'allowPrivilegeEscalation: "false"'],
  ["readOnlyRootFilesystem quoted", "readOnlyRootFilesystem: true", 'readOnlyRootFilesystem: "true"'],
  ["capabilities.drop as a string", "drop: [ALL]", "drop: ALL"],
  ["automountServiceAccountToken quoted", "automountServiceAccountToken: false", 'automountServiceAccountToken: "false"'],
  ["replicas quoted", "replicas: 3", 'replicas: "3"'],
  ["optional quoted", "optional: true", 'optional: "true"'],
  ["a selector value without its list", "values: [web]", "values: web"],
];

// A misspelt field (the schema rule's "unknown field", with the rename) is not also a missing one.
const MISSPELLINGS: Array<[string, string, string]> = [
  ["the pod's securityContext", "      securityContext:\n        runAsNonRoot", "      securityContex:\n        runAsNonRoot"],
  ["a container's securityContext", "          securityContext:\n            allowPrivilegeEscalation", "          SecurityContext:\n            allowPrivilegeEscalation"],
  ["resources", "          resources:", "          resource:"],
  ["livenessProbe", "livenessProbe:", "livenesProbe:"],
  ["readinessProbe", "readinessProbe:", "readinessprobe:"],
  ["automountServiceAccountToken", "automountServiceAccountToken: false", "automountServiceAcountToken: false"],
  ["the pod template's labels", "metadata: {labels: {app: api, tier: web}}", "metadata: {lables: {app: api, tier: web}}"],
  ["the Deployment's namespace", "metadata: {name: api, namespace: shop}", "metadata: {name: api, namepsace: shop}"],
  ["the Deployment's metadata", "metadata: {name: api, namespace: shop}", "metdata: {name: api, namespace: shop}"],
  ["the pod template's metadata", "    metadata: {labels: {app: api, tier: web}}", "    meatdata: {labels: {app: api, tier: web}}"],
  ["topologySpreadConstraints", "topologySpreadConstraints:", "topologySpreadConstraint:"],
  ["the budget's selector", "maxUnavailable: 1\n  selector:", "maxUnavailable: 1\n  selecter:"],
];

const findings = (text: string) => lint({ sources: [{ name: "api.yaml", text }], cwd: ROOT }).findings.map((f) => `${f.ruleId}: ${f.message}`);

describe("one cause, one finding: a field of the wrong type or a misspelt one", () => {
  const before = new Set(findings(HARDENED));

  it("the hardened manifest itself gets no schema finding", () => {
    expect([...before].filter((f) => f.startsWith("schema:"))).toEqual([]);
  });

  for (const [name, from, to] of [...MUTATIONS, ...MISSPELLINGS]) {
    it(`${name}: the schema rule's finding only`, () => {
      expect(HARDENED).toContain(from);
      const added = findings(HARDENED.replace(from, to)).filter((f) => !before.has(f));
      expect(added.filter((f) => f.startsWith("schema:"))).toHaveLength(1);
      expect(added.filter((f) => !f.startsWith("schema:"))).toEqual([]);
    });
  }
});
