/** One-letter flags that take a value: -c FILE, -f FORMAT, -o FILE, -n NAMESPACE, -j N. */
const TAKES_VALUE = "cfonj";
/** One-letter flags that take none, which may come first in a group (`-vfjson`). */
const SWITCHES = "vqh";
const ATTACHED = new RegExp(`^-([${SWITCHES}]*[${TAKES_VALUE}])([^=].*)$`, "s");

/**
 * The command line as getopt reads it: a letter that takes a value takes the rest of its token
 * (`-fjson` is `-f json`, `-oreport.sarif` is `-o report.sarif`). yargs reads `-fjson` as the switches
 * -f -j -s -o and -n, and says "unknown flag: -s". Nothing after `--` changes.
 */
export function attachedValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") return [...out, ...argv.slice(i)];
    const m = ATTACHED.exec(argv[i]);
    if (m) out.push(`-${m[1]}`, m[2]);
    else out.push(argv[i]);
  }
  return out;
}
