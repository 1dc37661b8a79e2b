import { closestId } from "../engine/closest-id.js";

/** The commands besides linting: a word that is none of them is taken for a path. */
export const COMMANDS = ["rules", "explain", "init", "completion", "lsp"];

/**
 * For a missing path that reads like a mistyped command (`k8slint ruls`): " (did you mean `k8slint
 * rules`?)". Only a bare word given first, so `k8slint k8s/ rule.yaml` is never taken for a command.
 */
export function commandHint(missing: string, given: readonly string[]): string {
  if (given[0] !== missing || /[./\\]/.test(missing)) return "";
  const near = closestId(missing, COMMANDS);
  return near ? ` (did you mean \`k8slint ${near}\`?)` : "";
}
