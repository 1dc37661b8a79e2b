import { toolVersion } from "./version.js";
import { configOptions, lintOptions, type LintArgs } from "./cli/lint-options.js";
import { EXIT_OK, EXIT_USAGE, STDIN_TOKEN, UsageError } from "./cli/usage.js";
import { writeFailure } from "./cli/write-failure.js";
import { closestId } from "./engine/closest-id.js";
import { attachedValues } from "./cli/attached-values.js";
import { visible } from "./report/sanitize.js";

// Commands live in src/cli/: the lint flags in lint-options.ts, each command in its own module. A
// command's module is imported when it runs, so `--version`, `--help` and a usage error load no rule,
// no reporter and no parser (a pre-commit hook starts k8slint on every commit).
export { EXIT_OK, EXIT_FINDINGS, EXIT_USAGE } from "./cli/usage.js";
export type { LintArgs } from "./cli/lint-options.js";

export async function main(argv: string[]): Promise<number> {
  // The one question scripts ask before anything else: answered without building the command table.
  if (argv.length === 1 && argv[0] === "--version") {
    process.stdout.write(`${toolVersion()}\n`);
    return EXIT_OK;
  }
  let exitCode = EXIT_OK;
  // yargs picks the completion script by $SHELL: `k8slint completion zsh` asks for one explicitly.
  if (argv[0] === "completion") {
    const shell = argv[1];
    if (argv.length > 2 || (shell !== undefined && !COMPLETION_SHELLS.includes(shell))) {
      process.stderr.write(`k8slint: completion: give a shell, ${COMPLETION_SHELLS.join(" or ")} (k8slint completion bash >> ~/.bashrc)\n`);
      return EXIT_USAGE;
    }
    if (shell !== undefined) process.env.SHELL = `/bin/${shell}`;
    if (shell === "bash") delete process.env.ZSH_NAME;
  }
  const { default: yargs } = await import("yargs");
  const parser = yargs()
    .scriptName("k8slint")
    .usage("$0 [paths..]\n\nLint Kubernetes manifests: files, directories (recursive) or - for standard input.")
    .command(
      "$0 [paths..]",
      "lint manifests",
      (y) => lintOptions(y.positional("paths", { type: "string", array: true, describe: "files or directories; - reads stdin" })),
      async (args) => {
        const { runLint } = await import("./cli/lint-command.js");
        // What follows "--" is paths, whatever they look like; yargs leaves them in `_`.
        const paths = [...((args.paths as string[] | undefined) ?? []), ...args._.map(String)];
        exitCode = await runLint({ ...args, paths } as unknown as LintArgs);
      },
    )
    .command(
      "rules",
      "list every rule (built-in and custom): id, category, default severity, what it reports",
      (y) => configOptions(y).option("format", { alias: "f", type: "string", choices: ["text", "json", "markdown"], default: "text", describe: "output format" }),
      async (args) => {
        const { runRulesCommand } = await import("./cli/rules-command.js");
        exitCode = await runRulesCommand(args as unknown as { format?: string; config?: string | false });
      },
    )
    .command(
      "explain <rule-id>",
      "describe a rule: what it reports, why, how to fix it, examples, options, equivalents in other tools",
      (y) => configOptions(y).positional("rule-id", { type: "string", demandOption: true }),
      async (args) => {
        const { runExplainCommand } = await import("./cli/rules-command.js");
        exitCode = await runExplainCommand({ ruleId: String(args.ruleId), config: (args as { config?: string | false }).config });
      },
    )
    .command(
      "init",
      "write a starter .k8slint.yaml here: every setting commented out, with the schema line for editors",
      (y) => y.option("force", { type: "boolean", default: false, describe: "replace an existing config file" }),
      async (args) => {
        const { runInit } = await import("./cli/init-command.js");
        exitCode = runInit({ force: Boolean(args.force) }, process.cwd());
      },
    )
    // yargs answers the script's --get-yargs-completions; its own completion command is hidden, since
    // with exitProcess(false) it would go on to lint a path named "completion".
    .completion(
      COMPLETION_KEY,
      false,
      (_current: string, _argv: unknown, completeDefault: (then: (err: Error | null, list?: string[]) => void) => void, done: (list: string[]) => void) => {
        // Without the default command's "$0", the hidden command, and one-letter aliases (yargs offers "-f" as "--f").
        completeDefault((_err, list) => done((list ?? []).filter((c) => !c.startsWith("$0") && !c.startsWith(COMPLETION_KEY) && !/^--.(:|$)/.test(c))));
      },
    )
    .command(
      "completion [shell]",
      "print the shell completion script: k8slint completion bash >> ~/.bashrc (or zsh >> ~/.zshrc)",
      (y) => y.positional("shell", { type: "string", choices: COMPLETION_SHELLS, describe: "default: by $SHELL" }),
      () => {
        // The types know only the no-argument form; the arguments name the command in the script's comments.
        (parser as unknown as { showCompletionScript($0: string, cmd: string): void }).showCompletionScript("k8slint", "completion");
      },
    )
    .command(
      "lsp",
      "run the Language Server Protocol server on stdin/stdout: diagnostics, fixes and suggestions as code actions, hover (for VS Code, Neovim, Helix, Zed, JetBrains)",
      (y) => y.option("stdio", { type: "boolean", describe: "talk over stdin/stdout (the default and only transport; accepted because clients pass it)" }),
      async () => {
        // Loaded only here: an ordinary run does not pay for the LSP libraries.
        const { startServer } = await import("./lsp/server.js");
        await new Promise<void>((resolve) => startServer().onExit(() => resolve()));
        exitCode = EXIT_OK;
      },
    )
    .strictCommands()
    .strictOptions()
    .recommendCommands()
    .version(toolVersion())
    .help()
    .alias("help", "h")
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(withFlagHint(msg || err?.message || "invalid arguments", parser as unknown as OptionTable));
    });
  // yargs completes the flags of the top level only: there, the lint command's are the top level's.
  if (argv.includes("--get-yargs-completions")) lintOptions(parser);
  try {
    // yargs drops a lone "-" (standard input): carry it through as a token no real path can be.
    await parser.parseAsync(argv.map((a) => (a === "-" ? STDIN_TOKEN : a)));
  } catch (e) {
    if (e instanceof UsageError) {
      // It may name a file or a value from the input (a file name of the repository with a terminal escape in it).
      process.stderr.write(`k8slint: ${visible(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
}

const COMPLETION_SHELLS = ["bash", "zsh"];
const COMPLETION_KEY = "__complete";

/**
 * yargs says "Unknown argument: formt" (or "Unknown arguments: a, b") without a suggestion: the
 * closest flag of the command is added, as ESLint and git do.
 */
interface OptionTable {
  getOptions(): { key: Record<string, unknown> };
}

function withFlagHint(message: string, y: OptionTable | undefined): string {
  // yargs' "Invalid values:\n  Argument: fail-on, Given: …, Choices: …" in one line, as every usage error is.
  const choice = /^Invalid values?:\s*\n\s*Argument: ([\w-]+), Given: (.+), Choices: (.+)$/s.exec(message);
  if (choice) return `--${choice[1]} ${choice[2].trim()}: choose one of ${choice[3].replace(/\s*\n\s*/g, " ").trim()}`;
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (!m || !y) return message;
  const flags = Object.keys(y.getOptions().key).filter((k) => k.length > 1 && !k.includes("$") && !/[A-Z]/.test(k));
  const hints = m[1].split(", ").map((raw) => {
    const name = raw.replace(/^-+/, "");
    const flag = `${name.length === 1 ? "-" : "--"}${name}`;
    // A single letter is too little to guess from.
    const near = name.length > 2 ? closestId(name, flags) : undefined;
    return near ? `${flag} (did you mean --${near}?)` : flag;
  });
  return `unknown ${hints.length === 1 ? "flag" : "flags"}: ${hints.join(", ")}; k8slint --help lists them`;
}

/** Entry point of bin/k8slint: never a stack trace, whatever happens. */
export function run(): void {
  // A full disk (`> /dev/full`) or a reader that went away (`| head`) is a one-line error and exit 2,
  // never a stack trace; reports written to files are written all the same.
  let stdoutFailed = false;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (!stdoutFailed) process.stderr.write(`k8slint: cannot write to standard output: ${writeFailure(e)}\n`);
    stdoutFailed = true;
    process.exitCode = EXIT_USAGE;
    // A pipe whose reader left cannot take the rest of the report: nothing more to do.
    if (e.code === "EPIPE") process.exit(EXIT_USAGE);
  });
  // Nowhere left to say anything: the exit status is the message.
  process.stderr.on("error", () => {
    process.exitCode = EXIT_USAGE;
  });
  // Every reader of the command line (yargs, the -f/-o pairing, --staged's flags) reads it as getopt does.
  process.argv.splice(2, Infinity, ...attachedValues(process.argv.slice(2)));
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = stdoutFailed ? EXIT_USAGE : code;
    },
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`k8slint: internal error: ${visible(msg.split("\n")[0])}\n`);
      if (process.env.K8SLINT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
