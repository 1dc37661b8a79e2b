import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { parseSource } from "../src/load/parse.js";
import { buildModel, collectSources, type ModelSettings } from "../src/model/model.js";
import { runRules } from "../src/engine/run-rules.js";
import { defaultRuleSettings } from "../src/engine/rule-settings.js";
import { ExternalObjects } from "../src/model/external.js";
import { variableReferences } from "../src/model/env-expansion.js";
import { hostTokens } from "../src/model/connections.js";
import missingReference from "../rules/missing-reference.js";
import applyOrder from "../rules/apply-order.js";
import envVarReference from "../rules/env-var-reference.js";
import startupOrder from "../rules/startup-order.js";
import { CORPUS, hasCorpus } from "./helpers/fixtures.js";

const RULES = [missingReference, applyOrder, envVarReference, startupOrder];

function lintText(text: string, options: { external?: string[] } = {}) {
  return lint({ sources: [{ name: "set.yaml", text }], rules: RULES, external: options.external });
}

describe("external objects", () => {
  const ext = new ExternalObjects(["ConfigMap/shop/catalog", "secret/shop/*", "sa/builder", "ClusterRole/ops-admin", "Namespace/tools"], "team");
  it("matches kinds case-insensitively and by kubectl's short names", () => {
    expect(ext.has("ConfigMap", "shop", "catalog")).toBe(true);
    expect(ext.has("ServiceAccount", "team", "builder")).toBe(true);
    expect(ext.has("ConfigMap", "shop", "other")).toBe(false);
  });
  it("takes * as any name, and Kind/name as cluster-scoped or in the default namespace", () => {
    expect(ext.has("Secret", "shop", "anything")).toBe(true);
    expect(ext.has("Secret", "prod", "anything")).toBe(false);
    expect(ext.has("ServiceAccount", "shop", "builder")).toBe(false);
    expect(ext.has("ClusterRole", undefined, "ops-admin")).toBe(true);
    expect(ext.has("Namespace", undefined, "tools")).toBe(true);
  });
  it("ignores malformed entries", () => {
    const bad = new ExternalObjects(["", "ConfigMap", "a/b/c/d", "ConfigMap//x"], "default");
    expect(bad.has("ConfigMap", "default", "x")).toBe(false);
  });
});

describe("$(VAR) references", () => {
  it("reads names, skips $$ escapes and unclosed references", () => {
    expect(variableReferences("$(A)-$(B_2)")).toEqual(["A", "B_2"]);
    expect(variableReferences("$$(A) $$$(B)")).toEqual(["B"]);
    expect(variableReferences("cost $(5 and $( C")).toEqual([]);
    expect(variableReferences("$(date +%s)")).toEqual(["date +%s"]);
  });
});

describe("host tokens", () => {
  it("takes host names with ports, in URLs and with DNS suffixes", () => {
    expect(hostTokens("zk-0.zk:2181,zk-1.zk:2181", "strict")).toEqual(["zk-0.zk", "zk-1.zk"]);
    expect(hostTokens("redis://:secret@redis:6379/0", "strict")).toEqual(["redis"]);
    expect(hostTokens("http://api.shop.svc.cluster.local/health", "strict")).toEqual(["api.shop.svc.cluster.local"]);
  });
  it("takes a bare word only as a whole value, or in a script that waits", () => {
    expect(hostTokens("postgres", "strict")).toEqual([]);
    expect(hostTokens("postgres", "exact")).toEqual(["postgres"]);
    expect(hostTokens("we moved from postgres", "exact")).toEqual([]);
    expect(hostTokens("until pg_isready -h postgres; do sleep 1; done", "lenient")).toContain("postgres");
  });
  it("does not split identifiers, paths or variables", () => {
    expect(hostTokens("my_zk:2181 /etc/zk:1 $(POD).kafka:9092", "strict")).toEqual([]);
  });
});

describe("missing-reference", () => {
  // The set manages a Namespace (another one), so namespaces it writes into are expected in it.
  const set = `
apiVersion: v1
kind: Namespace
metadata: {name: staging}
---
apiVersion: v1
kind: Secret
metadata: {name: present, namespace: shop}
stringData: {password: hunter2-not-shown}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0.0
          envFrom:
            - secretRef: {name: absent-secret}
            - configMapRef: {name: absent-config}
            - secretRef: {name: present}
`;
  it("grades missing Secrets and namespaces as info, other objects as warnings", () => {
    const found = lintText(set).findings.filter((f) => f.ruleId === "missing-reference");
    const bySeverity = Object.fromEntries(found.map((f) => [f.message.split(" (")[0], f.severity]));
    expect(bySeverity).toEqual({
      "Secret shop/absent-secret": "info",
      "ConfigMap shop/absent-config": "warning",
      'namespace "shop" is not defined in these manifests': "info",
    });
  });
  it("never prints a Secret's value and accepts declared external objects", () => {
    const result = lintText(set, { external: ["Secret/shop/absent-secret", "cm/shop/absent-config", "Namespace/shop"] });
    expect(result.findings.filter((f) => f.ruleId === "missing-reference")).toEqual([]);
    expect(JSON.stringify(lintText(set).findings)).not.toContain("hunter2");
  });
  it("does not ask for namespaces when the set defines none", () => {
    const found = lintText(set.split("---\n").slice(1).join("---\n")).findings.filter((f) => f.ruleId === "missing-reference");
    expect(found.map((f) => f.message)).not.toContain('namespace "shop" is not defined in these manifests');
    expect(found.length).toBe(2);
  });
});

describe("apply-order", () => {
  const text = `
apiVersion: v1
kind: ConfigMap
metadata: {name: early, namespace: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
`;
  function run(settings: Partial<ModelSettings>) {
    const parsed = parseSource({ path: "/tmp/set.yaml", display: "set.yaml", text });
    const { resources, others } = collectSources(parsed);
    const model = buildModel(resources, others, [], { defaultNamespace: "default", external: [], kubeVersion: "1.33", ...settings });
    return runRules(model, [applyOrder], defaultRuleSettings()).findings.map((f) => f.finding);
  }
  it("reports an object before its Namespace as an error naming both", () => {
    const [f, ...rest] = run({});
    expect(rest).toEqual([]);
    expect(f.severity).toBe("error");
    expect(f.resource?.name).toBe("early");
    expect(f.message).toContain("Namespace shop");
    expect(f.message).toContain("defined below it (line 6)");
    expect(f.line).toBe(4);
  });
  it("stays out of Kustomize builds, which order by kind", () => {
    expect(run({ kustomizeRoot: "/tmp" })).toEqual([]);
  });
});

describe("startup-order", () => {
  it("reports a cycle once, as an error, naming every workload in it", () => {
    const sts = (name: string, other: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {clusterIP: None, selector: {app: ${name}}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}}
spec:
  serviceName: ${name}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0
          env:
            - {name: PEER_URL, value: "http://${other}:80"}
`;
    const found = lintText([sts("a", "b"), sts("b", "c"), sts("c", "a")].join("---\n")).findings.filter((f) => f.ruleId === "startup-order");
    const cycles = found.filter((f) => f.message.startsWith("startup dependency cycle"));
    expect(cycles).toHaveLength(1);
    expect(cycles[0].severity).toBe("error");
    expect(cycles[0].message).toBe("startup dependency cycle: StatefulSet default/a → StatefulSet default/b → StatefulSet default/c → StatefulSet default/a");
    // And each connection that does not wait.
    expect(found.filter((f) => f.severity === "warning")).toHaveLength(3);
  });

  it("does not call services that call each other a cycle: they start, and retry their calls", () => {
    const deployment = (name: string, other: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0
          env:
            - {name: PEER_URL, value: "http://${other}:80"}
`;
    const found = lintText([deployment("orders", "billing"), deployment("billing", "orders")].join("---\n")).findings;
    expect(found.filter((f) => f.ruleId === "startup-order")).toEqual([]);
  });
});

describe("malformed objects", () => {
  it("are skipped, never crash a rule", () => {
    const text = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: odd, namespace: [1]}
spec:
  serviceName: 5
  selector: "app=odd"
  template:
    metadata: {labels: "odd"}
    spec:
      serviceAccountName: {name: x}
      volumes: [null, 3, {name: v, configMap: "x"}, {name: p, projected: {sources: [null, {configMap: 7}]}}]
      initContainers: "none"
      containers:
        - name: a
          image: registry.example.com/a:1.0.0
          env: [null, {name: X, value: 5}, {name: Y, valueFrom: "nope"}, {value: "$(X) $("}]
          envFrom: [null, {configMapRef: null}, {secretRef: {name: 9}}]
          args: [1, null, "$(Z)"]
          volumeMounts: [{subPathExpr: 3}]
        - "not a container"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: odd}
spec: {rules: [{http: {paths: [{backend: {service: {name: s, port: "x"}}}, null]}}], tls: [null, {secretName: 4}], defaultBackend: 3}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: odd}
spec: {scaleTargetRef: "Deployment/odd"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: odd}
roleRef: [ClusterRole, view]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: odd}
spec: {names: 3}
---
apiVersion: v1
kind: Service
metadata: {name: s}
spec: {selector: {app: [1]}, ports: "80"}
`;
    const result = lintText(text);
    expect(result.notices.filter((n) => n.includes("failed"))).toEqual([]);
    expect(result.findings.every((f) => f.line >= 1)).toBe(true);
  });
});

describe.skipIf(!hasCorpus())("cross-resource rules on the corpus", () => {
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];

  for (const system of systems) {
    it(`${system}: every finding points at the line that names what it is about`, () => {
      const result = lint({ paths: [system], cwd: CORPUS, rules: RULES });
      expect(result.notices.filter((n) => n.includes("failed"))).toEqual([]);
      for (const f of result.findings) {
        const line = fs.readFileSync(path.join(CORPUS, f.file), "utf8").split("\n")[f.line - 1];
        const expected = namedOnLine(f.ruleId, f.message);
        expect(expected.some((e) => line.includes(e)), `${f.file}:${f.line} "${line.trim()}" should name one of ${expected.join(", ")}: ${f.message}`).toBe(true);
      }
    });
  }

  it("caracal: Kafka's advertised listener uses POD_NAME before it is defined, and Kafka does not wait for ZooKeeper", () => {
    const result = lint({ paths: ["caracal"], cwd: CORPUS, rules: RULES });
    const kafka = result.findings.filter((f) => f.file.endsWith("v03/kafka-statefulset.yaml"));
    expect(kafka.map((f) => f.ruleId).sort()).toEqual(["env-var-reference", "startup-order"]);
    expect(kafka.find((f) => f.ruleId === "startup-order")!.message).toContain("StatefulSet caracal/caracal-zookeeper");
    // The consumers wait for Kafka in an init container.
    const consumers = result.findings.filter((f) => f.ruleId === "startup-order" && f.message.includes("connects to StatefulSet caracal/caracal-kafka"));
    expect(consumers.map((f) => f.resource?.name)).toEqual(["caracal-schema-registry"]);
  });
});

/** What the offending line must name, read from a finding's message. */
function namedOnLine(ruleId: string, message: string): string[] {
  const object = (m: RegExpExecArray | null) => (m ? [m[1].split("/").pop()!] : []);
  switch (ruleId) {
    case "env-var-reference":
      return object(/^(\$\([^)]+\))/.exec(message));
    case "startup-order": {
      const m = /\(([^,)]+)(?:, from ConfigMap (\S+) key (\S+))?\)/.exec(message);
      return m ? [m[1], m[2], m[3]].filter((x): x is string => !!x) : [];
    }
    case "apply-order":
      if (message.includes("(its namespace)")) return ["namespace"];
      if (message.includes("(the definition of its kind)")) return ["kind"];
      return object(/^applied before \S+ (\S+) \(/.exec(message));
    case "missing-reference":
      if (message.startsWith("namespace ")) return ["namespace"];
      if (message.includes(" has no ")) return object(/ has no (?:port (\d+)|a port named "([^"]+)")/.exec(message)?.filter(Boolean) as RegExpExecArray | null);
      return object(/^\S+ (\S+) \(/.exec(message));
    default:
      return [];
  }
}
