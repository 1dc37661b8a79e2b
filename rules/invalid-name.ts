import { defineRule } from "../src/engine/rule.js";
import { kubeMinor } from "../src/kube-version.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import { apiGroup, isBuiltinGroup, type Resource } from "../src/model/resource.js";
import { getPath } from "../src/model/pod-spec.js";
import { dns1035Label, dns1123Label, dns1123Subdomain, isSubstituted, pathSegmentName } from "../src/model/api-names.js";
import { refusedNamespace } from "../src/model/refused-namespace.js";

type NameCheck = (name: string) => string | undefined;

/** CronJob names are capped so that the Jobs it creates (name plus an 11-character suffix) stay valid. */
function cronJobName(name: string): string | undefined {
  return name.length > 52 ? "longer than 52 characters" : dns1123Subdomain(name);
}

/** The name syntax the API server enforces for each built-in kind, by "group/Kind" (see nameCheck for those that changed). */
const NAME_CHECKS: Record<string, NameCheck> = {
  "/Namespace": dns1123Label,
  "batch/CronJob": cronJobName,
  // Validated only as a path segment: ValidatePodDisruptionBudget checks no name of its own.
  "policy/PodDisruptionBudget": pathSegmentName,
  "rbac.authorization.k8s.io/Role": pathSegmentName,
  "rbac.authorization.k8s.io/ClusterRole": pathSegmentName,
  "rbac.authorization.k8s.io/RoleBinding": pathSegmentName,
  "rbac.authorization.k8s.io/ClusterRoleBinding": pathSegmentName,
};
for (const k of [
  "/Pod", "/ConfigMap", "/Secret", "/ServiceAccount", "/PersistentVolumeClaim", "/PersistentVolume", "/ReplicationController",
  "/LimitRange", "/ResourceQuota", "/Endpoints", "/PodTemplate",
  "apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet", "batch/Job",
  "networking.k8s.io/Ingress", "networking.k8s.io/NetworkPolicy", "networking.k8s.io/IngressClass",
  "scheduling.k8s.io/PriorityClass", "storage.k8s.io/StorageClass",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration", "admissionregistration.k8s.io/MutatingWebhookConfiguration",
]) NAME_CHECKS[k] = dns1123Subdomain;

/**
 * The name check of a kind in the target version (`minor`): a Service's name may start with a digit
 * from 1.36 (a DNS-1123 label, RelaxedServiceNameValidation on by default; a DNS-1035 label before),
 * a StatefulSet's is a DNS-1123 label from 1.27 (its pods' hostnames are; a subdomain before).
 */
function nameCheck(groupKind: string, minor: number): NameCheck | undefined {
  if (groupKind === "/Service") return minor >= 36 ? dns1123Label : dns1035Label;
  if (groupKind === "apps/StatefulSet") return minor >= 27 ? dns1123Label : dns1123Subdomain;
  return NAME_CHECKS[groupKind];
}

/**
 * The name written as the API server would take it (`Payments_API` → `payments-api`): lower case, runs of
 * other characters as one '-', trimmed to letters and digits at both ends, within 63 characters. Offered
 * only when the result passes the kind's check, as a suggestion: whatever refers to the old name (a
 * Service's selector, a RoleBinding, another repository) has to follow.
 */
function renamed(name: string, path: string[], check: NameCheck | undefined): { suggestions?: FixSpec[] } {
  if (!check) return {};
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .slice(0, 63)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  if (fixed === "" || fixed === name || check(fixed) !== undefined) return {};
  return { suggestions: [setValue(`rename it ${fixed}`, path, fixed)] };
}

/** A CustomResourceDefinition must be named `<plural>.<group>`. */
function crdName(r: Resource): string | undefined {
  const plural = getPath(r.object, ["spec", "names", "plural"]);
  const group = getPath(r.object, ["spec", "group"]);
  if (typeof plural !== "string" || typeof group !== "string" || isSubstituted(plural) || isSubstituted(group)) return undefined;
  return r.name === `${plural}.${group}` ? undefined : `not spec.names.plural + "." + spec.group ("${plural}.${group}")`;
}

export default defineRule({
  meta: {
    id: "invalid-name",
    scope: "object",
    title: "Object names must have the syntax the API server requires",
    category: "schema",
    severity: "error",
    description:
      "Reports a metadata.name the API server refuses for the object's kind: a DNS-1123 label for Namespaces, Services (a DNS-1035 label, no leading digit, before 1.36) and StatefulSets (from 1.27; a subdomain before), at most 52 characters for CronJobs, no '/' or '%' for RBAC objects, PodDisruptionBudgets and custom resources, `<plural>.<group>` for CustomResourceDefinitions, a DNS-1123 subdomain for the other built-in kinds; and a namespaced object's metadata.namespace that is no valid Namespace name (a DNS-1123 label; a cluster-scoped object's is dropped). An object with neither metadata.name nor generateName is an error too.",
    rationale:
      "The OpenAPI schemas only say that a name is a string, so schema validation passes and `kubectl apply` fails at the API server with `metadata.name: Invalid value`, usually in the middle of a rollout.",
    remediation: "Rename the object with lower-case letters, digits and '-' (and '.' where the kind allows it), starting and ending with a letter or digit, within the kind's length limit.",
    defaultReason:
      "every finding is an object `kubectl apply` refuses. None on the seed or public corpora, whose names all pass.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/overview/working-with-objects/names/"],
    },
    examples: {
      bad: "kind: Service\nmetadata:\n  name: Payments_API\n",
      good: "kind: Service\nmetadata:\n  name: payments-api\n",
    },
  },
  check({ model, report }) {
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const r of model.resources) {
      if (r.name === "") {
        // kubectl apply refuses an object without a name ("resource name may not be empty"); one with
        // generateName is made by kubectl create, which names it.
        const generate = r.object.metadata?.generateName;
        if (typeof generate !== "string" || generate === "") report({ target: { resource: r, path: ["metadata", "name"] }, message: `${r.kind} has no metadata.name: the API server refuses an object without a name` });
        continue;
      }
      if (isSubstituted(r.name)) continue;
      const group = apiGroup(r.apiVersion);
      let why: string | undefined;
      let check: NameCheck | undefined;
      if (r.kind === "CustomResourceDefinition" && group === "apiextensions.k8s.io") why = crdName(r);
      else {
        // Custom resources: the API server requires only a valid path segment.
        check = nameCheck(`${group}/${r.kind}`, minor) ?? (!isBuiltinGroup(group) ? pathSegmentName : undefined);
        why = check?.(r.name);
      }
      if (why) report({ target: { resource: r, path: ["metadata", "name"] }, message: `${r.kind} name "${r.name}" is ${why}`, ...renamed(r.name, ["metadata", "name"], check) });
      // The namespace written is a Namespace's name: a DNS-1123 label (microservices-demo's YOUR_NAMESPACE placeholder).
      const nsWhy = refusedNamespace(r);
      const ns = r.object.metadata?.namespace as string;
      if (nsWhy) report({ target: { resource: r, path: ["metadata", "namespace"] }, message: `namespace "${ns}" is ${nsWhy}`, ...renamed(ns, ["metadata", "namespace"], dns1123Label) });
    }
  },
});
