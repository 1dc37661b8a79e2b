import { containersOf, isRecord, type PodTemplate } from "../model/pod-spec.js";
import { effectiveSecurity, securityContextPath, userNamespaced } from "../model/security-context.js";
import { setValue } from "../engine/fix.js";
import type { Bar, Refusal } from "./refusal.js";
import type { ObjectPath } from "../types.js";

/**
 * Restricted, check_runAsNonRoot.go: neither the pod nor a container sets runAsNonRoot: false, and every
 * container has runAsNonRoot: true, its own or the pod's. A non-zero runAsUser does not count (the
 * run-as-non-root rule accepts it, admission does not). A pod in a user namespace of its own is
 * exempt from v1.35.
 */
export function runAsNonRoot(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.level !== "restricted" || userNamespaced(pod, bar.minor)) return;
  const psc = pod.spec.securityContext;
  const podValue = isRecord(psc) ? psc.runAsNonRoot : undefined;
  // Paths are made for a refusal only: every container of the set is judged.
  const podAt = (field: string): ObjectPath => [...pod.specPath, "securityContext", field];
  if (podValue === false) {
    const path = podAt("runAsNonRoot");
    refuse({ owner: "run-as-non-root", path, message: "pod sets runAsNonRoot: false", at: [path] });
  }
  for (const ref of containersOf(pod)) {
    const csc = ref.container.securityContext;
    const value = isRecord(csc) ? csc.runAsNonRoot : undefined;
    if (value === false) {
      const own = [...ref.path, "securityContext", "runAsNonRoot"];
      refuse({ owner: "run-as-non-root", path: own, message: `container "${ref.name}" sets runAsNonRoot: false`, at: [own] });
      continue;
    }
    // A value of another type ("true") is refused before admission: the schema rule's finding.
    if ((value !== undefined && value !== null) || podValue === true) continue;
    const own = [...ref.path, "securityContext", "runAsNonRoot"];
    const userAt = [...ref.path, "securityContext", "runAsUser"];
    const inheritsUser = !isRecord(csc) || csc.runAsUser === undefined || csc.runAsUser === null;
    // A written non-zero user already runs as non-root: saying so changes nothing at run time.
    const user = effectiveSecurity<unknown>(ref, "runAsUser").value;
    const fix = typeof user === "number" && Number.isInteger(user) && user > 0 ? setValue("set runAsNonRoot: true", own, true) : undefined;
    refuse({
      owner: "run-as-non-root",
      path: securityContextPath(ref),
      message: `container "${ref.name}" is not set to runAsNonRoot`,
      // The rule's finding on this container's user: unset, root by its own runAsUser, or the pod's setting it inherits.
      at: [securityContextPath(ref), userAt, podAt("runAsNonRoot"), ...(inheritsUser ? [podAt("runAsUser")] : [])],
      ...(fix ? { fix } : {}),
    });
  }
}

/** Restricted from v1.23, check_runAsUser.go: neither the pod nor a container sets runAsUser: 0 (exempt as runAsNonRoot is). */
export function runAsUser(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.level !== "restricted" || bar.minor < 23 || userNamespaced(pod, bar.minor)) return;
  const psc = pod.spec.securityContext;
  if (isRecord(psc) && psc.runAsUser === 0) {
    const path = [...pod.specPath, "securityContext", "runAsUser"];
    refuse({ owner: "run-as-non-root", path, message: "pod sets runAsUser: 0", at: [path] });
  }
  for (const ref of containersOf(pod)) {
    const csc = ref.container.securityContext;
    if (!isRecord(csc) || csc.runAsUser !== 0) continue;
    const path = [...ref.path, "securityContext", "runAsUser"];
    refuse({ owner: "run-as-non-root", path, message: `container "${ref.name}" runs as root (runAsUser: 0)`, at: [path] });
  }
}
