import { defineRule } from "../src/engine/rule.js";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { compileSelector, formatSelector, withoutControllerLabels } from "../src/model/selector.js";
import { danglingSelection } from "../src/model/dangling-selection.js";
import { NAMESPACE_NAME_LABEL, namespaceLabelKeys, requiredLabelKeys } from "../src/model/namespace-labels.js";
import { apiGroup, type Resource } from "../src/model/resource.js";
import { REPLICATED_KINDS } from "../src/model/replicas.js";
import { getPath, isRecord, WORKLOAD_KINDS } from "../src/model/pod-spec.js";
import { ExternalObjects } from "../src/model/external.js";
import { closestId } from "../src/engine/closest-id.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { refusedNamespace } from "../src/model/refused-namespace.js";
import { mayRunPods } from "../src/model/custom-resource-pods.js";

/** Kinds whose pods a Service, PDB or NetworkPolicy can select: pods it cannot see are not its business. */
const SELECTING_KINDS = ["Service", "PodDisruptionBudget", "NetworkPolicy"] as const;

/**
 * Namespaces holding a custom resource that looks like it runs pods (an operator's Prometheus, a
 * database cluster: src/model/custom-resource-pods.ts). Those pods have no template in the set, so a
 * NetworkPolicy peer naming them cannot be judged.
 */
function operatorPodNamespaces(resources: readonly Resource[]): Set<string> {
  const out = new Set<string>();
  for (const r of resources) if (mayRunPods(r)) out.add(r.namespace!);
  return out;
}

export default defineRule({
  meta: {
    id: "dangling-selector",
    scope: "subject",
    title: "Selectors must select something in the set",
    category: "cross-resource",
    severity: "warning",
    description:
      "Reports a Service, PodDisruptionBudget or NetworkPolicy whose pod selector matches no pod template in its namespace, a malformed selector, and a HorizontalPodAutoscaler whose target is a kind that cannot be scaled. In NetworkPolicy ingress.from and egress.to peers it reports a podSelector (without namespaceSelector) that matches no pod of the policy's namespace when no other peer of the same rule matches anything either (the rule then allows nothing), and a namespaceSelector requiring a label that no namespace of the set carries: the labels of the Namespace objects in the set, plus kubernetes.io/metadata.name, which every namespace has (`name: kube-system` selects nothing unless someone set that label). Where the set defines no Namespace (or declares them external, `--external 'Namespace/*'`), namespace labels are unknown and only the `name` label is judged. A selector in a namespace where no workload of the set runs says so rather than naming a missing label, and a set with no workload at all (a bundle of policies or Services shipped apart from their workloads, a file linted alone) has its pod selectors not judged; an object whose metadata.namespace the API server refuses (a YOUR_NAMESPACE placeholder) is invalid-name's finding, its selectors not judged. Pod peers are not judged in a namespace where a custom resource runs pods (an operator's Prometheus or database cluster: those pods have no template in the set), nor is a selector that names such a resource of its namespace: a label value that is its name, or its name and a suffix (zalando's `cluster-name: acid-minimal-cluster`, RabbitmqCluster's `app.kubernetes.io/name: <cluster>`, MongoDB's `app: <name>-svc`), or a label its spec writes on its pods (an ECK podTemplate's metadata.labels). Workloads written without their pod spec still count by their labels, and so do the pods the Prometheus operator runs for a Prometheus, Alertmanager, ThanosRuler or PrometheusAgent of the set (spec.podMetadata.labels and the labels its CRDs document as reserved; one whose value the manifests do not show, such as the shard number, is not judged). Requirements on labels that controllers set at run time (statefulset.kubernetes.io/pod-name, pod-template-hash…) are not held against a selector; ExternalName Services, Services without a selector and empty (select-all) selectors are fine, and so are selectors in a namespace whose pods are declared external (`--external 'Pod/<namespace>/*'`). An HPA target missing from the set is missing-reference's finding.",
    rationale:
      "A Service that selects no pods has no endpoints: clients get connection refused. A PodDisruptionBudget or NetworkPolicy that selects nothing protects nothing while looking like it does, and a NetworkPolicy peer that matches nothing allows nothing: the traffic its author meant to allow (DNS, the database) is dropped. All of them pass `kubectl apply`; the usual cause is a label renamed in one place only.",
    remediation:
      "Make the selector match the labels of the pod template it is meant for (spec.template.metadata.labels of the workload), or remove the object; select namespaces in a NetworkPolicy peer by kubernetes.io/metadata.name (or label the Namespace with what the selector asks). If the pods come from elsewhere (an operator, another repository), lint them together or declare them: `--external 'Pod/<namespace>/*'`.",
    references: {
      guides: ["Ritma: Enable RBAC and network policies", "CONTINUUM: NetworkPolicy for pod isolation"],
      equivalents: {
        kubeLinter: "dangling-service / dangling-networkpolicy / dangling-networkpolicypeer-podselector",
        kubeScore: "service-targets-pod / networkpolicy-targets-pod",
      },
      links: ["https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"],
    },
    examples: {
      bad: "kind: Service\nspec:\n  selector:\n    app: api-sever   # no pod template has this label\n",
      good: "kind: Service\nspec:\n  selector:\n    app: api-server\n",
    },
  },
  check({ model, report }) {
    // `--external 'Pod/<namespace>/*'`: that namespace's pods come from elsewhere (an operator, another repository).
    const external = new ExternalObjects(model.settings.external, model.settings.defaultNamespace);
    for (const kind of SELECTING_KINDS) {
      for (const resource of subjectsOfKind(model, kind)) {
        const dangling = danglingSelection(resource, model.index, external);
        if (!dangling) continue;
        const { sel } = dangling;
        if (dangling.reason === "invalid") {
          report({ target: { resource, path: [...sel.path, "matchExpressions", sel.selector.invalidIndex ?? 0] }, message: `invalid selector: ${sel.selector.invalidReason}` });
          continue;
        }
        if (dangling.reason === "absent") {
          report({ target: { resource, path: sel.path }, message: "has no selector, so it selects no pods" });
          continue;
        }
        const { visible } = dangling;
        // A near miss is the usual cause: name a close value that a pod template of the namespace carries
        // (never the labels of unrelated workloads), or the key none of them has.
        // A namespace with no workload at all: say so, not that a label is missing (policies shipped
        // apart from their workloads).
        if (model.index.podsInNamespace(resource.namespace).length === 0) {
          report({ target: { resource, path: sel.path }, message: `selects no pods: no workload of the set runs in namespace "${resource.namespace}"` });
          continue;
        }
        let hint = "";
        let suggestions: FixSpec[] = [];
        for (const [k, v] of visible.equals) {
          const values = model.index.labelValues(resource.namespace, k, 20);
          if (values.length === 0) hint = ` (no pod there has a label "${k}")`;
          else if (!values.includes(v)) {
            const near = closestId(v, values);
            if (near !== undefined) {
              hint = ` (a pod template there has ${k}=${near})`;
              // The close value as a suggestion, where the selector writes the label itself (not in an
              // expression): which of the selector and the pods' labels is misspelt is the author's call.
              for (const at of [[...sel.path, k], [...sel.path, "matchLabels", k]]) {
                if (getPath(resource.object, at) === v) suggestions = [setValue(`select ${k}=${near}`, at, near)];
              }
            }
          }
          if (hint) break;
        }
        report({
          target: { resource, path: sel.path },
          message: `selects no pods: no pod template in namespace "${resource.namespace}" has labels ${formatSelector(sel.selector)}${hint}`,
          suggestions,
        });
      }
    }
    // NetworkPolicy peers: a podSelector peer picks pods of the policy's own namespace, a namespaceSelector
    // picks namespaces by their labels. A peer that matches nothing allows nothing where its author meant something.
    const nsLabelKeys = namespaceLabelKeys(model.index);
    // Namespace labels are known only where the set defines its namespaces (and declares none external):
    // namespaces made with kubectl (a recipe's `kubectl label namespace prod purpose=production`) carry
    // labels no manifest shows. A `name` label is the exception: no namespace has one unless someone adds
    // it, a common mistake for kubernetes.io/metadata.name.
    const namespaceLabelsKnown = model.index.ofKind("Namespace").length > 0 && !external.has("Namespace", undefined, "*");
    const operatorPods = operatorPodNamespaces(model.index.all());
    // A set with no workload at all: pod peers name pods defined elsewhere (see danglingSelection).
    const noWorkloads = model.index.runsNoPods();
    for (const policy of subjectsOfKind(model, "NetworkPolicy")) {
      if (!["networking.k8s.io", "extensions"].includes(apiGroup(policy.apiVersion)) || !isRecord(policy.object.spec)) continue;
      // Refused for its namespace (a YOUR_NAMESPACE placeholder): invalid-name's finding, its peers never judged.
      if (refusedNamespace(policy) !== undefined) continue;
      const podsExternal = noWorkloads || external.has("Pod", policy.namespace, "*") || operatorPods.has(policy.namespace ?? "");
      for (const [section, list] of [["ingress", "from"], ["egress", "to"]] as const) {
        const rules = policy.object.spec[section];
        if (!Array.isArray(rules)) continue;
        rules.forEach((rule, i) => {
          const peers = isRecord(rule) ? rule[list] : undefined;
          if (!Array.isArray(peers)) return;
          // A pod peer that matches nothing is reported only when no other peer of its rule matches
          // anything either: a shared base policy may name pods that one variant does not deploy.
          let anyMatch = false;
          const danglingPods: Array<() => void> = [];
          peers.forEach((peer, j) => {
            if (!isRecord(peer)) return;
            const at = (...field: (string | number)[]) => ({ resource: policy, path: ["spec", section, i, list, j, ...field] });
            if (isRecord(peer.namespaceSelector)) {
              const sel = compileSelector(peer.namespaceSelector as LabelSelector, "labelSelector");
              if (sel.invalid) {
                report({ target: at("namespaceSelector"), message: `invalid selector: ${sel.invalidReason}` });
                return;
              }
              const missing = requiredLabelKeys(sel).find((k) => !nsLabelKeys.has(k) && (namespaceLabelsKnown || k === "name"));
              if (missing === undefined) {
                anyMatch = true;
                return;
              }
              const inLabels = sel.equals.some(([k]) => k === missing);
              const expression = (peer.namespaceSelector as LabelSelector).matchExpressions?.findIndex((e) => isRecord(e) && e.key === missing) ?? -1;
              report({
                target: inLabels ? at("namespaceSelector", "matchLabels", missing) : at("namespaceSelector", "matchExpressions", Math.max(expression, 0)),
                message: `peer namespaceSelector ${formatSelector(sel)} selects no namespace: none in the set carries label "${missing}" (every namespace carries ${NAMESPACE_NAME_LABEL}=<name>)`,
              });
              return;
            }
            if (!isRecord(peer.podSelector) || podsExternal) {
              anyMatch = true;
              return;
            }
            const sel = compileSelector(peer.podSelector as LabelSelector, "labelSelector");
            if (sel.invalid) {
              report({ target: at("podSelector"), message: `invalid selector: ${sel.invalidReason}` });
              return;
            }
            const visible = sel.empty ? undefined : withoutControllerLabels(sel);
            if (!visible || model.index.selectsAnyPod(policy.namespace, visible, false)) {
              anyMatch = true;
              return;
            }
            danglingPods.push(() =>
              report({
                target: at("podSelector"),
                message: `peer podSelector selects no pods: no pod template in namespace "${policy.namespace}" has labels ${formatSelector(visible)}`,
              }),
            );
          });
          if (!anyMatch) for (const emit of danglingPods) emit();
        });
      }
    }
    for (const hpa of subjectsOfKind(model, "HorizontalPodAutoscaler")) {
      const ref = getPath(hpa.object, ["spec", "scaleTargetRef"]);
      if (!isRecord(ref) || typeof ref.kind !== "string") continue;
      // Built-in kinds without a scale subresource: the HPA controller cannot read or set their scale.
      if (REPLICATED_KINDS.has(ref.kind) || !(WORKLOAD_KINDS.has(ref.kind) || BUILTIN_UNSCALABLE.has(ref.kind))) continue;
      report({
        target: { resource: hpa, path: ["spec", "scaleTargetRef", "kind"] },
        message: `targets a ${ref.kind}, which cannot be scaled`,
      });
    }
  },
});

const BUILTIN_UNSCALABLE: ReadonlySet<string> = new Set(["Service", "ConfigMap", "Secret", "PodDisruptionBudget", "Ingress", "PersistentVolumeClaim"]);
