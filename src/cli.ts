import { toolVersion } from "./version.js";
import { configOptions, lintOptions, type LintArgs } from "./cli/lint-options.js";
import { EXIT_OK, EXIT_USAGE, STDIN_TOKEN, UsageError } from "./cli/usage.js";

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
  // `k8slint rules | head`: a reader that goes away early ends the output, not the process with a trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? EXIT_OK);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`k8slint: internal error: ${msg.split("\n")[0]}\n`);
      if (process.env.K8SLINT_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
