import type { RuleMeta, RuleOptionSpec } from "../types.js";

/** Where editors find the schema (the `$schema` key or a yaml-language-server comment). */
export const CONFIG_SCHEMA_ID = "https://github.com/k8slint/k8slint/raw/main/schema/config.json";

const KUBE_VERSION = "^v?1\\.[0-9]+(\\.[0-9]+)?$";
const EXTERNAL = "^[A-Za-z][A-Za-z0-9]*/[^/\\s]+(/[^/\\s]+)?$";

function optionSchema(spec: RuleOptionSpec): Record<string, unknown> {
  const base = { description: spec.description, default: spec.default };
  switch (spec.type) {
    case "boolean":
      return { ...base, type: "boolean" };
    case "number":
      return { ...base, type: "number" };
    case "string":
      return { ...base, type: "string" };
    case "string[]":
      return { ...base, type: "array", items: { type: "string" } };
  }
}

function ruleSettingSchema(meta?: RuleMeta): Record<string, unknown> {
  const options: Record<string, unknown> = meta
    ? { type: "object", additionalProperties: false, properties: Object.fromEntries(Object.entries(meta.options ?? {}).map(([k, s]) => [k, optionSchema(s)])) }
    : { type: "object" };
  return {
    ...(meta ? { description: `${meta.title} (default: ${meta.optIn ? "off" : meta.severity})` } : {}),
    if: { type: "string" },
    then: { $ref: "#/definitions/severity" },
    else: {
      type: "object",
      additionalProperties: false,
      properties: { severity: { $ref: "#/definitions/severity" }, options },
    },
  };
}

/**
 * The JSON Schema of `.k8slint.yaml`. Generated (`npm run docs` writes schema/config.json) so that
 * editors complete every built-in rule id and its options; ids of custom rules are accepted too.
 */
export function configSchema(rules: readonly RuleMeta[]): Record<string, unknown> {
  const ruleProperties = Object.fromEntries(rules.map((m) => [m.id, ruleSettingSchema(m)]));
  const globs = { type: "array", items: { type: "string", minLength: 1 } };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: CONFIG_SCHEMA_ID,
    title: "k8slint configuration (.k8slint.yaml)",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      rules: { $ref: "#/definitions/rules" },
      overrides: {
        description: "Settings for some files: the last override whose files match decides.",
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["files"],
          properties: { files: { ...globs, minItems: 1 }, rules: { $ref: "#/definitions/rules" } },
        },
      },
      ignore: { ...globs, description: "gitignore-style patterns of files and directories not to lint (also read from .k8slintignore)." },
      failOn: { enum: ["error", "warning", "warn", "info", "never"], description: "Exit 1 when a finding is at or above this severity (default: error); never: report only." },
      maxWarnings: { type: "integer", minimum: -1, description: "Exit 1 when there are more warnings than this (-1: no limit)." },
      kubeVersion: { type: "string", pattern: KUBE_VERSION, description: 'Target Kubernetes version, quoted: "1.30".' },
      namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description: "Namespace of namespaced objects that set none." },
      external: {
        type: "array",
        description: "Objects that exist outside these manifests: Kind/namespace/name or Kind/name.",
        items: { type: "string", pattern: EXTERNAL },
      },
      policies: {
        type: "array",
        description: "Files or directories of ValidatingAdmissionPolicies, their bindings and params, relative to this file: the admission-policy rule enforces them on the linted set (they are not linted).",
        items: { type: "string", minLength: 1 },
      },
      crds: {
        type: "array",
        description: "Files or directories of the CustomResourceDefinitions the cluster has (an operator's CRDs installed apart from these manifests), relative to this file: custom resources are validated against them as against CRDs of the set (they are not linted).",
        items: { type: "string", minLength: 1 },
      },
      customRules: { ...globs, description: "Files or directories of custom rules written in YAML (see docs/custom-rules.md)." },
      allowRemoteBases: { type: "boolean", description: "Build Kustomize roots whose kustomization names a remote base (a git or HTTP URL), which fetches it; by default such a root is not built (a kustomize-build notice) and k8slint runs offline." },
    },
    definitions: {
      severity: { enum: ["off", "info", "warning", "warn", "error"] },
      rules: {
        type: "object",
        propertyNames: { pattern: "^[a-z0-9][a-z0-9-]*$" },
        properties: ruleProperties,
        additionalProperties: ruleSettingSchema(),
      },
    },
  };
}
