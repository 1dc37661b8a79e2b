import type { Environment } from "@marcbachmann/cel-js";
import { Optional } from "@marcbachmann/cel-js";
import { libraryClasses, type LibraryClasses } from "./library-classes.js";

/**
 * What cel-go's optional library has and the library lacks or types otherwise:
 * optional.ofNonZeroValue, and `.value()` of a dyn value typed dyn.
 */

/** cel-go's IsZeroValue (traits.Zeroer): 0, 0u, 0.0, '', b'', false, null, [], {}, duration 0, timestamp 0. */
function isZero(v: unknown, lib: LibraryClasses): boolean {
  if (v === null || v === false || v === "" || v === 0 || v === 0n) return true;
  if (typeof v !== "object") return false;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof Date) return v.getTime() === 0;
  if (Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length === 0;
  // A uint's valueOf is its bigint; a duration has seconds and nanos.
  if (v instanceof lib.uint) return v.valueOf() === 0n;
  if (v instanceof lib.duration) return v.seconds === 0n && v.nanos === 0;
  return false;
}

/** A type no value has: its only use is the `value()` overload below. */
class NoValue {}

export function registerOptional(env: Environment): void {
  const lib = libraryClasses(env);
  env.registerFunction("OptionalNamespace.ofNonZeroValue(A): optional<A>", (_ns: unknown, v: unknown) => (isZero(v, lib) ? Optional.none() : Optional.of(v)));
  // `oldSelf.value().replicas`, `variables.lbl.value().app`: on a dyn receiver the library types a call
  // by its overloads' common result type, which for `optional<A>.value(): A` alone is the unbound A,
  // and selecting a field of that failed to compile ("Cannot index type"). A second overload returning
  // dyn makes the common type dyn, as cel-go types it; at run time the value picks optional's overload.
  env.registerType("k8slint.NoValue", NoValue).registerFunction("k8slint.NoValue.value(): dyn", () => {
    throw new Error("value() needs an optional");
  });
}
