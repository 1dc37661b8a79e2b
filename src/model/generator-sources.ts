import { isRecord } from "./pod-spec.js";

/**
 * The files the configMapGenerator and secretGenerator entries of a kustomization read, as written
 * there (relative to its directory): env files (`envs`, and the older `env`) and key files (`files`,
 * whose entries may be `key=path`). Rendering stamps them (a kept build is made again when one
 * changes); the credential rules scan the YAML ones.
 */
export function generatorSources(kustomization: Record<string, unknown>): string[] {
  return generatorEntries(kustomization).map((e) => e.source);
}

/** Each file entry of the generators: its generator's field and index, the entry as written, and the file it names. */
export function generatorEntries(kustomization: Record<string, unknown>): Array<{ field: string; index: number; entry: string; source: string }> {
  const out: Array<{ field: string; index: number; entry: string; source: string }> = [];
  for (const field of ["configMapGenerator", "secretGenerator"]) {
    const generators = kustomization[field];
    if (!Array.isArray(generators)) continue;
    generators.forEach((g, index) => {
      if (!isRecord(g)) return;
      const files = Array.isArray(g.files) ? g.files : [];
      const envs = [...(Array.isArray(g.envs) ? g.envs : []), g.env];
      for (const entry of files) if (typeof entry === "string") out.push({ field, index, entry, source: entry.slice(entry.indexOf("=") + 1) });
      for (const entry of envs) if (typeof entry === "string") out.push({ field, index, entry, source: entry });
    });
  }
  return out.filter((e) => e.source !== "");
}
