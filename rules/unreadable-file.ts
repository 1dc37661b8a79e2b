import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "unreadable-file",
    scope: "object",
    title: "Manifest files must be readable text",
    category: "syntax",
    severity: "error",
    description: "Reports manifest files that could not be linted: binary content, a size above --max-file-size, or no permission to read.",
    rationale: "A file the linter cannot read is a file nobody checked; it is reported rather than skipped silently.",
    remediation: "Make the file readable UTF-8 YAML or JSON, split it if it is very large, or move it out of the manifest directory (or add it to ignore:).",
    references: {},
    examples: {},
  },
  check({ model, report }) {
    for (const p of model.inputProblems) {
      if (p.kind !== "unreadable") continue;
      report({ target: { file: p.file, start: 0, end: 0 }, message: p.message });
    }
  },
});
