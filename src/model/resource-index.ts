import type { Resource } from "./resource.js";
import type { PodTemplate } from "./pod-spec.js";
import type { CompiledSelector } from "./selector.js";
import { podSelectionOf, withoutLabelKeys } from "./selector.js";
import { isRecord } from "./pod-spec.js";
import { generatedSecrets } from "./generated-secrets.js";
import { referencesOf, type ObjectReference } from "./references.js";
import { scaleTargetRef } from "./object-meta.js";
import { CustomResourcePods, mayRunPods } from "./custom-resource-pods.js";

/**
 * Lookups over all resources of one run, built in one linear pass. Cross-resource rules ask it
 * instead of scanning the resource list, so no rule is quadratic in the number of resources.
 */
export class ResourceIndex {
  /** Objects that share kind, namespace and name, in the order their first appears. */
  private readonly sameObjects: Resource[][] = [];
  /**
   * Objects by kind, then namespace ("" for none): all of them, and by name, for get and has. A key
   * joined from the three was a new string to copy and hash for every object and on every lookup (a
   * third of missing-reference's time).
   */
  private readonly byName = new Map<string, Map<string, InNamespace>>();
  private readonly byKind = new Map<string, Resource[]>();
  /**
   * Pod templates by namespace, then by label key: all that carry the key, and by its value. Every
   * selector asks for its pairs: a "key=value" string joined for each pair on each lookup (and for
   * each label of each template) was most of a lookup's time.
   */
  private readonly podsByLabel = new Map<string, Map<string, PodsWithKey>>();
  private readonly podsByNamespace = new Map<string, PodTemplate[]>();
  /** Pod templates with labels whose values the manifests do not show (operator pods), by namespace. */
  private readonly openPodsByNamespace = new Map<string, PodTemplate[]>();
  private readonly podOf = new Map<Resource, PodTemplate>();
  /** The templates after the first of objects that hold several (src/model/custom-pod-templates.ts). */
  private readonly morePodsOf = new Map<Resource, PodTemplate[]>();
  // Built on first use, so a run whose rules never ask pays nothing for them.
  private readonly selections = new Map<Resource, readonly PodTemplate[]>();
  private readonly selectors = new Map<string, SelectorsOfKind>();
  private readonly coverage = new Map<string, { covered: Set<PodTemplate>; all: Set<string> }>();
  private secretCreators?: Map<string, Resource>;
  private readonly referencesByResource = new Map<Resource, readonly ObjectReference[]>();
  private autoscaling?: { targets: Map<Resource, Resource[]>; autoscalers: Map<Resource, Resource[]> };
  private customResourcePods?: Map<string, CustomResourcePods>;

  constructor(
    private readonly resources: readonly Resource[],
    pods: readonly PodTemplate[],
  ) {
    for (const r of resources) {
      push(this.byKind, r.kind, r);
      let byNamespace = this.byName.get(r.kind);
      if (!byNamespace) this.byName.set(r.kind, (byNamespace = new Map()));
      const ns = r.namespace ?? "";
      // New lists start as [r], not [] then push: an empty array grows to room for 17.
      const objects = byNamespace.get(ns);
      if (!objects) {
        const list = [r];
        byNamespace.set(ns, { all: [r], named: new Map([[r.name, list]]) });
        this.sameObjects.push(list);
        continue;
      }
      objects.all.push(r);
      const same = objects.named.get(r.name);
      if (same) {
        same.push(r);
        continue;
      }
      const list = [r];
      objects.named.set(r.name, list);
      this.sameObjects.push(list);
    }
    for (const p of pods) {
      const ns = p.resource.namespace ?? "";
      if (!this.podOf.has(p.resource)) this.podOf.set(p.resource, p);
      else push(this.morePodsOf, p.resource, p);
      push(this.podsByNamespace, ns, p);
      if (p.openLabelKeys && p.openLabelKeys.size > 0) push(this.openPodsByNamespace, ns, p);
      let keys = this.podsByLabel.get(ns);
      if (!keys) this.podsByLabel.set(ns, (keys = new Map()));
      for (const k in p.labels) {
        if (!Object.hasOwn(p.labels, k)) continue;
        const withKey = keys.get(k);
        if (withKey) {
          withKey.all.push(p);
          push(withKey.byValue, p.labels[k], p);
        } else keys.set(k, { all: [p], byValue: new Map([[p.labels[k], [p]]]) });
      }
    }
  }

  /** Objects of a kind in a namespace (undefined: the cluster-scoped objects of that kind). */
  inNamespace(kind: string, namespace: string | undefined): readonly Resource[] {
    return this.byName.get(kind)?.get(namespace ?? "")?.all ?? [];
  }

  /** Namespaces that hold at least one pod template ("" never appears: pods are namespaced). */
  podNamespaces(): string[] {
    return [...this.podsByNamespace.keys()];
  }

  /**
   * The pod templates an object selects, with the meaning Kubernetes gives its selector for its kind
   * (see `podSelectionOf`: Service, PodDisruptionBudget, NetworkPolicy, workloads). Empty for kinds
   * that select no pods. Computed once per object.
   */
  selectedPods(resource: Resource): readonly PodTemplate[] {
    let out = this.selections.get(resource);
    if (!out) {
      const sel = podSelectionOf(resource);
      out = sel && !sel.malformed ? this.selectPods(resource.namespace, sel.selector, sel.emptyMatchesAll) : [];
      this.selections.set(resource, out);
    }
    return out;
  }

  /**
   * Objects of a kind (PodDisruptionBudget, NetworkPolicy, Service…) in a pod template's namespace
   * whose selector selects it, or may (one asking for labels an operator sets on its pods with values
   * the manifests do not show). Built once per kind in time linear in the selections; selectors that
   * select every pod of a namespace (a default-deny NetworkPolicy) are kept per namespace, not per pod.
   */
  selecting(kind: string, pod: PodTemplate): readonly Resource[] {
    const index = this.selectorsOfKind(kind);
    const own = index.byPod.get(pod) ?? [];
    const all = index.allOf.get(pod.resource.namespace ?? "") ?? [];
    return all.length === 0 ? own : own.length === 0 ? all : [...all, ...own];
  }

  /**
   * Up to `limit` distinct values that pod templates of a namespace carry for a label key: a hint at a
   * near miss (`app=api-server` wanted, `app=api` present). Reads at most 100 templates.
   */
  labelValues(namespace: string | undefined, key: string, limit = 3): string[] {
    const out = new Set<string>();
    const pods = this.podsByLabel.get(namespace ?? "")?.get(key)?.all ?? [];
    for (let i = 0; i < pods.length && i < 100 && out.size < limit; i++) out.add(pods[i].labels[key]);
    return [...out];
  }

  /**
   * Whether any object of a kind (PodDisruptionBudget, NetworkPolicy…) selects a pod template: what
   * "is it covered" rules ask. Built once per kind; a selector the label indexes cannot narrow (only
   * NotIn or DoesNotExist) walks just the pods no earlier selector covered, so broad policies cost
   * one pass over the namespace between them, not one each.
   */
  isSelected(kind: string, pod: PodTemplate): boolean {
    let c = this.coverage.get(kind);
    if (!c) this.coverage.set(kind, (c = this.buildCoverage(kind)));
    return c.all.has(pod.resource.namespace ?? "") || c.covered.has(pod);
  }

  private buildCoverage(kind: string): { covered: Set<PodTemplate>; all: Set<string> } {
    const covered = new Set<PodTemplate>();
    const all = new Set<string>();
    const uncovered = new Map<string, PodTemplate[]>();
    for (const r of this.ofKind(kind)) {
      const sel = podSelectionOf(r);
      if (!sel || sel.malformed || sel.selector.invalid) continue;
      const ns = r.namespace ?? "";
      if (sel.selector.empty) {
        if (sel.emptyMatchesAll) all.add(ns);
        continue;
      }
      if (all.has(ns)) continue;
      const everyone = this.podsInNamespace(r.namespace);
      const candidates = this.candidates(r.namespace, sel.selector);
      if (candidates !== everyone) {
        for (const p of candidates) if (!covered.has(p) && sel.selector.matches(p.labels)) covered.add(p);
        continue;
      }
      const rest = (uncovered.get(ns) ?? everyone).filter((p) => {
        if (covered.has(p)) return false;
        if (!sel.selector.matches(p.labels)) return true;
        covered.add(p);
        return false;
      });
      uncovered.set(ns, rest);
    }
    return { covered, all };
  }

  /**
   * The object of the set that makes a controller create a Secret (a cert-manager Certificate, an
   * ExternalSecret, a SealedSecret…; see generated-secrets.ts), or undefined. Built on first use.
   */
  secretCreator(namespace: string | undefined, name: string): Resource | undefined {
    this.secretCreators ??= generatedSecrets((kind) => this.ofKind(kind));
    return this.secretCreators.get(`${namespace ?? ""}/${name}`);
  }

  /** The objects a HorizontalPodAutoscaler scales: its scaleTargetRef's kind and name, in its namespace. */
  scaleTargets(hpa: Resource): readonly Resource[] {
    return this.autoscalingIndex().targets.get(hpa) ?? [];
  }

  /** The HorizontalPodAutoscalers whose scaleTargetRef names a resource. */
  autoscalers(resource: Resource): readonly Resource[] {
    return this.autoscalingIndex().autoscalers.get(resource) ?? [];
  }

  private selectorsOfKind(kind: string): SelectorsOfKind {
    let index = this.selectors.get(kind);
    if (index) return index;
    index = { byPod: new Map(), allOf: new Map() };
    for (const r of this.ofKind(kind)) {
      const sel = podSelectionOf(r);
      if (!sel || sel.malformed || sel.selector.invalid) continue;
      if (sel.selector.empty) {
        if (sel.emptyMatchesAll) push(index.allOf, r.namespace ?? "", r);
        continue;
      }
      const selected = this.selectedPods(r);
      for (const p of selected) push(index.byPod, p, r);
      // Pods an operator labels with values the manifests do not show: a selector that may match them counts.
      const open = this.openPodsByNamespace.get(r.namespace ?? "");
      if (!open) continue;
      const matched = new Set(selected);
      for (const p of open) {
        if (matched.has(p)) continue;
        const rest = withoutLabelKeys(sel.selector, p.openLabelKeys!);
        if (rest === undefined || rest.matches(p.labels)) push(index.byPod, p, r);
      }
    }
    this.selectors.set(kind, index);
    return index;
  }

  private autoscalingIndex(): { targets: Map<Resource, Resource[]>; autoscalers: Map<Resource, Resource[]> } {
    if (this.autoscaling) return this.autoscaling;
    const targets = new Map<Resource, Resource[]>();
    const autoscalers = new Map<Resource, Resource[]>();
    for (const hpa of this.ofKind("HorizontalPodAutoscaler")) {
      const ref = isRecord(hpa.object.spec) ? scaleTargetRef(hpa, hpa.object.spec) : undefined;
      if (!isRecord(ref) || typeof ref.kind !== "string" || typeof ref.name !== "string") continue;
      const found = this.get(ref.kind, hpa.namespace, ref.name);
      targets.set(hpa, found);
      for (const t of found) push(autoscalers, t, hpa);
    }
    return (this.autoscaling = { targets, autoscalers });
  }

  /** Objects of a kind with a name, in a namespace (undefined for cluster-scoped kinds). */
  get(kind: string, namespace: string | undefined, name: string): Resource[] {
    return this.byName.get(kind)?.get(namespace ?? "")?.named.get(name) ?? [];
  }

  has(kind: string, namespace: string | undefined, name: string): boolean {
    return this.byName.get(kind)?.get(namespace ?? "")?.named.has(name) ?? false;
  }

  /** Every object of the set, in order (a `scope: "subject"` rule's model.resources may be fewer). */
  all(): readonly Resource[] {
    return this.resources;
  }

  ofKind(kind: string): readonly Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  /** All groups of objects that share kind/namespace/name (for duplicate detection). */
  *groups(): IterableIterator<Resource[]> {
    yield* this.sameObjects;
  }

  /** The object's pod template; its first, for a custom resource with one per role (podTemplates gives all). */
  podTemplate(resource: Resource): PodTemplate | undefined {
    return this.podOf.get(resource);
  }

  /** Every pod template of the object: one for a workload, one per role for a training job or Ray cluster. */
  podTemplates(resource: Resource): readonly PodTemplate[] {
    const first = this.podOf.get(resource);
    if (!first) return [];
    const more = this.morePodsOf.get(resource);
    return more ? [first, ...more] : [first];
  }

  /**
   * The objects a resource refers to (referencesOf, with its pod template), found once per set:
   * missing-reference and apply-order both read every workload's.
   */
  references(resource: Resource): readonly ObjectReference[] {
    let refs = this.referencesByResource.get(resource);
    if (!refs) this.referencesByResource.set(resource, (refs = referencesOf(resource, this.podTemplates(resource))));
    return refs;
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
    return this.candidates(namespace, selector).filter((p) => selector.matches(p.labels));
  }

  /**
   * Whether a selector selects at least one pod template of a namespace. Stops at the first match, so
   * a selector made only of NotIn or DoesNotExist (no index narrows it) costs one probe, not a scan.
   */
  selectsAnyPod(namespace: string | undefined, selector: CompiledSelector, emptyMatchesAll: boolean): boolean {
    if (selector.invalid) return false;
    if (selector.empty) return emptyMatchesAll && this.podsInNamespace(namespace).length > 0;
    if (this.candidates(namespace, selector).some((p) => selector.matches(p.labels))) return true;
    // An operator's pods carry labels whose values the manifests do not show: what else the selector asks decides.
    return (this.openPodsByNamespace.get(namespace ?? "") ?? []).some((p) => {
      const rest = withoutLabelKeys(selector, p.openLabelKeys!);
      return rest === undefined || rest.matches(p.labels);
    });
  }

  /**
   * Whether the selector names a custom resource of the namespace whose operator runs pods the set has
   * no template for (a RabbitmqCluster, a zalando postgresql, an ECK Agent): those pods may be the ones
   * it selects (src/model/custom-resource-pods.ts).
   */
  selectsCustomResourcePods(namespace: string | undefined, selector: CompiledSelector): boolean {
    return this.customResourcePodsByNamespace().get(namespace ?? "")?.named(selector) ?? false;
  }

  /**
   * Whether nothing in the set runs pods: no pod template, and no custom resource an operator runs pods
   * for. Such a set (a bundle of policies or Services, a file linted alone) says nothing of the labels
   * the pods its selectors name carry.
   */
  runsNoPods(): boolean {
    return this.podsByNamespace.size === 0 && this.customResourcePodsByNamespace().size === 0;
  }

  private customResourcePodsByNamespace(): Map<string, CustomResourcePods> {
    if (!this.customResourcePods) {
      this.customResourcePods = new Map();
      for (const r of this.resources) {
        if (this.podOf.has(r) || !mayRunPods(r)) continue;
        const ns = r.namespace ?? "";
        let pods = this.customResourcePods.get(ns);
        if (!pods) this.customResourcePods.set(ns, (pods = new CustomResourcePods()));
        pods.add(r);
      }
    }
    return this.customResourcePods;
  }

  /** The smallest candidate list the label indexes give for a selector: its rarest pair, In values or Exists key. */
  private candidates(namespace: string | undefined, selector: CompiledSelector): readonly PodTemplate[] {
    const keys = this.podsByLabel.get(namespace ?? "");
    if (!keys) return [];
    let candidates: readonly PodTemplate[] = this.podsInNamespace(namespace);
    const equals = selector.equals;
    for (let i = 0; i < equals.length; i++) {
      // Indexed, not destructured: unoptimised code destructures through an iterator.
      const list = keys.get(equals[i][0])?.byValue.get(equals[i][1]) ?? NO_PODS;
      if (list.length < candidates.length) candidates = list;
    }
    for (const e of selector.expressions) {
      if (e.operator === "Exists") {
        const list = keys.get(e.key)?.all ?? NO_PODS;
        if (list.length < candidates.length) candidates = list;
      } else if (e.operator === "In" && Array.isArray(e.values)) {
        // A pod has one value per key, so the lists of distinct values are disjoint.
        const byValue = keys.get(e.key)?.byValue;
        const values = new Set(e.values.map(String));
        let size = 0;
        for (const v of values) size += byValue?.get(v)?.length ?? 0;
        if (size < candidates.length) {
          const union: PodTemplate[] = [];
          for (const v of values) for (const t of byValue?.get(v) ?? NO_PODS) union.push(t);
          candidates = union;
        }
      }
    }
    return candidates;
  }
}

/** The pod templates of a namespace that carry a label key, and by the key's value. */
interface PodsWithKey {
  all: PodTemplate[];
  byValue: Map<string, PodTemplate[]>;
}

const NO_PODS: readonly PodTemplate[] = [];

interface SelectorsOfKind {
  byPod: Map<PodTemplate, Resource[]>;
  /** Objects whose empty selector selects every pod of their namespace, by namespace. */
  allOf: Map<string, Resource[]>;
}

/** The objects of one kind in one namespace. */
interface InNamespace {
  all: Resource[];
  named: Map<string, Resource[]>;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
