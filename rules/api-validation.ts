import { defineRule, type Report } from "../src/engine/rule.js";
import { removeValue, setValue } from "../src/engine/fix.js";
import { getPath, isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { apiGroup, isBuiltinGroup, type Resource } from "../src/model/resource.js";
import type { ObjectPath } from "../src/types.js";
import { kubeMinor } from "../src/kube-version.js";
import { cronProblem, sundayAsZero } from "../src/model/cron-schedule.js";

type Emit = (r: Report) => void;

/** Kinds whose pods the controller keeps running: only restartPolicy Always, and no deadline. */
const SERVING_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"]);
const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"] as const;
const PROBE_COUNTS = ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"] as const;

export default defineRule({
  meta: {
    id: "api-validation",
    scope: "object",
    title: "Objects must pass the API server's validation",
    category: "schema",
    severity: "error",
    description:
      "Reports what the API server's own validation refuses beyond the OpenAPI schema (which the schema rule checks), in built-in kinds: two containers (app, init or ephemeral) or two volumes of a pod with one name; a probe with no handler or with more than one (exec, httpGet, tcpSocket, grpc); a liveness or startup probe whose successThreshold is not 1; probes or lifecycle hooks on an init container that is not a sidecar (restartPolicy: Always); a restartPolicy other than Always, or an activeDeadlineSeconds, in the pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController; a Deployment's rollingUpdate under the Recreate strategy, or with maxSurge and maxUnavailable both 0 (each 25% when unset); a DaemonSet's rolling update with maxSurge and maxUnavailable both non-zero or both 0 (unset: maxUnavailable 1, maxSurge 0); a maxSurge, maxUnavailable or minAvailable (Deployment, DaemonSet, PodDisruptionBudget) written as a string that is not digits and `%`, negative, or a maxUnavailable above 100%; a HorizontalPodAutoscaler whose maxReplicas is below minReplicas or 1, or whose minReplicas is below 1; a CronJob schedule the API server's cron parser (robfig/cron v3) refuses though many crontabs take it (day of week 7, a range that wraps such as sat-sun, six fields, @reboot), a TZ= or CRON_TZ= prefix in it from 1.29 (--kube-version), and a timeZone that is Local or not spelt as in the IANA database; an Ingress path that does not begin with `/`, or, for pathType Exact and Prefix, contains `//`, `/./`, `/../` or `%2f`, or ends in `/.` or `/..`.",
    rationale:
      "The schema cannot express these rules, so kubeconform-style validation passes them, and `kubectl apply` (or Argo CD, or Flux) fails with `is invalid` after the change is merged; a Deployment's template refused this way stops the rollout of every later change to it.",
    remediation:
      "Change the field the message names as it says: rename the repeated container or volume, keep one probe handler, set successThreshold: 1, make the init container a sidecar (restartPolicy: Always) or drop its probes, restartPolicy Always for long-running workloads, one of maxSurge and maxUnavailable non-zero, percentages as `25%`, maxReplicas at least minReplicas, Ingress paths from `/`, Sunday as 0 and the zone in spec.timeZone.",
    references: {
      links: ["https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation", "https://github.com/kubernetes/kubernetes/tree/master/pkg/apis/core/validation"],
    },
    examples: {
      bad: "livenessProbe:\n  httpGet: {path: /healthz, port: http}\n  tcpSocket: {port: http}\n  successThreshold: 2\n",
      good: "livenessProbe:\n  httpGet: {path: /healthz, port: http}\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) if (builtin(pod.resource)) checkPod(pod, report);
    for (const resource of model.resources) {
      if (!builtin(resource)) continue;
      if (resource.kind === "Deployment") checkDeploymentStrategy(resource, report);
      else if (resource.kind === "DaemonSet") checkDaemonSetStrategy(resource, report);
      else if (resource.kind === "PodDisruptionBudget") for (const key of ["minAvailable", "maxUnavailable"]) checkIntOrPercent(resource, ["spec", key], report);
      else if (resource.kind === "HorizontalPodAutoscaler") checkAutoscaler(resource, report);
      else if (resource.kind === "Ingress") checkIngress(resource, report);
      else if (resource.kind === "CronJob") checkCronJob(resource, model.settings.kubeVersion, report);
    }
  },
});

/** Kubernetes' own kinds: an operator validates its custom resources' templates its own way. */
function builtin(resource: Resource): boolean {
  return isBuiltinGroup(apiGroup(resource.apiVersion));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function checkPod(pod: PodTemplate, report: Emit): void {
  const resource = pod.resource;
  const spec = pod.spec as unknown as Record<string, unknown>;
  // Names are checked as the API server does: app containers first, then init containers against
  // them and each other, then ephemeral ones; the later of two is the one refused.
  const names = new Map<string, string>();
  for (const key of ["containers", "initContainers", "ephemeralContainers"]) {
    list(spec[key]).forEach((c, i) => {
      if (!isRecord(c) || typeof c.name !== "string" || c.name === "") return;
      const first = names.get(c.name);
      if (first === undefined) names.set(c.name, `${key}[${i}]`);
      else report({ target: { resource, path: [...pod.specPath, key, i, "name"] }, message: `container name ${JSON.stringify(c.name)} is already used by ${first}: the API server refuses the pod` });
    });
  }
  const volumes = new Map<string, number>();
  list(spec.volumes).forEach((v, i) => {
    if (!isRecord(v) || typeof v.name !== "string") return;
    const first = volumes.get(v.name);
    if (first === undefined) volumes.set(v.name, i);
    else report({ target: { resource, path: [...pod.specPath, "volumes", i, "name"] }, message: `volume name ${JSON.stringify(v.name)} is already used by volumes[${first}]: the API server refuses the pod` });
  });
  for (const key of ["containers", "initContainers"] as const) {
    list(spec[key]).forEach((c, i) => {
      if (!isRecord(c)) return;
      const at = [...pod.specPath, key, i];
      const who = `${key === "initContainers" ? "init container" : "container"} ${JSON.stringify(typeof c.name === "string" ? c.name : `#${i + 1}`)}`;
      // A plain init container runs once to completion: nothing to probe, no hooks.
      if (key === "initContainers" && c.restartPolicy !== "Always") {
        for (const field of [...PROBES, "lifecycle"]) {
          if (c[field] === undefined || c[field] === null) continue;
          report({
            target: { resource, path: [...at, field] },
            message: `${who} has a ${field}, which only sidecar init containers (restartPolicy: Always) may have: the API server refuses the pod`,
            suggestions: [removeValue(`remove the ${field}`, resource.object, [...at, field])],
          });
        }
        return;
      }
      for (const probe of PROBES) checkProbe(resource, c[probe], [...at, probe], `${probe} of ${who}`, probe !== "readinessProbe", report);
    });
  }
  if (SERVING_KINDS.has(resource.kind)) {
    const policy = spec.restartPolicy;
    if (policy !== undefined && policy !== null && policy !== "Always") {
      const at = [...pod.specPath, "restartPolicy"];
      // Always is the one value the API server takes here (and the default): what the fix writes.
      report({ target: { resource, path: at }, message: `${resource.kind} pods must restart Always; restartPolicy ${JSON.stringify(policy)} is refused`, fix: setValue("set restartPolicy: Always", at, "Always") });
    }
    if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
      report({
        target: { resource, path: [...pod.specPath, "activeDeadlineSeconds"] },
        message: `activeDeadlineSeconds is refused in a ${resource.kind}'s pod template: its pods are meant to run until replaced`,
        suggestions: [removeValue("remove activeDeadlineSeconds", resource.object, [...pod.specPath, "activeDeadlineSeconds"])],
      });
    }
  }
}

function checkProbe(resource: Resource, probe: unknown, at: ObjectPath, what: string, oneSuccess: boolean, report: Emit): void {
  if (!isRecord(probe)) return;
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) report({ target: { resource, path: at }, message: `${what} has no handler (exec, httpGet, tcpSocket or grpc): the API server refuses it` });
  else if (handlers.length > 1) {
    // The API server names the second handler; the first written stays the probe's intent.
    const extra = handlers.filter((h) => h !== firstWritten(probe, handlers));
    report({
      target: { resource, path: [...at, extra[0]] },
      message: `${what} has ${handlers.length} handlers (${handlers.join(", ")}); a probe takes exactly one`,
      suggestions: extra.length === 1 ? [removeValue(`remove the ${extra[0]} handler`, resource.object, [...at, extra[0]])] : [],
    });
  }
  for (const key of PROBE_COUNTS) {
    const n = probe[key];
    if (typeof n === "number" && n < 0) report({ target: { resource, path: [...at, key] }, message: `${what} sets ${key} ${n}: the API server refuses a negative value` });
  }
  // A readiness probe never restarts the container: a grace period for the kill is refused there.
  if (!oneSuccess && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    const tg = [...at, "terminationGracePeriodSeconds"];
    report({ target: { resource, path: tg }, message: `${what} sets terminationGracePeriodSeconds, which readiness probes must not set: the API server refuses it`, fix: removeValue("remove terminationGracePeriodSeconds", resource.object, tg) });
  }
  const success = probe.successThreshold;
  if (oneSuccess && typeof success === "number" && success > 1) {
    // 1 is the only value the API server takes for liveness and startup probes (and their default).
    report({ target: { resource, path: [...at, "successThreshold"] }, message: `${what} sets successThreshold ${success}; liveness and startup probes take 1`, fix: setValue("set successThreshold: 1", [...at, "successThreshold"], 1) });
  }
}

/** The handler written first (YAML order), the one the author most likely meant. */
function firstWritten(probe: Record<string, unknown>, handlers: readonly string[]): string {
  return Object.keys(probe).find((k) => handlers.includes(k)) ?? handlers[0];
}

/** An int-or-string of a rollout or budget: its value as a count or percentage, or why it is refused. */
function intOrPercent(value: unknown): { value: number; percent: boolean } | { problem: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return Number.isInteger(value) && value < 0 ? { problem: "is negative" } : { value, percent: false };
  if (typeof value !== "string") return undefined;
  if (!/^[0-9]+%$/.test(value)) return { problem: "is quoted but not a percentage (digits and %, as \"25%\"; a count has no quotes)" };
  return { value: Number(value.slice(0, -1)), percent: true };
}

/**
 * The value of `path` as the API server reads it, or the default when unset; reports a refused value
 * (and above 100% where `atMost100`) and returns undefined then.
 */
function readIntOrPercent(resource: Resource, path: ObjectPath, report: Emit, atMost100: boolean, fallback?: number): number | undefined {
  const v = intOrPercent(getPath(resource.object, path));
  const name = String(path[path.length - 1]);
  if (v === undefined) return fallback;
  if ("problem" in v) {
    report({ target: { resource, path }, message: `${name} ${v.problem}: the API server refuses it` });
    return undefined;
  }
  if (atMost100 && v.percent && v.value > 100) {
    report({ target: { resource, path }, message: `${name} is above 100%: the API server refuses it` });
    return undefined;
  }
  return v.value;
}

function checkIntOrPercent(resource: Resource, path: ObjectPath, report: Emit): void {
  readIntOrPercent(resource, path, report, true);
}

function checkDeploymentStrategy(resource: Resource, report: Emit): void {
  const strategy = getPath(resource.object, ["spec", "strategy"]);
  if (!isRecord(strategy)) return;
  const rolling = strategy.rollingUpdate;
  if (strategy.type === "Recreate") {
    if (rolling === undefined || rolling === null) return;
    const at = ["spec", "strategy", "rollingUpdate"];
    report({
      target: { resource, path: at },
      message: "rollingUpdate is set under strategy type Recreate: the API server refuses it",
      suggestions: [removeValue("remove rollingUpdate (keep Recreate)", resource.object, at), setValue("set strategy type RollingUpdate", ["spec", "strategy", "type"], "RollingUpdate")],
    });
    return;
  }
  if (strategy.type !== undefined && strategy.type !== null && strategy.type !== "RollingUpdate") return;
  if (!isRecord(rolling)) return;
  const base = ["spec", "strategy", "rollingUpdate"];
  // Unset, each is 25% (the Deployment defaults), so a zero needs both written.
  const unavailable = readIntOrPercent(resource, [...base, "maxUnavailable"], report, true, 25);
  const surge = readIntOrPercent(resource, [...base, "maxSurge"], report, false, 25);
  if (unavailable === 0 && surge === 0) {
    report({ target: { resource, path: [...base, "maxUnavailable"] }, message: "maxUnavailable and maxSurge are both 0: a rollout could neither add nor remove a pod, and the API server refuses it" });
  }
}

function checkDaemonSetStrategy(resource: Resource, report: Emit): void {
  const strategy = getPath(resource.object, ["spec", "updateStrategy"]);
  if (!isRecord(strategy) || (strategy.type !== undefined && strategy.type !== null && strategy.type !== "RollingUpdate")) return;
  const rolling = strategy.rollingUpdate;
  if (!isRecord(rolling)) return;
  const base = ["spec", "updateStrategy", "rollingUpdate"];
  // Unset: maxUnavailable 1 and maxSurge 0 (the DaemonSet defaults). Exactly one may be non-zero.
  const unavailable = readIntOrPercent(resource, [...base, "maxUnavailable"], report, true, 1);
  const surge = readIntOrPercent(resource, [...base, "maxSurge"], report, true, 0);
  if (unavailable === undefined || surge === undefined) return;
  const written = (k: string) => rolling[k] !== undefined && rolling[k] !== null;
  if (unavailable !== 0 && surge !== 0) {
    const defaulted = written("maxUnavailable") ? "" : " (its default)";
    report({
      target: { resource, path: [...base, "maxSurge"] },
      message: `maxSurge is set while maxUnavailable is ${JSON.stringify(rolling.maxUnavailable ?? 1)}${defaulted}: a DaemonSet rolls out by surge or by unavailability, not both, and the API server refuses it`,
      suggestions: [setValue("set maxUnavailable: 0 (roll out by surge)", [...base, "maxUnavailable"], 0)],
    });
  } else if (unavailable === 0 && surge === 0) {
    report({ target: { resource, path: [...base, written("maxUnavailable") ? "maxUnavailable" : "maxSurge"] }, message: "maxUnavailable and maxSurge are both 0: a rollout could neither add nor remove a pod, and the API server refuses it" });
  }
}

function checkAutoscaler(resource: Resource, report: Emit): void {
  const spec = getPath(resource.object, ["spec"]);
  if (!isRecord(spec)) return;
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === "number" && min < 1) {
    report({ target: { resource, path: ["spec", "minReplicas"] }, message: `minReplicas ${min} is refused: it must be at least 1 (scaling to zero needs the alpha HPAScaleToZero feature gate)` });
  }
  if (typeof max !== "number") return;
  if (max < 1) report({ target: { resource, path: ["spec", "maxReplicas"] }, message: `maxReplicas ${max} is refused: it must be at least 1` });
  else if (typeof min === "number" && max < min) report({ target: { resource, path: ["spec", "maxReplicas"] }, message: `maxReplicas ${max} is below minReplicas ${min}: the API server refuses it` });
}

const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES = ["/..", "/."];

function checkIngress(resource: Resource, report: Emit): void {
  list(getPath(resource.object, ["spec", "rules"])).forEach((rule, r) => {
    if (!isRecord(rule) || !isRecord(rule.http)) return;
    list(rule.http.paths).forEach((p, i) => {
      if (!isRecord(p) || typeof p.path !== "string") return;
      const at = ["spec", "rules", r, "http", "paths", i, "path"];
      const type = p.pathType ?? "ImplementationSpecific";
      const path = p.path;
      const absolute = path.startsWith("/");
      if (type === "Exact" || type === "Prefix") {
        if (!absolute) {
          report({ target: { resource, path: at }, message: `path ${JSON.stringify(path)} (pathType ${type}) does not begin with /: the API server refuses it`, ...(path !== "" ? { fix: setValue(`set path: /${path}`, at, `/${path}`) } : {}) });
          return;
        }
        const bad = INVALID_SEQUENCES.find((s) => path.includes(s)) ?? INVALID_SUFFIXES.find((s) => path.endsWith(s));
        if (bad) report({ target: { resource, path: at }, message: `path ${JSON.stringify(path)} (pathType ${type}) ${path.includes(bad) && INVALID_SEQUENCES.includes(bad) ? "contains" : "ends in"} ${JSON.stringify(bad)}: the API server refuses it` });
      } else if (type === "ImplementationSpecific" && path !== "" && !absolute) {
        report({ target: { resource, path: at }, message: `path ${JSON.stringify(path)} does not begin with /: the API server refuses it`, fix: setValue(`set path: /${path}`, at, `/${path}`) });
      }
    });
  });
}

/** A time zone the API server loads (Go's time.LoadLocation: IANA names, case as written), or why not. */
function timeZoneProblem(zone: string): { message: string; canonical?: string } | undefined {
  if (zone === "") return { message: "is empty (leave timeZone out for the controller's own zone)" };
  if (zone.toLowerCase() === "local") return { message: "is Local, which the API server refuses: name the zone (Europe/Paris, Etc/UTC)" };
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return { message: "is not a time zone of the IANA database" };
  }
  // ICU reads names in any case, Go's loader only as the database spells them.
  if (canonical !== zone && canonical.toLowerCase() === zone.toLowerCase()) return { message: `is spelt ${JSON.stringify(canonical)} in the IANA database`, canonical };
  return undefined;
}

function checkCronJob(resource: Resource, kubeVersion: string, report: Emit): void {
  const spec = getPath(resource.object, ["spec"]);
  if (!isRecord(spec)) return;
  const schedule = spec.schedule;
  if (typeof schedule === "string") {
    const at = ["spec", "schedule"];
    const problem = cronProblem(schedule);
    if (problem) {
      const fixed = sundayAsZero(schedule);
      report({ target: { resource, path: at }, message: `schedule ${JSON.stringify(schedule)}: ${problem.message}; the API server refuses it`, ...(fixed ? { fix: setValue(`set schedule: ${fixed}`, at, fixed) } : {}) });
    } else if (/TZ/.test(schedule) && kubeMinor(kubeVersion) >= 29) {
      // Since 1.29 a new CronJob may not name its zone in the schedule (TZ= or CRON_TZ=), only in timeZone.
      const m = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/su.exec(schedule);
      const zone = m?.[1];
      const movable = m && zone && spec.timeZone === undefined && !timeZoneProblem(zone);
      report({
        target: { resource, path: at },
        message: `schedule ${JSON.stringify(schedule)} names a time zone (TZ or CRON_TZ), which the API server refuses from Kubernetes 1.29: set spec.timeZone${spec.timeZone !== undefined ? " alone" : ""}`,
        ...(movable ? { fix: { description: `set timeZone: ${zone} and schedule: ${m[2].trim()}`, operations: [{ op: "set", path: at, value: m[2].trim() }, { op: "set", path: ["spec", "timeZone"], value: zone }] } } : {}),
      });
    }
  }
  if (typeof spec.timeZone === "string") {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem) {
      const at = ["spec", "timeZone"];
      report({
        target: { resource, path: at },
        message: `timeZone ${JSON.stringify(spec.timeZone)} ${problem.message}: the API server refuses it`,
        ...(problem.canonical ? { fix: setValue(`set timeZone: ${problem.canonical}`, at, problem.canonical) } : {}),
      });
    }
  }
}
