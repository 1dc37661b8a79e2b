import { defineRule } from "../src/engine/rule.js";
import { builtinKind, validateBuiltin, OBJECT_META } from "../src/schema/builtin-schemas.js";
import { apiDeprecation, deprecationStatus } from "../src/model/api-deprecations.js";
import { isSopsObject } from "../src/model/sops.js";
import { collectCrds, CrdValidators, type CrdVersion } from "../src/schema/crd-schemas.js";
import { crdProblems } from "../src/schema/crd-checks.js";
import { schemaFor } from "../src/schema/schema-for.js";
import type { Resource } from "../src/model/resource.js";
import { missingField, type SchemaViolation } from "../src/schema/schema-failure.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import { getPath, isRecord } from "../src/model/pod-spec.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { knownCrds } from "../src/model/known-crds.js";
import { substitutesVariables } from "../src/model/gitops-roots.js";

/** The definition of ObjectMeta in the bundled schemas. */

export default defineRule({
  meta: {
    id: "schema",
    scope: "subject",
    title: "Resources must match the Kubernetes API schema",
    category: "schema",
    severity: "error",
    description:
      "Validates every resource of a built-in kind against the bundled Kubernetes API schema (unknown fields, types, required fields, enums, quantities, int-or-string), and custom resources against the openAPIV3Schema of their CustomResourceDefinition when the CRD is in the linted set or given with --crds (`crds:`; the CRDs the cluster has, used, not linted). CRDs of the set themselves are checked for being well-formed. An object whose fields are valid for its deprecated apiVersion's replacement but not its own (a v1 Ingress body under v1beta1) gets one finding at apiVersion instead of field errors, and none where the target release no longer serves the old version (deprecated-api reports it). A field name or enum value that is a near miss of a known one (case, two letters swapped, a character or two off) comes with a suggestion that renames the field or sets the value, unless the intended field is written too (a required field written so is not also reported missing); so do a misspelt kind, a kind under an apiVersion that lacks it (the one that has it) and a CRD version not served (the one served). A value Flux's post-build substitution (or envsubst) fills in is validated as its variable's default (`${REPLICAS:=2}` is the integer 2), in built-in kinds and custom resources alike, and a value holding a variable without one is not validated; where Flux substitutes nothing (an object labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`, or applied only by Flux Kustomizations whose postBuild names no variable) the text is validated as written. A SOPS-encrypted object's sops block is not a field. Kinds without a schema get their metadata validated (ObjectMeta, which every kind has) and are counted in a note. Configuration files of Kubernetes components (KubeletConfiguration, KubeSchedulerConfiguration, EncryptionConfiguration, an audit Policy, the legacy kube-scheduler Policy of apiVersion v1, kubeadm's) are not API objects: no rule lints them.",
    rationale:
      "The API server rejects such a manifest (kubectl validates fields strictly), so the change never reaches the cluster, often only discovered mid-deploy. A misspelt optional field (contianers, livenessprobe) is worse: with lenient tooling it is silently dropped and the setting never applies.",
    remediation:
      "Fix the field at the reported position: correct the spelling of an unknown field (the message suggests the closest known one), quote or unquote the value to give it the expected type, add the missing required field, or use one of the listed values.",
    references: {
      equivalents: { kubeconform: "(schema validation, -strict)" },
      links: ["https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation", "https://kubernetes.io/docs/reference/kubernetes-api/"],
    },
    examples: {
      bad: "spec:\n  replicas: \"3\"\n  template:\n    spec:\n      contianers:\n        - name: app\n",
      good: "spec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n",
    },
  },
  check({ model, report }) {
    const crds = collectCrds(knownCrds(model));
    const validators = new CrdValidators();
    const byCrd = new Map<Resource, CrdVersion[]>();
    for (const v of crds.values()) byCrd.set(v.crd, [...(byCrd.get(v.crd) ?? []), v]);
    const sources = model.resources.map((resource) => schemaFor(resource, crds));
    // Every object a CRD version validates, before compiling it: only their fields are compiled. Those
    // of the whole set, also when the rule reports on one file's objects (scope "subject"): what is
    // compiled, and whether it compiles, must not depend on which file is being edited.
    const all = model.index.all();
    if (crds.byApiVersionKind.size > 0) {
      const allSources = all === model.resources ? sources : all.map((resource) => schemaFor(resource, crds));
      for (const [i, source] of allSources.entries()) if (source && "crd" in source) validators.use(source.crd, all[i].object);
    }
    for (const [i, resource] of model.resources.entries()) {
      const source = sources[i];
      const substitutes = substitutesVariables(model, resource);
      if (!source) {
        // Without its type's schema an object still has the metadata every object has, which the API
        // server validates for every kind: a misspelt namespace would send it to the default one.
        for (const v of validateBuiltin(resource.object.metadata, OBJECT_META, ["metadata"], substitutes)) report({ target: { resource, path: v.path }, message: v.message, ...correction(resource, v) });
        continue;
      }
      if ("noMatch" in source) {
        // The apiVersion that has the kind, or the kind the written one nearly is: a suggestion.
        const to = source.correction;
        report({ target: { resource, path: source.path }, message: source.noMatch, ...(to ? { suggestions: [setValue(`set ${String(source.path[0])}: ${to}`, source.path, to)] } : {}) });
        continue;
      }
      const violations = "builtin" in source ? validateBuiltin(resource.object, source.builtin, [], substitutes) : validators.validate(source.crd, resource.object, substitutes);
      // Fields of the replacement version under an old apiVersion (a v1 Ingress body labelled v1beta1):
      // the fix is the apiVersion, not the field names the old schema would suggest.
      // Where the target release no longer serves the old version, deprecated-api's error already says to
      // change it: one finding for one problem.
      const written = "builtin" in source && violations.length > 0 ? writtenForReplacement(resource, model.settings.kubeVersion) : undefined;
      if (written) {
        if (!written.removed) report({ target: { resource, path: ["apiVersion"] }, message: `fields are written for ${written.apiVersion}, not ${resource.apiVersion}: change apiVersion to ${written.apiVersion}` });
        continue;
      }
      // A SOPS-encrypted object's sops block is the tool's, removed when the object is decrypted.
      const sops = isSopsObject(resource.object);
      for (const v of violations) if (!(sops && v.path[0] === "sops")) report({ target: { resource, path: v.path }, message: v.message, ...correction(resource, v) });
      // The OpenAPI schema leaves a pod template's spec optional; the API server requires it (and its
      // containers). Other rules count such a workload by its labels and leave the missing part to this one.
      const pod = "builtin" in source ? model.index.podTemplate(resource) : undefined;
      if (pod?.incomplete && isRecord(getPath(resource.object, pod.specPath.slice(0, -1)))) {
        const v = missingField(pod.specPath.slice(0, -1), "spec");
        report({ target: { resource, path: v.path }, message: v.message });
      }
    }
    // After the custom resources: a CRD schema is compiled only when resources use it (a bundle of
    // large CRDs alone costs nothing), and one that failed to compile is reported once, at the CRD.
    for (const crd of subjectsOfKind(model, "CustomResourceDefinition")) {
      if (!crd.apiVersion.startsWith("apiextensions.k8s.io/")) continue;
      const versions = byCrd.get(crd) ?? [];
      // A version that objects of other files use is compiled as validating them would compile it.
      for (const v of versions) if (v.schema && validators.used(v)) validators.get(v);
      for (const v of crdProblems(crd, versions, validators)) report({ target: { resource: crd, path: v.path }, message: v.message });
    }
  },
});

/**
 * A misspelt field renamed, or a value set to the allowed one it nearly is: suggestions, since a field
 * name can be near a real one by chance. Not where the intended field is written too (the rename
 * would make a duplicate key).
 */
function correction(resource: Resource, v: SchemaViolation): { suggestions?: FixSpec[] } {
  const c = v.correction;
  if (!c) return {};
  const field = v.path[v.path.length - 1];
  if ("value" in c) return { suggestions: [setValue(`set ${String(field)}: ${c.value}`, v.path, c.value)] };
  const parent = getPath(resource.object, v.path.slice(0, -1));
  if (!isRecord(parent) || Object.hasOwn(parent, c.rename)) return {};
  return { suggestions: [{ description: `rename ${String(field)} to ${c.rename}`, operations: [{ op: "rename", path: v.path, to: c.rename }] }] };
}

/** The replacement apiVersion of a deprecated one when the object's fields are valid there, and whether the target release removed the old one. */
function writtenForReplacement(resource: Resource, kubeVersion: string): { apiVersion: string; removed: boolean } | undefined {
  const d = apiDeprecation(resource.apiVersion, resource.kind);
  const schema = d?.replacement ? builtinKind(d.replacement, resource.kind) : undefined;
  if (!d?.replacement || !schema || validateBuiltin(resource.object, schema).length > 0) return undefined;
  return { apiVersion: d.replacement, removed: deprecationStatus(d, kubeVersion) === "removed" };
}
