import type { Resource } from "./resource.js";
import { apiGroup } from "./resource.js";
import { isRecord } from "./pod-spec.js";

/** The API group of Flux's HelmRelease (helm-controller). */
const FLUX_HELM_GROUP = "helm.toolkit.fluxcd.io";
const ARGO_CD_GROUP = "argoproj.io";

/**
 * What the Helm releases of the set install, which the manifests do not show (the chart is rendered
 * in the cluster): for each namespace a release installs into, the names its objects begin with. A
 * chart names its objects after its fullname, by Helm's convention the release name (`chorus`,
 * `chorus-ui`) or values.fullnameOverride. A Flux HelmRelease installs into spec.targetNamespace,
 * else its own namespace, as `spec.releaseName`, else `[targetNamespace-]name` (helm-controller's
 * composition); an Argo CD Application whose source is a Helm chart (`chart:` from a Helm repository,
 * or `helm:` settings) into destination.namespace, as `helm.releaseName`, else the Application's name.
 * Cluster-scoped objects (a ClusterRole) are named alike, in no namespace.
 */
export class HelmReleaseObjects {
  private readonly prefixes = new Map<string, Set<string>>();
  private readonly all = new Set<string>();

  /** `releases`: the set's HelmReleases and Applications (others are passed over). */
  constructor(releases: readonly Resource[]) {
    for (const r of releases) {
      const spec = isRecord(r.object.spec) ? r.object.spec : {};
      if (apiGroup(r.apiVersion) === FLUX_HELM_GROUP && r.kind === "HelmRelease") {
        const target = nonEmpty(spec.targetNamespace);
        const values = isRecord(spec.values) ? spec.values : undefined;
        this.add(target ?? r.namespace, [nonEmpty(spec.releaseName) ?? (target ? `${target}-${r.name}` : r.name), nonEmpty(values?.fullnameOverride)]);
      } else if (apiGroup(r.apiVersion) === ARGO_CD_GROUP && r.kind === "Application") {
        const destination = isRecord(spec.destination) ? spec.destination : {};
        for (const source of Array.isArray(spec.sources) ? spec.sources : [spec.source]) {
          if (!isRecord(source) || (source.chart === undefined && !isRecord(source.helm))) continue;
          const helm = isRecord(source.helm) ? source.helm : {};
          const values = isRecord(helm.valuesObject) ? helm.valuesObject : undefined;
          this.add(nonEmpty(destination.namespace), [nonEmpty(helm.releaseName) ?? r.name, nonEmpty(values?.fullnameOverride)]);
        }
      }
    }
  }

  private add(namespace: string | undefined, names: ReadonlyArray<string | undefined>): void {
    let inNamespace: Set<string> | undefined;
    if (namespace !== undefined) {
      inNamespace = this.prefixes.get(namespace);
      if (!inNamespace) this.prefixes.set(namespace, (inNamespace = new Set()));
    }
    for (const n of names) {
      if (n === undefined || n === "") continue;
      inNamespace?.add(n);
      this.all.add(n);
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

function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
