import { eachNode } from "./field-reads.js";
import { re2Refusal } from "./re2.js";
import { calledAs } from "./rewrite.js";

/**
 * The Kubernetes CEL functions that take a regular expression: the standard `matches`, and
 * `find`/`findAll` (regex library), by the names the parsed expression has (rewrite.ts renames some).
 */
const REGEX_FUNCTIONS = new Set(["matches", "find", "findAll"].map(calledAs));

/**
 * Why a regular expression written as a literal in an expression does not compile with Go's regexp,
 * or undefined. The API server makes its CEL programs with cel-go's regex optimisations (OptOptimize,
 * OptimizeRegex(library.ExtensionLibRegexOptimizations...)), which compile a constant pattern when
 * the program is made: "program instantiation failed", an invalid CRD rule or policy expression
 * (`self.matches('^(?!admin$)')`). A pattern the expression computes fails only when it runs.
 */
export function refusedRegexLiteral(ast: unknown): string | undefined {
  let found: string | undefined;
  eachNode(ast, (node) => {
    if (found !== undefined || !Array.isArray(node.args)) return found !== undefined;
    // `s.matches(re)`: [name, receiver, [re]]; `matches(s, re)`: [name, [s, re]].
    const [name] = node.args;
    const pattern = node.op === "rcall" ? (node.args[2] as unknown[] | undefined)?.[0] : node.op === "call" ? (node.args[1] as unknown[] | undefined)?.[1] : undefined;
    if (typeof name !== "string" || !REGEX_FUNCTIONS.has(name) || !isStringLiteral(pattern)) return false;
    const refused = re2Refusal(pattern.args);
    if (refused) found = `invalid regular expression ${JSON.stringify(pattern.args)}: it has ${refused}, which Go's RE2 does not support`;
    return false;
  });
  return found;
}

function isStringLiteral(x: unknown): x is { op: "value"; args: string } {
  return typeof x === "object" && x !== null && (x as { op?: unknown }).op === "value" && typeof (x as { args?: unknown }).args === "string";
}
