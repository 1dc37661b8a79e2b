/**
 * The nodes of an expression the CEL library parsed, for the checks k8slint widens before the type
 * check runs (src/cel/has-macro.ts, src/cel/null-ternary.ts). The library's AST is its own: only what
 * these passes read is typed here.
 */
export interface Node {
  op: string;
  args: unknown;
  checkedType?: unknown;
  meta: { alternate?: Node; macro?: Record<string, unknown>; check?: (chk: Checker, ast: Node, ctx: unknown) => unknown };
}

export interface Checker {
  check(node: unknown, ctx: unknown): unknown;
  getType(name: string): unknown;
  createError(code: string, message: string, node: unknown): Error;
}

function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && typeof (v as Node).op === "string" && "meta" in v;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Calls `fn` on every node of a parsed expression, each once: nodes reach their children through
 * args, macro expansions (meta.alternate) and macro objects (has()); comprehension arguments and macro
 * objects are plain objects holding nodes (evaluation contexts are not plain).
 */
export function eachNode(root: unknown, fn: (node: Node) => void): void {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 1000 || typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    if (isNode(v)) {
      fn(v);
      visit(v.args, depth + 1);
      visit(v.meta.alternate, depth + 1);
      visit(v.meta.macro, depth + 1);
      return;
    }
    if (isPlain(v)) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(root, 0);
}
