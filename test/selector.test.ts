import { describe, expect, it } from "vitest";
import { parseSource } from "../src/load/parse.js";
import { buildModel, collectSources, type Model } from "../src/model/model.js";
import { compileSelector, firstUnmetRequirement, formatSelector, podSelectionOf, withoutControllerLabels } from "../src/model/selector.js";

// Selector semantics as Kubernetes has them (apimachinery labels.Selector and each kind's meaning of
// an empty or absent selector), and the ResourceIndex lookups built on them.

function modelOf(text: string, defaultNamespace = "default"): Model {
  const parsed = parseSource({ path: "/tmp/selector-test.yaml", display: "selector-test.yaml", text });
  const { resources, others } = collectSources(parsed);
  return buildModel(resources, others, [], { defaultNamespace, external: [], kubeVersion: "1.33" });
}

const deployment = (name: string, labels: Record<string, string>, namespace?: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ""}spec:
  selector:
    matchLabels: ${JSON.stringify(labels)}
  template:
    metadata:
      labels: ${JSON.stringify(labels)}
    spec:
      containers: [{name: c, image: "i:1"}]
---`;

describe("compileSelector: matchLabels and matchExpressions", () => {
  const labels = { app: "api", tier: "web" };
  const sel = (s: unknown) => compileSelector(s as never, "labelSelector");

  it("ANDs matchLabels pairs", () => {
    expect(sel({ matchLabels: { app: "api" } }).matches(labels)).toBe(true);
    expect(sel({ matchLabels: { app: "api", tier: "db" } }).matches(labels)).toBe(false);
  });

  it("evaluates In, NotIn, Exists and DoesNotExist", () => {
    expect(sel({ matchExpressions: [{ key: "tier", operator: "In", values: ["web", "edge"] }] }).matches(labels)).toBe(true);
    expect(sel({ matchExpressions: [{ key: "tier", operator: "In", values: ["db"] }] }).matches(labels)).toBe(false);
    expect(sel({ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }).matches(labels)).toBe(false);
    expect(sel({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] }).matches(labels)).toBe(true);
    expect(sel({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] }).matches(labels)).toBe(false);
    // A missing label satisfies NotIn, as in Kubernetes.
    expect(sel({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }).matches(labels)).toBe(true);
    expect(sel({ matchExpressions: [{ key: "app", operator: "Exists" }] }).matches(labels)).toBe(true);
    expect(sel({ matchExpressions: [{ key: "zone", operator: "Exists" }] }).matches(labels)).toBe(false);
    expect(sel({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }).matches(labels)).toBe(true);
    expect(sel({ matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }).matches(labels)).toBe(false);
  });

  it("ANDs matchLabels with matchExpressions", () => {
    const s = sel({ matchLabels: { app: "api" }, matchExpressions: [{ key: "tier", operator: "NotIn", values: ["web"] }] });
    expect(s.matches(labels)).toBe(false);
    expect(s.matches({ app: "api", tier: "db" })).toBe(true);
  });

  it("treats malformed requirements as invalid, matching nothing, with the API server's reason", () => {
    const unknown = sel({ matchExpressions: [{ key: "app", operator: "Equals", values: ["api"] }] });
    expect(unknown.invalid).toBe(true);
    expect(unknown.matches(labels)).toBe(false);
    expect(unknown.invalidReason).toContain("Equals");
    const noValues = sel({ matchExpressions: [{ key: "app", operator: "Exists" }, { key: "tier", operator: "In", values: [] }] });
    expect(noValues.invalid).toBe(true);
    expect(noValues.invalidIndex).toBe(1);
    expect(sel({ matchExpressions: [{ key: "app", operator: "Exists", values: ["x"] }] }).invalid).toBe(true);
  });

  it("knows an empty selector from a non-empty one", () => {
    expect(sel({}).empty).toBe(true);
    expect(sel({ matchLabels: {}, matchExpressions: [] }).empty).toBe(true);
    expect(sel(undefined).empty).toBe(true);
    expect(compileSelector({ app: "api" }, "map").empty).toBe(false);
  });

  it("formats selectors as kubectl does and names the first unmet requirement", () => {
    const s = sel({ matchLabels: { app: "api" }, matchExpressions: [{ key: "tier", operator: "In", values: ["web", "edge"] }, { key: "canary", operator: "DoesNotExist" }] });
    expect(formatSelector(s)).toBe("app=api,tier in (web,edge),!canary");
    expect(firstUnmetRequirement(s, { app: "web" })).toEqual({ matchLabel: "app" });
    expect(firstUnmetRequirement(s, { app: "api", tier: "db" })).toEqual({ expression: 0 });
    expect(firstUnmetRequirement(s, { app: "api", tier: "web" })).toBeUndefined();
  });

  it("drops requirements on controller-set labels, and gives up when nothing else is left", () => {
    const perPod = compileSelector({ app: "kafka", "statefulset.kubernetes.io/pod-name": "kafka-0" }, "map");
    expect(withoutControllerLabels(perPod)?.equals).toEqual([["app", "kafka"]]);
    expect(withoutControllerLabels(compileSelector({ "statefulset.kubernetes.io/pod-name": "kafka-0" }, "map"))).toBeUndefined();
    const plain = compileSelector({ app: "kafka" }, "map");
    expect(withoutControllerLabels(plain)).toBe(plain);
  });
});

describe("podSelectionOf: what an empty or absent selector means for each kind", () => {
  const model = modelOf(`
apiVersion: v1
kind: Service
metadata: {name: no-selector}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: external}
spec: {type: ExternalName, externalName: db.example.com, selector: {app: db}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: v1-empty}
spec: {maxUnavailable: 1, selector: {}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: v1-absent}
spec: {maxUnavailable: 1}
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: {name: v1beta1-empty}
spec: {maxUnavailable: 1, selector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: calico}
spec: {selector: all()}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  template:
    metadata: {labels: {app: rc}}
    spec: {containers: [{name: c, image: "i:1"}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  template:
    metadata: {labels: {app: job}}
    spec: {restartPolicy: Never, containers: [{name: c, image: "i:1"}]}
`);
  const byName = (n: string) => model.resources.find((r) => r.name === n)!;

  it("Service: no selector selects no pods; ExternalName has no selection", () => {
    const s = podSelectionOf(byName("no-selector"))!;
    expect(s.selector.empty).toBe(true);
    expect(s.emptyMatchesAll).toBe(false);
    expect(podSelectionOf(byName("external"))).toBeUndefined();
  });

  it("PodDisruptionBudget: {} selects the namespace in policy/v1, nothing in v1beta1; absent selects nothing", () => {
    expect(podSelectionOf(byName("v1-empty"))!.emptyMatchesAll).toBe(true);
    expect(podSelectionOf(byName("v1beta1-empty"))!.emptyMatchesAll).toBe(false);
    const absent = podSelectionOf(byName("v1-absent"))!;
    expect(absent.written).toBe(false);
    expect(absent.emptyMatchesAll).toBe(false);
  });

  it("NetworkPolicy: an empty podSelector selects every pod; other API groups' NetworkPolicy kinds are not evaluated", () => {
    expect(podSelectionOf(byName("deny"))!.emptyMatchesAll).toBe(true);
    expect(podSelectionOf(byName("calico"))).toBeUndefined();
  });

  it("ReplicationController without a selector selects its template's labels; Job only with manualSelector", () => {
    const rc = podSelectionOf(byName("rc"))!;
    expect(rc.selector.equals).toEqual([["app", "rc"]]);
    expect(rc.written).toBe(false);
    expect(podSelectionOf(byName("job"))).toBeUndefined();
  });
});

describe("ResourceIndex: namespaces, selections, autoscalers", () => {
  const model = modelOf(
    [
      deployment("api", { app: "api", tier: "web" }),
      deployment("api", { app: "api", tier: "web" }, "staging"),
      deployment("db", { app: "db", tier: "data" }),
      deployment("cache", { app: "cache" }),
      `
apiVersion: v1
kind: Service
metadata: {name: api}
spec: {selector: {app: api}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: tiers, namespace: shop}
spec:
  maxUnavailable: 1
  selector:
    matchExpressions: [{key: tier, operator: In, values: [web, data]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-tier}
spec:
  podSelector:
    matchExpressions: [{key: tier, operator: DoesNotExist}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}, maxReplicas: 3}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader, namespace: shop}
rules: []
`,
    ].join("\n"),
    "shop",
  );
  const { index } = model;
  const find = (kind: string, name: string, ns: string | undefined) => index.get(kind, ns, name)[0];
  const names = (pods: readonly { resource: { name: string; namespace?: string } }[]) => pods.map((p) => `${p.resource.namespace}/${p.resource.name}`).sort();

  it("puts objects without metadata.namespace in the run's default namespace, and cluster-scoped kinds in none", () => {
    expect(find("Deployment", "api", "shop")).toBeDefined();
    expect(find("Deployment", "api", "staging")).toBeDefined();
    expect(find("Deployment", "api", "default")).toBeUndefined();
    expect(find("ClusterRole", "reader", undefined)).toBeDefined();
    expect(index.inNamespace("Deployment", "shop").map((r) => r.name).sort()).toEqual(["api", "cache", "db"]);
    expect(index.inNamespace("ClusterRole", undefined).map((r) => r.name)).toEqual(["reader"]);
    expect(index.podNamespaces().sort()).toEqual(["shop", "staging"]);
  });

  it("selects pods of the selector's own namespace only", () => {
    expect(names(index.selectedPods(find("Service", "api", "shop")))).toEqual(["shop/api"]);
  });

  it("narrows candidates by In and Exists and still evaluates every requirement", () => {
    expect(names(index.selectedPods(find("PodDisruptionBudget", "tiers", "shop")))).toEqual(["shop/api", "shop/db"]);
    const sel = compileSelector({ matchExpressions: [{ key: "tier", operator: "Exists" }, { key: "app", operator: "NotIn", values: ["db"] }] }, "labelSelector");
    expect(names(index.selectPods("shop", sel, false))).toEqual(["shop/api"]);
    expect(index.selectsAnyPod("shop", sel, false)).toBe(true);
    const none = compileSelector({ matchExpressions: [{ key: "tier", operator: "In", values: ["edge"] }] }, "labelSelector");
    expect(index.selectsAnyPod("shop", none, false)).toBe(false);
    expect(index.selectsAnyPod("shop", compileSelector({}, "labelSelector"), true)).toBe(true);
    expect(index.selectsAnyPod("nowhere", compileSelector({}, "labelSelector"), true)).toBe(false);
  });

  it("answers which objects of a kind select a pod, with select-all policies counted per namespace", () => {
    const cache = index.podTemplate(find("Deployment", "cache", "shop"))!;
    const api = index.podTemplate(find("Deployment", "api", "shop"))!;
    const staging = index.podTemplate(find("Deployment", "api", "staging"))!;
    expect(index.selecting("NetworkPolicy", cache).map((r) => r.name).sort()).toEqual(["deny", "no-tier"]);
    expect(index.selecting("NetworkPolicy", api).map((r) => r.name)).toEqual(["deny"]);
    expect(index.selecting("NetworkPolicy", staging)).toEqual([]);
    expect(index.selecting("PodDisruptionBudget", api).map((r) => r.name)).toEqual(["tiers"]);
    expect(index.selecting("PodDisruptionBudget", cache)).toEqual([]);
    // isSelected answers the same question as a yes or no, for every pod of both namespaces.
    for (const pod of model.pods) {
      for (const kind of ["NetworkPolicy", "PodDisruptionBudget", "Service"]) {
        expect(index.isSelected(kind, pod), `${kind} ${pod.resource.namespace}/${pod.resource.name}`).toBe(index.selecting(kind, pod).length > 0);
      }
    }
  });

  it("lists the values pods of a namespace carry for a label key (near-miss hints)", () => {
    expect(index.labelValues("shop", "app", 10).sort()).toEqual(["api", "cache", "db"]);
    expect(index.labelValues("shop", "app", 2)).toHaveLength(2);
    expect(index.labelValues("staging", "tier")).toEqual(["web"]);
    expect(index.labelValues("shop", "zone")).toEqual([]);
  });

  it("resolves HPA scale targets in the HPA's namespace, both ways", () => {
    const hpa = find("HorizontalPodAutoscaler", "api", "shop");
    expect(index.scaleTargets(hpa).map((r) => `${r.namespace}/${r.name}`)).toEqual(["shop/api"]);
    expect(index.autoscalers(find("Deployment", "api", "shop"))).toEqual([hpa]);
    expect(index.autoscalers(find("Deployment", "api", "staging"))).toEqual([]);
  });
});
