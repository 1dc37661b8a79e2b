/** Shortest reason accepted: "needed" or "legacy" explain nothing to the next reviewer. */
export const MIN_REASON_LENGTH = 10;

/** Reasons that stand for "I will explain later". */
const PLACEHOLDER_REASONS = new Set(["todo", "tbd", "fixme", "n/a", "na", "none", "-", "--", "...", "reason", "because", "justification", "why", "xxx", "temp", "temporary"]);

/**
 * Why a justification's reason is not accepted, or undefined when it is. A suppression without a
 * reason hides a risk instead of documenting it, so an empty, short or placeholder reason does not suppress.
 */
export function reasonProblem(reason: string | undefined): string | undefined {
  const text = (reason ?? "").trim();
  if (text === "") return "it gives no reason";
  const normalized = text.toLowerCase().replace(/[\s.:!]+$/, "");
  if (PLACEHOLDER_REASONS.has(normalized) || /^(todo|tbd|fixme)\b/.test(normalized) || /^[\W_]+$/.test(text)) {
    return `its reason "${clip(text)}" is a placeholder`;
  }
  if (text.length < MIN_REASON_LENGTH) return `its reason "${clip(text)}" is shorter than ${MIN_REASON_LENGTH} characters`;
  return undefined;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
