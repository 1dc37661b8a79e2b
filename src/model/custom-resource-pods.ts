import type { CompiledSelector } from "./selector.js";
import { isRecord, stringMap } from "./pod-spec.js";
import { isBuiltinResource, type Resource } from "./resource.js";

/**
 * Fields of a custom resource's spec that say its operator runs pods for it: a replica count under
 * the names operators give it (RabbitmqCluster's replicas, zalando's numberOfInstances, MongoDB's
 * members, a MinIO pool's servers, ECK's count and nodeSets), a pod template or pod metadata (ECK's
 * podTemplate, the Prometheus operator's podMetadata), containers or an image; a template only at
 * spec.template (deeper, it is often something else's: an ExternalSecret's target.template).
 */
const POD_FIELDS = new Set(["replicas", "instances", "numberOfInstances", "members", "servers", "count", "nodeSets", "podTemplate", "podMetadata", "containers", "image"]);

/** How deep in a spec those fields are looked for: a MinIO pool's servers sit at spec.pools[].servers. */
const POD_FIELD_DEPTH = 3;

/**
 * Whether a namespaced custom resource looks like one an operator runs pods for (a database cluster,
 * a message broker, an Elastic Stack component). Those pods have no template in the set, so what
 * selects them cannot be judged from the pod templates alone.
 */
export function mayRunPods(r: Resource): boolean {
  if (isBuiltinResource(r) || r.namespace === undefined || !isRecord(r.object.spec)) return false;
  return isRecord(r.object.spec.template) || hasPodField(r.object.spec, 1);
}

function hasPodField(node: Record<string, unknown>, depth: number): boolean {
  for (const [key, value] of Object.entries(node)) {
    if (POD_FIELDS.has(key) && value !== null && value !== undefined) return true;
    if (depth >= POD_FIELD_DEPTH) continue;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) if (isRecord(child) && hasPodField(child, depth + 1)) return true;
  }
  return false;
}

/** How deep in a spec pod labels are looked for: RabbitmqCluster's spec.override.statefulSet.spec.template.metadata.labels. */
const POD_LABEL_DEPTH = 7;

/**
 * What identifies the pods operators run for the custom resources of one namespace, built once: their
 * names and the labels their specs write on their pods.
 */
export class CustomResourcePods {
  private readonly names = new Set<string>();
  private readonly labels = new Set<string>();

  add(r: Resource): void {
    if (r.name !== "") this.names.add(r.name);
    collectPodLabels(r.object.spec, 1, this.labels);
  }

  /**
   * Whether a selector names such pods: one of the label values it asks for is a resource's name
   * (zalando's cluster-name, RabbitmqCluster's app.kubernetes.io/name, MinIO's v1.min.io/tenant), or
   * the name followed by a suffix the operator adds (MongoDB's `app: <name>-svc`), or it asks for a
   * label a resource's spec writes on its pods (`labels` under a pod template's metadata: ECK's
   * podTemplate.metadata.labels). The operator sets the selector's other labels as it sees fit, which
   * the manifests do not show.
   */
  named(selector: CompiledSelector): boolean {
    return selector.equals.some(([k, v]) => this.labels.has(`${k}=${v}`) || this.namesValue(v));
  }

  private namesValue(value: string): boolean {
    if (this.names.has(value)) return true;
    for (let i = value.indexOf("-"); i > 0; i = value.indexOf("-", i + 1)) if (this.names.has(value.slice(0, i))) return true;
    return false;
  }
}

function collectPodLabels(node: unknown, depth: number, out: Set<string>): void {
  if (depth > POD_LABEL_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) collectPodLabels(item, depth + 1, out);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === "metadata" || key === "podMetadata") && isRecord(value)) {
      for (const [k, v] of Object.entries(stringMap(value.labels))) out.add(`${k}=${v}`);
    }
    collectPodLabels(value, depth + 1, out);
  }
}
