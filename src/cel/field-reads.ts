/** A node of the library's parsed expression: an operator and its arguments (nodes, lists of them, names). */
export interface AstNode {
  op: string;
  args: unknown;
}

function isNode(x: unknown): x is AstNode {
  return typeof x === "object" && x !== null && typeof (x as AstNode).op === "string";
}

/** Calls `take` on every node, depth first; a node it takes (returns true for) is not descended into. */
export function eachNode(x: unknown, take: (node: AstNode) => boolean): void {
  if (Array.isArray(x)) {
    for (const item of x) eachNode(item, take);
    return;
  }
  if (isNode(x) && !take(x)) eachNode(x.args, take);
}

/** The names a chain of selections takes (`a.b.c` gives ["b", "c"] of `a`), and the node it starts from. */
function selections(node: unknown, ops: readonly string[]): { names: string[]; from: unknown } {
  const names: string[] = [];
  let cur = node;
  while (isNode(cur) && ops.includes(cur.op) && Array.isArray(cur.args) && typeof cur.args[1] === "string") {
    names.push(cur.args[1]);
    cur = cur.args[0];
  }
  return { names: names.reverse(), from: cur };
}

const isRoot = (x: unknown, root: string) => isNode(x) && x.op === "id" && x.args === root;

/**
 * The fields an expression selects from a variable (`object` of an admission policy, `self` of a CRD
 * rule), each as its chain of names: `object.spec.replicas` gives ["spec", "replicas"], `has(object.spec.x)`
 * and `object.?spec.?x` give theirs too. A chain stops at an index (`labels["team"]`) or a call; what a
 * comprehension's variable selects is not followed. Compared with the schema of the value, a chain shows
 * a field it does not have.
 */
export function fieldReads(ast: unknown, root: string): string[][] {
  const out: string[][] = [];
  const take = (x: AstNode): boolean => {
    if (x.op !== "." && x.op !== ".?") return false;
    const { names, from } = selections(x, [".", ".?"]);
    if (names.length === 0) return false;
    if (isRoot(from, root)) out.push(names);
    // Rooted elsewhere (a call's result, an index): its operands may still read the variable.
    else eachNode(from, take);
    return true;
  };
  eachNode(ast, take);
  return out;
}

/**
 * The chains of `has(object.a.b)` tests on a variable: ["a", "b"]. has() is false, not an error, when
 * its last field is missing, so a misspelt last field makes the test always false without a word;
 * compared with the schemas of the kinds the expression can see, such a chain shows it.
 */
export function hasChains(ast: unknown, root: string): string[][] {
  const out: string[][] = [];
  eachNode(ast, (x) => {
    if (x.op !== "call" || !Array.isArray(x.args) || x.args[0] !== "has" || !Array.isArray(x.args[1]) || x.args[1].length !== 1) return false;
    const { names, from } = selections(x.args[1][0], ["."]);
    if (isRoot(from, root) && names.length > 0) out.push(names);
    return true;
  });
  return out;
}
