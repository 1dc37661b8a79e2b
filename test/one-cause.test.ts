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

const findings = (text: string) => lint({ sources: [{ name: "api.yaml", text }], cwd: ROOT }).findings.map((f) => `${f.ruleId}: ${f.message}`);

describe("one cause, one finding: a field of the wrong type", () => {
  const before = new Set(findings(HARDENED));

  it("the hardened manifest itself gets no schema finding", () => {
    expect([...before].filter((f) => f.startsWith("schema:"))).toEqual([]);
  });

  for (const [name, from, to] of MUTATIONS) {
    it(`${name}: the schema rule's finding only`, () => {
      expect(HARDENED).toContain(from);
      const added = findings(HARDENED.replace(from, to)).filter((f) => !before.has(f));
      expect(added.filter((f) => f.startsWith("schema:"))).toHaveLength(1);
      expect(added.filter((f) => !f.startsWith("schema:"))).toEqual([]);
    });
  }
});
