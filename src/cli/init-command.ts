import fs from "node:fs";
import path from "node:path";
import { CONFIG_SCHEMA_ID } from "../config/config-schema.js";
import { CONFIG_NAMES, findConfigFile } from "../config/load-config.js";
import { EXIT_OK, UsageError } from "./usage.js";

const FILE = ".k8slint.yaml";

/**
 * The starter config `k8slint init` writes: the schema (editors complete and check what follows), and
 * every setting commented out with an example, so the file changes nothing until someone edits it.
 */
export const STARTER_CONFIG = `# k8slint configuration: https://github.com/k8slint/k8slint#the-config-file
# yaml-language-server: $schema=${CONFIG_SCHEMA_ID}
$schema: ${CONFIG_SCHEMA_ID}

# A rule's severity (off | info | warning | error), or its options. \`k8slint rules\` lists the rules,
# \`k8slint explain <rule-id>\` shows one. Opt-in rules (image-digest, …) are off until set here.
# rules:
#   image-tag: error
#   resource-limits:
#     options: {cpu: false}

# Other severities for some files: the last override whose files match decides.
# overrides:
#   - files: ["k8s/jobs/**"]
#     rules: {liveness-probe: off}

# Files and directories not to lint, in gitignore syntax (.k8slintignore is read too).
# ignore: ["k8s/generated/"]

# Exit 1 when a finding is at or above this severity: error (the default), warning, info, or never.
# failOn: error

# Namespace of objects that set none, and the Kubernetes version to check against.
# namespace: default
# kubeVersion: "1.36"

# Objects that exist in the cluster but not in this repository: Kind/namespace/name or Kind/name.
# external: [Secret/shop/api-tls]

# CustomResourceDefinitions the cluster has but this repository does not (installed with their
# operator's chart): custom resources are validated against them.
# crds: [vendor/crds/]

# Files or directories of custom rules (YAML).
# customRules: [policies/]
`;

/** `k8slint init`: writes .k8slint.yaml in the working directory, never over an existing config. */
export function runInit(args: { force?: boolean }, cwd: string): number {
  const target = path.join(cwd, FILE);
  const existing = CONFIG_NAMES.map((n) => path.join(cwd, n)).find((f) => fs.existsSync(f));
  if (existing && !args.force) throw new UsageError(`${path.basename(existing)} exists already: edit it, or pass --force to replace it with a starter config`);
  let above: string | undefined;
  try {
    above = findConfigFile(cwd);
  } catch {
    above = undefined; // two config files above: the run that reads them says so
  }
  try {
    fs.writeFileSync(target, STARTER_CONFIG);
  } catch (e) {
    throw new UsageError(`cannot write ${FILE}: ${(e as Error).message.split("\n")[0]}`);
  }
  process.stderr.write(`k8slint: wrote ${FILE}${above && path.dirname(above) !== cwd ? ` (it takes the place of ${path.relative(cwd, above)} for this directory)` : ""}\n`);
  return EXIT_OK;
}
