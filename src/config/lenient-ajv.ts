import type { Ajv } from "ajv";
import { newAjv } from "../schema/ajv-loader.js";

let shared: Ajv | undefined;

/**
 * One Ajv for k8slint's own schemas (the config file, custom rule definitions): creating an instance
 * and compiling costs tens of milliseconds on every run that has a config, so it is made once.
 * `verbose` gives errors their parentSchema, which the messages use to suggest the closest key.
 */
export function lenientAjv(): Ajv {
  shared ??= newAjv({ allErrors: false, verbose: true, strict: false });
  return shared;
}
