import { defineRule } from "../src/engine/rule.js";
import { listed } from "../src/model/listing.js";
import { setValue } from "../src/engine/fix.js";
import { addedCapabilities, effectiveSecurity, illTyped, isPrivileged, securityContextPath, userNamespaced } from "../src/model/security-context.js";
import { kubeMinor } from "../src/kube-version.js";
import { containersOf, isRecord, type ContainerRef } from "../src/model/pod-spec.js";
import type { Resource } from "../src/model/resource.js";
import type { ObjectPath } from "../src/types.js";
import { isWindowsPod } from "../src/model/pod-os.js";
import { securitySettingMisspelt } from "../src/schema/misspelt-field.js";

const USER_SETTINGS = ["runAsNonRoot", "runAsUser"];

export default defineRule({
  meta: {
    id: "run-as-non-root",
    scope: "object",
    title: "Containers must run as a non-root user",
    category: "security",
    severity: "error",
    description:
      "Reports containers whose effective security context (container over pod) neither sets runAsNonRoot: true nor a non-zero runAsUser, and containers that explicitly run as root (a pod-level runAsUser: 0 or runAsNonRoot: false once, naming the containers that inherit it). Also reports root's group: runAsGroup: 0 (container or pod), supplementalGroups containing 0 and fsGroup: 0, once where each is written, unless every container it reaches runs as root (runAsUser: 0), where root's group adds nothing and the root user is the finding. A pod in a user namespace of its own (hostUsers: false) is not judged from 1.35, as the Pod Security Standards relax for it: root in the pod is an unprivileged user on the node.",
    rationale:
      "A process running as root in a container is root on the node once it escapes the container (a kernel or runtime bug is enough). runAsNonRoot makes the kubelet refuse to start an image whose user is root. Group 0 is root's group: a process in it reads and writes every file the image or a volume leaves group-writable for root (fsGroup: 0 hands it the pod's volumes), even with a non-root user.",
    remediation:
      "Set securityContext.runAsNonRoot: true (on the pod or the container) and run the image as a non-zero UID and GID, e.g. runAsUser: 10001 and runAsGroup: 10001; use a non-zero fsGroup and supplementalGroups. On Windows, set windowsOptions.runAsUserName: ContainerUser with runAsNonRoot: true.",
    references: {
      guides: ["Ritma: Review security context and capabilities", "CONTINUUM: RunAsNonRoot enforced", "Santaclaude: runAsNonRoot: true"],
      cis: ["CIS 5.2.6"],
      pss: ["PSS restricted: Running as Non-root"],
      equivalents: { kubeLinter: "run-as-non-root", polaris: "runAsRootAllowed", checkov: "CKV_K8S_23", trivy: "KSV012 / KSV029" },
    },
    securitySeverity: 7.0,
    examples: {
      bad: "containers:\n  - name: app\n    image: app:1.0\n",
      good: "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\ncontainers:\n  - name: app\n    image: app:1.0\n",
    },
  },
  check({ model, report }) {
    // A pod-level runAsUser: 0 or runAsNonRoot: false is one problem however many containers inherit
    // it: one finding at the field, naming them (Datadog's agent pod: eight containers, one line).
    const inherited = new Map<string, { resource: Resource; path: ObjectPath; field: string; refs: Array<{ ref: ContainerRef; added: string[]; privileged: boolean }>; how: SuggestionFacts }>();
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const ref of model.containers) {
      // In a user namespace of its own, root in the pod is no root on the node.
      if (userNamespaced(ref.pod, minor)) continue;
      const resource = ref.pod.resource;
      const user = effectiveSecurity<unknown>(ref, "runAsUser");
      const nonRoot = effectiveSecurity<unknown>(ref, "runAsNonRoot");
      // A user id is the image's business: the suggestion names one for a person to check against the image.
      // Root keeps the capabilities the container adds (NET_ADMIN for a network agent), and what
      // privileged: true grants (calico-node, a device plugin); a non-root user
      // would lose them (no ambient capabilities): no suggestion there, and the message says why.
      // Both are made only for a container that is reported on or inherits a pod's root (most are not).
      const facts = () => {
        const added = addedCapabilities(ref);
        const privileged = isPrivileged(ref);
        const how: SuggestionFacts = { adds: added.length > 0 || privileged, windows: isWindowsPod(ref.pod), userSet: typeof user.value === "number" && user.value > 0 };
        return { added, privileged, keeps: keepsNote(added, privileged), how };
      };
      const reported = () => {
        const { keeps, how } = facts();
        return { keeps, suggestions: nonRootSuggestions(how, [...ref.path, "securityContext"]) };
      };
      const podLevel = user.value === 0 ? (user.level === "pod" ? user : undefined) : nonRoot.value === false && nonRoot.level === "pod" ? nonRoot : undefined;
      const csc = ref.container.securityContext;
      // Root's group adds nothing to a process that runs as root: the root user is the finding.
      if (isRecord(csc) && csc.runAsGroup === 0 && user.value !== 0) {
        report({ target: { resource, path: [...ref.path, "securityContext", "runAsGroup"] }, message: `container "${ref.name}" runs in the root group (runAsGroup: 0)` });
      }
      // A misspelt securityContext or setting (runAsNonRot), at either level, is the schema rule's finding
      // with the rename: which user the container runs as is not known until it is fixed, and this
      // finding stands only where that rule is off. So is an unset runAsNonRoot beside a value of the
      // wrong type ("true").
      const causedBy = securitySettingMisspelt(ref, USER_SETTINGS, true) ? "schema" : undefined;
      if (podLevel && !causedBy) {
        const key = `${resource.id}\u0000${podLevel.path!.join("\u0000")}`;
        let group = inherited.get(key);
        const { added, privileged, how } = facts();
        if (!group) inherited.set(key, (group = { resource, path: podLevel.path!, field: user.value === 0 ? "runAsUser: 0" : "runAsNonRoot: false", refs: [], how }));
        group.refs.push({ ref, added, privileged });
      } else if (user.value === 0) {
        const { keeps, suggestions } = reported();
        report({ target: { resource, path: user.path! }, message: `container "${ref.name}" runs as root (runAsUser: 0)${keeps}`, suggestions, causedBy });
      } else if (nonRoot.value === false) {
        const { keeps, suggestions } = reported();
        report({ target: { resource, path: nonRoot.path! }, message: `container "${ref.name}" sets runAsNonRoot: false${keeps}`, suggestions, causedBy });
      } else if (nonRoot.value !== true && !(typeof user.value === "number" && user.value > 0)) {
        const illTypedSetting = illTyped(nonRoot, "boolean") || illTyped(user, "integer");
        const { keeps, suggestions } = reported();
        report({ target: { resource, path: securityContextPath(ref) }, message: `container "${ref.name}" is not set to runAsNonRoot${keeps}`, suggestions, causedBy: causedBy ?? (illTypedSetting ? "schema" : undefined) });
      }
    }
    for (const g of inherited.values()) {
      if (g.refs.length === 1) {
        const { ref, added, privileged } = g.refs[0];
        const what = g.field === "runAsUser: 0" ? "runs as root (runAsUser: 0)" : "sets runAsNonRoot: false";
        report({ target: { resource: g.resource, path: g.path }, message: `container "${ref.name}" ${what}${keepsNote(added, privileged)}`, suggestions: nonRootSuggestions(g.how, [...ref.path, "securityContext"]) });
        continue;
      }
      const names = quotedList(g.refs.map((r) => r.ref.name));
      const holding = g.refs.filter((r) => r.added.length > 0 || r.privileged);
      const adding = holding.map((r) => r.ref.name);
      // Suggested where the setting is written, and not at all when a container would lose capabilities.
      const how = { ...g.how, adds: adding.length > 0 };
      const held = holding.every((r) => r.privileged) ? "the node's powers privileged: true grants" : holding.some((r) => r.privileged) ? "the node's powers privileged: true grants or the capabilities they add" : adding.length > 1 ? "the capabilities they add" : "the capabilities it adds";
      const keeps = adding.length > 0 ? ` (as root, ${adding.length > 1 ? `containers ${quotedList(adding)} hold ${held}` : `container "${adding[0]}" holds ${held}`}, which a non-root user would not)` : "";
      const what = g.field === "runAsUser: 0" ? `runs containers ${names} as root (runAsUser: 0)` : `sets runAsNonRoot: false for containers ${names}`;
      report({ target: { resource: g.resource, path: g.path }, message: `pod ${what}${keeps}`, suggestions: nonRootSuggestions(how, g.path.slice(0, -1)) });
    }
    // Pod-level groups apply to every container: one finding where each is written, not one per container.
    for (const pod of model.pods) {
      if (userNamespaced(pod, minor)) continue;
      const psc = pod.spec.securityContext;
      if (!isRecord(psc)) continue;
      const at = (...rest: (string | number)[]) => ({ resource: pod.resource, path: [...pod.specPath, "securityContext", ...rest] });
      // Root's group adds nothing to containers that run as root (a CSI node plugin, written so on
      // purpose): reported only where it reaches a container whose user is not root, or not known.
      const containers = containersOf(pod);
      const reachesNonRoot = (refs: readonly ContainerRef[]) => refs.length === 0 || refs.some((r) => effectiveSecurity<unknown>(r, "runAsUser").value !== 0);
      const inheritsGroup = containers.filter((r) => !(isRecord(r.container.securityContext) && typeof r.container.securityContext.runAsGroup === "number"));
      if (psc.runAsGroup === 0 && reachesNonRoot(inheritsGroup)) report({ target: at("runAsGroup"), message: "pod runs its containers in the root group (runAsGroup: 0)" });
      if (Array.isArray(psc.supplementalGroups)) {
        const i = psc.supplementalGroups.indexOf(0);
        if (i >= 0 && reachesNonRoot(containers)) report({ target: at("supplementalGroups", i), message: "pod adds the root group to its containers (supplementalGroups: 0)" });
      }
      if (psc.fsGroup === 0 && reachesNonRoot(containers)) report({ target: at("fsGroup"), message: "pod gives its volumes to the root group (fsGroup: 0)" });
    }
  },
});

/** "a", "b" and "c". */
function quotedList(names: readonly string[]): string {
  return listed(names.map((n) => `"${n}"`));
}

/** What a non-root suggestion depends on. */
interface SuggestionFacts {
  /** A container adds capabilities or runs privileged, which a non-root user would not hold (no ambient capabilities). */
  adds: boolean;
  windows: boolean;
  /** A non-zero runAsUser is in force: only runAsNonRoot is missing. */
  userSet: boolean;
}

/** Why root is kept, for the message: what privileged: true grants, or the capabilities the container adds. */
function keepsNote(added: readonly string[], privileged: boolean): string {
  if (privileged) return " (as root it holds the node's powers privileged: true grants, which a non-root user would not)";
  return added.length > 0 ? ` (as root it holds the capabilities it adds, ${added.join(", ")}, which a non-root user would not)` : "";
}

/**
 * A non-root user in the securityContext at `path` (a container's, or the pod's where an inherited
 * setting is written): none when a container adds capabilities or runs privileged, which it would lose.
 */
function nonRootSuggestions(how: SuggestionFacts, path: ObjectPath) {
  if (how.adds) return [];
  // Windows has no UIDs: a non-root container runs as ContainerUser (the kubelet refuses
  // runAsNonRoot for ContainerAdministrator, the default user of Windows Server images).
  if (how.windows) return [setValue("run as ContainerUser (runAsNonRoot: true, windowsOptions.runAsUserName: ContainerUser)", path, { runAsNonRoot: true, windowsOptions: { runAsUserName: "ContainerUser" } })];
  const value = how.userSet ? { runAsNonRoot: true } : { runAsNonRoot: true, runAsUser: 10001 };
  return [setValue(`run as a non-root user (${Object.entries(value).map(([k, v]) => `${k}: ${v}`).join(", ")})`, path, value)];
}
