import path from "node:path";
import { discover, type DiscoveryProblem } from "./discover.js";
import { readManifest } from "./read.js";
import { parseSource, type ParsedFile } from "./parse.js";
import type { ParseInput } from "./parse-pool.js";
import { buildModel, collectSources, type ModelSettings, type ResourceSource } from "../model/model.js";
import type { Resource } from "../model/resource.js";

/**
 * Objects of paths given for context rather than for linting (files or directories, such as the
 * cluster's policy repository for --policy, or an operator's CustomResourceDefinitions for --crds):
 * parsed like manifests, kept apart from the set, never linted. An unreadable or missing path is a
 * problem of the run, as a linted path would be; `flag` names the option in its message.
 */
export interface GivenFiles {
  files: Array<{ path: string; display: string; text: string }>;
  problems: DiscoveryProblem[];
}

/** Reads the given paths (the walk, the size limit and unreadable files as for linted paths). */
export function readGivenFiles(paths: readonly string[], flag: string, cwd: string, maxFileBytes: number, display: (file: string, cwd: string) => string): GivenFiles {
  const found = discover(paths.map((p) => path.resolve(cwd, p)));
  const files: GivenFiles["files"] = [];
  const problems = found.problems.map((p) => ({ ...p, path: display(p.path, cwd), message: `${flag}: ${p.message}` }));
  for (const f of found.files) {
    const read = readManifest(f.path, maxFileBytes);
    if (!read.ok) {
      if (read.reason === "unreadable") problems.push({ path: display(f.path, cwd), message: `${flag}: ${read.message}`, kind: "unreadable" });
      continue;
    }
    files.push({ path: f.path, display: display(f.path, cwd), text: read.text });
  }
  return { files, problems };
}

/**
 * The objects of read files, as the set's objects would be modelled (namespaces defaulted, kinds scoped);
 * `parse` is the run's (the editor's parse cache, which keeps them between keystrokes).
 */
export function givenObjects(files: GivenFiles["files"], settings: ModelSettings, parse: (input: ParseInput) => ParsedFile = parseSource): Resource[] {
  const sources: ResourceSource[] = [];
  for (const f of files) for (const r of collectSources(parse(f)).resources) sources.push(r);
  return buildModel(sources, [], [], settings).resources;
}
