import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "unused-justification",
    title: "Justifications must suppress something",
    category: "best-practice",
    severity: "warning",
    description:
      "Reports a justify.k8slint.io/<rule-id> annotation or a k8slint-disable comment that suppresses no finding: the rule no longer fires there, or the rule id is misspelled (the closest known id is suggested).",
    rationale:
      "A stale justification reads as if a risk were accepted on purpose, and silently covers the next, different finding of that rule on the object. A misspelled rule id suppresses nothing while looking like it does.",
    remediation:
      "Remove the annotation or comment, or correct its rule id to the rule whose finding it justifies.",
    references: {},
    examples: {
      bad: "metadata:\n  annotations:\n    justify.k8slint.io/privileged-containers: \"eBPF tracing needs it\"\n",
      good: "metadata:\n  annotations:\n    justify.k8slint.io/privileged-container: \"eBPF tracing needs CAP_BPF and /sys/kernel/tracing\"\n",
    },
  },
  // The suppression stage (src/engine/suppress.ts) reports these: only it knows which findings every
  // other rule produced. The rule exists so that it can be configured and documented like any other.
  check() {},
});
