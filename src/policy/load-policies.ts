import path from "node:path";
import { discover, type DiscoveryProblem } from "../load/discover.js";
import { readManifest } from "../load/read.js";
import { parseSource } from "../load/parse.js";
import { buildModel, collectSources, type ModelSettings, type ResourceSource } from "../model/model.js";
import type { Resource } from "../model/resource.js";

/**
 * The objects of --policy paths (files or directories, such as the cluster's policy repository):
 * parsed like manifests, kept apart from the set. They are context for the admission-policy rule,
 * never linted; an unreadable or missing path is a problem of the run, as a linted path would be.
 */
export function loadPolicies(paths: readonly string[], cwd: string, settings: ModelSettings, maxFileBytes: number, display: (file: string, cwd: string) => string): { resources: Resource[]; problems: DiscoveryProblem[]; texts: string[] } {
  const found = discover(paths.map((p) => path.resolve(cwd, p)));
  const sources: ResourceSource[] = [];
  const texts: string[] = [];
  const problems = found.problems.map((p) => ({ ...p, path: display(p.path, cwd), message: `--policy: ${p.message}` }));
  for (const f of found.files) {
    const read = readManifest(f.path, maxFileBytes);
    if (!read.ok) {
      if (read.reason === "unreadable") problems.push({ path: display(f.path, cwd), message: `--policy: ${read.message}`, kind: "unreadable" });
      continue;
    }
    texts.push(read.text);
    const parsed = parseSource({ path: f.path, display: display(f.path, cwd), text: read.text });
    for (const r of collectSources(parsed).resources) sources.push(r);
  }
  return { resources: buildModel(sources, [], [], settings).resources, problems, texts };
}
