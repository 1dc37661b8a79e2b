#!/usr/bin/env node
// Worst case for the cross-resource index: every resource in ONE namespace, so nothing is narrowed by
// namespace. Deployments and StatefulSets with their Services (some selecting nothing, some made only
// of NotIn), PodDisruptionBudgets (matchLabels, In, and select-all {}), NetworkPolicies (default-deny
// and per app), HPAs. Measures the CPU time of building the ResourceIndex and running the selector,
// budget, StatefulSet, duplicate, reference, order and startup rules (parsing excluded: that is run.mjs's business), median of
// several runs per size, and prints how it grows.
//   node bench/cross-resource.mjs [--sizes 1000,5000,10000] [--reps 7]
// The internals it times are not in the bundled dist/: they are bundled from the sources here.
import { importSource } from "../scripts/import-source.mjs";

const { parseSource, buildModel, collectSources, ResourceIndex, runRules, defaultRuleSettings, builtinRules } = await importSource({
  parseSource: "src/load/parse.ts#parseSource",
  buildModel: "src/model/model.ts#buildModel",
  collectSources: "src/model/model.ts#collectSources",
  ResourceIndex: "src/model/resource-index.ts#ResourceIndex",
  runRules: "src/engine/run-rules.ts#runRules",
  defaultRuleSettings: "src/engine/rule-settings.ts#defaultRuleSettings",
  builtinRules: "rules/index.ts#builtinRules",
});

const IDS = new Set(["pdb-missing", "pdb-blocks-eviction", "dangling-selector", "selector-mismatch", "anti-affinity", "statefulset-service-name", "statefulset-volume-claims", "duplicate-object", "duplicate-env-var", "duplicate-port", "hpa-replicas-conflict", "network-policy", "missing-reference", "apply-order", "startup-order", "env-var-reference"]);
const rules = builtinRules.filter((r) => IDS.has(r.meta.id));

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const sizes = opt("sizes", "1000,5000,10000").split(",").map(Number);
const reps = Number(opt("reps", "7"));

const TIERS = ["web", "api", "worker", "data", "edge"];

/** About n resources, in groups of ten: one app's workload, Services, budget, policy and HPA. */
function manifests(n) {
  const docs = [];
  for (let i = 0; docs.length < n; i++) {
    const app = `app-${i}`;
    const tier = TIERS[i % TIERS.length];
    const stateful = i % 5 === 0;
    const labels = `{app: ${app}, tier: ${tier}${i % 3 === 0 ? ", zone: a" : ""}}`;
    const kind = stateful ? "StatefulSet" : "Deployment";
    docs.push(`apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${app}, namespace: big}
spec:
  ${stateful ? `serviceName: ${app}-headless\n  ` : ""}replicas: ${1 + (i % 4)}
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: ${labels}}
    spec:
      topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: ${app}}}}]
      containers:
        - name: main
          image: registry.example.com/${app}:1.${i}
          ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]
          env: [{name: A, value: "1"}, {name: B, value: "2"}, {name: AB, value: "$(A)-$(B)"}, {name: UPSTREAM_ADDR, value: "app-${i - (i % 5)}-0.app-${i - (i % 5)}-headless:8080"}]${stateful ? "\n          volumeMounts: [{name: data, mountPath: /var/lib/data}]" : ""}${stateful ? "\n  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]" : ""}`);
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: big}
spec: {selector: {app: ${i % 17 === 0 ? `${app}-renamed` : app}}, ports: [{name: http, port: 80, targetPort: http}]}`);
    if (stateful) docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}-headless, namespace: big}
spec: {clusterIP: None, selector: {app: ${app}}, ports: [{port: 8080}]}`);
    else docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}-legacy, namespace: big}
spec: {selector: {tier: ${tier}}, ports: [{port: 8081}]}`);
    docs.push(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${app}, namespace: big}
spec:
  ${i % 7 === 0 ? "minAvailable: 1" : "maxUnavailable: 1"}
  selector: ${i % 4 === 0 ? `{matchExpressions: [{key: app, operator: In, values: [${app}, app-${i + 1}]}, {key: zone, operator: DoesNotExist}]}` : `{matchLabels: {app: ${app}}}`}`);
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${app}, namespace: big}
spec:
  podSelector: ${i % 50 === 0 ? "{}" : i % 9 === 0 ? `{matchExpressions: [{key: tier, operator: NotIn, values: [${tier}]}]}` : `{matchLabels: {app: ${app}}}`}
  policyTypes: [Ingress]`);
    docs.push(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${app}, namespace: big}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: ${app}}, minReplicas: 2, maxReplicas: 6}`);
    docs.push(`apiVersion: v1
kind: ConfigMap
metadata: {name: ${app}, namespace: big}
data: {LOG_LEVEL: info}`);
    docs.push(`apiVersion: v1
kind: ServiceAccount
metadata: {name: ${app}, namespace: big}`);
    docs.push(`apiVersion: v1
kind: Secret
metadata: {name: ${app}, namespace: big}
type: Opaque`);
  }
  return docs.slice(0, n).join("\n---\n");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const settings = defaultRuleSettings();
const rows = [];
for (const n of sizes) {
  const parsed = parseSource({ path: `/bench/cross-resource-${n}.yaml`, display: `cross-resource-${n}.yaml`, text: manifests(n) });
  const { resources, others } = collectSources(parsed);
  const model = buildModel(resources, others, [], { defaultNamespace: "default", external: [], kubeVersion: "1.33" });
  const cpu = [];
  let findings = 0;
  for (let r = 0; r < reps + 1; r++) {
    const start = process.cpuUsage();
    model.index = new ResourceIndex(model.resources, model.pods);
    const run = runRules(model, rules, settings);
    const used = process.cpuUsage(start);
    if (run.failures.length) throw new Error(run.failures.join("\n"));
    findings = run.findings.length;
    if (r > 0) cpu.push((used.user + used.system) / 1000); // the first run warms the JIT
  }
  rows.push({ n, resources: model.resources.length, pods: model.pods.length, ms: median(cpu), findings });
}
for (const r of rows) {
  const base = rows[0];
  const growth = r === base ? "" : `   x${(r.ms / base.ms).toFixed(1)} for x${(r.resources / base.resources).toFixed(0)} resources`;
  process.stdout.write(`${String(r.resources).padStart(6)} resources (${r.pods} pod templates, one namespace): index + ${rules.length} rules ${r.ms.toFixed(1).padStart(7)} ms CPU, ${r.findings} findings${growth}\n`);
}
