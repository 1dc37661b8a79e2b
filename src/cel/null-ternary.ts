import { eachNode, type Checker, type Node } from "./ast-nodes.js";

/**
 * `cond ? 'value' : null`: the form Kubernetes documents for an auditAnnotation's valueExpression (a
 * string, or null for no annotation). The library's checker demands both branches of one type and
 * refuses it ("Ternary branches must have the same type, got 'string' and 'null'"), which would report
 * the documentation's own example as a policy that does not compile. A ternary whose other branch is
 * null takes that branch's type; any other mismatch is still refused.
 */
export function widenNullTernaries(root: unknown): void {
  eachNode(root, (node) => {
    const original = node.meta.check;
    if (node.op !== "?:" || typeof original !== "function") return;
    node.meta.check = (chk: Checker, ast: Node, ctx: unknown) => {
      try {
        return original(chk, ast, ctx);
      } catch (e) {
        const [, left, right] = Array.isArray(ast.args) ? (ast.args as Node[]) : [];
        if (isNull(left?.checkedType) && right?.checkedType !== undefined) return right.checkedType;
        if (isNull(right?.checkedType) && left?.checkedType !== undefined) return left.checkedType;
        throw e;
      }
    };
  });
}

function isNull(type: unknown): boolean {
  return typeof type === "object" && type !== null && (type as { type?: unknown }).type === "null";
}
