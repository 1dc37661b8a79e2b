import type { ObjectPath } from "../types.js";
import type { Model } from "./model.js";
import type { Resource } from "./resource.js";
import { containersOf, isRecord, type ContainerRef, type PodTemplate } from "./pod-spec.js";
import { compileSelector } from "./selector.js";

/**
 * Which workloads a workload talks to, read from the host names in its configuration: env values,
 * command and args, and the ConfigMaps it reads (configMapKeyRef, envFrom, mounted volumes).
 * A host is a Service's DNS name (`zk`, `zk.ns`, `zk.ns.svc`, `zk.ns.svc.cluster.local`) or a
 * StatefulSet pod's stable name (`zk-0.zk`, `zk-0.zk.ns.svc.cluster.local`).
 */
export interface Connection {
  from: Resource;
  to: Resource;
  /** The host as written (never more: the text around it may hold credentials). */
  host: string;
  /** Where the host is written in `from` (or where `from` reads the ConfigMap that holds it). */
  path: ObjectPath;
  /** A ConfigMap the host came from, e.g. `ConfigMap caracal-config key KAFKA_BOOTSTRAP_SERVERS`. */
  source?: string;
  /** True when the host is named by a run-once init container, or by a wait loop in a container's script. */
  waits: boolean;
}

/** Env and ConfigMap keys whose whole value may be a bare host name (`DB_HOST: postgres`). */
// Not SERVICE or CLUSTER: OTEL_SERVICE_NAME and CLUSTER_NAME hold names, not hosts.
const HOST_KEY = /HOST|SERVER|ADDR|ENDPOINT|URL|URI|BROKER|CONNECT|DSN|BOOTSTRAP|NODES|PEERS|SEEDS/i;

/** A script that waits for something before going on. */
const WAIT_LOOP = /\buntil\b|\bwhile\b|wait-for|wait_for|waitfor|dockerize|\bnc\s+-z|pg_isready|\bkubectl\s+wait\b/i;

const STRICT_HOST_MARK = /[.:@]/;

const HOST_TOKEN = /[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*/g;

export class HostResolver {
  /** "ns/service" → workloads whose pods the Service selects (or the StatefulSet it governs). */
  private readonly services = new Map<string, Set<Resource>>();
  /** "ns/service/statefulset" → the StatefulSets of that name governed by that Service (their pods have stable names under it). */
  private readonly governed = new Map<string, Set<Resource>>();

  constructor(model: Model) {
    for (const svc of model.index.ofKind("Service")) {
      const spec = isRecord(svc.object.spec) ? svc.object.spec : {};
      if (!isRecord(spec.selector)) continue;
      const selector = compileSelector(spec.selector as Record<string, string>, "map");
      if (selector.empty) continue;
      const key = `${svc.namespace}/${svc.name}`;
      for (const pod of model.index.selectPods(svc.namespace, selector, false)) add(this.services, key, pod.resource);
    }
    for (const sts of model.index.ofKind("StatefulSet")) {
      const spec = isRecord(sts.object.spec) ? sts.object.spec : {};
      if (typeof spec.serviceName !== "string" || spec.serviceName === "") continue;
      const key = `${sts.namespace}/${spec.serviceName}`;
      add(this.services, key, sts);
      add(this.governed, `${key}/${sts.name}`, sts);
    }
    // A Service name that reaches several workloads (a selector on shared labels such as
    // app.kubernetes.io/name alone, or one headless Service governing several StatefulSets) says
    // nothing about which one a client talks to: it resolves to none of them. This also keeps the
    // connections linear: a thousand StatefulSets naming their shared Service are not a million pairs.
    for (const [key, set] of this.services) if (set.size > 1) this.services.delete(key);
  }

  /** Hosts already resolved, by the namespace they are named from: the same hosts recur in every pod of a namespace. */
  private readonly resolved = new Map<string | undefined, Map<string, readonly Resource[]>>();

  /** Workloads a host name reaches from a pod in `namespace`; empty when it names none in the set. */
  resolve(host: string, namespace: string | undefined): readonly Resource[] {
    let byHost = this.resolved.get(namespace);
    if (!byHost) this.resolved.set(namespace, (byHost = new Map()));
    let found = byHost.get(host);
    if (!found) byHost.set(host, (found = this.lookUp(host, namespace)));
    return found;
  }

  private lookUp(host: string, namespace: string | undefined): Resource[] {
    let t = host.endsWith(".") ? host.slice(0, -1) : host;
    if (t.endsWith(".svc.cluster.local")) t = t.slice(0, -".svc.cluster.local".length);
    else if (t.endsWith(".svc")) t = t.slice(0, -".svc".length);
    const labels = t.split(".");
    const out = new Set<Resource>();
    const service = (name: string, ns: string | undefined) => {
      for (const r of this.services.get(`${ns}/${name}`) ?? []) out.add(r);
    };
    const pod = (podName: string, svc: string, ns: string | undefined) => {
      const m = /^(.+)-\d+$/.exec(podName);
      if (!m) return;
      for (const sts of this.governed.get(`${ns}/${svc}/${m[1]}`) ?? []) out.add(sts);
    };
    if (labels.length === 1) service(labels[0], namespace);
    else if (labels.length === 2) {
      service(labels[0], labels[1]);
      pod(labels[0], labels[1], namespace);
    } else if (labels.length === 3) pod(labels[0], labels[1], labels[2]);
    return [...out];
  }
}

function add<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  const set = map.get(k);
  if (set) set.add(v);
  else map.set(k, new Set([v]));
}

/**
 * Host-like tokens in a text: followed by a port, after `://` or `@`, or with a DNS suffix. A bare word
 * counts only when it is the whole value ("exact"), so prose that happens to contain a Service's name
 * does not; in a script that waits ("lenient": `pg_isready -h db`, `nc -z zk 2181`) every word does,
 * since a false wait can only silence a finding.
 */
export function hostTokens(text: string, mode: "strict" | "exact" | "lenient"): string[] {
  // Read strictly, a host needs a port, a scheme or user before it, or a dot: without any of . : @ there is none.
  if (mode === "strict" && !STRICT_HOST_MARK.test(text)) return [];
  const out: string[] = [];
  const trimmed = text.trim();
  // An exec loop over one regex and character codes for the neighbours: matchAll's iterator and a
  // one-character regex test on each side of every token were most of the time on a long script.
  HOST_TOKEN.lastIndex = 0;
  for (let m = HOST_TOKEN.exec(text); m !== null; m = HOST_TOKEN.exec(text)) {
    const token = m[0];
    const start = m.index;
    const end = start + token.length;
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    const after = end < text.length ? text.charCodeAt(end) : -1;
    // `://` just before the token, read in place (a slice of the text before each token made long scripts quadratic).
    const afterScheme = start >= 3 && text.startsWith("://", start - 3);
    // kubectl names an object kind/name (`kubectl rollout status statefulset/postgres`): in a waiting script, its name.
    const kubectlName = mode === "lenient" && before === SLASH && KUBECTL_KIND.test(text.slice(Math.max(0, start - 24), start));
    if (continuesBefore(before) && !afterScheme && !kubectlName) continue;
    if (continuesAfter(after)) continue;
    const port = after === COLON && isDigit(end + 1 < text.length ? text.charCodeAt(end + 1) : -1);
    const url = afterScheme || before === AT;
    const dotted = token.includes(".");
    if (port || url || dotted || mode === "lenient" || (mode === "exact" && token === trimmed)) out.push(token);
    // A StatefulSet's pod by name (`kubectl wait pod/postgres-0`): its set, by the name without the ordinal.
    if (kubectlName && /-[0-9]+$/.test(token)) out.push(token.replace(/-[0-9]+$/, ""));
  }
  return out;
}

const COLON = 0x3a;
const SLASH = 0x2f;
/** A kubectl kind (or short name) and its slash, just before a name: statefulset/postgres, sts/db, pod/db-0. */
const KUBECTL_KIND = /(?:^|[\s"'=])(?:statefulsets?|sts|deployments?|deploy|pods?|po|services?|svc|jobs?|daemonsets?|ds|replicasets?|rs|endpoints|ep)(?:\.[a-z.]+)?\/$/i;
const AT = 0x40;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** [A-Za-z0-9_-]: a character that continues a token after it. */
function continuesAfter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f || c === 0x2d;
}

/** [A-Za-z0-9_.$\-/]: a character that makes a token the tail of a longer word, path or variable. */
function continuesBefore(c: number): boolean {
  return continuesAfter(c) || c === 0x2e || c === 0x24 || c === 0x2f;
}

interface Text {
  text: string;
  path: ObjectPath;
  /** The whole value may be a bare host name. */
  exact: boolean;
  /** A command or an argument: a wait loop there makes the container wait. */
  script?: boolean;
  /** The ConfigMap and key the text comes from: the connection's `source`, written only for a connection made. */
  sourceConfigMap?: string;
  sourceKey?: string;
  /** The ConfigMap this text is a key of, read by configMapKeyRef. */
  keyedFrom?: string;
  /** The ConfigMap this text comes from through envFrom. */
  envFrom?: string;
}

/** Texts shorter than this are not remembered by podConnections' token cache. */
const SHORT_TEXT = 64;

/** Every connection of every workload in the model, in one pass over pod templates. */
export function connectionsOf(model: Model, resolver: HostResolver = new HostResolver(model)): Connection[] {
  const of = podConnections(model, resolver);
  const out: Connection[] = [];
  for (const pod of model.pods) for (const c of of(pod)) out.push(c);
  return out;
}

/**
 * The connections of one pod template at a time (a rule that reports on some workloads follows the
 * ones they reach). Host tokens are cached across pods: a ConfigMap that many workloads read is scanned
 * once per reading mode, not once per workload.
 */
export function podConnections(model: Model, resolver: HostResolver = new HostResolver(model)): (pod: PodTemplate) => Connection[] {
  // One map per mode, keyed by the text itself: a key joining mode and text copied every text on
  // every lookup (a third of startup-order's time).
  const cache = { strict: new Map<string, string[]>(), exact: new Map<string, string[]>(), lenient: new Map<string, string[]>() };
  const tokens = (text: string, mode: "strict" | "exact" | "lenient") => {
    // A short text is read again faster than it is found in a map of every text seen.
    if (text.length < SHORT_TEXT) return hostTokens(text, mode);
    const byText = cache[mode];
    let found = byText.get(text);
    if (!found) byText.set(text, (found = hostTokens(text, mode)));
    return found;
  };
  return (pod) => {
    const out: Connection[] = [];
    const from = pod.resource;
    for (const c of containersOf(pod)) {
      if (c.kind === "ephemeralContainer") continue;
      const initWait = c.kind === "initContainer" && !c.sidecar;
      // A container that reads a host from a ConfigMap by key says which hosts it uses; its envFrom of
      // the same ConfigMap is then a catch-all (Caracal's consumers get every service's host that way).
      const texts = containerTexts(model, pod, c);
      const keyedHosts = new Set<string>();
      // The texts read by key or named in the container first, then those of its envFrom (two passes
      // over one list instead of two filtered copies joined).
      for (let k = 0; k < 2 * texts.length; k++) {
        const t = texts[k % texts.length];
        if (k < texts.length ? t.envFrom : !t.envFrom) continue;
        if (t.envFrom && keyedHosts.has(t.envFrom)) continue;
        const script = t.script === true;
        const waits = initWait || (script && WAIT_LOOP.test(t.text));
        // Bare words count only in a waiting script; env and ConfigMap values keep their strict reading.
        for (const host of tokens(t.text, waits && script ? "lenient" : t.exact ? "exact" : "strict")) {
          const targets = resolver.resolve(host, from.namespace);
          if (t.keyedFrom && targets.length > 0) keyedHosts.add(t.keyedFrom);
          for (const to of targets) {
            // Its own peers (a StatefulSet's --join list), also through a second definition of itself
            // (duplicate-object reports that): a workload does not wait for itself.
            if (to === from || (to.kind === from.kind && to.namespace === from.namespace && to.name === from.name)) continue;
            const source = t.sourceConfigMap === undefined ? undefined : `ConfigMap ${t.sourceConfigMap} key ${t.sourceKey}`;
            out.push({ from, to, host, path: t.path, source, waits });
          }
        }
      }
    }
    return out;
  };
}

function containerTexts(model: Model, pod: PodTemplate, c: ContainerRef): Text[] {
  const texts: Text[] = [];
  const container = c.container as unknown as Record<string, unknown>;
  const ns = pod.resource.namespace;
  const configMap = (name: unknown) => (typeof name === "string" ? model.index.get("ConfigMap", ns, name)[0] : undefined);
  const data = (cm: Resource | undefined) => (cm && isRecord(cm.object.data) ? (cm.object.data as Record<string, unknown>) : {});

  const env = Array.isArray(container.env) ? container.env : [];
  env.forEach((e, i) => {
    if (!isRecord(e)) return;
    const name = typeof e.name === "string" ? e.name : "";
    if (typeof e.value === "string") texts.push({ text: e.value, path: [...c.path, "env", i, "value"], exact: HOST_KEY.test(name) });
    const ref = isRecord(e.valueFrom) && isRecord(e.valueFrom.configMapKeyRef) ? e.valueFrom.configMapKeyRef : undefined;
    const cm = configMap(ref?.name);
    if (cm && typeof ref?.key === "string" && typeof data(cm)[ref.key] === "string") {
      texts.push({
        text: data(cm)[ref.key] as string,
        path: [...c.path, "env", i, "valueFrom", "configMapKeyRef", "key"],
        exact: HOST_KEY.test(name) || HOST_KEY.test(ref.key),
        sourceConfigMap: cm.name,
        sourceKey: ref.key,
        keyedFrom: cm.name,
      });
    }
  });
  for (const field of ["command", "args"] as const) {
    const list = container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((arg, j) => {
      if (typeof arg === "string") texts.push({ text: arg, path: [...c.path, field, j], exact: false, script: true });
    });
  }
  const envFrom = Array.isArray(container.envFrom) ? container.envFrom : [];
  envFrom.forEach((e, i) => {
    const ref = isRecord(e) && isRecord(e.configMapRef) ? e.configMapRef : undefined;
    const cm = configMap(ref?.name);
    if (!cm) return;
    // One path for all the keys read through this envFrom (paths are never changed once made).
    const path = [...c.path, "envFrom", i, "configMapRef", "name"];
    for (const [key, value] of Object.entries(data(cm))) {
      if (typeof value === "string") texts.push({ text: value, path, exact: HOST_KEY.test(key), sourceConfigMap: cm.name, sourceKey: key, envFrom: cm.name });
    }
  });
  // ConfigMaps mounted by this container: their files are its configuration.
  const mounted = new Set<string>();
  for (const m of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) if (isRecord(m) && typeof m.name === "string") mounted.add(m.name);
  const volumes = Array.isArray((pod.spec as { volumes?: unknown }).volumes) ? ((pod.spec as { volumes?: unknown[] }).volumes ?? []) : [];
  volumes.forEach((v, i) => {
    if (!isRecord(v) || typeof v.name !== "string" || !mounted.has(v.name) || !isRecord(v.configMap)) return;
    const cm = configMap(v.configMap.name);
    if (!cm) return;
    const path = [...pod.specPath, "volumes", i, "configMap", "name"];
    for (const [key, value] of Object.entries(data(cm))) {
      if (typeof value === "string") texts.push({ text: value, path, exact: false, sourceConfigMap: cm.name, sourceKey: key });
    }
  });
  return texts;
}
