import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { defaultRuleSettings } from "../src/engine/rule-settings.js";
import { ROOT } from "./helpers/fixtures.js";
import { TempRepo, k8slint } from "./helpers/temp-repo.js";

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
  ["an envFrom's optional", "optional: true}", "opitonal: true}"],
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

// Where the rule that states the cause is off (not run, or off for the file), the consequences are
// what is left to say: the run loses nothing (src/engine/caused-by.ts).
const CONSEQUENCES: Array<[string, string[]]> = [
  ["allowPrivilegeEscalation quoted", ["allow-privilege-escalation"]],
  ["readOnlyRootFilesystem quoted", ["read-only-root-filesystem"]],
  ["the pod's securityContext", ["run-as-non-root", "seccomp-profile"]],
  ["a container's securityContext", ["allow-privilege-escalation", "drop-all-capabilities", "read-only-root-filesystem"]],
  ["resources", ["resource-limits", "resource-requests"]],
  ["livenessProbe", ["liveness-probe"]],
  ["readinessProbe", ["readiness-probe"]],
  ["automountServiceAccountToken", ["service-account-token"]],
  ["topologySpreadConstraints", ["anti-affinity"]],
];

describe("one cause, one finding: the consequences stand where the cause's rule is off", () => {
  const mutation = (name: string) => [...MUTATIONS, ...MISSPELLINGS].find(([n]) => n === name)!;
  const withoutSchema = builtinRules.filter((r) => r.meta.id !== "schema");
  const schemaOffHere = { ...defaultRuleSettings(), severityFor: (id: string) => (id === "schema" ? ("off" as const) : undefined) };
  const run = (text: string, how: "not run" | "off for the file") =>
    lint({ sources: [{ name: "api.yaml", text }], cwd: ROOT, fixes: true, ...(how === "not run" ? { rules: withoutSchema } : { settings: schemaOffHere }) }).findings;

  for (const how of ["not run", "off for the file"] as const) {
    const before = new Set(run(HARDENED, how).map((f) => `${f.ruleId}: ${f.message}`));
    for (const [name, rules] of CONSEQUENCES) {
      it(`${name}, the schema rule ${how}: ${rules.join(", ")}`, () => {
        const [, from, to] = mutation(name);
        const found = run(HARDENED.replace(from, to), how);
        const added = found.filter((f) => !before.has(`${f.ruleId}: ${f.message}`));
        expect(added.map((f) => f.ruleId).sort()).toEqual(rules);
        // The cause is still written: a fix made around it would clash with its rename, so none is applied unasked.
        for (const f of added) expect(f.fix).toBeUndefined();
      });
    }
  }

  it("a consequence's fix is offered as a suggestion", () => {
    const [, from, to] = mutation("a container's securityContext");
    const found = run(HARDENED.replace(from, to), "not run").find((f) => f.ruleId === "allow-privilege-escalation");
    expect(found?.fix).toBeUndefined();
    expect(found?.suggestions?.map((s) => s.description)).toContain("set allowPrivilegeEscalation: false");
    // Without the cause, the same finding gets it as its fix.
    const plain = run(HARDENED.replace("            allowPrivilegeEscalation: false\n", ""), "not run").find((f) => f.ruleId === "allow-privilege-escalation");
    expect(plain?.fix?.description).toBe("set allowPrivilegeEscalation: false");
  });

  it("a cause accepted with a reason takes its consequences with it", () => {
    const [, from, to] = mutation("the pod's securityContext");
    const justified = HARDENED.replace(from, to.replace("      securityContex:", "      # k8slint-disable-next-line schema -- renamed by the chart's next release\n      securityContex:"));
    const found = lint({ sources: [{ name: "api.yaml", text: justified }], cwd: ROOT }).findings;
    expect(found.filter((f) => f.ruleId === "schema").map((f) => f.suppressed)).toEqual([true]);
    expect(found.filter((f) => f.ruleId === "run-as-non-root" || f.ruleId === "seccomp-profile")).toEqual([]);
  });
});

describe("one cause, one finding, end to end", () => {
  it("the CLI reports the rename with schema on, and the consequences with --disable schema", () => {
    const [, from, to] = [...MISSPELLINGS].find(([n]) => n === "the pod's securityContext")!;
    const repo = new TempRepo({ "k8s/api.yaml": HARDENED.replace(from, to) });
    try {
      const rules = (args: string[]) => {
        const r = k8slint(["k8s", "--format", "json", ...args], repo.dir);
        expect(r.stderr).toBe("");
        return (JSON.parse(r.stdout).results as Array<{ ruleId: string; line: number }>).map((f) => `${f.ruleId}@${f.line}`);
      };
      const line = HARDENED.split("\n").indexOf("      securityContext:") + 1;
      expect(rules([])).toContain(`schema@${line}`);
      expect(rules([]).filter((f) => f.startsWith("run-as-non-root") || f.startsWith("seccomp-profile"))).toEqual([]);
      const off = rules(["--disable", "schema"]);
      expect(off.filter((f) => f.startsWith("schema"))).toEqual([]);
      // At the container's securityContext, which does not set them either.
      const container = HARDENED.split("\n").indexOf("          securityContext:") + 1;
      expect(off.filter((f) => f.startsWith("run-as-non-root") || f.startsWith("seccomp-profile")).sort()).toEqual([`run-as-non-root@${container}`, `seccomp-profile@${container}`]);
    } finally {
      repo.cleanup();
    }
  });
});

// What the API server refuses for a field that is absent (api-validation, selector-mismatch) is, where
// the field is written under a misspelt key, the schema rule's rename; the consequence stands only
// where that rule is off.
const REFUSED_ABSENT: Array<[string, string, string, string, string[]]> = [
  [
    "a claim's requests",
    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests: {storage: 1Gi}\n",
    "    requests:",
    "    requets:",
    ["api-validation"],
  ],
  [
    "a TLS Secret's stringData",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: shop}\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: cert\n  tls.key: key\n",
    "stringData:",
    "stirngData:",
    ["api-validation", "api-validation"],
  ],
  [
    "a token Secret's annotations",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\n  namespace: shop\n  annotations: {kubernetes.io/service-account.name: api}\ntype: kubernetes.io/service-account-token\n",
    "  annotations:",
    "  anotations:",
    ["api-validation"],
  ],
  [
    "a ClusterRole rule's nonResourceURLs",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: health}\nrules:\n  - nonResourceURLs: [/healthz]\n    verbs: [get]\n",
    "nonResourceURLs:",
    "nonResourceURL:",
    ["api-validation", "api-validation"],
  ],
  [
    "an ExternalName Service's externalName",
    "apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  type: ExternalName\n  externalName: db.example.com\n",
    "externalName:",
    "externalNmae:",
    ["api-validation"],
  ],
  [
    "a DaemonSet's maxUnavailable",
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: shop}\nspec:\n  selector: {matchLabels: {app: agent}}\n  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: example.test/agent:1.0}]\n",
    "maxUnavailable: 0",
    "maxUnavailble: 0",
    ["api-validation"],
  ],
  [
    "a workload selector's matchLabels",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: example.test/web:1.0}]\n",
    "    matchLabels:",
    "    matchLabel:",
    ["selector-mismatch"],
  ],
  [
    "an Ingress's defaultBackend",
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  ports: [{port: 80}]\n",
    "  defaultBackend:",
    "  deafultBackend:",
    ["api-validation"],
  ],
  [
    "a Deployment's strategy beside a ReadWriteOnce claim",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  strategy: {type: Recreate}\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: example.test/db:1.0, volumeMounts: [{name: data, mountPath: /data}]}]\n      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n",
    "  strategy:",
    "  startegy:",
    ["read-write-once-claim"],
  ],
  [
    "a budget's unhealthyPodEvictionPolicy",
    "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: {matchLabels: {app: web}}\n",
    "  unhealthyPodEvictionPolicy:",
    "  unhealthyPodEvictonPolicy:",
    ["pdb-unhealthy-eviction"],
  ],
  [
    "a Deployment's replicas, for the budget that selects it",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: example.test/web:1.0}]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: shop}\nspec:\n  minAvailable: 2\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: {matchLabels: {app: web}}\n",
    "  replicas: 3",
    "  replcias: 3",
    ["pdb-blocks-eviction"],
  ],
  [
    "a StatefulSet's volumeClaimTemplates, read as meant",
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: example.test/db:1.0, volumeMounts: [{name: data, mountPath: /data}]}]\n  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n",
    "  volumeClaimTemplates:",
    "  volumeClaimTemplate:",
    [],
  ],
];

describe("one cause, one finding: a field the API server requires, written under a misspelt key", () => {
  const withoutSchema = builtinRules.filter((r) => r.meta.id !== "schema");
  const found = (text: string, rules?: typeof builtinRules) => lint({ sources: [{ name: "object.yaml", text }], cwd: ROOT, ...(rules ? { rules } : {}) }).findings.map((f) => `${f.ruleId}: ${f.message}`);
  for (const [name, valid, from, to, consequences] of REFUSED_ABSENT) {
    it(`${name}: the rename alone, and ${consequences.join(", ")} with the schema rule off`, () => {
      expect(valid).toContain(from);
      const mutant = valid.replace(from, to);
      const before = new Set(found(valid));
      expect([...before].filter((f) => f.startsWith("schema:"))).toEqual([]);
      const added = found(mutant).filter((f) => !before.has(f));
      expect(added).toHaveLength(1);
      expect(added[0]).toMatch(/^schema: unknown field .*did you mean/);
      const beforeOff = new Set(found(valid, withoutSchema));
      expect(found(mutant, withoutSchema).filter((f) => !beforeOff.has(f)).map((f) => f.split(":")[0])).toEqual(consequences);
    });
  }
});

// A justified exception (a tracer that runs privileged, an exporter on the node's network) written
// with a quoted "true" or a misspelt key: the schema rule's finding alone, and the justification is
// not called unused; with that rule off, the exception is reported as meant and the justification takes it.
const justifiedPod = (name: string, rule: string, reason: string, spec: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ops\n  annotations:\n    justify.k8slint.io/${rule}: "${reason}"\nspec:\n${spec}`;

const JUSTIFIED: Array<{ name: string; rule: string; pod: string; field: string; mutations: Array<[string, string]>; others: string[] }> = [
  {
    name: "a privileged tracer",
    rule: "privileged-container",
    pod: justifiedPod("tracer", "privileged-container", "reads kernel events through eBPF", "  containers:\n    - name: tracer\n      image: example.test/tracer:1.0\n      securityContext:\n        privileged: true\n"),
    field: "privileged: true",
    mutations: [
      ["privileged: true", 'privileged: "true"'],
      ["privileged: true", "prviileged: true"],
      ["securityContext:", "securityContex:"],
    ],
    others: [],
  },
  {
    name: "a host-network exporter",
    rule: "host-namespaces",
    pod: justifiedPod("exporter", "host-namespaces", "exports the node's network statistics", "  hostNetwork: true\n  containers:\n    - name: exporter\n      image: example.test/exporter:1.0\n      ports:\n        - {containerPort: 9100, hostPort: 9100}\n"),
    field: "hostNetwork: true",
    mutations: [["hostNetwork: true", 'hostNetwork: "true"']],
    // Exempt for a host-network pod, as for one written true.
    others: ["host-port", "network-policy"],
  },
];

describe("one cause, one finding: a justified exception written with a quoted true or a misspelt key", () => {
  for (const { name, rule, pod, field, mutations, others } of JUSTIFIED) {
    const watched = ["schema", rule, "unused-justification", ...others];
    const run = (text: string, rules = builtinRules) => lint({ sources: [{ name: "pod.yaml", text }], cwd: ROOT, rules }).findings.filter((f) => watched.includes(f.ruleId));
    const line = pod.split("\n").findIndex((l) => l.trim() === field) + 1;

    it(`${name}, written as meant: the justification suppresses ${rule}`, () => {
      expect(run(pod).map((f) => [f.ruleId, f.line, f.suppressed])).toEqual([[rule, line, true]]);
    });

    for (const [from, to] of mutations) {
      it(`${name} with ${to}: the schema rule's finding, and ${rule} as meant where that rule is off`, () => {
        const text = pod.replace(from, to);
        const schemaLine = text.split("\n").findIndex((l) => l.trim() === to) + 1;
        expect(run(text).map((f) => [f.ruleId, f.line, f.suppressed])).toEqual([["schema", schemaLine, false]]);
        const off = run(text, builtinRules.filter((r) => r.meta.id !== "schema"));
        expect(off.map((f) => [f.ruleId, f.line, f.suppressed])).toEqual([[rule, line, true]]);
      });
    }
  }
});
