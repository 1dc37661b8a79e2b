/**
 * has() of a field of any value, as cel-go's MakeHas accepts it: `has(object.spec.containers[0].resources)`,
 * `has(self.items[0].name)`. The library's has() macro refuses a selection whose chain does not start
 * at a plain identifier ("has() invalid argument"), and its macros cannot be replaced; its evaluation
 * already handles any start (it evaluates the first node of the chain, then tests each field), so the
 * type check of each has() call in a parsed expression is widened to accept one.
 */

import { eachNode, type Checker, type Node } from "./ast-nodes.js";

interface HasMacro {
  args: Node[];
  macroHasProps?: Node[];
  typeCheck(chk: Checker, macro: HasMacro, ctx: unknown): unknown;
}

/** The library's own check, without its demand that the chain start at an identifier. */
function typeCheck(chk: Checker, macro: HasMacro, ctx: unknown): unknown {
  let node = macro.args[0];
  if (node.op !== ".") throw chk.createError("invalid_macro_argument", "has() invalid argument", node);
  if (!macro.macroHasProps) {
    const props: Node[] = [];
    while (node.op === "." || node.op === ".?") {
      props.push(node);
      node = (node.args as [Node, string])[0];
    }
    chk.check(node, ctx);
    props.push(node);
    macro.macroHasProps = props;
  }
  return chk.getType("bool");
}

/** Widens every has() of a parsed expression (before it is type-checked). */
export function widenHas(root: unknown): void {
  eachNode(root, (v) => {
    const macro = v.meta.macro;
    if (v.op === "call" && Array.isArray(v.args) && v.args[0] === "has" && macro && typeof macro.typeCheck === "function") {
      (macro as unknown as HasMacro).typeCheck = typeCheck;
    }
  });
}
