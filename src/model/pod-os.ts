import type { PodTemplate } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";

/**
 * True for pods that run on Windows nodes. With `spec.os.name: windows` the API server rejects the
 * Linux-only security fields (allowPrivilegeEscalation, readOnlyRootFilesystem, capabilities,
 * seccompProfile, seLinuxOptions, runAsUser…), and a windows nodeSelector or windowsOptions say the
 * same intent: rules that require those fields do not apply.
 */
export function isWindowsPod(pod: PodTemplate): boolean {
  const spec = pod.spec as unknown as Record<string, unknown>;
  const os = spec.os;
  if (isRecord(os) && os.name === "windows") return true;
  const selector = spec.nodeSelector;
  // The node label, and its beta name that older manifests still use (kubernetes/website's Windows examples).
  if (isRecord(selector) && (selector["kubernetes.io/os"] === "windows" || selector["beta.kubernetes.io/os"] === "windows")) return true;
  // windowsOptions (runAsUserName, gMSA) exist only for Windows containers.
  if (windowsOptions(spec.securityContext)) return true;
  // Plain loops: eight rules ask this of every container, and a closure and an array per call added up.
  return anyWindowsContainer(spec.containers) || anyWindowsContainer(spec.initContainers);
}

function windowsOptions(sc: unknown): boolean {
  return isRecord(sc) && isRecord(sc.windowsOptions);
}

function anyWindowsContainer(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (const c of list) if (isRecord(c) && windowsOptions(c.securityContext)) return true;
  return false;
}
