import type { PodTemplate } from "../model/pod-spec.js";
import type { EnforcedLevel } from "../model/pod-security-level.js";
import { hostNamespaces, hostPathVolumes, hostPorts, hostProcess, probeHosts } from "./host.js";
import { addedCapabilities, dropAll, privileged, privilegeEscalation } from "./privileges.js";
import { appArmor, procMount, seLinux } from "./profiles.js";
import { seccomp } from "./seccomp.js";
import { sysctls } from "./sysctls.js";
import { runAsNonRoot, runAsUser } from "./users.js";
import { restrictedVolumes } from "./volumes.js";
import type { Bar, Check, Refusal } from "./refusal.js";

/**
 * The Pod Security Standards' checks as pod-security-admission runs them, each judging the level and
 * version it is given: those of baseline first, then restricted's own (which return at baseline).
 */
const CHECKS: readonly Check[] = [
  hostProcess, hostNamespaces, privileged, addedCapabilities, hostPathVolumes, hostPorts, appArmor, seLinux, procMount, seccomp, sysctls, probeHosts,
  restrictedVolumes, privilegeEscalation, runAsNonRoot, runAsUser, dropAll,
];

/** Every reason admission refuses the pods of a template under the enforced level, in check order. */
export function refusals(pod: PodTemplate, bar: Bar): Refusal[] {
  const out: Refusal[] = [];
  // One callback for every check of the pod (each template is judged by all of them).
  const refuse = (r: Refusal) => void out.push(r);
  for (let i = 0; i < CHECKS.length; i++) CHECKS[i](pod, bar, refuse);
  return out;
}

/**
 * What admission certainly refuses where a namespace has several definitions, each enforcing a level
 * (the one applied last decides): the refusals of the first, the most lenient, that every other
 * definition's level and version makes too, of the same setting (Refusal.setting) or at the same place
 * for the same reason. Newer versions allow more (sysctls, SELinux types, user-namespaced pods), so a
 * lower pin does not imply the rest.
 */
export function certainRefusals(pod: PodTemplate, enforced: readonly EnforcedLevel[], kubeMinor: number): Refusal[] {
  const [first, ...others] = enforced;
  const out = refusals(pod, { ...first, kubeMinor });
  if (others.length === 0) return out;
  const made = others.map((e) => new Set(refusals(pod, { ...e, kubeMinor }).map(refusalKey)));
  return out.filter((r) => made.every((keys) => keys.has(refusalKey(r))));
}

function refusalKey(r: Refusal): string {
  return r.setting ?? `${r.owner}\u0000${JSON.stringify(r.path)}`;
}
