import { isRecord } from "../model/pod-spec.js";
import { escapeCelName, needsEscape } from "./escaping.js";
import { CEL_FORMATS, formatted } from "./formats.js";

/**
 * Manifest values as CEL sees them. The API server hands CEL typed objects: integer fields are CEL
 * ints, so `self.replicas == 3` holds for `replicas: 3`. The library reads JavaScript numbers as
 * doubles, so whole numbers become bigints here; maps and lists stay plain objects and arrays.
 */
const converted = new WeakMap<object, unknown>();

export function toCel(v: unknown, depth = 0): unknown {
  if (typeof v === "number") return Number.isInteger(v) && Number.isSafeInteger(v) ? BigInt(v) : v;
  if (typeof v !== "object" || v === null || depth > 500) return v;
  if (v instanceof Date) return v.toISOString();
  const cached = converted.get(v);
  if (cached !== undefined) return cached;
  let out: unknown;
  if (Array.isArray(v)) out = v.map((x) => toCel(x, depth + 1));
  else {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toCel(x, depth + 1);
    out = o;
  }
  // Objects are shared across policies and validations (and YAML aliases): convert each once.
  converted.set(v, out);
  return out;
}

/** A CEL value in a message: strings as they are, everything else in CEL's literal syntax. */
export function showCel(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(showQuoted).join(", ")}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${showQuoted(k)}: ${showQuoted(x)}`).join(", ")}}`;
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${showQuoted(x)}`).join(", ")}}`;
  }
  return String(v);
}

function showQuoted(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : showCel(v);
}

/**
 * toCel guided by the OpenAPI schema of the value, as the API server's UnstructuredToVal converts:
 * a field of type number is a double even when written whole (`ratio: 2` is 2.0, so `self.ratio *
 * 2.0` evaluates), an integer field an int, a string of format date, date-time, duration or byte a
 * timestamp, duration or bytes (formats.ts), and a property is found under its CEL name (escaping.ts:
 * `max-size` as max__dash__size). Values whose schema has none of these are toCel's.
 */
export function toCelBySchema(v: unknown, schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 500 || !needsSchema(schema)) return toCel(v, depth);
  if (typeof v === "number") return schema.type === "number" ? v : toCel(v, depth);
  if ((typeof v === "string" || v instanceof Date) && CEL_FORMATS.has(schema.format)) return formatted(schema.format, v) ?? toCel(v, depth);
  if (typeof v !== "object" || v === null) return toCel(v, depth);
  if (Array.isArray(v)) return v.map((x) => toCelBySchema(x, schema.items, depth + 1));
  const props = isRecord(schema.properties) ? schema.properties : undefined;
  const extra = isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const sub = props?.[k];
    // A property by its CEL name (none when CEL cannot name it); a map's keys are data, as written.
    const name = sub !== undefined ? escapeCelName(k) : k;
    if (name !== undefined) o[name] = toCelBySchema(x, sub ?? extra, depth + 1);
  }
  return o;
}

/**
 * Whether a schema has a node of type number, a format CEL reads as another type, or a property CEL
 * names otherwise (once per schema; a schema that contains itself stops).
 */
const guided = new WeakMap<object, boolean>();
function needsSchema(s: Record<string, unknown>, depth = 0): boolean {
  const known = guided.get(s);
  if (known !== undefined) return known;
  guided.set(s, false);
  const props = isRecord(s.properties) ? s.properties : {};
  let found = s.type === "number" || CEL_FORMATS.has(s.format) || Object.keys(props).some(needsEscape);
  if (!found && depth < 200) {
    const kids = [s.items, s.additionalProperties, ...Object.values(props)];
    found = kids.some((k) => isRecord(k) && needsSchema(k, depth + 1));
  }
  guided.set(s, found);
  return found;
}
