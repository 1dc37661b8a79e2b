import type { PodTemplate } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";

/**
 * True for pods that run on Windows nodes. With `spec.os.name: windows` the API server rejects the
 * Linux-only security fields (allowPrivilegeEscalation, readOnlyRootFilesystem, capabilities,
 * seccompProfile, seLinuxOptions, runAsUser…), and a windows nodeSelector says the same intent:
 * rules that require those fields do not apply.
 */
export function isWindowsPod(pod: PodTemplate): boolean {
  const spec = pod.spec as unknown as Record<string, unknown>;
  const os = spec.os;
  if (isRecord(os) && os.name === "windows") return true;
  const selector = spec.nodeSelector;
  return isRecord(selector) && selector["kubernetes.io/os"] === "windows";
}
