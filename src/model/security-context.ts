import type { ObjectPath } from "../types.js";
import type { ContainerRef, PodTemplate } from "./pod-spec.js";
import { isRecord } from "./pod-spec.js";
import { misspeltKey } from "../schema/misspelt-field.js";

/** A security setting as it takes effect: the container's own value wins over the pod's. */
export interface EffectiveSetting<T> {
  value: T | undefined;
  /** Where the value in force is written (undefined when neither level sets it). */
  path?: ObjectPath;
  level?: "container" | "pod";
}

/**
 * Fields that exist at both the pod level (PodSecurityContext) and the container level (SecurityContext),
 * where the container's setting overrides the pod's.
 */
export type SharedSecurityField = "runAsNonRoot" | "runAsUser" | "runAsGroup" | "seccompProfile" | "seLinuxOptions" | "appArmorProfile" | "windowsOptions";

export function effectiveSecurity<T>(ref: ContainerRef, field: SharedSecurityField): EffectiveSetting<T> {
  const csc = (ref.container as { securityContext?: unknown }).securityContext;
  if (isRecord(csc) && csc[field] !== undefined && csc[field] !== null) {
    return { value: csc[field] as T, path: [...ref.path, "securityContext", field], level: "container" };
  }
  const psc = (ref.pod.spec as { securityContext?: unknown }).securityContext;
  if (isRecord(psc) && psc[field] !== undefined && psc[field] !== null) {
    return { value: psc[field] as T, path: [...ref.pod.specPath, "securityContext", field], level: "pod" };
  }
  return { value: undefined };
}

/** A container-only security field (privileged, allowPrivilegeEscalation, readOnlyRootFilesystem, capabilities). */
export function containerSecurity<T>(ref: ContainerRef, field: string): EffectiveSetting<T> {
  const csc = (ref.container as { securityContext?: unknown }).securityContext;
  if (isRecord(csc) && csc[field] !== undefined && csc[field] !== null) {
    return { value: csc[field] as T, path: [...ref.path, "securityContext", field], level: "container" };
  }
  return { value: undefined };
}

/**
 * Whether a setting is written with a value of the wrong type (`runAsNonRoot: "true"`, a string
 * seccompProfile): the API server cannot decode the object, and the schema rule reports it. Rules
 * judging the setting leave such a container alone: calling the setting unset as well would report
 * one cause twice, and the author's intent is plain.
 */
export function illTyped(setting: EffectiveSetting<unknown>, type: "boolean" | "integer" | "object"): boolean {
  const v = setting.value;
  if (v === undefined) return false;
  return type === "boolean" ? typeof v !== "boolean" : type === "integer" ? typeof v !== "number" : !isRecord(v);
}

/** True when the security context guarantees a non-root user: runAsNonRoot, or a runAsUser above 0. */
export function runsAsNonRoot(ref: ContainerRef): boolean {
  const user = effectiveSecurity<unknown>(ref, "runAsUser").value;
  if (typeof user === "number") return user > 0;
  return effectiveSecurity<unknown>(ref, "runAsNonRoot").value === true;
}

/** Path to point at when a container lacks a security field: its securityContext if written, else the container. */
export function securityContextPath(ref: ContainerRef): ObjectPath {
  const csc = (ref.container as { securityContext?: unknown }).securityContext;
  return isRecord(csc) ? [...ref.path, "securityContext"] : ref.path;
}

/**
 * A privileged container gets every capability and runs without seccomp whatever its securityContext
 * says: asking it to drop ALL or set a seccomp profile asks for what it cannot have (privileged-container
 * reports it).
 */
export function isPrivileged(ref: ContainerRef): boolean {
  return containerSecurity<unknown>(ref, "privileged").value === true || privilegedAsMeant(ref) !== undefined;
}

/**
 * Where a container asks to run privileged in a way the API server refuses, which the schema rule reports:
 * a quoted "true", or privileged: true under a misspelt key (prviileged) or in a misspelt securityContext
 * (securityContex). What it asks for is plain: the rules that skip privileged containers skip it too
 * rather than ask it to drop ALL, and privileged-container reports it where the schema rule is off.
 */
export function privilegedAsMeant(ref: ContainerRef): ObjectPath | undefined {
  const setting = containerSecurity<unknown>(ref, "privileged");
  if (setting.value === "true") return setting.path;
  if (setting.value !== undefined) return undefined;
  const container = ref.container as unknown as Record<string, unknown>;
  const contextKey = isRecord(container.securityContext) ? "securityContext" : misspeltKey(ref.pod.resource, container, "IoK8sApiCoreV1Container", "securityContext");
  const csc = contextKey === undefined ? undefined : container[contextKey];
  if (!isRecord(csc)) return undefined;
  const key = csc.privileged !== undefined ? "privileged" : misspeltKey(ref.pod.resource, csc, "IoK8sApiCoreV1SecurityContext", "privileged");
  return key !== undefined && (csc[key] === true || csc[key] === "true") ? [...ref.path, contextKey!, key] : undefined;
}

/**
 * Whether a pod shares one of the node's namespaces. As for privileged, a quoted "true" (refused by the
 * API server: the schema rule's finding) asks for it plainly: rules that exempt host-network pods
 * exempt it too, and host-namespaces reports it where the schema rule is off.
 */
export function sharesHostNamespace(pod: PodTemplate, field: "hostPID" | "hostIPC" | "hostNetwork"): boolean {
  const v = (pod.spec as unknown as Record<string, unknown>)[field];
  return v === true || v === "true";
}

/**
 * The capabilities a container adds, as written. Kubernetes sets no ambient capabilities, so a
 * non-root process gets them only through file capabilities of its binary: rules that would move a
 * container to a non-root user, or set no_new_privs, must not take them away.
 */
export function addedCapabilities(ref: ContainerRef): string[] {
  const caps = containerSecurity<unknown>(ref, "capabilities").value;
  const add = isRecord(caps) ? caps.add : undefined;
  return Array.isArray(add) ? add.filter((c): c is string => typeof c === "string") : [];
}

/**
 * Whether a container's non-root process may get its privileges from file capabilities of its binary
 * (`setcap cap_net_bind_service=+ep`, as caddy and ingress-nginx ship): it adds capabilities, or it
 * declares a port below 1024, which a non-root process binds only that way. no_new_privs
 * (allowPrivilegeEscalation: false) ignores file capabilities, and with drop: [ALL] the kernel refuses
 * to run such a binary (capabilities(7)): setting either there can stop the container, so a person
 * decides. A container that may run as root needs neither for its own privileges.
 */
export function mayUseFileCapabilities(ref: ContainerRef): boolean {
  if (!runsAsNonRoot(ref)) return false;
  if (addedCapabilities(ref).length > 0) return true;
  const ports = (ref.container as { ports?: unknown }).ports;
  return Array.isArray(ports) && ports.some((p) => isRecord(p) && typeof p.containerPort === "number" && p.containerPort > 0 && p.containerPort < 1024);
}

/**
 * Whether the pod runs in a user namespace of its own (hostUsers: false) and the target's Pod Security
 * Standards relax for it (from 1.35, pod-security-admission's relaxPolicyForUserNamespacePod): root
 * and low ids in the pod map to unprivileged ids on the node, so runAsNonRoot, runAsUser and procMount
 * are not required there. Before 1.35 the relaxation was behind an opt-in setting.
 */
export function userNamespaced(pod: PodTemplate, kubeMinor: number): boolean {
  return kubeMinor >= 35 && (pod.spec as { hostUsers?: unknown }).hostUsers === false;
}
