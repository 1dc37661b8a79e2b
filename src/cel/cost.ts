import { eachNode } from "./ast-nodes.js";
/**
 * Bounds the work of one CEL evaluation, as the API server's per-expression cost limit does: a
 * hostile or runaway expression (comprehensions nested over large lists) becomes a finding instead
 * of a hung pre-commit hook. The library has no cost tracking of its own, so every node of a checked
 * expression is wrapped to count its evaluations and bound the size of what it makes, and the clock is
 * read every few dozen of them.
 */

/** The API server's per-call runtime cost limit for admission policies (PerCallLimit). */
export const COST_LIMIT = 1_000_000;
/** Wall-clock bound for one expression; the cost limit usually stops it long before. */
export const TIME_LIMIT_MS = 250;
/**
 * Largest list, string or bytes an evaluation may make. The API server charges concatenation, join and
 * the like by the size of what they make, so a value that doubles at each step (a variable that is
 * the previous one twice) passes its cost limit long before this; counting nodes alone, as here, it
 * would not, and the process would run out of memory. No object the API server accepts (3 MiB per
 * request) holds a value this long.
 */
export const MAX_VALUE_LENGTH = 1 << 22;

export class CostExceeded extends Error {}

/**
 * One error per bound, thrown again at every node evaluated after it is passed: a comprehension over a
 * long list catches each element's error and goes on to the next, and an error made for each of a
 * million elements took seconds.
 */
const STOP = { cost: new CostExceeded("cost"), time: new CostExceeded("time") };

export class Budget {
  private steps = 0;
  private deadline = 0;
  /** Set once the limit was passed: the library may swallow the error (`false || error` is false). */
  exceeded: "cost" | "time" | undefined;
  /** True while an evaluation is under way (nested ones share it). */
  running = false;

  constructor(
    private readonly limit = COST_LIMIT,
    private readonly millis = TIME_LIMIT_MS,
  ) {}

  start(): void {
    this.steps = 0;
    this.exceeded = undefined;
    this.deadline = performance.now() + this.millis;
  }

  tick(): void {
    if (this.exceeded) throw STOP[this.exceeded];
    if (++this.steps > this.limit) this.exceeded = "cost";
    // Every 64 nodes: one node may take milliseconds (a function over a string of a million characters).
    else if ((this.steps & 0x3f) === 0 && performance.now() > this.deadline) this.exceeded = "time";
    if (this.exceeded) throw STOP[this.exceeded];
  }

  /** A node's result: one longer than MAX_VALUE_LENGTH passes the cost limit. */
  made(value: unknown): void {
    if ((typeof value === "string" || Array.isArray(value) || value instanceof Uint8Array) && value.length > MAX_VALUE_LENGTH) {
      this.exceeded = "cost";
      throw STOP.cost;
    }
  }
}

interface AstNodeLike {
  op: string;
  args: unknown;
  meta: { alternate?: AstNodeLike; macro?: { evaluate: Evaluate } & Record<string, unknown>; evaluate: Evaluate };
  evaluate: Evaluate;
}
type Evaluate = (this: unknown, ev: unknown, ast: unknown, ctx: unknown) => unknown;

/**
 * Wraps each node of a type-checked AST (after check: checking picks each node's evaluator) so that
 * evaluating it ticks `budget`. The AST is the library's own (parse(...).ast).
 */
export function instrument(root: unknown, budget: Budget): void {
  eachNode(root, (node) => {
    if (typeof (node as unknown as AstNodeLike).evaluate === "function") wrap(node as unknown as AstNodeLike, budget);
  });
}

function wrap(node: AstNodeLike, budget: Budget): void {
  const meta = node.meta;
  const alternate = meta.alternate;
  const macro = meta.macro;
  const inner: Evaluate = alternate
    ? (ev, _ast, ctx) => alternate.evaluate.call(alternate, ev, alternate, ctx)
    : macro
      ? (ev, _ast, ctx) => macro.evaluate.call(macro, ev, macro, ctx)
      : meta.evaluate;
  node.evaluate = function (this: unknown, ev, ast, ctx) {
    budget.tick();
    const value = inner.call(this, ev, ast, ctx);
    budget.made(value);
    return value;
  };
}
