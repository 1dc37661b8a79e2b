import type { Resource } from "./resource.js";
import { apiGroup } from "./resource.js";
import { isRecord } from "./pod-spec.js";

/** The API group of Flux's HelmRelease (helm-controller). */
const FLUX_HELM_GROUP = "helm.toolkit.fluxcd.io";

/**
 * What the Flux HelmReleases of the set install, which the manifests do not show (the chart is
 * rendered in the cluster): for each namespace a release installs into (spec.targetNamespace, else the
 * HelmRelease's own), the names its objects begin with. A chart names its objects after its fullname,
 * by Helm's convention the release name (`chorus`, `chorus-ui`) or values.fullnameOverride; the
 * release name is spec.releaseName, else `[targetNamespace-]name`, as helm-controller composes it.
 * Cluster-scoped objects (a ClusterRole) are named alike, in no namespace.
 */
export class HelmReleaseObjects {
  private readonly prefixes = new Map<string, Set<string>>();
  private readonly all = new Set<string>();

  constructor(releases: readonly Resource[]) {
    for (const r of releases) {
      if (apiGroup(r.apiVersion) !== FLUX_HELM_GROUP || r.kind !== "HelmRelease") continue;
      const spec = isRecord(r.object.spec) ? r.object.spec : {};
      const target = typeof spec.targetNamespace === "string" && spec.targetNamespace !== "" ? spec.targetNamespace : undefined;
      const namespace = target ?? r.namespace;
      const names = [typeof spec.releaseName === "string" && spec.releaseName !== "" ? spec.releaseName : target ? `${target}-${r.name}` : r.name];
      const values = isRecord(spec.values) ? spec.values : undefined;
      if (typeof values?.fullnameOverride === "string" && values.fullnameOverride !== "") names.push(values.fullnameOverride);
      if (namespace !== undefined) {
        let inNamespace = this.prefixes.get(namespace);
        if (!inNamespace) this.prefixes.set(namespace, (inNamespace = new Set()));
        for (const n of names) inNamespace.add(n);
      }
      for (const n of names) this.all.add(n);
    }
  }

  /** Whether a release of the set may install the object: in its namespace (any, for a cluster-scoped one), named after the release. */
  mayInstall(namespace: string | undefined, name: string): boolean {
    const names = namespace === undefined ? this.all : this.prefixes.get(namespace);
    if (names === undefined) return false;
    // The name and each part of it before a '-': a lookup each, however many releases the set has.
    if (names.has(name)) return true;
    for (let i = name.indexOf("-"); i > 0; i = name.indexOf("-", i + 1)) if (names.has(name.slice(0, i))) return true;
    return false;
  }
}
