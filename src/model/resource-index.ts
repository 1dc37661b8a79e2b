import type { Resource } from "./resource.js";
import type { PodTemplate } from "./pod-spec.js";
import type { CompiledSelector } from "./selector.js";

/**
 * Lookups over all resources of one run, built in one linear pass. Cross-resource rules ask it
 * instead of scanning the resource list, so no rule is quadratic in the number of resources.
 */
export class ResourceIndex {
  private readonly byKey = new Map<string, Resource[]>();
  private readonly byKind = new Map<string, Resource[]>();
  /** Pod templates by namespace, then by "key=value" label pair. */
  private readonly podsByLabel = new Map<string, Map<string, PodTemplate[]>>();
  private readonly podsByNamespace = new Map<string, PodTemplate[]>();
  private readonly podOf = new Map<Resource, PodTemplate>();

  constructor(resources: readonly Resource[], pods: readonly PodTemplate[]) {
    for (const r of resources) {
      push(this.byKey, key(r.kind, r.namespace, r.name), r);
      push(this.byKind, r.kind, r);
    }
    for (const p of pods) {
      const ns = p.resource.namespace ?? "";
      this.podOf.set(p.resource, p);
      push(this.podsByNamespace, ns, p);
      let labels = this.podsByLabel.get(ns);
      if (!labels) this.podsByLabel.set(ns, (labels = new Map()));
      for (const [k, v] of Object.entries(p.labels)) push(labels, `${k}=${v}`, p);
    }
  }

  /** Objects of a kind with a name, in a namespace (undefined for cluster-scoped kinds). */
  get(kind: string, namespace: string | undefined, name: string): Resource[] {
    return this.byKey.get(key(kind, namespace, name)) ?? [];
  }

  has(kind: string, namespace: string | undefined, name: string): boolean {
    return this.byKey.has(key(kind, namespace, name));
  }

  ofKind(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  /** All groups of objects that share kind/namespace/name (for duplicate detection). */
  *groups(): IterableIterator<Resource[]> {
    yield* this.byKey.values();
  }

  podTemplate(resource: Resource): PodTemplate | undefined {
    return this.podOf.get(resource);
  }

  podsInNamespace(namespace: string | undefined): readonly PodTemplate[] {
    return this.podsByNamespace.get(namespace ?? "") ?? [];
  }

  /**
   * Pod templates in a namespace whose labels a selector matches. Candidates come from the rarest
   * equality pair in the selector, so a lookup costs what it returns, not the size of the namespace.
   */
  selectPods(namespace: string | undefined, selector: CompiledSelector, emptyMatchesAll: boolean): PodTemplate[] {
    if (selector.invalid) return [];
    if (selector.empty) return emptyMatchesAll ? [...this.podsInNamespace(namespace)] : [];
    const ns = namespace ?? "";
    let candidates: readonly PodTemplate[] | undefined;
    if (selector.equals.length > 0) {
      const labels = this.podsByLabel.get(ns);
      if (!labels) return [];
      for (const [k, v] of selector.equals) {
        const list = labels.get(`${k}=${v}`);
        if (!list) return [];
        if (!candidates || list.length < candidates.length) candidates = list;
      }
    } else {
      candidates = this.podsInNamespace(namespace);
    }
    return (candidates ?? []).filter((p) => selector.matches(p.labels));
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ""}\u0000${name}`;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
