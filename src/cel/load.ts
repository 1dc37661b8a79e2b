/**
 * The CEL engine (src/cel/engine.ts and the library) is loaded only by runs that need it: policies
 * given with --policy, or a set whose text names ValidatingAdmissionPolicy or x-kubernetes-validations.
 * A one-file pre-commit run does not pay for it. The CLI awaits `loadCel()`; the library entry
 * (src/index.ts) provides it up front, so a synchronous `lint()` always has it.
 */
export type CelEngine = typeof import("./engine.js");

let engine: CelEngine | undefined;

export function provideCel(e: CelEngine): void {
  engine = e;
}

export async function loadCel(): Promise<void> {
  engine ??= await import("./engine.js");
}

/** The engine when loaded; rules that need it say "not evaluated" without it. */
export function celEngine(): CelEngine | undefined {
  return engine;
}

/** Text that can hold something CEL evaluates (checked on the raw text: cheap, and never misses a List item). */
export function mayNeedCel(text: string): boolean {
  return text.includes("ValidatingAdmissionPolicy") || text.includes("x-kubernetes-validations");
}
