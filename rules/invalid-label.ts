import { defineRule } from "../src/engine/rule.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";
import type { Resource } from "../src/model/resource.js";
import type { ObjectPath } from "../src/types.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isSubstituted, labelValue, qualifiedName } from "../src/model/api-names.js";

/**
 * The value as the API server would take it (`v1.2 beta/3` → `v1.2-beta-3`): other characters as '-',
 * 63 at most, letters or digits at both ends. A suggestion: selectors that name the old value must
 * follow, and a value cut to 63 characters may no longer say what it said.
 */
function validValue(value: string, path: ObjectPath): { suggestions?: FixSpec[] } {
  const fixed = value
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  if (fixed === "" || fixed === value || labelValue(fixed) !== undefined) return {};
  return { suggestions: [setValue(`set the value to ${fixed}`, path, fixed)] };
}

export default defineRule({
  meta: {
    id: "invalid-label",
    scope: "object",
    title: "Label keys, label values and annotation keys must have the syntax the API server requires",
    category: "schema",
    severity: "error",
    description:
      "Reports label keys and annotation keys that are not qualified names (an optional DNS-1123 subdomain prefix and '/', then at most 63 alphanumeric characters with '-', '_' or '.' inside) and label values that are neither empty nor such a name, in an object's metadata and in its pod template's.",
    rationale:
      "The OpenAPI schemas accept any string map, so schema validation passes; the API server then refuses the object (`metadata.labels: Invalid value`). A label value such as a version with '+' or a long commit message is the usual cause.",
    remediation: "Shorten the key or value to 63 characters and keep to letters, digits, '-', '_' and '.', starting and ending with a letter or digit; put free text in an annotation value instead.",
    defaultReason:
      "every finding is an object `kubectl apply` refuses. None on the seed or public corpora.",
    differences: [
      "kube-score's label-values checks label values only; keys and annotation keys are refused by the API server as well.",
    ],
    references: {
      equivalents: { kubeScore: "label-values" },
      links: ["https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set"],
    },
    examples: {
      bad: "labels:\n  version: 1.4.2+build.7\n",
      good: "labels:\n  version: 1.4.2-build.7\n",
    },
  },
  check({ model, report }) {
    // The same few keys recur on every object: each is judged once (false: a placeholder, not judged; "": valid).
    const labelKeys = new Map<string, string | false>();
    const annotationKeys = new Map<string, string | false>();
    const judge = (verdicts: Map<string, string | false>, key: string, read: (key: string) => string | undefined): string | false => {
      let v = verdicts.get(key);
      if (v === undefined) verdicts.set(key, (v = isSubstituted(key) ? false : (read(key) ?? "")));
      return v;
    };
    const checkMetadata = (resource: Resource, meta: unknown, base: ObjectPath, where: string) => {
      if (!isRecord(meta)) return;
      if (isRecord(meta.labels)) {
        for (const [key, value] of Object.entries(meta.labels)) {
          const badKey = judge(labelKeys, key, qualifiedName);
          if (badKey === false) continue;
          if (badKey) {
            report({ target: { resource, path: [...base, "labels", key] }, message: `${where}label key "${key}" ${badKey}` });
            continue;
          }
          if (typeof value !== "string" || isSubstituted(value)) continue;
          const badValue = labelValue(value);
          if (badValue) report({ target: { resource, path: [...base, "labels", key] }, message: `${where}label "${key}" has a value that is ${badValue}`, ...validValue(value, [...base, "labels", key]) });
        }
      }
      if (isRecord(meta.annotations)) {
        for (const key of Object.keys(meta.annotations)) {
          // The API server checks annotation keys in lower case.
          const bad = judge(annotationKeys, key, (k) => qualifiedName(k.toLowerCase()));
          if (bad) report({ target: { resource, path: [...base, "annotations", key] }, message: `${where}annotation key "${key}" ${bad}` });
        }
      }
    };
    for (const r of model.resources) checkMetadata(r, r.object.metadata, ["metadata"], "");
    for (const pod of model.pods) {
      if (pod.metadataPath.length > 1) checkMetadata(pod.resource, pod.metadata, pod.metadataPath, "pod template ");
    }
  },
});
