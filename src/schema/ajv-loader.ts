import type { Ajv, Options } from "ajv";

/**
 * ajv is loaded only by runs that compile a JSON Schema: a config file (and its custom rules), or a
 * CustomResourceDefinition in the linted set. Loading it costs about half of Node's own start-up, which
 * a pre-commit hook would otherwise pay on every commit. The CLI awaits `loadAjv()` when a run needs
 * it; the library entry (src/index.ts) provides it up front, so a synchronous `lint()` always has it.
 */
let AjvClass: typeof Ajv | undefined;

export function provideAjv(ajv: typeof Ajv): void {
  AjvClass = ajv;
}

export async function loadAjv(): Promise<void> {
  const ajv = await import("ajv");
  // Node names a CommonJS module's exports; a bundle gives only its module.exports, as `default`.
  AjvClass ??= ajv.Ajv ?? ajv.default;
}

export function newAjv(options: Options): Ajv {
  if (!AjvClass) throw new Error("ajv is not loaded: await loadAjv() before a run that compiles a JSON Schema");
  return new AjvClass(options);
}
