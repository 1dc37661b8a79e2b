import type { ObjectPath } from "../types.js";
import type { FixSpec } from "../engine/fix.js";
import type { PodTemplate } from "../model/pod-spec.js";
import type { EnforcedLevel } from "../model/pod-security-level.js";

/**
 * One reason Pod Security admission refuses a pod: a setting a check of the enforced level forbids,
 * where it is written (or, for a missing one, where it belongs).
 */
export interface Refusal {
  /** The rule that judges this setting; a finding of it about the same setting is reported instead. */
  owner: string;
  path: ObjectPath;
  /** A short fact, as the owner rule would word it (`container "app" does not drop ALL capabilities`). */
  message: string;
  /** Paths at which a finding of the owner is about this setting (a missing field's finding is at its parent). */
  at: readonly ObjectPath[];
  /** Paths below which every finding of the owner is about this setting (a container's capabilities). */
  below?: readonly ObjectPath[];
  /** A change that satisfies the check and cannot stop the pod from starting (see Report.fix). */
  fix?: FixSpec;
  /**
   * The setting judged, where versions of a check read it at different places (a seccomp profile by its
   * annotation up to v1.18, by its field after) or leave it to different rules (a sysctl written with
   * slashes): two definitions of a namespace refuse the same thing when this is the same, else when
   * owner and path are.
   */
  setting?: string;
}

/** What the checks judge a pod by: the level and version enforced, and the target's minor version. */
export interface Bar extends EnforcedLevel {
  /** The minor version the cluster runs (--kube-version): admission has only the checks its release has. */
  kubeMinor: number;
}

export type Check = (pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void) => void;

/**
 * Whether pod-security-admission exempts the pod from the restricted checks that only Linux has
 * (allowPrivilegeEscalation, seccomp, capabilities): from v1.25, and only for `spec.os.name: windows`,
 * not for a Windows node selector.
 */
export function exemptWindows(pod: PodTemplate, bar: Bar): boolean {
  const os = (pod.spec as { os?: unknown }).os;
  return bar.minor >= 25 && typeof os === "object" && os !== null && (os as { name?: unknown }).name === "windows";
}
