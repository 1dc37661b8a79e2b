import { containersOf, isRecord, type PodTemplate } from "../model/pod-spec.js";
import { userNamespaced } from "../model/security-context.js";
import type { ObjectPath } from "../types.js";
import { SELINUX_TYPES_SINCE } from "./allowed-values.js";
import type { Bar, Refusal } from "./refusal.js";

const APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

/**
 * Baseline, check_appArmorProfile.go: no pod or container runs Unconfined, by annotation or, where the
 * API server serves the fields (1.30), by appArmorProfile. Other values are refused before admission.
 */
export function appArmor(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  const annotations = pod.metadata.annotations;
  if (isRecord(annotations)) {
    for (const key in annotations) {
      if (!Object.hasOwn(annotations, key) || !key.startsWith(APPARMOR_ANNOTATION) || annotations[key] !== "unconfined") continue;
      const path = [...pod.metadataPath, "annotations", key];
      refuse({ owner: "apparmor-profile", path, message: `container "${key.slice(APPARMOR_ANNOTATION.length)}" runs with AppArmor profile unconfined (annotation)`, at: [path] });
    }
  }
  if (bar.kubeMinor < 30) return;
  // Paths and names are made only for a profile refused: every template of the set is judged.
  if (unconfined(pod.spec.securityContext)) {
    const path = [...pod.specPath, "securityContext", "appArmorProfile", "type"];
    refuse({ owner: "apparmor-profile", path, message: "pod runs with AppArmor profile Unconfined", at: [path] });
  }
  for (const ref of containersOf(pod)) {
    if (!unconfined(ref.container.securityContext)) continue;
    const path = [...ref.path, "securityContext", "appArmorProfile", "type"];
    refuse({ owner: "apparmor-profile", path, message: `container "${ref.name}" runs with AppArmor profile Unconfined`, at: [path] });
  }
}

function unconfined(sc: unknown): boolean {
  return isRecord(sc) && isRecord(sc.appArmorProfile) && sc.appArmorProfile.type === "Unconfined";
}

/** Baseline, check_seLinuxOptions.go: no SELinux type outside the container types, no user, no role (pod and containers). */
export function seLinux(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  // Paths and names are made only for options written: every template of the set is judged.
  const podOptions = seLinuxOptionsOf(pod.spec.securityContext);
  if (podOptions) judgeSeLinux(podOptions, [...pod.specPath, "securityContext", "seLinuxOptions"], "pod", bar, refuse);
  for (const ref of containersOf(pod)) {
    const options = seLinuxOptionsOf(ref.container.securityContext);
    if (options) judgeSeLinux(options, [...ref.path, "securityContext", "seLinuxOptions"], `container "${ref.name}"`, bar, refuse);
  }
}

function seLinuxOptionsOf(sc: unknown): Record<string, unknown> | undefined {
  const options = isRecord(sc) ? sc.seLinuxOptions : undefined;
  return isRecord(options) ? options : undefined;
}

function judgeSeLinux(options: Record<string, unknown>, base: ObjectPath, who: string, bar: Bar, refuse: (r: Refusal) => void): void {
  if (typeof options.type === "string" && (SELINUX_TYPES_SINCE.get(options.type) ?? Infinity) > bar.minor) {
    refuse({ owner: "selinux-options", path: [...base, "type"], message: `${who} sets SELinux type "${options.type}"`, at: [[...base, "type"]] });
  }
  for (const field of ["user", "role"]) {
    const v = options[field];
    if (typeof v === "string" && v !== "") refuse({ owner: "selinux-options", path: [...base, field], message: `${who} sets SELinux ${field} "${v}"`, at: [[...base, field]] });
  }
}

/**
 * Baseline, check_procMount_baseline.go: /proc stays masked, except in a user namespace of the pod's own
 * from v1.35. Restricted keeps refusing it there (check_procMount_restricted.go, from v1.35 in place of
 * baseline's check): the proc-mount rule accepts it, so the finding is this check's own.
 */
export function procMount(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.level === "baseline" && userNamespaced(pod, bar.minor)) return;
  for (const ref of containersOf(pod)) {
    const csc = ref.container.securityContext;
    // The API server accepts only Default and Unmasked.
    if (!isRecord(csc) || csc.procMount !== "Unmasked") continue;
    const path = [...ref.path, "securityContext", "procMount"];
    refuse({ owner: "proc-mount", path, message: `container "${ref.name}" unmasks /proc (procMount: Unmasked)`, at: [path] });
  }
}
