/** JSON Schema of one custom rule (a YAML document in a customRules file); also shipped as schema/custom-rule.json. */
export const CUSTOM_RULE_SCHEMA_ID = "https://github.com/k8slint/k8slint/raw/main/schema/custom-rule.json";

const globs = { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 };

export const customRuleSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: CUSTOM_RULE_SCHEMA_ID,
  title: "k8slint custom rule",
  type: "object",
  additionalProperties: false,
  required: ["id", "title", "message", "remediation", "schema"],
  properties: {
    $schema: { type: "string" },
    id: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$", description: "Stable kebab-case id, used in configs and justifications." },
    title: { type: "string", minLength: 1 },
    description: { type: "string" },
    rationale: { type: "string" },
    severity: { enum: ["error", "warning", "warn", "info"], default: "warning" },
    category: {
      enum: ["syntax", "schema", "security", "secrets", "reliability", "resources", "networking", "rbac", "cross-resource", "best-practice"],
      default: "best-practice",
    },
    message: { type: "string", minLength: 1, description: "What is wrong, said of the object; the failing field is appended." },
    remediation: { type: "string", minLength: 1, description: "How to fix a finding, imperative." },
    helpUri: { type: "string" },
    match: {
      type: "object",
      additionalProperties: false,
      properties: {
        apiVersions: { ...globs, description: "apiVersion globs, e.g. apps/*" },
        kinds: { ...globs, description: "kind globs, e.g. Deployment, *Set" },
        namespaces: { ...globs, description: "namespace globs (the effective namespace: --namespace when the object sets none)" },
        target: {
          enum: ["object", "workload", "podSpec", "container"],
          default: "object",
          description: "What the schema validates: the whole object, only objects with a pod template, each pod spec, or each (init) container.",
        },
      },
    },
    schema: { type: "object", description: "JSON Schema (draft-07) that a compliant target satisfies. Extra keywords: minQuantity, maxQuantity." },
  },
} as const;
