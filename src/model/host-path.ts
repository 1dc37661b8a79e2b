/**
 * Host paths that hand a pod the node itself: its configuration, kernel interfaces, devices, the
 * kubelet's credentials and the container runtime's socket (which starts privileged containers).
 */
const SENSITIVE_TREES = ["/etc", "/proc", "/sys", "/boot", "/dev", "/root", "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/run/containerd", "/var/run/containerd"];
/** Directories that are sensitive as a whole because the runtime sockets live in them. */
const SENSITIVE_EXACT = new Set(["/", "/var", "/run", "/var/run", "/var/lib", "/usr", "/lib", "/bin", "/sbin", "/home"]);
const RUNTIME_SOCKETS = ["docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock"];

/** `/var//lib/` → `/var/lib`: the form the kubelet resolves. */
export function normalizeHostPath(p: string): string {
  const collapsed = p.trim().replace(/\/+/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : collapsed;
}

/**
 * A CSI driver's own directory under the kubelet's plugins (/var/lib/kubelet/plugins/<driver>), where
 * the Kubernetes CSI deployment guide has it create its socket: it reaches that driver only. Not the
 * plugins directory itself, nor kubernetes.io/ under it, which holds every pod's staged volumes.
 */
const DRIVER_SOCKET_DIR = /^\/var\/lib\/kubelet\/plugins\/(?!kubernetes\.io$)[^/]+$/;

export function isSensitiveHostPath(p: string): boolean {
  const path = normalizeHostPath(p);
  if (SENSITIVE_EXACT.has(path)) return true;
  if (DRIVER_SOCKET_DIR.test(path)) return false;
  if (SENSITIVE_TREES.some((t) => path === t || path.startsWith(`${t}/`))) return true;
  const base = path.slice(path.lastIndexOf("/") + 1);
  return RUNTIME_SOCKETS.includes(base);
}

/**
 * The node's public CA certificates (the trust stores of Debian, RHEL and Alpine): what a controller
 * mounts to reach cloud APIs over TLS (cluster-autoscaler, external-dns). Read-only they expose
 * nothing secret; written, they let a pod make the node trust any certificate. Not /etc/ssl or
 * /etc/pki as a whole: their private/ directories hold keys.
 */
const TRUST_STORES = ["/etc/ssl/certs", "/etc/pki/tls/certs", "/etc/pki/ca-trust", "/etc/ca-certificates", "/usr/share/ca-certificates", "/usr/local/share/ca-certificates"];

export function isPublicTrustStore(p: string): boolean {
  const path = normalizeHostPath(p);
  return TRUST_STORES.some((t) => path === t || path.startsWith(`${t}/`));
}

/**
 * Node files that every local user may read and that hold no secret: the timezone (mounted so logs
 * carry the node's time), the OS release files (agents report the node's distribution) and the user
 * and group tables (agents map UIDs to names; the password hashes are in /etc/shadow). Read-only they
 * expose nothing a pod could abuse; written, they change the node. Not /etc/machine-id, which
 * machine-id(5) asks to keep confidential.
 */
const PUBLIC_NODE_FILES: ReadonlySet<string> = new Set([
  "/etc/localtime",
  "/etc/timezone",
  "/etc/os-release",
  "/etc/lsb-release",
  "/etc/redhat-release",
  "/etc/fedora-release",
  "/etc/centos-release",
  "/etc/system-release",
  "/etc/debian_version",
  "/etc/passwd",
  "/etc/group",
]);

export function isPublicNodeFile(p: string): boolean {
  return PUBLIC_NODE_FILES.has(normalizeHostPath(p));
}
