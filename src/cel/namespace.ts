import type { Environment } from "@marcbachmann/cel-js";

/**
 * A library namespace of the API server's CEL (`math.`, `sets.`, `base64.`, `strings.`): CEL reads
 * `math.abs(x)` as a call on an identifier, so each namespace is a constant of its own type whose
 * functions take it as the receiver (as the library does for `cel.bind`). Returns the type's name.
 */
export function registerNamespace(env: Environment, name: string): string {
  const type = `k8slint.${name}Namespace`;
  const Namespace = class {};
  Object.defineProperty(Namespace, "name", { value: type });
  env.registerType(type, Namespace).registerConstant(name, type, new Namespace());
  return type;
}
