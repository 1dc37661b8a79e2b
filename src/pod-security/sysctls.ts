import { isRecord, type PodTemplate } from "../model/pod-spec.js";
import { SAFE_SYSCTLS_SINCE } from "./allowed-values.js";
import type { Bar, Refusal } from "./refusal.js";

/**
 * Baseline, check_sysctls.go: only the safe sysctls of the version, compared as written: the kubelet
 * reads net/ipv4/tcp_syncookies as net.ipv4.tcp_syncookies, admission does not (the unsafe-sysctls
 * rule accepts the slashes, so that case is this check's own finding).
 */
export function sysctls(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  const psc = pod.spec.securityContext;
  const list = isRecord(psc) ? (psc as { sysctls?: unknown }).sysctls : undefined;
  if (!Array.isArray(list)) return;
  list.forEach((s, i) => {
    if (!isRecord(s) || typeof s.name !== "string") return;
    if ((SAFE_SYSCTLS_SINCE.get(s.name) ?? Infinity) <= bar.minor) return;
    const path = [...pod.specPath, "securityContext", "sysctls", i, "name"];
    const dotted = s.name.replace(/\//g, ".");
    const slashes = dotted !== s.name && (SAFE_SYSCTLS_SINCE.get(dotted) ?? Infinity) <= bar.minor;
    refuse({
      owner: slashes ? "pod-security-admission" : "unsafe-sysctls",
      path,
      message: slashes ? `sets sysctl ${s.name}, which admission allows only written ${dotted}` : `sets unsafe sysctl ${s.name}`,
      at: slashes ? [] : [path],
      // Whether the dotted name is safe depends on the version: the same sysctl under either owner.
      setting: `sysctl ${i}`,
    });
  });
}
