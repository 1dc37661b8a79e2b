import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { isRecord } from "../src/model/pod-spec.js";
import { specFieldMisspelt } from "../src/schema/misspelt-field.js";
import type { Resource } from "../src/model/resource.js";

export default defineRule({
  meta: {
    id: "pdb-budget",
    scope: "object",
    title: "A PodDisruptionBudget must set exactly one of minAvailable and maxUnavailable",
    category: "reliability",
    severity: "error",
    description:
      "Reports a PodDisruptionBudget that sets both minAvailable and maxUnavailable (an error: the API server refuses it) or, in policy/v1, neither (a warning: it is accepted and protects nothing).",
    rationale:
      "`kubectl apply` fails on a budget with both fields (`minAvailable and maxUnavailable cannot be both set`). A policy/v1 budget with neither allows every eviction, so a drain can take all replicas down at once while the manifest looks protected.",
    remediation: "Keep one of the two: maxUnavailable: 1 suits most workloads; use minAvailable for quorum-based ones.",
    defaultReason:
      "a budget with both fields is refused and one with neither protects nothing: both are always worth fixing. None on the seed or public corpora.",
    references: {
      links: ["https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget"],
    },
    examples: {
      bad: "spec:\n  minAvailable: 1\n  maxUnavailable: 1\n",
      good: "spec:\n  maxUnavailable: 1\n",
    },
  },
  check({ model, report }) {
    for (const pdb of model.index.ofKind("PodDisruptionBudget")) {
      const spec = isRecord(pdb.object.spec) ? pdb.object.spec : {};
      const has = (k: string) => spec[k] !== undefined && spec[k] !== null;
      if (has("minAvailable") && has("maxUnavailable")) {
        // The API server refuses both; which one the author meant is theirs to say.
        const keep = (drop: string, kept: string) => ({ description: `remove ${drop} (keep ${kept})`, operations: [{ op: "remove" as const, path: ["spec", drop] }] });
        report({ target: { resource: pdb, path: ["spec", "maxUnavailable"] }, message: "sets both minAvailable and maxUnavailable", suggestions: [keep("minAvailable", "maxUnavailable"), keep("maxUnavailable", "minAvailable")] });
      } else if (!has("minAvailable") && !has("maxUnavailable") && pdb.apiVersion !== "policy/v1beta1") {
        // policy/v1beta1 defaulted minAvailable to 1; policy/v1 has no default.
        const suggestions = isRecord(pdb.object.spec) ? [setValue("set maxUnavailable: 1", ["spec", "maxUnavailable"], 1)] : [];
        report({ target: { resource: pdb, path: isRecord(pdb.object.spec) ? ["spec"] : ["metadata", "name"] }, severity: "warning", message: "sets neither minAvailable nor maxUnavailable, so it allows every eviction", suggestions, causedBy: budgetMisspelt(pdb) ? "schema" : undefined });
      }
    }
  },
});

/** A budget under a misspelt key (minAvailabe) is the schema rule's finding, with the rename: it is written. */
function budgetMisspelt(pdb: Resource): boolean {
  return specFieldMisspelt(pdb, "minAvailable") || specFieldMisspelt(pdb, "maxUnavailable");
}
