import { parse } from "yaml";

/**
 * `${VAR:=default}`, `${VAR:-default}`, `${VAR=default}`, `${VAR-default}`: the whole value is one
 * variable with a default that is itself no variable (`${CLAIM:-${APP}}` is not).
 */
const WHOLE_WITH_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([^${}]*)\}$/;

/**
 * What a value written with a `${…}` variable is as far as the manifests tell, for checks of its type
 * and form. Flux's post-build substitution (and envsubst before a `kubectl apply`) replaces variables
 * in the object's YAML text, then reads that text again: `replicas: ${REPLICAS:=1}` becomes the integer
 * 1, and `storage: ${CAPACITY:=5Gi}` the quantity 5Gi. A variable with a default is therefore judged by
 * its default, read as YAML (what it is whenever the variable is unset); any other value holding a
 * variable has a final form only the deploy knows: `unknown`. Undefined for a value without one.
 */
export function substitutedValue(value: string): { value: unknown } | "unknown" | undefined {
  if (!value.includes("${")) return undefined;
  const m = WHOLE_WITH_DEFAULT.exec(value);
  if (!m) return "unknown";
  try {
    const read: unknown = parse(m[1], { version: "1.1" });
    // A default that reads as a mapping or list would not have made one scalar of the line it is in;
    // an empty one leaves `replicas: ` behind, which is null: the field not set.
    return typeof read === "object" && read !== null ? "unknown" : { value: read ?? null };
  } catch {
    return "unknown";
  }
}
