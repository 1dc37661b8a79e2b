import path from "node:path";
import { displayPath } from "../lint.js";
import { resolveRunAsync } from "../config/resolve-run.js";
import { ConfigError } from "../config/config-error.js";
import { EXIT_OK, UsageError } from "./usage.js";
import { DEFAULT_KUBE_VERSION } from "../kube-version.js";
import type { LintArgs } from "./lint-options.js";

/**
 * `--print-config FILE`: the settings that apply to one file, as the run would apply them (config file,
 * its overrides for that file, then the flags), as JSON. The file need not exist: the answer is about
 * its path, as for ESLint's flag of the same name.
 */
export async function printConfig(args: LintArgs, cwd: string): Promise<number> {
  const file = args.printConfig ?? "";
  if (file === "") throw new UsageError("--print-config needs a file name");
  let run;
  try {
    run = await resolveRunAsync(args, cwd);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  const { lintOptions } = run;
  const display = displayPath(file, cwd);
  const rules: Record<string, { severity: string; options?: Record<string, unknown> }> = {};
  for (const rule of [...lintOptions.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const severity = lintOptions.settings.enabled(rule) ? (lintOptions.settings.severityFor(rule.meta.id, display) ?? rule.meta.severity) : "off";
    const options = lintOptions.settings.optionsFor(rule);
    rules[rule.meta.id] = Object.keys(options).length > 0 ? { severity, options } : { severity };
  }
  const printed = {
    file: display,
    configFile: run.config ? displayPath(run.config.file, cwd) : null,
    ignored: lintOptions.ignore?.(path.resolve(cwd, file), false) ?? false,
    failOn: run.failOn,
    maxWarnings: run.maxWarnings ?? null,
    namespace: lintOptions.namespace ?? "default",
    kubeVersion: lintOptions.kubeVersion ?? DEFAULT_KUBE_VERSION,
    external: lintOptions.external ?? [],
    // Paths given for context (flags and the config file's, which is relative to the config).
    policies: (lintOptions.policies ?? []).map((p) => displayPath(p, cwd)),
    crds: (lintOptions.crds ?? []).map((p) => displayPath(p, cwd)),
    rules,
  };
  process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
  return EXIT_OK;
}
