import { defineRule, type Report } from "../src/engine/rule.js";
import { annotationDeprecation, annotationProfile, apiDeprecation, deprecationStatus, notYetServed, servedOnlyWhenEnabled } from "../src/model/api-deprecations.js";
import { getPath, isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { kubeMinor } from "../src/kube-version.js";
import type { AnnotationDeprecation, ApiDeprecation } from "../src/model/api-deprecations.js";
import { removeOperation, setValue, type FixSpec } from "../src/engine/fix.js";
import type { Resource } from "../src/model/resource.js";
import type { ObjectPath } from "../src/types.js";
import { apiGroup, isBuiltinResource } from "../src/model/resource.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { knownCrds } from "../src/model/known-crds.js";
import { collectCrds, type CrdSet, type CrdVersion } from "../src/schema/crd-schemas.js";
import { ALL_SERVED_FROM, unservedObjectFields, unservedPodFields, type UnservedField } from "../src/model/field-introductions.js";

const INGRESS_CLASS = "kubernetes.io/ingress.class";

/**
 * True when the securityContext field that replaces the annotation is set: the pod's for a pod-level
 * annotation, the named container's for a container's. A container's annotation overrides the pod's
 * field (the API server copies it into that container's field, applyAppArmorVersionSkew; the kubelet
 * reads it before 1.27): a pod-level field does not replace it, and removing it would move the
 * container from its own profile (Localhost, Unconfined) to the pod's.
 */
function replacementSet(pod: PodTemplate, d: AnnotationDeprecation, key: string): boolean {
  const has = (sc: unknown) => isRecord(sc) && sc[d.field] !== undefined && sc[d.field] !== null;
  if (!d.prefix) return has(pod.spec.securityContext);
  const name = key.slice(d.key.length);
  const all = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  return all.some((c) => isRecord(c) && c.name === name && has(c.securityContext));
}

export default defineRule({
  meta: {
    id: "deprecated-api",
    // Its subjects' own fields, and the CRDs of the set (or given with --crds) for custom resources.
    scope: "subject",
    title: "Use apiVersions and fields the target Kubernetes version serves",
    category: "schema",
    severity: "warning",
    description:
      "Reports built-in apiVersions deprecated or removed as of the target Kubernetes version (--kube-version, default the newest supported), with the release that removes them and the replacement; also deprecated fields and annotations that fields replaced (spec.serviceAccount, the seccomp and AppArmor annotations, kubernetes.io/ingress.class except GKE's gce classes); and alpha and beta apiVersions that API servers serve only when enabled (alpha ones, and the betas of APIs added from 1.24 on: ValidatingAdmissionPolicy v1beta1, ServiceCIDR, VolumeAttributesClass, resource.k8s.io) where the target serves their stable version. A custom resource whose version its CustomResourceDefinition (in the set or given with --crds) marks deprecated is reported with the CRD's deprecationWarning, or the version to use. Fields of built-in kinds newer than the target (native sidecars' restartPolicy before 1.29, Service trafficDistribution before 1.31, CronJob timeZone before 1.25, appArmorProfile before 1.30, and about fifty other fields added since 1.16, with their feature gates): an error where the target's API server does not know the field, a warning where it drops the field unless its feature gate is on. Removed in the target version, or not yet served by it (policy/v1 before 1.21): error; deprecated but still served, or served only when enabled: warning.",
    rationale:
      "An apiVersion the cluster no longer serves fails the whole apply (\"no matches for kind\"), typically discovered during a cluster upgrade. A deprecated annotation the kubelet no longer reads silently drops the protection it was meant to give. A field newer than the cluster is refused by kubectl's strict validation, or dropped without a word: a native sidecar then runs as a plain init container that never exits, and the pod never starts.",
    remediation:
      "Change apiVersion to the replacement the message names and adjust the fields that changed between versions (kubectl convert helps; for a custom resource, the fields of the version its CRD names); move deprecated annotations to the securityContext field named in the message, and spec.serviceAccount to spec.serviceAccountName. For a field newer than the target: make --kube-version the cluster's version, or remove the field until the cluster is upgraded (a native sidecar becomes a regular container).",
    references: {
      equivalents: { kubeScore: "stable-version" },
      links: ["https://kubernetes.io/docs/reference/using-api/deprecation-guide/"],
    },
    examples: {
      bad: "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n",
      good: "apiVersion: policy/v1\nkind: PodDisruptionBudget\n",
    },
  },
  check({ model, report }) {
    const target = model.settings.kubeVersion;
    // Objects of an apiVersion the target does not serve: their fields are not judged one by one.
    const unservedApis = new Set<Resource>();
    // Fields added since 1.16 matter only to targets before the newest of them is on by default.
    const minor = kubeMinor(target);
    const oldTarget = minor < ALL_SERVED_FROM;
    for (const resource of model.resources) {
      const early = notYetServed(resource.apiVersion, resource.kind, target);
      if (early) {
        unservedApis.add(resource);
        const instead = early.older ? `use ${early.older} there, or target a newer version` : "target a newer version";
        report({ target: { resource, path: ["apiVersion"] }, message: `${resource.apiVersion} ${resource.kind} is served from Kubernetes 1.${early.introducedIn} (target ${target}): ${instead}`, severity: "error" });
        continue;
      }
      if (oldTarget && isBuiltinResource(resource)) for (const u of unservedObjectFields(resource, minor)) reportUnservedField(resource, u, target, report);
      const off = servedOnlyWhenEnabled(resource.apiVersion, resource.kind, target);
      if (off) {
        // Some clusters enable it: a warning, and the new apiVersion is a suggestion for a person to apply.
        const change = off.sameFields ? { suggestions: [setValue(`set apiVersion: ${off.stable}`, ["apiVersion"], off.stable)] } : {};
        report({
          target: { resource, path: ["apiVersion"] },
          message: `${resource.apiVersion} ${resource.kind} is ${off.stage === "alpha" ? "an alpha" : "a beta"} API that API servers serve only when enabled (--runtime-config): use ${off.stable}, served from Kubernetes 1.${off.stableIn}`,
          severity: "warning",
          ...change,
        });
        continue;
      }
      const d = apiDeprecation(resource.apiVersion, resource.kind);
      const status = d && deprecationStatus(d, target);
      if (!d || !status) continue;
      const instead = d.replacement ? `use ${d.replacement}` : d.advice ?? "remove it";
      const message =
        status === "removed"
          ? `${resource.apiVersion} ${resource.kind} was removed in Kubernetes 1.${d.removedIn} (target ${target}): ${instead}`
          : `${resource.apiVersion} ${resource.kind} is deprecated since Kubernetes 1.${d.deprecatedIn}${d.removedIn ? ` and removed in 1.${d.removedIn}` : ""}: ${instead}`;
      report({ target: { resource, path: ["apiVersion"] }, message, severity: status === "removed" ? "error" : "warning", ...apiVersionChange(resource, d, target) });
    }
    let crds: CrdSet | undefined;
    for (const resource of model.resources) {
      if (isBuiltinResource(resource)) continue;
      crds ??= collectCrds(knownCrds(model));
      const version = crds.get(resource.apiVersion, resource.kind);
      if (version?.served && version.deprecated) reportDeprecatedVersion(resource, version, crds, report);
    }
    for (const resource of subjectsOfKind(model, "Ingress")) {
      const annotations = isRecord(resource.object.metadata?.annotations) ? resource.object.metadata.annotations : {};
      const cls = annotations[INGRESS_CLASS];
      // GKE's own controller only reads the annotation (its classes gce and gce-internal): nothing to migrate to.
      if (typeof cls !== "string" || cls === "gce" || cls === "gce-internal" || kubeMinor(target) < 18) continue;
      report({
        target: { resource, path: ["metadata", "annotations", INGRESS_CLASS] },
        message: `annotation ${INGRESS_CLASS} is deprecated since Kubernetes 1.18: set spec.ingressClassName: ${cls} (an IngressClass of that name)`,
      });
    }
    for (const pod of model.pods) {
      const resource = pod.resource;
      // Built-in workloads only: an operator's pod template is read by its CRD's schema and its controller.
      if (oldTarget && !unservedApis.has(resource) && isBuiltinResource(resource)) for (const u of unservedPodFields(pod, minor)) reportUnservedField(resource, u, target, report);
      if ((pod.spec as { serviceAccount?: unknown }).serviceAccount !== undefined) {
        report({ target: { resource, path: [...pod.specPath, "serviceAccount"] }, message: serviceAccountMessage(pod), ...serviceAccountFix(pod) });
      }
      const annotations = isRecord(pod.metadata.annotations) ? pod.metadata.annotations : {};
      for (const key of Object.keys(annotations)) {
        const d = annotationDeprecation(key);
        const status = d && deprecationStatus(d, target);
        if (!d || !status) continue;
        const fix = replacementSet(pod, d, key) ? `remove it (${d.field} is already set)` : `set ${d.replacement}`;
        const message =
          status === "removed"
            ? `annotation ${key} is ignored since Kubernetes 1.${d.removedIn} (target ${target}): ${fix}`
            : `annotation ${key} is deprecated since Kubernetes 1.${d.deprecatedIn}: ${fix}`;
        const change = annotationFix(pod, d, key, annotations[key]);
        report({ target: { resource, path: [...pod.metadataPath, "annotations", key] }, message, severity: status === "removed" ? "error" : "warning", ...(change ? { fix: change } : {}) });
      }
    }
  },
});

/**
 * A field the target does not keep: before its feature gate existed the API server does not know it
 * (kubectl's strict validation refuses the object: an error), after it drops the field unless an
 * administrator turned the gate on (a warning, as for APIs served only when enabled).
 */
function reportUnservedField(resource: Resource, u: UnservedField, target: string, report: (r: Report) => void): void {
  const { entry, path, gated } = u;
  const container = containerOf(resource, path);
  const last = path[path.length - 1];
  const field = entry.value !== undefined ? entry.field : entry.field.replace("{key}", String(typeof last === "number" ? path[path.length - 2] : last));
  const subject = container ? `${field} of ${container}` : field;
  const why = gated ? `before it, API servers drop the field unless the feature gate ${entry.gate} is on` : "older API servers refuse or drop the field";
  report({
    target: { resource, path },
    message: `${subject} is served from Kubernetes 1.${entry.onIn} (target ${target}): ${why}${entry.dropped ? `; ${entry.dropped}` : ""}`,
    severity: gated ? "warning" : "error",
  });
}

/** `container "app"` (or init container) when the path is inside one. */
function containerOf(resource: Resource, path: ObjectPath): string | undefined {
  const at = path.findIndex((p) => p === "containers" || p === "initContainers");
  if (at < 0 || typeof path[at + 1] !== "number") return undefined;
  const c = getPath(resource.object, path.slice(0, at + 2));
  const name = isRecord(c) && typeof c.name === "string" ? c.name : `#${(path[at + 1] as number) + 1}`;
  return `${path[at] === "initContainers" ? "init container" : "container"} ${JSON.stringify(name)}`;
}

/**
 * A custom resource of a version its CRD deprecates: the API server answers every request with the
 * CRD's warning. The version to use is the storage version, else the first served one not deprecated;
 * changing to it is a suggestion where both versions have the same schema (it may still convert).
 */
function reportDeprecatedVersion(resource: Resource, v: CrdVersion, crds: CrdSet, report: (r: Report) => void): void {
  const group = apiGroup(resource.apiVersion);
  const current = crds.versionsOf(group, resource.kind).filter((o) => o.served && !o.deprecated && o.crd === v.crd);
  const better = current.find((o) => o.storage) ?? current[0];
  const use = better ? `${group}/${better.version}` : undefined;
  // The CRD author's words, quoted, then the version its definition offers.
  const why = `${v.deprecationWarning ? ` (${JSON.stringify(v.deprecationWarning)})` : ""}${use ? `: use ${use}` : ""}`;
  const same = better && use && JSON.stringify(better.schema) === JSON.stringify(v.schema);
  report({
    target: { resource, path: ["apiVersion"] },
    message: `${resource.apiVersion} ${resource.kind} is deprecated by its CustomResourceDefinition ${v.crd.name}${why}`,
    ...(same ? { suggestions: [setValue(`set apiVersion: ${use}`, ["apiVersion"], use)] } : {}),
  });
}

/** The new apiVersion as a fix where the versions differ in name only and the target serves the new one. */
function apiVersionChange(resource: Resource, d: ApiDeprecation, target: string): { fix?: FixSpec; suggestions?: FixSpec[] } {
  if (!d.rename || !d.replacement || notYetServed(d.replacement, resource.kind, target)) return {};
  const change = setValue(`set apiVersion: ${d.replacement}`, ["apiVersion"], d.replacement);
  // policy/v1beta1 reads an empty selector as no pods, policy/v1 as every pod in the namespace.
  if (resource.kind === "PodDisruptionBudget") {
    const selector = (resource.object.spec as { selector?: unknown } | undefined)?.selector;
    if (!isRecord(selector) || Object.values(selector).every((v) => v === null || (typeof v === "object" && Object.keys(v as object).length === 0))) return { suggestions: [change] };
    // policy/v1beta1 defaults a budget that sets neither field to minAvailable: 1; written out, the
    // budget keeps protecting its pods under policy/v1.
    const spec = resource.object.spec as { minAvailable?: unknown; maxUnavailable?: unknown } | undefined;
    if (isRecord(spec) && spec.minAvailable === undefined && spec.maxUnavailable === undefined) {
      return { fix: { description: `set apiVersion: ${d.replacement} and spec.minAvailable: 1 (the v1beta1 default)`, operations: [...change.operations, { op: "set", path: ["spec", "minAvailable"], value: 1 }] } };
    }
  }
  return { fix: change };
}

/**
 * What the alias does beside serviceAccountName: the API server reads it only when serviceAccountName is
 * empty (Convert_v1_PodSpec_To_core_PodSpec), so a different account written there is ignored, and the
 * pod runs as the one serviceAccountName names.
 */
function serviceAccountMessage(pod: PodTemplate): string {
  const { serviceAccount, serviceAccountName } = pod.spec as { serviceAccount?: unknown; serviceAccountName?: unknown };
  if (typeof serviceAccountName !== "string" || serviceAccountName === "") return "spec.serviceAccount is a deprecated alias: use serviceAccountName";
  if (serviceAccountName === serviceAccount) return "spec.serviceAccount is a deprecated alias that repeats serviceAccountName: remove it";
  return `spec.serviceAccount ${JSON.stringify(serviceAccount)} is ignored: serviceAccountName "${serviceAccountName}" takes precedence over its deprecated alias`;
}

function serviceAccountFix(pod: PodTemplate): { fix?: FixSpec } {
  const spec = pod.spec as { serviceAccount?: unknown; serviceAccountName?: unknown };
  const path = [...pod.specPath, "serviceAccount"];
  if (spec.serviceAccountName === undefined) return { fix: { description: "rename spec.serviceAccount to serviceAccountName", operations: [{ op: "rename", path, to: "serviceAccountName" }] } };
  // Both set to the same account: the alias says nothing more. Different accounts need a person.
  if (spec.serviceAccountName === spec.serviceAccount) return { fix: { description: "remove spec.serviceAccount (serviceAccountName is set)", operations: [{ op: "remove", path }] } };
  return {};
}

function annotationFix(pod: PodTemplate, d: AnnotationDeprecation, key: string, value: unknown): FixSpec | undefined {
  // The last annotation goes with its map: a fix leaves no `annotations: {}` behind.
  const remove = removeOperation(pod.resource.object, [...pod.metadataPath, "annotations", key]);
  if (replacementSet(pod, d, key)) return { description: `remove annotation ${key} (${d.field} is set)`, operations: [remove] };
  // The annotation's value as the field's; anything else is not moved.
  const profile = annotationProfile(value);
  if (!profile) return undefined;
  let at: ObjectPath | undefined;
  if (!d.prefix) at = [...pod.specPath, "securityContext", d.field];
  else {
    const name = key.slice(d.key.length);
    for (const list of ["containers", "initContainers"] as const) {
      const i = (pod.spec[list] ?? []).findIndex((c) => isRecord(c) && c.name === name);
      if (i >= 0) {
        at = [...pod.specPath, list, i, "securityContext", d.field];
        break;
      }
    }
  }
  if (!at) return undefined;
  return { description: `move annotation ${key} to ${d.field}`, operations: [remove, { op: "set", path: at, value: profile }] };
}
