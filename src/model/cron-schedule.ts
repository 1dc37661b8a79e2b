/**
 * A CronJob schedule as the API server parses it: `cron.ParseStandard` of robfig/cron v3, which
 * pkg/apis/batch/validation calls. Five fields (minute, hour, day of month, month, day of week), or a
 * descriptor (@hourly … @yearly, @every <duration>). It differs from many crontabs: day of week runs
 * 0–6 (7 is refused), ranges never wrap (`sat-sun` is refused), and names are three letters.
 */

interface Bounds {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export const CRON_FIELDS: readonly Bounds[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day of week", min: 0, max: 6, names: DAYS },
];

/** A run of what Go's unicode.IsSpace calls white space (not JavaScript's \s: U+0085 in, U+FEFF out), kept by split. */
const SPACE = /([\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+)/u;

const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);

/** Why the schedule is refused (in the terms of the field at fault), or undefined when it parses. */
export interface CronProblem {
  message: string;
  /** The field (0–4) at fault, when one is. */
  field?: number;
}

export function cronProblem(schedule: string): CronProblem | undefined {
  let spec = schedule;
  if (spec.length === 0) return { message: "is empty" };
  // A TZ= or CRON_TZ= prefix names a location before the fields (validation refuses it separately).
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    if (space < 0) return { message: "has a time zone prefix and no fields" };
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith("@")) {
    if (DESCRIPTORS.has(spec)) return undefined;
    if (spec.startsWith("@every ")) return goDuration(spec.slice("@every ".length)) ? undefined : { message: `has an @every duration that is not one (as "1h30m")` };
    return { message: `uses the unknown descriptor ${JSON.stringify(spec)} (known: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually, @every <duration>)` };
  }
  // Go's strings.Fields: any run of white space separates (the separators are the odd parts).
  const fields = spec.split(SPACE).filter((f, i) => i % 2 === 0 && f !== "");
  if (fields.length !== 5) return { message: `has ${fields.length} fields where the API server reads exactly 5 (minute, hour, day of month, month, day of week)` };
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(fields[i], CRON_FIELDS[i]);
    if (problem) return { message: `${CRON_FIELDS[i].name} ${JSON.stringify(fields[i])}: ${problem}`, field: i };
  }
  return undefined;
}

function fieldProblem(field: string, r: Bounds): string | undefined {
  // Go's strings.FieldsFunc on commas: empty items are dropped, not refused.
  for (const expr of field.split(",").filter((e) => e !== "")) {
    const problem = rangeProblem(expr, r);
    if (problem) return problem;
  }
  return undefined;
}

function rangeProblem(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  let start: number;
  let end: number;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = r.min;
    end = r.max;
  } else {
    const low = intOrName(lowAndHigh[0], r);
    if (typeof low === "string") return low;
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = intOrName(lowAndHigh[1], r);
      if (typeof high === "string") return high;
      end = high;
    } else return "has more than one -";
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = goAtoi(rangeAndStep[1]);
    if (s === undefined) return `${JSON.stringify(rangeAndStep[1])} is not a step (a number)`;
    if (s < 0) return "has a negative step";
    step = s;
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = r.max;
  } else if (rangeAndStep.length > 2) return "has more than one /";
  if (start < r.min) return `${start} is below ${r.min}`;
  if (end > r.max) return r.names === DAYS && end === 7 ? "7 is above 6 (Sunday is 0, or SUN)" : `${end} is above ${r.max}`;
  if (start > end) return `the range runs backwards (${start} after ${end}); ranges do not wrap around${r.names === DAYS ? " (sat,sun rather than sat-sun)" : ""}`;
  if (step === 0) return "has a step of 0";
  return undefined;
}

function intOrName(text: string, r: Bounds): number | string {
  const named = r.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  const n = goAtoi(text);
  if (n === undefined) return text === "" ? "has an empty value (a dangling - or ,)" : `${JSON.stringify(text)} is not a number${r.names ? ` or a three-letter ${r.name === "month" ? "month (JAN–DEC)" : "day (SUN–SAT)"}` : ""}`;
  if (n < 0) return "has a negative number";
  return n;
}

/** strconv.Atoi: optional sign, decimal digits, within 64 bits. */
function goAtoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : Number.isFinite(n) ? Math.sign(n) * Number.MAX_SAFE_INTEGER : undefined;
}

/** time.ParseDuration: a sequence of decimal numbers with units ns, us, µs, ms, s, m, h ("0" alone too). */
function goDuration(text: string): boolean {
  if (text === "0" || text === "+0" || text === "-0") return true;
  return /^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$/u.test(text);
}


/**
 * The schedule with a day of week 7 written as 0, where that is all that is wrong: every crontab that
 * takes 7 means Sunday by it. `1-7` becomes `1-6,0`. Undefined when anything else is refused too.
 */
export function sundayAsZero(schedule: string): string | undefined {
  const problem = cronProblem(schedule);
  if (!problem || problem.field !== 4) return undefined;
  const parts = schedule.split(SPACE);
  // parts alternate field, separator; the day of week is the last field (no prefix: field 4 failed).
  const last = parts.length - 1 - (parts[parts.length - 1] === "" ? 2 : 0);
  const items = parts[last].split(",").map((item) => (item === "7" ? "0" : /^([0-6]|sun|mon|tue|wed|thu|fri|sat)-7$/i.test(item) ? `${item.slice(0, -2)}-6,0` : item));
  // 0,7 was Sunday twice: once is enough.
  parts[last] = [...new Set(items)].join(",");
  const fixed = parts.join("");
  return fixed !== schedule && cronProblem(fixed) === undefined ? fixed : undefined;
}
