import type { Rule } from "../src/engine/rule.js";
// Input
import yamlSyntax from "./yaml-syntax.js";
import duplicateKey from "./duplicate-key.js";
import unreadableFile from "./unreadable-file.js";
// Pod security
import runAsNonRoot from "./run-as-non-root.js";
import allowPrivilegeEscalation from "./allow-privilege-escalation.js";
import readOnlyRootFilesystem from "./read-only-root-filesystem.js";
import dropAllCapabilities from "./drop-all-capabilities.js";
import seccompProfile from "./seccomp-profile.js";
// Resources and reliability
import resourceRequests from "./resource-requests.js";
import resourceLimits from "./resource-limits.js";
import imageTag from "./image-tag.js";
import livenessProbe from "./liveness-probe.js";
import readinessProbe from "./readiness-probe.js";

/** Every built-in rule, in the order they run and are listed. */
export const builtinRules: Rule[] = [
  yamlSyntax,
  duplicateKey,
  unreadableFile,
  runAsNonRoot,
  allowPrivilegeEscalation,
  readOnlyRootFilesystem,
  dropAllCapabilities,
  seccompProfile,
  resourceRequests,
  resourceLimits,
  imageTag,
  livenessProbe,
  readinessProbe,
];
