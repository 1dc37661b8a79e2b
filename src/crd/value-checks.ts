import { isIPv6 } from "node:net";
import type { ObjectPath } from "../types.js";
import { isRecord } from "../model/pod-spec.js";
import { re2 } from "../cel/re2.js";
import type { SchemaNode } from "./walk-schema.js";

/** A violation of the schema features the `schema` rule leaves to this one: pattern, format, list types. */
export interface ValueProblem {
  path: ObjectPath;
  message: string;
}

/** Patterns compiled once per process; undefined when JavaScript cannot run the RE2 pattern (skipped). */
const patterns = new Map<string, RegExp | undefined>();

function pattern(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    let re: RegExp | undefined;
    try {
      re = re2(source);
    } catch {
      re = undefined;
    }
    patterns.set(source, re);
  }
  return patterns.get(source);
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// strfmt's IsDateTime splits on "t" (either case): a space between date and time is refused.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** net.ParseMAC's forms: 6, 8 or 20 octets, by colons, by hyphens, or in dotted groups of four digits. */
const MAC = /^(?:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){19}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){3}|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){9})$/;
const IPV4_SLOPPY = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as netutils.ParseIPSloppy reads it: leading zeros tolerated (010.1.1.1 is 10.1.1.1). */
function isIPv4Sloppy(s: string): boolean {
  const m = IPV4_SLOPPY.exec(s);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}
const NOT_AS_GO = /[\uD800-\uDFFF\r\u2028\u2029]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The formats the API server validates (k8s.io/kube-openapi/pkg/validation/strfmt) that have one
 * unambiguous syntax. Other formats, and unknown ones, are accepted, as the API server accepts them.
 */
const FORMATS: Record<string, (s: string) => boolean> = {
  uuid: (s) => UUID.test(s),
  ipv4: (s) => isIPv4Sloppy(s),
  ipv6: (s) => isIPv6(s),
  cidr: (s) => {
    const [ip, bits, more] = s.split("/");
    if (more !== undefined || !bits || !/^\d{1,3}$/.test(bits)) return false;
    return (isIPv4Sloppy(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
  },
  mac: (s) => MAC.test(s),
  date: (s) => DATE.test(s) && !Number.isNaN(Date.parse(s)),
  "date-time": (s) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
  byte: (s) => BASE64.test(s),
};

function scalarKey(v: unknown): string {
  return typeof v === "object" && v !== null ? JSON.stringify(v) : `${typeof v}:${String(v)}`;
}

export function valueProblems(node: SchemaNode): ValueProblem[] {
  const { schema, value, path } = node;
  const out: ValueProblem[] = [];
  if (typeof value === "string") {
    if (typeof schema.pattern === "string") {
      // Without the u flag (see re2.ts) JavaScript counts a character beyond the BMP as two and its `.`
      // leaves out \r, \u2028 and \u2029, where Go's counts runes and leaves out only \n: a value with
      // any of those is not judged.
      const re = NOT_AS_GO.test(value) ? undefined : pattern(schema.pattern);
      if (re && !re.test(value)) out.push({ path, message: `${JSON.stringify(value)} does not match the pattern ${JSON.stringify(schema.pattern)} of its CustomResourceDefinition` });
    }
    const check = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
    if (check && !check(value)) out.push({ path, message: `${JSON.stringify(value)} is not a valid ${schema.format}` });
  }
  if (Array.isArray(value)) {
    const type = schema["x-kubernetes-list-type"];
    if (type === "set") {
      const seen = new Set<string>();
      value.forEach((x, i) => {
        const k = scalarKey(x);
        if (seen.has(k)) out.push({ path: [...path, i], message: `duplicate value ${JSON.stringify(x)} in a list of x-kubernetes-list-type set` });
        seen.add(k);
      });
    } else if (type === "map" && Array.isArray(schema["x-kubernetes-list-map-keys"])) {
      const keys = (schema["x-kubernetes-list-map-keys"] as unknown[]).filter((k): k is string => typeof k === "string");
      const seen = new Set<string>();
      value.forEach((x, i) => {
        if (!isRecord(x)) return;
        const k = JSON.stringify(keys.map((name) => x[name] ?? null));
        if (seen.has(k)) out.push({ path: [...path, i], message: `duplicate entry for key ${keys.map((name) => `${name}=${JSON.stringify(x[name] ?? null)}`).join(", ")} in a list of x-kubernetes-list-type map` });
        seen.add(k);
      });
    }
  }
  return out;
}
