export type ReportFlag = "format" | "output";

const NAMES: Record<string, ReportFlag> = { format: "format", f: "format", output: "output", o: "output" };
/** What yargs-parser takes for a negative number rather than a flag (`--max-warnings -1`). */
const NEGATIVE = /^-([0-9]+(\.[0-9]+)?|\.[0-9]+)$/;

/**
 * The order in which -f/--format and -o/--output occur on the command line. yargs hands each over as
 * an array of its own, in order, but not how the two interleave, and `-o FILE` pairs with the
 * `--format` before it. Tokens are read as yargs-parser reads them: long flags with or without `=`
 * (`--format=json`), short groups (`-qf json`, `-f=json`, `-o./out.txt`: a letter followed by a
 * non-word character takes the rest of the token as its value), nothing after `--`. A token that
 * starts with "-" is never another flag's value (yargs does not take one as such), except a negative
 * number, which names no flag; so no value is mistaken for a flag.
 */
export function reportFlagOrder(argv: readonly string[]): ReportFlag[] {
  const order: ReportFlag[] = [];
  for (const arg of argv) {
    if (arg === "--") break;
    if (arg.startsWith("--")) {
      const flag = NAMES[arg.slice(2).split("=")[0]];
      if (flag) order.push(flag);
    } else if (arg.length > 1 && arg.startsWith("-") && !NEGATIVE.test(arg)) {
      for (let j = 1; j < arg.length; j++) {
        const flag = NAMES[arg[j]];
        if (flag) order.push(flag);
        const rest = arg.slice(j + 1);
        // The rest of the token is this letter's value: `-f=json`, `-o/tmp/x`, `-j2`.
        if (rest === "" || /^\W/.test(rest) || (/[A-Za-z]/.test(arg[j]) && /^-?\d+(\.\d*)?(e-?\d+)?$/.test(rest))) break;
      }
    }
  }
  return order;
}
