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

/**
 * The names of registered types under their namespace (`type(ip('1.2.3.4')) == net.IP`): CEL parses
 * `net.IP` as a field of a variable `net`, so the namespace is a constant whose fields are the type
 * values. Those must be the very values `type()` returns (the library compares types by identity),
 * taken here from one evaluation of a sample of each type.
 */
export function registerTypeNames(env: Environment, namespace: string, samples: Record<string, string>): void {
  const type = `k8slint.${namespace}Types`;
  const Names = class {};
  Object.defineProperty(Names, "name", { value: type });
  const names = new Names();
  for (const [name, sample] of Object.entries(samples)) Object.defineProperty(names, name, { value: env.evaluate(`type(${sample})`), enumerable: true });
  const fields = Object.fromEntries(Object.keys(samples).map((name) => [name, "type"]));
  env.registerType(type, { ctor: Names, fields }).registerConstant(namespace, type, names);
}
