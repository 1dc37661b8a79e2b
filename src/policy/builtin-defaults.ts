import { isRecord } from "../model/pod-spec.js";
import { parseImage } from "../model/image.js";
import { applyHttpGetDefaults, applyProbeDefaults } from "../model/probe-defaults.js";

type Obj = Record<string, unknown>;

/**
 * A built-in object as admission policies see it on a create: with the defaults the API server sets as
 * it decodes the request, before any admission runs (`SetDefaults_*` in Kubernetes' pkg/apis/core/v1,
 * apps/v1, batch/v1, networking/v1 and autoscaling/v2, and the types' declared defaults). A policy that reads `object.spec.replicas`
 * of a Deployment that sets none sees 1 in the cluster; without these it could not be evaluated.
 *
 * Only defaults that the API server sets at every supported release are applied, and those behind a
 * feature gate from the release (`minor`) that enables it by default. Left out, so that a policy
 * reading them is still "not evaluated": what the registry sets after defaulting (a Service's
 * clusterIP and IP families, a Job's selector, generation, status), quantities rewritten in canonical
 * form, pod-level resources, fields of alpha features, and the defaults of legacy volume plugins
 * (iscsi, rbd, azureDisk, scaleIO).
 *
 * Returns a defaulted copy, or undefined for a kind this does not default; `object` is never changed.
 */
export function withBuiltinDefaults(apiVersion: string, kind: string, object: Obj, minor: number): Obj | undefined {
  const defaults = KINDS[`${apiVersion} ${kind}`];
  if (!defaults) return undefined;
  const copy = structuredClone(object);
  defaults(copy, minor);
  return copy;
}

const KINDS: Record<string, (o: Obj, minor: number) => void> = {
  "v1 Pod": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    podSpec(spec);
    // SetDefaults_Pod: only a Pod (not a template) gets requests from limits and host ports from container ports.
    for (const c of [...records(spec.containers), ...records(spec.initContainers)]) {
      const resources = recordAt(c, "resources");
      if (!resources || !isRecord(resources.limits)) continue;
      if (!isRecord(resources.requests)) resources.requests = {};
      const requests = resources.requests as Obj;
      for (const [name, value] of Object.entries(resources.limits)) if (!(name in requests)) requests[name] = value;
    }
    if (unsetPointer(spec, "enableServiceLinks")) spec.enableServiceLinks = true;
    if (spec.hostNetwork === true) {
      for (const c of [...records(spec.containers), ...records(spec.initContainers)]) {
        for (const p of records(c.ports)) if (unsetNumber(p, "hostPort") && typeof p.containerPort === "number") p.hostPort = p.containerPort;
      }
    }
  },
  "v1 PodTemplate": (o) => template(recordAt(o, "template")),
  "v1 ReplicationController": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetPointer(spec, "replicas")) spec.replicas = 1;
    const tpl = isRecord(spec.template) ? spec.template : undefined;
    const labels = tpl && isRecord(tpl.metadata) && isRecord(tpl.metadata.labels) ? tpl.metadata.labels : undefined;
    if (labels) {
      if (!isRecord(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
      const meta = recordAt(o, "metadata");
      if (meta && (!isRecord(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
    }
    template(tpl);
  },
  "v1 Service": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetString(spec, "sessionAffinity")) spec.sessionAffinity = "None";
    if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
    if (spec.sessionAffinity === "ClientIP") {
      const config = isRecord(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : undefined;
      const clientIP = config && isRecord(config.clientIP) ? config.clientIP : undefined;
      if (!clientIP || unsetPointer(clientIP, "timeoutSeconds")) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    }
    if (unsetString(spec, "type")) spec.type = "ClusterIP";
    for (const p of records(spec.ports)) {
      if (unsetString(p, "protocol")) p.protocol = "TCP";
      const unsetTarget = p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "";
      if (unsetTarget && typeof p.port === "number") p.targetPort = p.port;
    }
    const type = spec.type;
    const externallyAccessible = type === "LoadBalancer" || type === "NodePort" || (type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
    if (externallyAccessible && unsetString(spec, "externalTrafficPolicy")) spec.externalTrafficPolicy = "Cluster";
    if (unsetPointer(spec, "internalTrafficPolicy") && (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")) spec.internalTrafficPolicy = "Cluster";
    if (type === "LoadBalancer" && unsetPointer(spec, "allocateLoadBalancerNodePorts")) spec.allocateLoadBalancerNodePorts = true;
  },
  "v1 Secret": (o) => {
    if (unsetString(o, "type")) o.type = "Opaque";
  },
  "v1 Namespace": (o) => {
    const meta = recordAt(o, "metadata");
    if (!meta || typeof meta.name !== "string" || meta.name === "") return;
    if (!isRecord(meta.labels)) meta.labels = {};
    (meta.labels as Obj)["kubernetes.io/metadata.name"] = meta.name;
  },
  "v1 PersistentVolumeClaim": (o) => claimSpec(recordAt(o, "spec")),
  "v1 PersistentVolume": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetString(spec, "persistentVolumeReclaimPolicy")) spec.persistentVolumeReclaimPolicy = "Retain";
    if (unsetPointer(spec, "volumeMode")) spec.volumeMode = "Filesystem";
  },
  "networking.k8s.io/v1 NetworkPolicy": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    // A policy that names no types is an Ingress policy, and an Egress one too when it has egress rules.
    if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
      spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
    }
    for (const rule of [...records(spec.ingress), ...records(spec.egress)]) for (const p of records(rule.ports)) if (unsetPointer(p, "protocol")) p.protocol = "TCP";
  },
  "autoscaling/v2 HorizontalPodAutoscaler": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetPointer(spec, "minReplicas")) spec.minReplicas = 1;
    if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
      spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
    }
    // A behavior that is written gets both directions' rules filled in, field by field.
    const behavior = isRecord(spec.behavior) ? spec.behavior : undefined;
    if (behavior) {
      behavior.scaleUp = scalingRules(behavior.scaleUp, { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] });
      behavior.scaleDown = scalingRules(behavior.scaleDown, { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
    }
  },
  "apps/v1 Deployment": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetPointer(spec, "replicas")) spec.replicas = 1;
    const strategy = recordAt(spec, "strategy", true);
    if (strategy && unsetString(strategy, "type")) strategy.type = "RollingUpdate";
    if (strategy?.type === "RollingUpdate") {
      const rolling = recordAt(strategy, "rollingUpdate", true);
      if (rolling && unsetPointer(rolling, "maxUnavailable")) rolling.maxUnavailable = "25%";
      if (rolling && unsetPointer(rolling, "maxSurge")) rolling.maxSurge = "25%";
    }
    if (unsetPointer(spec, "revisionHistoryLimit")) spec.revisionHistoryLimit = 10;
    if (unsetPointer(spec, "progressDeadlineSeconds")) spec.progressDeadlineSeconds = 600;
    template(recordAt(spec, "template"));
  },
  "apps/v1 DaemonSet": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    const strategy = recordAt(spec, "updateStrategy", true);
    if (strategy && unsetString(strategy, "type")) strategy.type = "RollingUpdate";
    if (strategy?.type === "RollingUpdate") {
      const rolling = recordAt(strategy, "rollingUpdate", true);
      if (rolling && unsetPointer(rolling, "maxUnavailable")) rolling.maxUnavailable = 1;
      if (rolling && unsetPointer(rolling, "maxSurge")) rolling.maxSurge = 0;
    }
    if (unsetPointer(spec, "revisionHistoryLimit")) spec.revisionHistoryLimit = 10;
    template(recordAt(spec, "template"));
  },
  "apps/v1 StatefulSet": (o, minor) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetString(spec, "podManagementPolicy")) spec.podManagementPolicy = "OrderedReady";
    const strategy = recordAt(spec, "updateStrategy", true);
    // rollingUpdate (and so its partition) is made only when the type was left out, as the API server does.
    if (strategy && unsetString(strategy, "type")) {
      strategy.type = "RollingUpdate";
      if (unsetPointer(strategy, "rollingUpdate")) strategy.rollingUpdate = {};
    }
    const rolling = strategy?.type === "RollingUpdate" && isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
    if (rolling && unsetPointer(rolling, "partition")) rolling.partition = 0;
    // StatefulSetAutoDeletePVC: on by default from 1.27.
    if (minor >= 27) {
      const retention = recordAt(spec, "persistentVolumeClaimRetentionPolicy", true);
      if (retention && unsetString(retention, "whenDeleted")) retention.whenDeleted = "Retain";
      if (retention && unsetString(retention, "whenScaled")) retention.whenScaled = "Retain";
    }
    if (unsetPointer(spec, "replicas")) spec.replicas = 1;
    if (unsetPointer(spec, "revisionHistoryLimit")) spec.revisionHistoryLimit = 10;
    for (const claim of records(spec.volumeClaimTemplates)) claimSpec(recordAt(claim, "spec"));
    template(recordAt(spec, "template"));
  },
  "apps/v1 ReplicaSet": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetPointer(spec, "replicas")) spec.replicas = 1;
    template(recordAt(spec, "template"));
  },
  "batch/v1 Job": (o, minor) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetPointer(spec, "completions") && unsetPointer(spec, "parallelism")) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    if (unsetPointer(spec, "parallelism")) spec.parallelism = 1;
    if (unsetPointer(spec, "backoffLimit")) {
      // With a per-index limit (JobBackoffLimitPerIndex, on by default from 1.29) the job-wide one is unlimited.
      if (unsetPointer(spec, "backoffLimitPerIndex")) spec.backoffLimit = 6;
      else if (minor >= 29) spec.backoffLimit = 2147483647;
    }
    const tpl = isRecord(spec.template) ? spec.template : undefined;
    const labels = tpl && isRecord(tpl.metadata) && isRecord(tpl.metadata.labels) ? tpl.metadata.labels : undefined;
    const meta = recordAt(o, "metadata");
    if (labels && meta && (!isRecord(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
    if (unsetPointer(spec, "completionMode")) spec.completionMode = "NonIndexed";
    if (unsetPointer(spec, "suspend")) spec.suspend = false;
    // JobPodReplacementPolicy: on by default from 1.29.
    if (minor >= 29 && unsetPointer(spec, "podReplacementPolicy")) spec.podReplacementPolicy = isRecord(spec.podFailurePolicy) ? "Failed" : "TerminatingOrFailed";
    template(tpl);
  },
  "batch/v1 CronJob": (o) => {
    const spec = recordAt(o, "spec");
    if (!spec) return;
    if (unsetString(spec, "concurrencyPolicy")) spec.concurrencyPolicy = "Allow";
    if (unsetPointer(spec, "suspend")) spec.suspend = false;
    if (unsetPointer(spec, "successfulJobsHistoryLimit")) spec.successfulJobsHistoryLimit = 3;
    if (unsetPointer(spec, "failedJobsHistoryLimit")) spec.failedJobsHistoryLimit = 1;
    // The job template's pod spec is defaulted; the Job's own defaults apply when the Job is made.
    const jobTemplate = recordAt(spec, "jobTemplate");
    const jobSpec = jobTemplate && recordAt(jobTemplate, "spec");
    template(jobSpec ? recordAt(jobSpec, "template") : undefined);
  },
};

/** An HPA's scaling rules: what is written, the rest from the defaults. */
function scalingRules(written: unknown, defaults: Obj): Obj {
  const rules: Obj = { ...defaults };
  if (isRecord(written)) for (const [k, v] of Object.entries(written)) if (v !== undefined && v !== null) rules[k] = v;
  return rules;
}

/** A pod template's spec. */
function template(tpl: Obj | undefined): void {
  const spec = tpl && recordAt(tpl, "spec");
  if (spec) podSpec(spec);
}

/** SetDefaults_PodSpec, and what it holds: volumes and containers. */
function podSpec(spec: Obj): void {
  if (unsetString(spec, "dnsPolicy")) spec.dnsPolicy = "ClusterFirst";
  if (unsetString(spec, "restartPolicy")) spec.restartPolicy = "Always";
  if (unsetPointer(spec, "securityContext")) spec.securityContext = {};
  if (unsetPointer(spec, "terminationGracePeriodSeconds")) spec.terminationGracePeriodSeconds = 30;
  if (unsetString(spec, "schedulerName")) spec.schedulerName = "default-scheduler";
  for (const v of records(spec.volumes)) volume(v);
  for (const c of [...records(spec.containers), ...records(spec.initContainers), ...records(spec.ephemeralContainers)]) container(c);
}

/** The file mode secret, configMap, downwardAPI and projected volumes default to (0644). */
const DEFAULT_MODE = 0o644;

function volume(v: Obj): void {
  // A volume with no source is an emptyDir.
  if (Object.keys(v).every((k) => k === "name" || v[k] === null || v[k] === undefined)) v.emptyDir = {};
  const hostPath = isRecord(v.hostPath) ? v.hostPath : undefined;
  if (hostPath && unsetPointer(hostPath, "type")) hostPath.type = "";
  for (const source of ["secret", "configMap", "downwardAPI", "projected"]) {
    const s = isRecord(v[source]) ? (v[source] as Obj) : undefined;
    if (s && unsetPointer(s, "defaultMode")) s.defaultMode = DEFAULT_MODE;
  }
  if (isRecord(v.downwardAPI)) for (const item of records(v.downwardAPI.items)) fieldRef(item);
  if (isRecord(v.projected)) {
    for (const s of records(v.projected.sources)) {
      if (isRecord(s.serviceAccountToken) && unsetPointer(s.serviceAccountToken, "expirationSeconds")) s.serviceAccountToken.expirationSeconds = 3600;
      if (isRecord(s.downwardAPI)) for (const item of records(s.downwardAPI.items)) fieldRef(item);
    }
  }
  const ephemeral = isRecord(v.ephemeral) && isRecord(v.ephemeral.volumeClaimTemplate) ? v.ephemeral.volumeClaimTemplate : undefined;
  if (ephemeral) claimSpec(recordAt(ephemeral, "spec"));
}

function claimSpec(spec: Obj | undefined): void {
  if (spec && unsetPointer(spec, "volumeMode")) spec.volumeMode = "Filesystem";
}

/** A downwardAPI item or an env var source's fieldRef reads apiVersion v1 unless it says otherwise. */
function fieldRef(holder: Obj): void {
  const ref = isRecord(holder.fieldRef) ? holder.fieldRef : undefined;
  if (ref && unsetString(ref, "apiVersion")) ref.apiVersion = "v1";
}

/** SetDefaults_Container, its ports, env sources, probes and lifecycle handlers. */
function container(c: Obj): void {
  if (unsetString(c, "imagePullPolicy")) c.imagePullPolicy = tagIsLatest(c.image) ? "Always" : "IfNotPresent";
  if (unsetString(c, "terminationMessagePath")) c.terminationMessagePath = "/dev/termination-log";
  if (unsetString(c, "terminationMessagePolicy")) c.terminationMessagePolicy = "File";
  for (const p of records(c.ports)) if (unsetString(p, "protocol")) p.protocol = "TCP";
  for (const e of records(c.env)) if (isRecord(e.valueFrom)) fieldRef(e.valueFrom);
  for (const name of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    if (isRecord(c[name])) applyProbeDefaults(c[name] as Obj);
  }
  if (isRecord(c.lifecycle)) for (const handler of [c.lifecycle.postStart, c.lifecycle.preStop]) if (isRecord(handler)) applyHttpGetDefaults(handler);
}

/**
 * Whether the API server takes the image's tag to be latest: written so, or neither a tag nor a digest.
 * An image that is not a valid reference has no tag for it (IfNotPresent), as in Kubernetes' ParseImageName.
 */
export function tagIsLatest(image: unknown): boolean {
  if (typeof image !== "string" || !VALID_REFERENCE.test(image) || /^[a-f0-9]{64}$/.test(image)) return false;
  const { tag, digest } = parseImage(image);
  if (digest !== undefined && !validDigest(digest)) return false;
  return tag === "latest" || (tag === undefined && digest === undefined);
}

// The image reference grammar of github.com/distribution/reference: [domain/]path[:tag][@digest].
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN = "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
const VALID_REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** The digest algorithms a reference may name, and their lengths in hex digits. */
function validDigest(digest: string): boolean {
  const [algorithm, hex] = digest.split(":");
  const length = { sha256: 64, sha384: 96, sha512: 128 }[algorithm];
  return length !== undefined && hex.length === length && /^[a-f0-9]+$/.test(hex);
}

/** The record at `key`, made empty when `create` and the field is left out (a Go struct that is not a pointer). */
function recordAt(o: Obj, key: string, create = false): Obj | undefined {
  const v = o[key];
  if (isRecord(v)) return v;
  if (create && (v === undefined || v === null)) return (o[key] = {}) as Obj;
  return undefined;
}

function records(list: unknown): Obj[] {
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** A string field Go reads as "" (left out, null or empty). */
function unsetString(o: Obj, key: string): boolean {
  return o[key] === undefined || o[key] === null || o[key] === "";
}

/** A pointer field Go reads as nil (left out or null). */
function unsetPointer(o: Obj, key: string): boolean {
  return o[key] === undefined || o[key] === null;
}

/** A number field Go reads as 0. */
function unsetNumber(o: Obj, key: string): boolean {
  return o[key] === undefined || o[key] === null || o[key] === 0;
}
