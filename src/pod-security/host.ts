import { containersOf, isRecord, type ContainerRef, type PodTemplate } from "../model/pod-spec.js";
import type { Bar, Refusal } from "./refusal.js";

/** Baseline, check_windowsHostProcess.go: no pod or container runs as a Windows host process. */
export function hostProcess(pod: PodTemplate, _bar: Bar, refuse: (r: Refusal) => void): void {
  const sc = (pod.spec as { securityContext?: unknown }).securityContext;
  if (isRecord(sc) && isRecord(sc.windowsOptions) && sc.windowsOptions.hostProcess === true) {
    const path = [...pod.specPath, "securityContext", "windowsOptions", "hostProcess"];
    refuse({ owner: "host-process", path, message: "pod runs as a Windows host process", at: [path] });
  }
  for (const ref of containersOf(pod)) {
    const csc = ref.container.securityContext;
    if (!isRecord(csc) || !isRecord(csc.windowsOptions) || csc.windowsOptions.hostProcess !== true) continue;
    const path = [...ref.path, "securityContext", "windowsOptions", "hostProcess"];
    refuse({ owner: "host-process", path, message: `container "${ref.name}" runs as a Windows host process`, at: [path] });
  }
}

/** Baseline, check_hostNamespaces.go: hostNetwork, hostPID and hostIPC are unset or false. */
export function hostNamespaces(pod: PodTemplate, _bar: Bar, refuse: (r: Refusal) => void): void {
  const spec = pod.spec as unknown as Record<string, unknown>;
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    // A quoted "true" is refused before admission (the schema rule's finding).
    if (spec[field] !== true) continue;
    const path = [...pod.specPath, field];
    refuse({ owner: "host-namespaces", path, message: `pod sets ${field}: true`, at: [path] });
  }
}

/**
 * Baseline, check_hostPorts.go: no container (init and ephemeral ones included) declares a host port,
 * whatever hostNetwork says. In a host-network pod the API server gives every port without one a host
 * port: hostNetwork is the cause of those, refused on its own; a written hostPort is refused as well,
 * and still is once hostNetwork goes (the host-port rule leaves host-network pods alone, so the finding
 * there is this check's own).
 */
export function hostPorts(pod: PodTemplate, _bar: Bar, refuse: (r: Refusal) => void): void {
  for (const ref of containersOf(pod)) {
    const ports = (ref.container as { ports?: unknown }).ports;
    if (!Array.isArray(ports)) continue;
    ports.forEach((p, i) => {
      if (!isRecord(p) || typeof p.hostPort !== "number" || p.hostPort === 0) return;
      const path = [...ref.path, "ports", i, "hostPort"];
      refuse({ owner: "host-port", path, message: `container "${ref.name}" binds host port ${p.hostPort}`, at: [path] });
    });
  }
}

/** Baseline, check_hostPathVolumes.go: no hostPath volume, whatever its path (restricted refuses it too, as a volume type). */
export function hostPathVolumes(pod: PodTemplate, _bar: Bar, refuse: (r: Refusal) => void): void {
  const volumes = (pod.spec as { volumes?: unknown }).volumes;
  if (!Array.isArray(volumes)) return;
  volumes.forEach((v, i) => {
    if (!isRecord(v) || !isRecord(v.hostPath)) return;
    const name = typeof v.name === "string" ? v.name : `#${i}`;
    refuse({ owner: "host-path-volume", path: [...pod.specPath, "volumes", i, "hostPath"], message: `hostPath volume "${name}" mounts a path of the node`, at: [], below: [[...pod.specPath, "volumes", i]] });
  });
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["postStart", "preStop"] as const;

/**
 * Baseline from v1.34, check_hostProbesAndhostLifecycle.go: probes and lifecycle handlers of every
 * container send their requests to the pod, never to a `host` the manifest names. No other rule
 * judges this: the pod-security-admission rule reports it.
 */
export function probeHosts(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.minor < 34) return;
  // The handlers' paths are made only for one that is written: every container of the set is judged.
  for (const ref of containersOf(pod)) {
    const c = ref.container as unknown as Record<string, unknown>;
    for (const probe of PROBES) if (isRecord(c[probe])) handlerHosts(ref, [probe], c[probe], refuse);
    const lifecycle = c.lifecycle;
    if (isRecord(lifecycle)) for (const h of HANDLERS) if (isRecord(lifecycle[h])) handlerHosts(ref, ["lifecycle", h], lifecycle[h], refuse);
  }
}

const HOST_ACTIONS = ["httpGet", "tcpSocket"] as const;

function handlerHosts(ref: ContainerRef, at: readonly string[], handler: Record<string, unknown>, refuse: (r: Refusal) => void): void {
  for (const kind of HOST_ACTIONS) {
    const action = handler[kind];
    if (!isRecord(action) || typeof action.host !== "string" || action.host === "") continue;
    const path = [...ref.path, ...at, kind, "host"];
    refuse({ owner: "pod-security-admission", path, message: `container "${ref.name}" sets ${at.join(".")}.${kind}.host`, at: [] });
  }
}
