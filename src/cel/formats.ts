import { Environment } from "@marcbachmann/cel-js";

/**
 * String fields whose OpenAPI format gives them another CEL type, as the API server's UnstructuredToVal
 * converts them (k8s.io/apiserver/pkg/cel/common/values.go): date and date-time are timestamps, duration
 * a duration, byte the decoded bytes. A value that does not parse stays the string: the format check
 * of the crd-validation rule reports it, and a rule comparing it fails to evaluate, never passes.
 */
export const CEL_FORMATS: ReadonlySet<unknown> = new Set(["date", "date-time", "duration", "byte"]);

/** strfmt.ParseDateTime's layouts: RFC 3339 and its variants without seconds, zone or the colon in the zone, a space for T. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** base64.StdEncoding, padded, as strfmt.Base64 decodes. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const NANOS: Record<string, bigint> = { ns: 1n, us: 1000n, "µs": 1000n, "μs": 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
/** strfmt's extra units, each by its names; the last name of each also matches as a prefix (`hours`). */
const STRFMT_UNITS: Array<[bigint, string[]]> = [
  [NANOS.ns, ["ns", "nano"]],
  [NANOS.us, ["us", "µs", "micro"]],
  [NANOS.ms, ["ms", "milli"]],
  [NANOS.s, ["s", "sec"]],
  [NANOS.m, ["m", "min"]],
  [NANOS.h, ["h", "hr", "hour"]],
  [24n * NANOS.h, ["d", "day"]],
  [7n * 24n * NANOS.h, ["w", "wk", "week"]],
];

/** Go's time.ParseDuration, in nanoseconds. */
function goDuration(s: string): bigint | undefined {
  if (s === "0" || s === "+0" || s === "-0") return 0n;
  const m = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (!m) return undefined;
  let total = 0n;
  for (const [, int, frac, unit] of m[2].matchAll(/(\d*)\.?(\d*)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const scale = 10n ** BigInt(frac.length);
    total += BigInt(int || "0") * NANOS[unit] + (BigInt(frac || "0") * NANOS[unit]) / scale;
  }
  return m[1] === "-" ? -total : total;
}

/** strfmt.ParseDuration: Go's syntax, else the sum of its `<digits> <unit>` parts, if any unit is known. */
function strfmtDuration(s: string): bigint | undefined {
  const go = goDuration(s);
  if (go !== undefined) return go;
  let total = 0n;
  let ok = false;
  for (const [, factor, name] of s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)) {
    const unit = name.toLowerCase();
    for (const [nanos, variants] of STRFMT_UNITS) {
      variants.forEach((v, i) => {
        if ((i === variants.length - 1 && unit.startsWith(v)) || v === unit) {
          ok = true;
          total += BigInt(factor) * nanos;
        }
      });
    }
  }
  return ok ? total : undefined;
}

let durationClass: (new (seconds: bigint, nanos: number) => unknown) | undefined;

/** A duration of the library (its class is not exported: taken from a value of it). */
function celDuration(nanos: bigint): unknown {
  durationClass ??= (new Environment().evaluate("duration('0s')") as { constructor: new (seconds: bigint, nanos: number) => unknown }).constructor;
  return new durationClass(nanos / 1_000_000_000n, Number(nanos % 1_000_000_000n));
}

/** The CEL value of a string field of the given format; undefined when it keeps the string. */
export function formatted(format: unknown, v: string | Date): unknown {
  if (v instanceof Date) return format === "date" || format === "date-time" ? v : undefined;
  switch (format) {
    case "date-time": {
      const m = DATE_TIME.exec(v);
      if (!m) return undefined;
      const zone = !m[4] || /z/i.test(m[4]) ? "Z" : m[4].length === 5 ? `${m[4].slice(0, 3)}:${m[4].slice(3)}` : m[4];
      const t = new Date(`${m[1]}T${m[2]}${m[3] ?? ":00"}${zone}`);
      return Number.isNaN(t.getTime()) ? undefined : t;
    }
    case "date": {
      const t = DATE.test(v) ? new Date(`${v}T00:00:00Z`) : undefined;
      return t && !Number.isNaN(t.getTime()) && t.toISOString().startsWith(v) ? t : undefined;
    }
    case "duration": {
      const nanos = strfmtDuration(v);
      return nanos === undefined ? undefined : celDuration(nanos);
    }
    case "byte":
      return BASE64.test(v) ? new Uint8Array(Buffer.from(v, "base64")) : undefined;
  }
  return undefined;
}
