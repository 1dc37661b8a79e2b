/** A node of the library's parsed expression: an operator and its arguments (nodes, lists of them, names). */
interface AstNode {
  op: string;
  args: unknown;
}

function isNode(x: unknown): x is AstNode {
  return typeof x === "object" && x !== null && typeof (x as AstNode).op === "string";
}

/**
 * The fields an expression selects from a variable (`object` of an admission policy, `self` of a CRD
 * rule), each as its chain of names: `object.spec.replicas` gives ["spec", "replicas"], `has(object.spec.x)`
 * and `object.?spec.?x` give theirs too. A chain stops at an index (`labels["team"]`) or a call; what a
 * comprehension's variable selects is not followed. Compared with the schema of the value, a chain shows
 * a field it does not have.
 */
export function fieldReads(ast: unknown, root: string): string[][] {
  const out: string[][] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const item of x) visit(item);
      return;
    }
    if (!isNode(x)) return;
    if (x.op === "." || x.op === ".?") {
      const names: string[] = [];
      let cur: unknown = x;
      while (isNode(cur) && (cur.op === "." || cur.op === ".?") && Array.isArray(cur.args) && typeof cur.args[1] === "string") {
        names.push(cur.args[1]);
        cur = cur.args[0];
      }
      if (isNode(cur) && cur.op === "id" && cur.args === root) {
        out.push(names.reverse());
        return;
      }
      // Rooted elsewhere (a call's result, an index): its operands may still read the variable.
      visit(cur);
      return;
    }
    visit(x.args);
  };
  visit(ast);
  return out;
}
