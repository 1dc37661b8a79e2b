import { toolVersion } from "./version.js";
import { configOptions, lintOptions, type LintArgs } from "./cli/lint-options.js";
import { EXIT_OK, EXIT_USAGE, STDIN_TOKEN, UsageError } from "./cli/usage.js";
import { writeFailure } from "./cli/write-failure.js";

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
        exitCode = await runLint(args as unknown as LintArgs);
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
    .version(toolVersion())
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw new UsageError(msg || err?.message || "invalid arguments");
    });
  try {
    // yargs drops a lone "-" (standard input): carry it through as a token no real path can be.
    await parser.parseAsync(argv.map((a) => (a === "-" ? STDIN_TOKEN : a)));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`k8slint: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  return exitCode;
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
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = stdoutFailed ? EXIT_USAGE : code;
    },
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`k8slint: internal error: ${msg.split("\n")[0]}\n`);
      if (process.env.K8SLINT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
