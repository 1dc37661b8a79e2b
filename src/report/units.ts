import type { Finding } from "../engine/finding.js";

/**
 * How a report names the sets a finding came from, when the run linted several apart:
 * `(kustomize overlays/prod)`, `(in 3 overlays: dev, staging, prod)`, `(in 2 variants: a.yaml, b.yaml)`.
 * Empty when the run had at most one set: the suffix would say nothing.
 */
export function unitsSuffix(f: Finding, runUnits: readonly string[] | undefined): string {
  const units = f.units ?? [];
  if (units.length === 0 || !runUnits || runUnits.length < 2) return "";
  if (units.length === 1) {
    const space = units[0].indexOf(" ");
    const [kind, name] = [units[0].slice(0, space), units[0].slice(space + 1)];
    // The file header already names a variant's own file.
    if (kind === "variant" && name === f.file) return "";
    const common = commonDirectory(runUnits);
    return `(${kind} ${name.length > common.length ? name.slice(common.length) : name})`;
  }
  const kinds = new Set(units.map((u) => u.slice(0, u.indexOf(" "))));
  const noun = kinds.size > 1 ? "sets" : kinds.has("kustomize") ? "overlays" : kinds.has("helm") ? "charts" : "variants";
  const names = shortNames(units.map((u) => u.slice(u.indexOf(" ") + 1)));
  const shown = names.length > 3 ? [...names.slice(0, 3), `${names.length - 3} more`] : names;
  return `(in ${units.length} ${noun}: ${shown.join(", ")})`;
}

/** Names without the directory they all share: `dev, prod` rather than `deploy/overlays/dev, deploy/overlays/prod`. */
function shortNames(names: readonly string[]): string[] {
  const split = names.map((n) => n.split("/"));
  let common = 0;
  while (split.every((s) => s.length > common + 1 && s[common] === split[0][common])) common++;
  return split.map((s) => s.slice(common).join("/"));
}

const commonDirectories = new WeakMap<readonly string[], string>();

/**
 * The directory every unit of a run is under (`argo-cd/manifests/`), with its slash: a single unit
 * is named without it (`kustomize ha/base/controller-deployment`). Computed once per run.
 */
function commonDirectory(runUnits: readonly string[]): string {
  let common = commonDirectories.get(runUnits);
  if (common !== undefined) return common;
  const names = runUnits.map((u) => u.slice(u.indexOf(" ") + 1).split("/"));
  let n = 0;
  while (names.every((s) => s.length > n + 1 && s[n] === names[0][n])) n++;
  common = n === 0 ? "" : `${names[0].slice(0, n).join("/")}/`;
  commonDirectories.set(runUnits, common);
  return common;
}
