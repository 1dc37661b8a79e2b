import { defineRule } from "../src/engine/rule.js";
import { formatSelector, podSelectionOf, withoutControllerLabels } from "../src/model/selector.js";
import { REPLICATED_KINDS } from "../src/model/replicas.js";
import { getPath, isRecord, WORKLOAD_KINDS } from "../src/model/pod-spec.js";
import { ExternalObjects } from "../src/model/external.js";

/** Kinds whose pods a Service, PDB or NetworkPolicy can select: pods it cannot see are not its business. */
const SELECTING_KINDS = ["Service", "PodDisruptionBudget", "NetworkPolicy"] as const;

export default defineRule({
  meta: {
    id: "dangling-selector",
    title: "Selectors must select something in the set",
    category: "cross-resource",
    severity: "warning",
    description:
      "Reports a Service, PodDisruptionBudget or NetworkPolicy whose pod selector matches no pod template in its namespace, a malformed selector, and a HorizontalPodAutoscaler whose target is a kind that cannot be scaled. Requirements on labels that controllers set at run time (statefulset.kubernetes.io/pod-name, pod-template-hash…) are not held against a selector; ExternalName Services, Services without a selector and empty (select-all) selectors are fine, and so are selectors in a namespace whose pods are declared external (`--external 'Pod/<namespace>/*'`). An HPA target missing from the set is missing-reference's finding.",
    rationale:
      "A Service that selects no pods has no endpoints: clients get connection refused. A PodDisruptionBudget or NetworkPolicy that selects nothing protects nothing while looking like it does. All of them pass `kubectl apply`; the usual cause is a label renamed in one place only.",
    remediation:
      "Make the selector match the labels of the pod template it is meant for (spec.template.metadata.labels of the workload), or remove the object. If the pods come from elsewhere (an operator, another repository), lint them together or declare them: `--external 'Pod/<namespace>/*'`.",
    references: {
      guides: ["Ritma: Enable RBAC and network policies", "CONTINUUM: NetworkPolicy for pod isolation"],
      equivalents: {
        kubeLinter: "dangling-service / dangling-networkpolicy",
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
      for (const resource of model.index.ofKind(kind)) {
        const sel = podSelectionOf(resource);
        if (!sel || sel.malformed) continue;
        if (sel.selector.invalid) {
          report({ target: { resource, path: [...sel.path, "matchExpressions", sel.selector.invalidIndex ?? 0] }, message: `invalid selector: ${sel.selector.invalidReason}` });
          continue;
        }
        if (kind === "PodDisruptionBudget" && !sel.written) {
          report({ target: { resource, path: sel.path }, message: "has no selector, so it selects no pods" });
          continue;
        }
        // Empty: select-all (PDB, NetworkPolicy) or no selector at all (Service with hand-made Endpoints).
        if (sel.selector.empty) continue;
        const visible = withoutControllerLabels(sel.selector);
        if (!visible || external.has("Pod", resource.namespace, "*")) continue;
        if (model.index.selectsAnyPod(resource.namespace, visible, false)) continue;
        // A near miss is the usual cause: say what the namespace's pods carry for a key the selector wants.
        let hint = "";
        for (const [k, v] of visible.equals) {
          const values = model.index.labelValues(resource.namespace, k);
          const others = values.filter((x) => x !== v);
          if (values.length === 0) hint = ` (no pod there has a label "${k}")`;
          else if (others.length > 0) hint = ` (its pods have ${others.map((x) => `${k}=${x}`).join(", ")})`;
          if (hint) break;
        }
        report({
          target: { resource, path: sel.path },
          message: `selects no pods: no pod template in namespace "${resource.namespace}" has labels ${formatSelector(sel.selector)}${hint}`,
        });
      }
    }
    for (const hpa of model.index.ofKind("HorizontalPodAutoscaler")) {
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
