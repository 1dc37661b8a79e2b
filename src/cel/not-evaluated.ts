/**
 * Thrown while evaluating where k8slint cannot compute what cel-go would (an RE2 pattern JavaScript
 * reads otherwise, a value it would count differently): the expression is reported as not evaluated,
 * never as an error the API server would not raise. CEL's `||`, `&&` and comprehensions absorb it only
 * where the result does not depend on it, as cel-go absorbs errors.
 */
export class NotEvaluated extends Error {}
