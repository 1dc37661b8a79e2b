import { defineRule } from "../src/engine/rule.js";
import { concernsManifests } from "../src/model/manifest-documents.js";
import { printablePath } from "../src/engine/message-values.js";

export default defineRule({
  meta: {
    id: "duplicate-key",
    scope: "object",
    title: "Mappings must not repeat a key",
    category: "syntax",
    severity: "error",
    description: "Reports a key written twice in the same YAML mapping.",
    rationale:
      "YAML forbids duplicate keys, but many decoders silently keep the last value: the first definition, often the one a reviewer reads, never reaches the API server.",
    remediation: "Remove one of the two definitions, keeping the value you mean.",
    references: { equivalents: { kubeconform: "(parse error)" } },
    examples: { bad: "spec:\n  replicas: 2\n  replicas: 3\n", good: "spec:\n  replicas: 3\n" },
  },
  check({ model, report }) {
    for (const p of model.inputProblems) {
      if (p.kind !== "duplicate-key") continue;
      // A docker-compose file or CI workflow in a linted directory is not ours to judge.
      if (!concernsManifests(model, p)) continue;
      // The same value written twice: dropping the repeats changes nothing. Different values: a person decides.
      const same = p.repeat?.sameValue ? p.repeat : undefined;
      const fix = same && { description: `remove the repeated ${String(printablePath(same.path).at(-1))} key`, operations: [{ op: "remove-duplicate" as const, path: same.path }] };
      report({ target: { file: p.file, start: p.start, end: p.end, docIndex: p.repeat?.docIndex }, message: p.message, ...(fix ? { fix } : {}) });
    }
  },
});
