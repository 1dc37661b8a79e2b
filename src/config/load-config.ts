import fs from "node:fs";
import { readBoundedText } from "../load/read-bounded.js";
import path from "node:path";
import type { ValidateFunction } from "ajv";
import { lenientAjv } from "./lenient-ajv.js";
import { ConfigError, configError, parseYamlSource, yamlValue, type YamlSource } from "./config-error.js";
import { schemaFailures } from "./schema-errors.js";
import { packageRoot } from "./package-root.js";
import type { K8slintConfig } from "./config-types.js";

/** Names looked for in each directory, in this order. */
export const CONFIG_NAMES = [".k8slint.yaml", ".k8slint.yml", "k8slint.config.yaml"];

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its directory: relative paths and globs in it are resolved from here. */
  dir: string;
  config: K8slintConfig;
  source: YamlSource;
}

/**
 * The config file that applies to a directory: the nearest one found walking up from it. The walk
 * stops after the repository's top level (the directory holding .git), so a stray file in a
 * home directory does not configure every repository below it.
 */
export function findConfigFile(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const found = CONFIG_NAMES.filter((name) => isFile(path.join(dir, name)));
    // Two config files side by side: one would be silently unused, whatever it says.
    if (found.length > 1) throw new ConfigError(`${path.relative(process.cwd(), dir) || "."} holds ${found.join(" and ")}: k8slint reads one config file per directory; merge them into ${found[0]}`);
    if (found.length === 1) return path.join(dir, found[0]);
    const parent = path.dirname(dir);
    if (parent === dir || fs.existsSync(path.join(dir, ".git"))) return undefined;
    dir = parent;
  }
}

let validator: ValidateFunction | undefined;

function configValidator(): ValidateFunction {
  if (validator) return validator;
  const file = path.join(packageRoot(), "schema", "config.json");
  const schema = JSON.parse(fs.readFileSync(file, "utf8")) as { definitions?: { rules?: { properties?: unknown } } };
  // The per-rule entries are there for editors' completion. Rule ids and options are checked by
  // resolve-run.ts against the rules actually loaded (custom ones included), with the closest id
  // suggested; leaving them out of the compiled schema halves the cost of every run with a config.
  if (schema.definitions?.rules) delete schema.definitions.rules.properties;
  validator = lenientAjv().compile(schema);
  return validator;
}

/** A config file is a page of settings; anything this large is not one (`--config /dev/zero`). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and validates a config file; a mistake throws a ConfigError naming the key and its line. */
export function loadConfigFile(file: string, cwd: string = process.cwd()): LoadedConfig {
  const abs = path.resolve(cwd, file);
  const display = path.relative(cwd, abs) || abs;
  let text: string;
  try {
    text = readBoundedText(abs, MAX_CONFIG_BYTES);
  } catch (e) {
    throw new ConfigError(`${display}: cannot read config file: ${(e as Error).message}`);
  }
  const source = parseYamlSource(display, text);
  const err = source.doc.errors[0];
  if (err) {
    const pos = source.lineCounter.linePos(err.pos[0]);
    // The yaml package's own advice (use parseAllDocuments) is addressed to a programmer, not to the config's author.
    const message = err.code === "MULTIPLE_DOCS" ? "a config file is one YAML document: remove this `---` and what follows, or merge it into the first" : err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new ConfigError(`${display}:${pos.line}:${pos.col}: ${message}`);
  }
  const value: unknown = yamlValue(source) ?? {};
  const kube = (value as { kubeVersion?: unknown }).kubeVersion;
  if (typeof kube === "number") {
    throw configError(source, ["kubeVersion"], `must be a quoted string ("${kube}" is read as a number): write kubeVersion: "1.30"`);
  }
  const validate = configValidator();
  if (!validate(value)) {
    const [first] = schemaFailures(validate.errors);
    throw configError(source, first?.path ?? [], first?.message ?? "invalid configuration");
  }
  return { file: abs, dir: path.dirname(abs), config: value as K8slintConfig, source };
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}
