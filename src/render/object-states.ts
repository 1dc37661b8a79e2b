import type { KubeObject } from "../model/resource.js";
import { apiGroup } from "../model/resource.js";
import { isRecord, stringMap } from "../model/pod-spec.js";
import { isClusterScoped } from "../model/scope.js";
import type { Kustomization, PatchTarget } from "./kustomization.js";
import { parseLabelSelectorText } from "./label-selector-text.js";

/**
 * What kustomize's selectors see of an object at one point of a build: its name and namespace as the
 * kustomizations below have made them, and its labels and annotations with theirs added.
 */
export interface ObjectState {
  name: string;
  /** As written or set; undefined when none (kustomize reads that as "default"). */
  namespace: string | undefined;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/** kustomize's prefix and suffix transformer leaves these kinds' names as they are. */
const UNAFFIXED_KINDS = new Set(["CustomResourceDefinition", "APIService", "Namespace"]);

function text(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function nameOf(o: unknown): string {
  return isRecord(o) && isRecord(o.metadata) && typeof o.metadata.name === "string" ? o.metadata.name : "";
}

export function namespaceOf(o: unknown): string | undefined {
  return isRecord(o) && isRecord(o.metadata) && typeof o.metadata.namespace === "string" && o.metadata.namespace !== "" ? o.metadata.namespace : undefined;
}

function labelPairs(v: unknown): Record<string, string> {
  if (!Array.isArray(v)) return {};
  return Object.assign({}, ...v.map((l) => (isRecord(l) ? stringMap(l.pairs) : {}))) as Record<string, string>;
}

/**
 * The kustomizations whose transformers (namespace, name affixes, labels, patches) run on an object at
 * `level` of its chain, in the order they run. kustomize gathers a kustomization's resources, then runs
 * each Component it lists over what has been gathered by its turn, then its own: an object from a
 * resource or base meets every component, one from a component the components listed after it (that
 * component itself is the next level of the chain). A component runs the components it lists first,
 * over the same objects.
 */
export function transformersAt(chain: readonly Kustomization[], level: number): Kustomization[] {
  const k = chain[level];
  const components = componentsOf(k);
  if (components.length === 0) return [k];
  const via = chain[level + 1];
  return [...components.slice((via ? components.indexOf(via) : -1) + 1).flatMap((c) => withComponents(c, new Set([k]))), k];
}

function componentsOf(k: Kustomization): Kustomization[] {
  return k.children.filter((c) => c.value.kind === "Component");
}

/** A component after the components it lists (theirs first), in the order they run; a cycle (a failed build) is cut. */
function withComponents(c: Kustomization, seen: Set<Kustomization>): Kustomization[] {
  if (seen.has(c)) return [];
  seen.add(c);
  return [...componentsOf(c).flatMap((n) => withComponents(n, seen)), c];
}

/** The object's state once one kustomization (or component) has set its namespace, name affixes, labels and annotations. */
function transformed(s: ObjectState, v: Record<string, unknown>, kind: string): ObjectState {
  return {
    name: UNAFFIXED_KINDS.has(kind) ? s.name : `${text(v.namePrefix)}${s.name}${text(v.nameSuffix)}`,
    namespace: text(v.namespace) !== "" && !isClusterScoped(kind) ? text(v.namespace) : s.namespace,
    labels: { ...s.labels, ...stringMap(v.commonLabels), ...labelPairs(v.labels) },
    annotations: { ...s.annotations, ...stringMap(v.commonAnnotations) },
  };
}

/**
 * The object's state before and after each kustomization of its chain (root first): `[n]` is the
 * object as written in its file, `[i]` the object once chain[i] and the components it runs on it
 * (transformersAt) have set its namespace, name affixes, labels and annotations (kustomize applies a
 * kustomization's patches before those, its patchesJson6902 after). `[0]` is what the build prints,
 * patches that rename aside.
 */
export function statesAlong(chain: readonly Kustomization[], source: KubeObject): ObjectState[] {
  const kind = source.kind;
  const out: ObjectState[] = [];
  let s: ObjectState = { name: nameOf(source), namespace: namespaceOf(source), labels: stringMap(source.metadata?.labels), annotations: stringMap(source.metadata?.annotations) };
  out[chain.length] = s;
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const k of transformersAt(chain, i)) s = transformed(s, k.value, kind);
    out[i] = s;
  }
  return out;
}

/**
 * The object as chain[level]'s own patches see it: after the components that kustomization runs on it,
 * whose namespace and affixes come before its patches (`states` from statesAlong).
 */
export function stateBeforeOwn(chain: readonly Kustomization[], states: readonly ObjectState[], level: number, kind: string): ObjectState {
  let s = states[level + 1];
  const run = transformersAt(chain, level);
  for (const k of run.slice(0, -1)) s = transformed(s, k.value, kind);
  return s;
}

/** The written name the chain's affixes turn into `rendered`, or undefined when they do not fit it. */
export function unaffixedName(rendered: string, kind: string, chain: readonly Kustomization[]): string | undefined {
  if (UNAFFIXED_KINDS.has(kind)) return rendered;
  // The last to run is outermost: the root's before its components', and so on down the chain.
  const outermostFirst = chain.flatMap((_, level) => transformersAt(chain, level).reverse());
  const prefix = outermostFirst.map((k) => text(k.value.namePrefix)).join("");
  const suffix = outermostFirst.map((k) => text(k.value.nameSuffix)).reverse().join("");
  if (rendered.length < prefix.length + suffix.length || !rendered.startsWith(prefix) || !rendered.endsWith(suffix)) return undefined;
  return rendered.slice(prefix.length, rendered.length - suffix.length);
}

/** kustomize's EffectiveNamespace: no namespace is "default", and a cluster-scoped kind has none at all. */
export function effectiveNamespace(kind: string, namespace: string | undefined): string {
  if (isClusterScoped(kind)) return "_non_namespaceable_";
  return namespace ?? "default";
}

const patterns = new Map<string, RegExp | null>();

/** kustomize's selector fields are Go regular expressions anchored whole; one JavaScript cannot read is compared as text. */
function matchesPattern(pattern: string | undefined, value: string): boolean {
  if (!pattern) return true;
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re ? re.test(value) : pattern === value;
}

const selectors = new Map<string, ReturnType<typeof parseLabelSelectorText> | null>();

function selectorMatches(selector: string | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return true;
  let test = selectors.get(selector);
  if (test === undefined) {
    test = parseLabelSelectorText(selector) ?? null;
    selectors.set(selector, test);
  }
  return test ? test(labels) : false;
}

/**
 * Whether a `target:` selects the object (kustomize's resWrangler.Select): its name and namespace as
 * written (`org`) or as they are when the selector runs (`cur`), its group, version and kind, and the
 * labels and annotations it has then.
 */
export function targetSelects(t: PatchTarget, apiVersion: string, kind: string, org: ObjectState, cur: ObjectState): boolean {
  const slash = apiVersion.indexOf("/");
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  return (
    (matchesPattern(t.namespace, effectiveNamespace(kind, org.namespace)) || matchesPattern(t.namespace, effectiveNamespace(kind, cur.namespace))) &&
    (matchesPattern(t.name, org.name) || matchesPattern(t.name, cur.name)) &&
    matchesPattern(t.group, apiGroup(apiVersion)) &&
    matchesPattern(t.version, version) &&
    matchesPattern(t.kind, kind) &&
    selectorMatches(t.labelSelector, cur.labels) &&
    selectorMatches(t.annotationSelector, cur.annotations)
  );
}

/**
 * Whether a strategic merge patch without a target is the object's (kustomize's GetById of the patch's
 * own id): the same kind, and the patch's name and namespace those of one of the object's states so far.
 */
export function patchIdMatches(patch: Record<string, unknown>, kind: string, states: readonly ObjectState[]): boolean {
  if (patch.kind !== kind) return false;
  const name = nameOf(patch);
  const ns = effectiveNamespace(kind, namespaceOf(patch));
  return states.some((s) => s.name === name && effectiveNamespace(kind, s.namespace) === ns);
}
