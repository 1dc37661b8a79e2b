import type { PodTemplate } from "../model/pod-spec.js";
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
  for (const check of CHECKS) check(pod, bar, (r) => out.push(r));
  return out;
}
