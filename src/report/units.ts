import type { Finding } from "../engine/finding.js";

/**
 * How a report names the sets a finding came from, when the run linted several apart:
 * `(kustomize overlays/prod)`, `(in 3 overlays: dev, staging, prod)`, `(in 2 variants: a.yaml, b.yaml)`.
 * Empty when the run had at most one set: the suffix would say nothing.
 */
export function unitsSuffix(f: Finding, runUnits: readonly string[] | undefined): string {
  const units = f.units ?? [];
  if (units.length === 0 || (runUnits?.length ?? 0) < 2) return "";
  if (units.length === 1) return `(${units[0]})`;
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
