import{CONFIG_NAMES,findConfigFile}from"./chunk-III27YAO.js";import{EXIT_OK,UsageError}from"./chunk-4HNGOZ7Q.js";import"./chunk-43V2JZ2M.js";import"./chunk-HDG3VSEK.js";import"./chunk-V7P7M2AE.js";import"./chunk-URE7IEYO.js";import fs from"node:fs";import path from"node:path";var CONFIG_SCHEMA_ID="https://github.com/k8slint/k8slint/raw/main/schema/config.json";var FILE=".k8slint.yaml",STARTER_CONFIG=`# k8slint configuration: https://github.com/k8slint/k8slint#the-config-file
# yaml-language-server: $schema=${CONFIG_SCHEMA_ID}
$schema: ${CONFIG_SCHEMA_ID}

# A rule's severity (off | info | warning | error), or its options. \`k8slint rules\` lists the rules,
# \`k8slint explain <rule-id>\` shows one. Opt-in rules (image-digest, \u2026) are off until set here.
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
`;function runInit(args,cwd){let target=path.join(cwd,FILE),existing=CONFIG_NAMES.map(n=>path.join(cwd,n)).find(f=>fs.existsSync(f));if(existing&&!args.force)throw new UsageError(`${path.basename(existing)} exists already: edit it, or pass --force to replace it with a starter config`);let above;try{above=findConfigFile(cwd)}catch{above=void 0}try{fs.writeFileSync(target,STARTER_CONFIG)}catch(e){throw new UsageError(`cannot write ${FILE}: ${e.message.split(`
`)[0]}`)}return process.stderr.write(`k8slint: wrote ${FILE}${above&&path.dirname(above)!==cwd?` (it takes the place of ${path.relative(cwd,above)} for this directory)`:""}
`),0}export{STARTER_CONFIG,runInit};
