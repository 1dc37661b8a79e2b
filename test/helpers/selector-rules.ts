import { builtinRules } from "../../rules/index.js";

/** The selector, disruption-budget, StatefulSet and duplicate rules (issue 4, part A), tested together. */
export const SELECTOR_RULE_IDS: readonly string[] = [
  "pdb-missing",
  "pdb-blocks-eviction",
  "dangling-selector",
  "selector-mismatch",
  "anti-affinity",
  "statefulset-service-name",
  "statefulset-volume-claims",
  "duplicate-object",
  "duplicate-env-var",
  "duplicate-port",
  "hpa-replicas-conflict",
  "network-policy",
];

export const selectorRules = builtinRules.filter((r) => SELECTOR_RULE_IDS.includes(r.meta.id));
