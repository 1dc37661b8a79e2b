import fs from "node:fs";
import { guardRegExps, unsafePattern } from "../regexp-guard.js";
import { readBoundedText } from "../load/read-bounded.js";
import path from "node:path";
import type { Ajv, ValidateFunction, ErrorObject } from "ajv";
import { newAjv } from "../schema/ajv-loader.js";
import { isMap, parseAllDocuments, LineCounter, type Document, type Node } from "yaml";
import { defineRule, type Rule } from "../engine/rule.js";
import type { Category, ObjectPath, RuleMeta, Severity } from "../types.js";
import { formatPath } from "../engine/finding.js";
import { printablePath } from "../engine/message-values.js";
import { compareQuantities } from "../model/quantity.js";
import { ConfigError, configError, yamlValue, type YamlSource } from "./config-error.js";
import { schemaFailures, type SchemaFailure } from "./schema-errors.js";
import { customRuleSchema } from "./custom-rule-schema.js";
import { lenientAjv } from "./lenient-ajv.js";
import type { Resource } from "../model/resource.js";
import { canonicalSeverity } from "./config-types.js";

type Target = "object" | "workload" | "podSpec" | "container";

interface CustomRuleDefinition {
  id: string;
  title: string;
  description?: string;
  rationale?: string;
  severity?: Severity | "warn";
  category?: Category;
  message: string;
  remediation: string;
  helpUri?: string;
  match?: { apiVersions?: string[]; kinds?: string[]; namespaces?: string[]; target?: Target };
  schema: Record<string, unknown>;
}

/** Ajv with the quantity keywords that resource policies need (`maxQuantity: 2Gi`). */
function policyAjv(): Ajv {
  guardRegExps();
  // Without the u flag, patterns run on V8's linear-time engine when they backtrack too much (src/regexp-guard.ts).
  const ajv = newAjv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, unicodeRegExp: false });
  for (const [keyword, ok, words] of [
    ["maxQuantity", (c: number) => c <= 0, "at most"],
    ["minQuantity", (c: number) => c >= 0, "at least"],
  ] as const) {
    ajv.addKeyword({
      keyword,
      schemaType: ["string", "number"],
      metaSchema: { anyOf: [{ type: "string", pattern: "^[+-]?[0-9.]+([a-zA-Z]+[0-9+-]*)?$" }, { type: "number" }] },
      errors: true,
      validate: function check(limit: string | number, data: unknown): boolean {
        const self = check as { errors?: Partial<ErrorObject>[] };
        if (typeof data !== "string" && typeof data !== "number") return true;
        const c = compareQuantities(data, limit);
        if (c !== undefined && ok(c)) return true;
        self.errors = [{ keyword, params: { limit }, message: c === undefined ? "must be a Kubernetes quantity" : `must be ${words} ${limit}` }];
        return false;
      },
    });
  }
  return ajv;
}

let definitionValidator: ValidateFunction | undefined;

/**
 * Loads custom rules from files or directories (every *.yaml / *.yml inside, in name order). Each YAML
 * document is one rule. Any mistake throws a ConfigError at its line: a broken policy must not
 * silently pass every manifest.
 */
export function loadCustomRules(paths: readonly string[], baseDir: string, cwd: string, known: ReadonlySet<string>): Rule[] {
  const files: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(baseDir, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new ConfigError(`customRules: ${p}: no such file or directory (relative to ${path.relative(cwd, baseDir) || "."})`);
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) if (/\.ya?ml$/i.test(name)) files.push(path.join(abs, name));
    } else files.push(abs);
  }
  const ajv = policyAjv();
  definitionValidator ??= lenientAjv().compile(customRuleSchema);
  const rules: Rule[] = [];
  const ids = new Set(known);
  for (const file of files) {
    const display = path.relative(cwd, file) || file;
    let text: string;
    try {
      text = readBoundedText(file, 1024 * 1024);
    } catch (e) {
      throw new ConfigError(`${display}: cannot read custom rules: ${(e as Error).message}`);
    }
    for (const doc of splitDocuments(display, text)) {
      const value = yamlValue(doc);
      if (value === null || value === undefined) continue;
      if (!definitionValidator(value)) {
        const [first] = schemaFailures(definitionValidator.errors);
        throw configError(doc, first?.path ?? [], first?.message ?? "invalid custom rule");
      }
      const def = value as CustomRuleDefinition;
      if (ids.has(def.id)) throw configError(doc, ["id"], `rule id ${def.id} is already defined`);
      ids.add(def.id);
      const unsafe = unsafePatternIn(def.schema);
      if (unsafe) throw configError(doc, ["schema", ...unsafe.path], `pattern ${JSON.stringify(unsafe.pattern)} ${unsafe.reason}`);
      let validate: ValidateFunction;
      try {
        validate = ajv.compile(def.schema);
      } catch (e) {
        throw configError(doc, ["schema"], `invalid JSON Schema: ${(e as Error).message.split("\n")[0]}`);
      }
      rules.push(customRule(def, validate, display));
    }
  }
  return rules;
}

/** The first `pattern` (or `patternProperties` key) of a schema that could take exponential time, with its path. */
function unsafePatternIn(schema: unknown): { path: ObjectPath; pattern: string; reason: string } | undefined {
  const stack: Array<{ v: unknown; path: ObjectPath }> = [{ v: schema, path: [] }];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    for (const [k, sub] of Object.entries(v)) {
      if (k === "pattern" && typeof sub === "string") {
        const reason = unsafePattern(sub);
        if (reason) return { path: [...path, k], pattern: sub, reason };
      }
      if (k === "patternProperties" && sub && typeof sub === "object") {
        for (const key of Object.keys(sub)) {
          const reason = unsafePattern(key);
          if (reason) return { path: [...path, k, key], pattern: key, reason };
        }
      }
      stack.push({ v: sub, path: [...path, Array.isArray(v) ? Number(k) : k] });
    }
  }
  return undefined;
}

/** Each document of a custom rules file, with positions for one-line errors. */
function splitDocuments(display: string, text: string): YamlSource[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
  return list.map((doc) => {
    const src: YamlSource = { display, doc, lineCounter };
    const err = doc.errors[0];
    if (err) {
      const pos = lineCounter.linePos(err.pos[0]);
      throw new ConfigError(`${display}:${pos.line}:${pos.col}: ${err.message.split("\n")[0]}`);
    }
    if (doc.contents && !isMap(doc.contents as Node)) throw configError(src, [], "a custom rule must be a mapping (id, title, message, remediation, match, schema)");
    return src;
  });
}

/** `kinds: ["*Set"]`: `*` and `?` wildcards, run on V8's linear engine when they backtrack (src/regexp-guard.ts). */
function globRegex(globs: readonly string[] | undefined): RegExp | undefined {
  if (!globs) return undefined;
  guardRegExps();
  const alts = globs.map((g) => g.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, "."));
  return new RegExp(`^(?:${alts.join("|")})$`);
}

function customRule(def: CustomRuleDefinition, validate: ValidateFunction, file: string): Rule {
  const target: Target = def.match?.target ?? "object";
  const apiVersion = globRegex(def.match?.apiVersions);
  const kind = globRegex(def.match?.kinds);
  const namespace = globRegex(def.match?.namespaces);
  const meta: RuleMeta = {
    id: def.id,
    title: def.title,
    category: def.category ?? "best-practice",
    severity: canonicalSeverity(def.severity ?? "warning"),
    description: def.description ?? def.title,
    rationale: def.rationale ?? `A policy of this repository, defined in ${file}.`,
    remediation: def.remediation,
    references: {},
    customRuleFile: file,
    ...(def.helpUri ? { helpUri: def.helpUri } : {}),
  };
  const selected = (r: Resource) =>
    (!apiVersion || apiVersion.test(r.apiVersion)) && (!kind || kind.test(r.kind)) && (!namespace || namespace.test(r.namespace ?? ""));

  return defineRule({
    meta,
    check({ model, report }) {
      const check = (resource: Resource, value: unknown, at: ObjectPath, subject: string) => {
        if (validate(value)) return;
        for (const f of schemaFailures(validate.errors)) {
          report({ target: { resource, path: [...at, ...f.path] }, message: `${subject}${def.message}: ${describeField(f)}` });
        }
      };
      if (target === "object" || target === "workload") {
        for (const r of model.resources) {
          if (!selected(r)) continue;
          if (target === "workload" && !model.index.podTemplate(r)) continue;
          check(r, r.object, [], "");
        }
      } else if (target === "podSpec") {
        for (const pod of model.pods) if (selected(pod.resource)) check(pod.resource, pod.spec, pod.specPath, "");
      } else {
        for (const ref of model.containers) {
          if (ref.kind === "ephemeralContainer" || !selected(ref.pod.resource)) continue;
          check(ref.pod.resource, ref.container, ref.path, `${ref.kind === "initContainer" ? "init container" : "container"} "${ref.name}" `);
        }
      }
    },
  });
}

/** The failing field as the finding's path prints it: a key that could be a credential is named by its length. */
function describeField(f: SchemaFailure): string {
  return f.path.length ? `${formatPath(printablePath(f.path))} ${f.message}` : f.message;
}

