import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import { strings } from "./rbac.js";
import { listed } from "./listing.js";

/**
 * Permissions that let their holder gain more than they name: run code as another identity, grant
 * themselves roles, or take over admission and certificates. Each is matched on names written out in
 * the rule: a grant that reaches them only through "*" is rbac-wildcard's finding, not a second one.
 */
interface Escalation {
  /** API groups the resource lives in. */
  groups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
  /** What the holder can do, for the message. */
  effect: string;
}

const WORKLOADS: Escalation[] = [
  { groups: [""], resources: ["pods", "replicationcontrollers"], verbs: ["create"], effect: "runs code as any ServiceAccount of the namespace" },
  { groups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: ["create"], effect: "runs code as any ServiceAccount of the namespace" },
  { groups: ["batch"], resources: ["jobs", "cronjobs"], verbs: ["create"], effect: "runs code as any ServiceAccount of the namespace" },
];

/**
 * Changing a workload is creating one: its pod template (image, command, serviceAccountName,
 * securityContext) is mutable, and the controller rolls out what it now says (Trivy KSV048). A Job's
 * template is immutable. A pod's image is mutable too, but controllers patch pods' labels and
 * annotations as routine (leader election, readiness gates), which this could not tell apart.
 */
const WORKLOAD_CHANGES: Escalation[] = [
  { groups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: ["update", "patch"], effect: "runs code as any ServiceAccount of the namespace" },
  { groups: [""], resources: ["replicationcontrollers"], verbs: ["update", "patch"], effect: "runs code as any ServiceAccount of the namespace" },
  { groups: ["batch"], resources: ["cronjobs"], verbs: ["update", "patch"], effect: "runs code as any ServiceAccount of the namespace" },
];

export const ESCALATIONS: readonly Escalation[] = [
  { groups: [""], resources: ["pods/exec", "pods/attach"], verbs: ["create"], effect: "runs commands in other pods" },
  { groups: [""], resources: ["pods/ephemeralcontainers"], verbs: ["update", "patch"], effect: "runs commands in other pods" },
  { groups: [""], resources: ["persistentvolumes"], verbs: ["create"], effect: "mounts any path of a node through a hostPath volume" },
  { groups: [""], resources: ["nodes/proxy"], verbs: ["get", "create"], effect: "reaches the kubelet API (exec into any pod of the node)" },
  { groups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], effect: "mints tokens of other ServiceAccounts" },
  { groups: ["rbac.authorization.k8s.io"], resources: ["roles", "clusterroles"], verbs: ["bind", "escalate"], effect: "grants permissions it does not hold" },
  // Impersonation is authorized in the group of what is impersonated (WithImpersonation): users, groups
  // and ServiceAccounts in the core group, uids and extras (userextras/<key>) in authentication.k8s.io.
  { groups: [""], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"], effect: "acts as other users" },
  { groups: ["authentication.k8s.io"], resources: ["uids", "userextras/scopes"], verbs: ["impersonate"], effect: "acts as other users" },
  {
    groups: ["admissionregistration.k8s.io"],
    resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings", "mutatingadmissionpolicies", "mutatingadmissionpolicybindings"],
    verbs: ["create", "update", "patch", "delete"],
    effect: "intercepts or disables admission of every object",
  },
  { groups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update", "patch"], effect: "approves client certificates" },
  { groups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve", "sign"], effect: "approves or signs certificates" },
  ...WORKLOADS,
  ...WORKLOAD_CHANGES,
];

const NAME_SCOPED_VERBS: ReadonlySet<string> = new Set(["bind", "escalate", "impersonate"]);

/**
 * Signing or approving for a signer the cluster does not trust mints nothing it accepts: the API
 * server and kubelets trust only the kubernetes.io signers. A signer implementation (cert-manager,
 * an external issuer) is granted sign or approve on its own signer names, as the Kubernetes CSR
 * documentation shows; only names under kubernetes.io (or none) reach the cluster's credentials.
 */
function ownSignersOnly(names: readonly string[]): boolean {
  return names.length > 0 && names.every((n) => !n.startsWith("kubernetes.io/") && n !== "*");
}

/**
 * Resources of ESCALATIONS that belong to no namespace. A RoleBinding grants a role's permissions in
 * its own namespace only, so it never grants these, and a Role cannot name them at all. (Not
 * clusterroles: bind on a ClusterRole through a RoleBinding lets its holder bind it in that namespace.)
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  "persistentvolumes",
  "nodes/proxy",
  "users",
  "groups",
  "uids",
  "userextras",
  "userextras/scopes",
  "mutatingwebhookconfigurations",
  "validatingwebhookconfigurations",
  "validatingadmissionpolicies",
  "validatingadmissionpolicybindings",
  "mutatingadmissionpolicies",
  "mutatingadmissionpolicybindings",
  "certificatesigningrequests/approval",
  "signers",
]);

export interface EscalatingGrant {
  /** "create", "bind". */
  verb: string;
  /** "pods/exec", "roles". */
  resource: string;
  effect: string;
  /** Index in the rule's `verbs` of the verb that grants it. */
  verbIndex: number;
  /** On a resource that belongs to no namespace (webhook configurations, PersistentVolumes, nodes). */
  clusterScoped: boolean;
  /**
   * Admission configurations limited by resourceNames: the holder changes only the named ones (a
   * webhook server that writes its own CA bundle into its configuration), which still decide what
   * that webhook intercepts, but not every configuration of the cluster.
   */
  namedOnly?: readonly string[];
}

const ADMISSION_GROUP = "admissionregistration.k8s.io";

/**
 * The escalating permissions a policy rule grants by name. API groups may match through "*" (the verb
 * and resource are the dangerous part, and rbac-wildcard reports the group); verbs and resources must
 * be written out. A rule limited to resourceNames is how Kubernetes documents safe delegation of
 * bind, escalate and impersonate (bind only the `view` role), and a create limited to names never
 * matches a request (the name is not known when it is authorized): both are left alone. A token
 * request limited to named ServiceAccounts is that delegation too (it acts as those accounts only,
 * like impersonate limited to them): Calico's node agent mints the token of its own CNI plugin's
 * ServiceAccount so. Exec into a named pod still runs code as that pod's ServiceAccount, so the
 * other subresources stay reported. Signing for named signers outside kubernetes.io is a signer
 * doing its own work (see ownSignersOnly).
 */
export function escalatingGrants(rule: PolicyRule): EscalatingGrant[] {
  const verbs = strings(rule.verbs);
  const resources = strings(rule.resources);
  const groups = strings(rule.apiGroups);
  const names = strings(rule.resourceNames);
  const named = names.length > 0;
  const out: EscalatingGrant[] = [];
  for (const e of ESCALATIONS) {
    if (!groups.includes("*") && !e.groups.some((g) => groups.includes(g))) continue;
    for (const resource of e.resources) {
      if (!resources.includes(resource)) continue;
      for (const verb of e.verbs) {
        if (named && (NAME_SCOPED_VERBS.has(verb) || (verb === "create" && (!resource.includes("/") || resource === "serviceaccounts/token")))) continue;
        if (resource === "signers" && ownSignersOnly(names)) continue;
        const verbIndex = verbs.indexOf(verb);
        if (verbIndex === -1) continue;
        // Changing workloads the rule also lets its holder create adds nothing to what create says.
        if (WORKLOAD_CHANGES.includes(e) && !named && verbs.includes("create")) continue;
        const grant: EscalatingGrant = { verb, resource, effect: e.effect, verbIndex, clusterScoped: CLUSTER_SCOPED.has(resource) };
        // Delete, update and patch are limited by name; create is not (the name is not known then).
        if (named && verb !== "create" && e.groups.includes(ADMISSION_GROUP)) grant.namedOnly = names;
        out.push(grant);
      }
    }
  }
  return out;
}

/**
 * The escalating permissions a rule grants only through "*" in its verbs or resources (what
 * escalatingGrants leaves to rbac-wildcard): `"*"` verbs on clusterroles include bind and escalate,
 * `"*"` resources with create include pods. For rbac-wildcard's message, so that a wildcard that
 * amounts to cluster-admin says so.
 */
export function wildcardGrants(rule: PolicyRule): EscalatingGrant[] {
  const verbs = strings(rule.verbs);
  const resources = strings(rule.resources);
  if (!verbs.includes("*") && !resources.includes("*")) return [];
  const expand = (written: string[], all: (e: Escalation) => readonly string[]) => (written.includes("*") ? [...new Set([...written, ...ESCALATIONS.flatMap(all)])] : written);
  const named = new Set(escalatingGrants(rule).map((g) => `${g.verb} ${g.resource}`));
  const widened = { ...rule, verbs: expand(verbs, (e) => e.verbs), resources: expand(resources, (e) => e.resources) };
  return escalatingGrants(widened).filter((g) => !named.has(`${g.verb} ${g.resource}`));
}

/**
 * "create/update/patch/delete mutatingwebhookconfigurations and validatingwebhookconfigurations":
 * each set of verbs once with the resources it is granted on, where listing every verb and resource
 * pair (MetalLB's and Longhorn's controllers, eight of them) buried what the rule grants.
 */
export function describeGrants(grants: readonly EscalatingGrant[]): string {
  const verbsOf = new Map<string, string[]>();
  for (const g of grants) {
    const verbs = verbsOf.get(g.resource);
    if (!verbs) verbsOf.set(g.resource, [g.verb]);
    else if (!verbs.includes(g.verb)) verbs.push(g.verb);
  }
  const resourcesOf = new Map<string, string[]>();
  for (const [resource, verbs] of verbsOf) {
    const key = verbs.join("/");
    const resources = resourcesOf.get(key);
    if (resources) resources.push(resource);
    else resourcesOf.set(key, [resource]);
  }
  return [...resourcesOf].map(([verbs, resources]) => `${verbs} ${listed(resources)}`).join(", ");
}
