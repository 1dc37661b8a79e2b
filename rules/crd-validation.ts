import { defineRule } from "../src/engine/rule.js";
import { celEngine } from "../src/cel/load.js";
import { collectCrds } from "../src/schema/crd-schemas.js";
import { schemaFor } from "../src/schema/schema-for.js";
import { rulesOf, schemaNodes } from "../src/crd/walk-schema.js";
import { withDefaults } from "../src/crd/apply-defaults.js";
import { valueProblems } from "../src/crd/value-checks.js";
import { isRecord } from "../src/model/pod-spec.js";
import { re2Refusal } from "../src/cel/re2.js";
import { isGivenCrd, knownCrds } from "../src/model/known-crds.js";
import { asWritten, holdsDefault, holdsUnknown, pathKey, substitutedObject } from "../src/model/substitution.js";
import { substitutesVariables } from "../src/model/gitops-roots.js";
import { asWrittenMessage } from "../src/schema/builtin-schemas.js";

export default defineRule({
  meta: {
    id: "crd-validation",
    title: "Custom resources must pass their CRD's validation rules",
    category: "schema",
    severity: "error",
    description:
      "For each custom resource whose CustomResourceDefinition is in the set or given with --crds, applies the schema's default values as the API server does before validating a create, then evaluates every x-kubernetes-validations rule at its node with self bound to that node (a create: rules on oldSelf run only with optionalOldSelf), with message, messageExpression, reason and fieldPath, and checks what the schema rule leaves out: pattern, format (uuid, ipv4, ipv6, cidr, mac, date, date-time, byte) and the uniqueness of x-kubernetes-list-type set and map lists. A rule that does not compile is reported at a CRD of the set, as the API server refuses it: among them one that selects a field of self its schema does not define (self.spec.replica for replicas; maps, kept unknown fields and int-or-string excepted), which is then not evaluated on the custom resources; one that uses a function k8slint does not implement is reported as not evaluated (info), never as passing. A value Flux's post-build substitution (or envsubst) fills in is judged by its variable's default (`${VOLSYNC_PUID:=1000}` is the integer 1000), and a value holding a variable without one is not judged, nor is a rule that fails on it; where Flux substitutes nothing (`kustomize.toolkit.fluxcd.io/substitute: disabled`, or only Flux Kustomizations without variables apply the object) the text is judged as written. So is a pattern Go's regexp refuses (a lookaround, a backreference, a repetition count above 1000), which the custom resources are not checked against.",
    rationale:
      "The API server refuses a custom resource that breaks its CRD's validation rules when it is applied: the operator never sees it, and the failure surfaces in the deploy log or a GitOps controller's retries rather than in review.",
    remediation: "Change the value at the reported position so that the CRD's rule holds (the message is the CRD author's); for a pattern or format, write the value in the form the CRD requires; remove the duplicate list entry. At a CustomResourceDefinition, rewrite the rule or pattern the API server cannot compile (Go's RE2 has no lookarounds or backreferences: match the allowed form, or express the exception in a CEL rule).",
    references: {
      links: [
        "https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-rules",
        "https://kubernetes.io/docs/reference/using-api/cel/",
      ],
    },
    examples: {
      bad: "# CRD rule: self.minReplicas <= self.replicas\napiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: nightly\nspec:\n  minReplicas: 5\n  replicas: 3\n",
      good: "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: nightly\nspec:\n  minReplicas: 1\n  replicas: 3\n",
    },
  },
  check({ model, report }) {
    const crds = collectCrds(knownCrds(model));
    const cel = celEngine();
    for (const resource of model.resources) {
      const source = schemaFor(resource, crds);
      if (!source || !("crd" in source) || !isRecord(source.crd.schema)) continue;
      const crdName = source.crd.crd.name;
      // A variable the deploy fills in (Flux's post-build substitution, envsubst) is judged by its
      // default, and a value holding one without a default not at all, as the schema rule does; where
      // the deploy fills in none, as written.
      const substitutes = substitutesVariables(model, resource);
      const filled = substitutes ? substitutedObject(resource.object) : asWritten(resource.object);
      const nodes = schemaNodes(source.crd.schema, source.crd.schemaPath, filled.value);
      for (const node of nodes) {
        for (const p of valueProblems(node)) {
          if (holdsUnknown(filled, p.path)) continue;
          const message = substitutes ? p.message : asWrittenMessage(p.message, resource.object, p.path);
          report({ target: { resource, path: p.path }, message: filled.defaults.has(pathKey(p.path)) ? `${message} (in its variable's default)` : message });
        }
      }
      // The API server applies the schema's defaults before it validates a create: the rules read the
      // defaulted object (a field it adds is reported at its closest ancestor in the file).
      const defaulted = withDefaults(source.crd.schema, filled.value);
      const ruleNodes = defaulted === filled.value ? nodes : schemaNodes(source.crd.schema, source.crd.schemaPath, defaulted);
      for (const node of ruleNodes) {
        if (rulesOf(node.schema).length === 0) continue;
        if (!cel) {
          report({ target: { resource, path: node.path }, message: `not evaluated: the x-kubernetes-validations of CustomResourceDefinition ${crdName} need the CEL engine, which is not loaded`, severity: "info" });
          continue;
        }
        // A rule that fails on a value only the deploy gives its form says nothing of the object.
        const unknown = holdsUnknown(filled, node.path);
        const byDefaults = holdsDefault(filled, node.path);
        for (const p of cel.ruleProblems(cel, node, crdName)) {
          if (unknown && p.severity === "error") continue;
          const message = byDefaults && p.severity === "error" ? `${p.message} (evaluated with its variables' defaults)` : p.message;
          report({ target: { resource, path: p.path }, message, severity: p.severity });
        }
      }
    }
    // What does not compile, at the CRD: the API server refuses it. Once per CRD version's schema; not
    // for CRDs given with --crds, which the cluster has accepted and which are not linted.
    for (const v of crds.values()) {
      if (!isRecord(v.schema) || isGivenCrd(model, v.crd)) continue;
      // A pattern Go's regexp refuses (structural schema validation compiles every pattern, nested value
      // validations' too).
      eachSchema(v.schema, [...v.schemaPath], true, (schema, path) => {
        const refused = typeof schema.pattern === "string" ? re2Refusal(schema.pattern) : undefined;
        if (refused) report({ target: { resource: v.crd, path: [...path, "pattern"] }, message: `pattern is no RE2 regular expression (it has ${refused}): the API server refuses the CustomResourceDefinition` });
      });
      // A rule that does not compile.
      if (!cel) continue;
      eachSchema(v.schema, [...v.schemaPath], false, (schema, path, root) => {
        rulesOf(schema).forEach((rule, i) => {
          const problem = cel.ruleCompileProblem(cel, rule, schema, root);
          if (problem) report({ target: { resource: v.crd, path: [...path, "x-kubernetes-validations", i, "rule"] }, message: `x-kubernetes-validations rule does not compile: ${problem}` });
        });
      });
    }
  },
});

/**
 * Every node of a schema with its path in the CRD, parents first: properties, items and
 * additionalProperties, and with `junctors` the nested value validations (allOf, anyOf, oneOf, not).
 */
function eachSchema(
  s: Record<string, unknown>,
  path: (string | number)[],
  junctors: boolean,
  visit: (schema: Record<string, unknown>, path: (string | number)[], root: boolean) => void,
  depth = 0,
): void {
  if (depth > 100) return;
  visit(s, path, depth === 0);
  const below = (sub: unknown, at: (string | number)[]) => {
    if (isRecord(sub)) eachSchema(sub, at, junctors, visit, depth + 1);
  };
  if (isRecord(s.properties)) for (const [k, sub] of Object.entries(s.properties)) below(sub, [...path, "properties", k]);
  below(s.items, [...path, "items"]);
  below(s.additionalProperties, [...path, "additionalProperties"]);
  if (!junctors) return;
  below(s.not, [...path, "not"]);
  for (const junctor of ["allOf", "anyOf", "oneOf"] as const) {
    const list = s[junctor];
    if (Array.isArray(list)) list.forEach((sub, i) => below(sub, [...path, junctor, i]));
  }
}
