/**
 * The Kubernetes minor version rules target unless --kube-version says otherwise: the newest release the
 * bundled schemas (kube-schemas/kubernetes.json, Kubernetes 1.36) describe.
 */
export const DEFAULT_KUBE_VERSION = "1.36";

/**
 * Oldest target accepted. deprecated-api knows every removal since 1.16 (extensions/v1beta1 workloads);
 * the schema rule validates older targets against the 1.36 schemas (a field added later passes it;
 * deprecated-api reports those manifests carry, src/model/field-introductions.ts).
 */
export const MIN_KUBE_VERSION = "1.16";
export const MAX_KUBE_VERSION = DEFAULT_KUBE_VERSION;

/** A minor version as a comparable number pair; undefined when the text is not `1.N` (a `v` and a patch are allowed). */
export function parseKubeVersion(text: string): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Minor number of a supported 1.x version (1.25 → 25). */
export function kubeMinor(version: string): number {
  const v = parseKubeVersion(version);
  return v && v.major === 1 ? v.minor : parseKubeVersion(DEFAULT_KUBE_VERSION)!.minor;
}

/** Why a requested target version is not supported, or undefined when it is. */
export function kubeVersionProblem(text: string): string | undefined {
  const v = parseKubeVersion(text);
  const min = kubeMinor(MIN_KUBE_VERSION);
  const max = kubeMinor(MAX_KUBE_VERSION);
  if (!v || v.major !== 1 || v.minor < min || v.minor > max) {
    return `unsupported Kubernetes version "${text}": choose one from ${MIN_KUBE_VERSION} to ${MAX_KUBE_VERSION}`;
  }
  return undefined;
}
