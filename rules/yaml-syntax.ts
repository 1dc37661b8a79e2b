import { defineRule } from "../src/engine/rule.js";
import { concernsManifests } from "../src/model/manifest-documents.js";

export default defineRule({
  meta: {
    id: "yaml-syntax",
    scope: "object",
    title: "Manifests must be valid YAML",
    category: "syntax",
    severity: "error",
    description:
      "Reports YAML syntax errors at their line and column, and documents that expand too many aliases (an alias bomb). The rest of the file's documents, and every other file, are still linted.",
    rationale: "kubectl refuses the whole file when one document does not parse, so nothing in it reaches the cluster.",
    remediation: "Fix the YAML at the reported position (indentation, an unclosed quote or bracket, a tab); run the file through a YAML parser to confirm.",
    references: {
      equivalents: { kubeconform: "(parse error)", kubeLinter: "(parse error)", kubeScore: "(parse error)" },
    },
    examples: { bad: "metadata:\n  name: [app\n", good: "metadata:\n  name: app\n" },
  },
  check({ model, report }) {
    for (const p of model.inputProblems) {
      if (p.kind !== "syntax" && p.kind !== "alias-limit") continue;
      // A docker-compose file or CI workflow in a linted directory is not ours to judge, broken or not.
      if (!concernsManifests(model, p)) continue;
      report({ target: { file: p.file, start: p.start, end: p.end }, message: p.message });
    }
  },
});
