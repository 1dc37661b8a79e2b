import type { Report } from "../engine/rule.js";
import { removeValue, setValue } from "../engine/fix.js";
import { closestName } from "../engine/closest-id.js";
import { isRecord, type PodTemplate } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { definitionFields } from "../schema/builtin-schemas.js";
import type { ObjectPath } from "../types.js";
import { portOk, reportPort } from "./port-number.js";
import { writesMisspelt } from "../schema/misspelt-field.js";
import { initContainerRestartPolicy } from "../model/object-meta.js";

type Emit = (r: Report) => void;

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
export const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;
/** What a plain (not sidecar) init container may not have. */
const INIT_FORBIDDEN = [...PROBES, "lifecycle"];
/** Lifecycle hooks, whose actions may name a port as probes' do (checkProbe reads those). */
const HOOKS = ["postStart", "preStop"];
const PORT_HANDLERS = ["httpGet", "tcpSocket", "grpc"];
const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
const PROBE_COUNTS = ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"] as const;
/** The resources a container may request by a plain name; others are qualified (example.com/gpu). */
const CONTAINER_RESOURCES = ["cpu", "memory", "ephemeral-storage"];
const RESOURCE_LISTS = ["limits", "requests"];

let envSources: ReadonlySet<string> | undefined;
/** An env var's value sources, as the bundled schemas list them (read on first use). */
function envSourceFields(): ReadonlySet<string> {
  return (envSources ??= new Set(definitionFields("IoK8sApiCoreV1EnvVarSource")));
}

/** A container of a pod being checked: its path and its name in messages, made only for a finding. */
export class ContainerPlace {
  constructor(
    readonly pod: PodTemplate,
    readonly list: (typeof CONTAINER_LISTS)[number],
    readonly index: number,
    readonly c: Record<string, unknown>,
  ) {}

  at(...rest: Array<string | number>): ObjectPath {
    return [...this.pod.specPath, this.list, this.index, ...rest];
  }

  get who(): string {
    const noun = this.list === "initContainers" ? "init container" : this.list === "ephemeralContainers" ? "ephemeral container" : "container";
    return `${noun} ${JSON.stringify(typeof this.c.name === "string" ? this.c.name : `#${this.index + 1}`)}`;
  }
}

/** `minor`: the target Kubernetes version's minor (--kube-version). */
export function checkContainer(place: ContainerPlace, report: Emit, minor: number): void {
  const { c } = place;
  const resource = place.pod.resource;
  if (place.list !== "ephemeralContainers") {
    // A plain init container runs once to completion: nothing to probe, no hooks.
    // A misspelt restartPolicy (restartpolicy: Always) is the schema rule's finding; it still means a sidecar.
    if (place.list === "initContainers" && initContainerRestartPolicy(resource, c) !== "Always") {
      for (const field of INIT_FORBIDDEN) {
        if (c[field] === undefined || c[field] === null) continue;
        report({
          target: { resource, path: place.at(field) },
          message: `${place.who} has a ${field}, which only sidecar init containers (restartPolicy: Always) may have: the API server refuses the pod`,
          suggestions: [removeValue(`remove the ${field}`, resource.object, place.at(field))],
        });
      }
    } else for (const probe of PROBES) checkProbe(place, probe, report, minor);
  }
  checkEnv(place, report);
  if (Array.isArray(c.ports)) {
    // Only app containers: the API server does not hold init containers' host ports to this.
    const hostNetwork = place.list === "containers" && (place.pod.spec as { hostNetwork?: unknown }).hostNetwork === true;
    c.ports.forEach((p, j) => {
      if (!isRecord(p)) return;
      if (!portOk(p.containerPort)) reportPort(resource, p.containerPort, place.at("ports", j, "containerPort"), `${place.who}: containerPort`, report);
      if (p.hostPort !== 0 && !portOk(p.hostPort)) reportPort(resource, p.hostPort, place.at("ports", j, "hostPort"), `${place.who}: hostPort`, report);
      // On the node's network a container listens on the node's port: hostPort is containerPort (its default there).
      if (hostNetwork && typeof p.hostPort === "number" && p.hostPort !== 0 && typeof p.containerPort === "number" && p.hostPort !== p.containerPort) {
        report({ target: { resource, path: place.at("ports", j, "hostPort") }, message: `${place.who}: hostPort ${p.hostPort} differs from containerPort ${p.containerPort}, which hostNetwork requires it to match: the API server refuses the pod`, fix: setValue(`set hostPort: ${p.containerPort}`, place.at("ports", j, "hostPort"), p.containerPort) });
      }
    });
  }
  const lifecycle = c.lifecycle;
  if (isRecord(lifecycle)) {
    for (const hook of HOOKS) {
      const h = lifecycle[hook];
      if (!isRecord(h)) continue;
      for (const kind of PORT_HANDLERS) {
        const action = h[kind];
        const port = isRecord(action) ? action.port : undefined;
        if (!portOk(port)) reportPort(resource, port, place.at("lifecycle", hook, kind, "port"), `${place.who}: lifecycle.${hook} port`, report);
      }
    }
  }
  checkResourceNames(place, report);
}

/** The handler written first (YAML order), the one the author most likely meant. */
function firstWritten(probe: Record<string, unknown>, handlers: readonly string[]): string {
  return Object.keys(probe).find((k) => handlers.includes(k)) ?? handlers[0];
}

function checkProbe(place: ContainerPlace, key: string, report: Emit, minor: number): void {
  const probe = place.c[key];
  if (!isRecord(probe)) return;
  const resource = place.pod.resource;
  const what = () => `${key} of ${place.who}`;
  const handlers: string[] = [];
  for (const h of PROBE_HANDLERS) {
    const action = probe[h];
    if (action === undefined || action === null) continue;
    handlers.push(h);
    const port = isRecord(action) ? action.port : undefined;
    if (!portOk(port)) reportPort(resource, port, place.at(key, h, "port"), `${place.who}: ${key} port`, report);
  }
  // A handler under a misspelt key (tcSpocket) is the schema rule's finding, with the rename.
  if (handlers.length === 0) {
    const causedBy = PROBE_HANDLERS.some((h) => writesMisspelt(resource, probe, "IoK8sApiCoreV1Probe", h)) ? "schema" : undefined;
    report({ target: { resource, path: place.at(key) }, message: `${what()} has no handler (exec, httpGet, tcpSocket or grpc): the API server refuses it`, causedBy });
  }
  else if (handlers.length > 1) {
    // The API server names the second handler; the first written stays the probe's intent.
    const extra = handlers.filter((h) => h !== firstWritten(probe, handlers));
    report({
      target: { resource, path: place.at(key, extra[0]) },
      message: `${what()} has ${handlers.length} handlers (${handlers.join(", ")}); a probe takes exactly one`,
      suggestions: extra.length === 1 ? [removeValue(`remove the ${extra[0]} handler`, resource.object, place.at(key, extra[0]))] : [],
    });
  }
  for (const count of PROBE_COUNTS) {
    if (count === "terminationGracePeriodSeconds" && minor < 22) continue;
    const n = probe[count];
    if (typeof n === "number" && n < 0) report({ target: { resource, path: place.at(key, count) }, message: `${what()} sets ${count} ${n}: the API server refuses a negative value` });
  }
  const readiness = key === "readinessProbe";
  // A probe's terminationGracePeriodSeconds is served from 1.22 (ProbeTerminationGracePeriod, beta);
  // before, the API server drops it unread.
  const grace = minor >= 22 ? probe.terminationGracePeriodSeconds : undefined;
  const tg = () => place.at(key, "terminationGracePeriodSeconds");
  // A readiness probe never restarts the container: a grace period for the kill is refused there.
  if (readiness && grace !== undefined && grace !== null) {
    report({ target: { resource, path: tg() }, message: `${what()} sets terminationGracePeriodSeconds, which readiness probes must not set: the API server refuses it`, fix: removeValue("remove terminationGracePeriodSeconds", resource.object, tg()) });
  } else if (!readiness && grace === 0) {
    // 0 would kill the container at once; the pod's own grace period is what leaving the field out gives.
    report({ target: { resource, path: tg() }, message: `${what()} sets terminationGracePeriodSeconds 0; the API server takes only a value above 0`, suggestions: [removeValue("remove terminationGracePeriodSeconds (use the pod's)", resource.object, tg())] });
  }
  const success = probe.successThreshold;
  if (!readiness && typeof success === "number" && success > 1) {
    // 1 is the only value the API server takes for liveness and startup probes (and their default).
    const at = place.at(key, "successThreshold");
    report({ target: { resource, path: at }, message: `${what()} sets successThreshold ${success}; liveness and startup probes take 1`, fix: setValue("set successThreshold: 1", at, 1) });
  }
}

/** How many of `fields` a volume or an env var's valueFrom sets: the API server takes exactly one. */
export function sourceCount(value: Record<string, unknown>, fields: ReadonlySet<string>): number {
  let count = 0;
  for (const k in value) if (fields.has(k) && value[k] !== undefined && value[k] !== null) count++;
  return count;
}

/**
 * The finding for a sourceCount other than 1: none, or the first extra one written (with removals).
 * `definition` is the schema's name for the object: a source written under a misspelt key (hotsPath)
 * is the schema rule's finding, not also "no source".
 */
export function reportSources(resource: Resource, value: Record<string, unknown>, at: ObjectPath, what: string, fields: ReadonlySet<string>, definition: string, common: string, report: Emit): void {
  const set = Object.keys(value).filter((k) => fields.has(k) && value[k] !== undefined && value[k] !== null);
  if (set.length === 0) {
    // A source under a misspelt key (confgMap) is the schema rule's finding, with the rename.
    const causedBy = [...fields].some((f) => writesMisspelt(resource, value, definition, f)) ? "schema" : undefined;
    report({ target: { resource, path: at }, message: `${what} has no source (${common}…): the API server refuses it`, causedBy });
    return;
  }
  report({
    target: { resource, path: [...at, set[1]] },
    message: `${what} has ${set.length} sources (${set.join(", ")}); it takes exactly one`,
    suggestions: set.slice(1).map((k) => removeValue(`remove ${k}`, resource.object, [...at, k])),
  });
}

function checkEnv(place: ContainerPlace, report: Emit): void {
  const env = place.c.env;
  if (!Array.isArray(env)) return;
  const resource = place.pod.resource;
  env.forEach((e, i) => {
    if (!isRecord(e) || !isRecord(e.valueFrom)) return;
    const name = () => `env ${typeof e.name === "string" ? e.name : `#${i + 1}`} of ${place.who}`;
    // An empty value is no value: only a written one conflicts with valueFrom.
    if (typeof e.value === "string" && e.value !== "") {
      report({
        target: { resource, path: place.at("env", i, "value") },
        message: `${name()} sets both value and valueFrom: the API server refuses it`,
        suggestions: [removeValue("keep valueFrom (remove value)", resource.object, place.at("env", i, "value")), removeValue("keep value (remove valueFrom)", resource.object, place.at("env", i, "valueFrom"))],
      });
    }
    const sources = envSourceFields();
    if (sourceCount(e.valueFrom, sources) !== 1) reportSources(resource, e.valueFrom, place.at("env", i, "valueFrom"), `valueFrom of ${name()}`, sources, "IoK8sApiCoreV1EnvVarSource", "secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef", report);
  });
}

/** A name a container may use: a standard one, huge pages, or a qualified extended name. */
function isResourceName(name: string): boolean {
  return CONTAINER_RESOURCES.includes(name) || name.startsWith("hugepages-") || name.includes("/");
}

/**
 * Whether a container's `resources.<section>` writes a name the API server refuses that is a
 * misspelling of `name` (memmory for memory): this rule reports it, and the rules that miss the
 * resource leave the container to it (one cause, one finding).
 */
export function misspellsResource(resources: unknown, section: "requests" | "limits", name: string): boolean {
  const names = isRecord(resources) ? resources[section] : undefined;
  if (!isRecord(names) || Object.hasOwn(names, name)) return false;
  for (const written in names) if (!isResourceName(written) && closestName(written, CONTAINER_RESOURCES) === name) return true;
  return false;
}

/** Resource names a container may use: the standard ones, huge pages, or a qualified extended name. */
function checkResourceNames(place: ContainerPlace, report: Emit): void {
  const resources = place.c.resources;
  if (!isRecord(resources)) return;
  for (const list of RESOURCE_LISTS) {
    const names = resources[list];
    if (!isRecord(names)) continue;
    for (const name in names) {
      if (isResourceName(name)) continue;
      const near = closestName(name, CONTAINER_RESOURCES);
      const path = place.at("resources", list, name);
      report({
        target: { resource: place.pod.resource, path },
        message: `${place.who} ${list} ${JSON.stringify(name)}, which is no container resource${near ? ` (did you mean ${JSON.stringify(near)}?)` : " (cpu, memory, ephemeral-storage, hugepages-<size>, or a qualified name such as nvidia.com/gpu)"}; the API server refuses it`,
        ...(near && !Object.hasOwn(names, near) ? { suggestions: [{ description: `rename ${name} to ${near}`, operations: [{ op: "rename" as const, path, to: near }] }] } : {}),
      });
    }
  }
}

