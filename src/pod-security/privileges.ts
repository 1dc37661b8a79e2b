import { containersOf, isRecord, type ContainerRef, type PodTemplate } from "../model/pod-spec.js";
import { isPrivileged, securityContextPath } from "../model/security-context.js";
import { isWindowsPod } from "../model/pod-os.js";
import { BASELINE_CAPABILITIES, RESTRICTED_CAPABILITIES } from "./allowed-values.js";
import { exemptWindows, type Bar, type Refusal } from "./refusal.js";

/** Baseline, check_privileged.go: no container runs privileged. */
export function privileged(pod: PodTemplate, _bar: Bar, refuse: (r: Refusal) => void): void {
  for (const ref of containersOf(pod)) {
    const csc = ref.container.securityContext;
    if (!isRecord(csc) || csc.privileged !== true) continue;
    const path = [...ref.path, "securityContext", "privileged"];
    refuse({ owner: "privileged-container", path, message: `container "${ref.name}" runs privileged`, at: [path] });
  }
}

/**
 * Capabilities a container adds, compared as written (CAP_CHOWN and chown are not CHOWN): baseline
 * allows the runtime's defaults (check_capabilities_baseline.go); restricted, from v1.22, only
 * NET_BIND_SERVICE, and from v1.25 exempts Windows pods (check_capabilities_restricted.go).
 */
export function addedCapabilities(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  const restricted = bar.level === "restricted" && bar.minor >= 22;
  if (restricted && exemptWindows(pod, bar)) return;
  const allowed = restricted ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
  for (const ref of containersOf(pod)) {
    const caps = capabilities(ref);
    if (!Array.isArray(caps?.add)) continue;
    caps.add.forEach((c, i) => {
      if (typeof c !== "string" || allowed.has(c)) return;
      const path = [...ref.path, "securityContext", "capabilities", "add", i];
      refuse({ owner: "dangerous-capabilities", path, message: `container "${ref.name}" adds capability ${c}`, at: [path] });
    });
  }
}

/**
 * Restricted from v1.22, check_capabilities_restricted.go: every container drops ALL, written so.
 * A privileged container holds every capability whatever it drops: privileged is its refusal.
 */
export function dropAll(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.level !== "restricted" || bar.minor < 22 || exemptWindows(pod, bar)) return;
  for (const ref of containersOf(pod)) {
    if (isPrivileged(ref)) continue;
    const drop = capabilities(ref)?.drop;
    if (Array.isArray(drop) && drop.includes("ALL")) continue;
    const capsPath = [...ref.path, "securityContext", "capabilities"];
    const path = Array.isArray(drop) ? [...capsPath, "drop"] : capabilities(ref) ? capsPath : securityContextPath(ref);
    refuse({ owner: "drop-all-capabilities", path, message: `container "${ref.name}" does not drop ALL capabilities${windowsNote(ref.pod, bar)}`, at: [securityContextPath(ref)], below: [capsPath] });
  }
}

/**
 * Restricted from v1.8, check_allowPrivilegeEscalation.go: every container sets
 * allowPrivilegeEscalation: false (Windows pods exempt from v1.25). The API server refuses false on a
 * privileged container or one adding CAP_SYS_ADMIN: privileged, or the capability, is the refusal there.
 */
export function privilegeEscalation(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.level !== "restricted" || bar.minor < 8 || exemptWindows(pod, bar)) return;
  for (const ref of containersOf(pod)) {
    const csc = ref.container.securityContext;
    const value = isRecord(csc) ? csc.allowPrivilegeEscalation : undefined;
    const add = capabilities(ref)?.add;
    if (value === false || isPrivileged(ref) || (Array.isArray(add) && add.includes("CAP_SYS_ADMIN"))) continue;
    const written = [...ref.path, "securityContext", "allowPrivilegeEscalation"];
    const path = value === undefined || value === null ? securityContextPath(ref) : written;
    refuse({ owner: "allow-privilege-escalation", path, message: `container "${ref.name}" does not set allowPrivilegeEscalation to false${windowsNote(ref.pod, bar)}`, at: [written, securityContextPath(ref)] });
  }
}

function capabilities(ref: ContainerRef): { add?: unknown[]; drop?: unknown[] } | undefined {
  const csc = ref.container.securityContext;
  return isRecord(csc) && isRecord(csc.capabilities) ? (csc.capabilities as { add?: unknown[]; drop?: unknown[] }) : undefined;
}

/**
 * Why a Windows pod the rules leave alone (its node selector or windowsOptions say Windows) is still
 * judged: admission exempts only a pod whose spec.os.name says so, and only from v1.25.
 */
export function windowsNote(pod: PodTemplate, bar: Bar): string {
  if (!isWindowsPod(pod)) return "";
  const os = (pod.spec as { os?: unknown }).os;
  if (isRecord(os) && os.name === "windows") return `, and ${bar.policy} exempts no Windows pod (that began with v1.25)`;
  return ", and the pod does not set spec.os.name: windows";
}
