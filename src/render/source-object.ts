import type { ParsedFile } from "../load/parse.js";
import { collectSources, type ResourceSource } from "../model/model.js";
import type { KubeObject } from "../model/resource.js";
import type { Kustomization } from "./kustomization.js";
import { effectiveNamespace, nameOf, namespaceOf, statesAlong, unaffixedName, type ObjectState } from "./object-states.js";

/** The objects of a source file by kind, and by kind and name (several: one per namespace is common). */
interface FileObjects {
  byKind: Map<string, ResourceSource[]>;
  byName: Map<string, ResourceSource[]>;
}

const objectsOfFile = new WeakMap<ParsedFile, FileObjects>();

function objectsOf(parsed: ParsedFile): FileObjects {
  let o = objectsOfFile.get(parsed);
  if (!o) {
    o = { byKind: new Map(), byName: new Map() };
    for (const s of collectSources(parsed).resources) {
      push(o.byKind, s.object.kind, s);
      push(o.byName, `${s.object.kind}\u0000${nameOf(s.object)}`, s);
    }
    objectsOfFile.set(parsed, o);
  }
  return o;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** A rendered object's written object, the chain of kustomizations it came through, and its states along it. */
export interface Placement {
  source: ResourceSource;
  chain: Kustomization[];
  states: ObjectState[];
}

function sameNamespace(kind: string, a: string | undefined, b: string | undefined): boolean {
  return effectiveNamespace(kind, a) === effectiveNamespace(kind, b);
}

/**
 * The written object that became a rendered object, and the chain that made it. A base built by two
 * overlays is in the output twice: each copy is the one whose chain's affixes and namespace give its
 * name and namespace. Two objects of one kind and name in one file (a policy per namespace) are told
 * apart by the namespace the chain leaves them. When nothing fits exactly (a transformer plugin or a
 * patch renamed it), the first chain is taken and the object found by name as far as that is
 * unambiguous: an object left unmapped points at the kustomization, one mapped wrongly at another's lines.
 */
export function placeObject(parsed: ParsedFile, chains: readonly Kustomization[][], rendered: KubeObject): Placement | undefined {
  const objects = objectsOf(parsed);
  const kind = rendered.kind;
  const renderedName = nameOf(rendered);
  const renderedNs = namespaceOf(rendered);
  for (const chain of chains) {
    const bare = unaffixedName(renderedName, kind, chain);
    if (bare === undefined) continue;
    for (const source of objects.byName.get(`${kind}\u0000${bare}`) ?? []) {
      const states = statesAlong(chain, source.object);
      if (states[0].name === renderedName && sameNamespace(kind, states[0].namespace, renderedNs)) return { source, chain, states };
    }
  }
  const chain = chains[0];
  if (!chain) return undefined;
  const source = fallbackSource(objects, kind, renderedName, renderedNs, chain);
  return source && { source, chain, states: statesAlong(chain, source.object) };
}

/**
 * By name (as rendered, then without the chain's affixes), else the longest written name the rendered
 * one contains (a generator's hash, a plugin's affix), else the only object of the kind; where several
 * fit by name, the one the namespace picks, else none.
 */
function fallbackSource(objects: FileObjects, kind: string, renderedName: string, renderedNs: string | undefined, chain: readonly Kustomization[]): ResourceSource | undefined {
  const one = (list: readonly ResourceSource[]): ResourceSource | undefined => {
    if (list.length <= 1) return list[0];
    const inNs = list.filter((s) => sameNamespace(kind, statesAlong(chain, s.object)[0].namespace, renderedNs));
    return inNs.length === 1 ? inNs[0] : undefined;
  };
  const bare = unaffixedName(renderedName, kind, chain);
  for (const n of bare === undefined || bare === renderedName ? [renderedName] : [renderedName, bare]) {
    const named = objects.byName.get(`${kind}\u0000${n}`);
    if (named) return one(named);
  }
  const sameKind = objects.byKind.get(kind) ?? [];
  let longest = -1;
  let best: ResourceSource[] = [];
  for (const s of sameKind) {
    const n = nameOf(s.object);
    if (!n || !renderedName.includes(n) || n.length < longest) continue;
    if (n.length > longest) best = [];
    longest = n.length;
    best.push(s);
  }
  return best.length > 0 ? one(best) : sameKind.length === 1 ? sameKind[0] : undefined;
}
