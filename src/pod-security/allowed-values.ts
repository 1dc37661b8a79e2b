/**
 * The values the Pod Security Standards allow, as pod-security-admission's checks list them
 * (staging/src/k8s.io/pod-security-admission/policy/check_*.go). Shared by the rules that judge each
 * setting and by the checks that mirror admission (src/pod-security/), so both read one list.
 */

/** Baseline: the capabilities a container may add (the runtime's usual defaults), compared as written. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
  "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);

/** Restricted: the only capability a container may add. */
export const RESTRICTED_CAPABILITIES: ReadonlySet<string> = new Set(["NET_BIND_SERVICE"]);

/**
 * Baseline: the allowed sysctls, each with the minor version from which the baseline (check_sysctls.go)
 * and the kubelet's safe list take it: namespaced by the kernel and isolated from other pods.
 */
export const SAFE_SYSCTLS_SINCE: ReadonlyMap<string, number> = new Map([
  ["kernel.shm_rmid_forced", 0],
  ["net.ipv4.ip_local_port_range", 0],
  ["net.ipv4.ip_unprivileged_port_start", 0],
  ["net.ipv4.tcp_syncookies", 0],
  ["net.ipv4.ping_group_range", 0],
  ["net.ipv4.ip_local_reserved_ports", 27],
  ["net.ipv4.tcp_keepalive_time", 29],
  ["net.ipv4.tcp_fin_timeout", 29],
  ["net.ipv4.tcp_keepalive_intvl", 29],
  ["net.ipv4.tcp_keepalive_probes", 29],
  ["net.ipv4.tcp_rmem", 32],
  ["net.ipv4.tcp_wmem", 32],
]);

/** Baseline: the SELinux types allowed (an empty type means the runtime's default), each from its minor version (container_engine_t from 1.31). */
export const SELINUX_TYPES_SINCE: ReadonlyMap<string, number> = new Map([
  ["", 0],
  ["container_t", 0],
  ["container_init_t", 0],
  ["container_kvm_t", 0],
  ["container_engine_t", 31],
]);
