import type { Resource } from "../model/resource.js";
import { isRecord } from "../model/pod-spec.js";

/** Built-in kinds whose resource name is not the lower-case kind plus s/es/ies. */
const IRREGULAR: Record<string, string> = {
  Endpoints: "endpoints",
  PodSecurityPolicy: "podsecuritypolicies",
  NetworkPolicy: "networkpolicies",
  Ingress: "ingresses",
};

/** The API server's fallback (meta.UnsafeGuessKindToResource), right for every built-in kind but those above. */
export function guessResource(kind: string): string {
  if (IRREGULAR[kind]) return IRREGULAR[kind];
  const k = kind.toLowerCase();
  if (k.endsWith("s")) return `${k}es`;
  if (k.endsWith("y") && !/[aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** Kind to resource name: the plural a CRD of the set declares, else the built-in name. */
export class ResourceNames {
  private readonly plurals = new Map<string, string>();

  constructor(crds: readonly Resource[]) {
    for (const crd of crds) {
      const spec = crd.object.spec;
      if (!isRecord(spec) || !isRecord(spec.names) || typeof spec.group !== "string") continue;
      if (typeof spec.names.kind === "string" && typeof spec.names.plural === "string") this.plurals.set(`${spec.group}/${spec.names.kind}`, spec.names.plural);
    }
  }

  resourceOf(group: string, kind: string): string {
    return this.plurals.get(`${group}/${kind}`) ?? guessResource(kind);
  }
}
