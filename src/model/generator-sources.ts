import { isRecord } from "./pod-spec.js";

/**
 * The files the configMapGenerator and secretGenerator entries of a kustomization read, as written
 * there (relative to its directory): env files (`envs`, and the older `env`) and key files (`files`,
 * whose entries may be `key=path`). Rendering stamps them (a kept build is made again when one
 * changes); the credential rules scan the YAML ones.
 */
export function generatorSources(kustomization: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of ["configMapGenerator", "secretGenerator"]) {
    const generators = kustomization[field];
    if (!Array.isArray(generators)) continue;
    for (const g of generators) {
      if (!isRecord(g)) continue;
      const envs = [...(Array.isArray(g.envs) ? g.envs : []), g.env];
      const files = (Array.isArray(g.files) ? g.files : []).map((e: unknown) => (typeof e === "string" ? e.slice(e.indexOf("=") + 1) : e));
      for (const entry of [...files, ...envs]) if (typeof entry === "string" && entry !== "") out.push(entry);
    }
  }
  return out;
}
