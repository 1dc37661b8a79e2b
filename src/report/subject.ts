import type { Finding } from "../engine/finding.js";

/** How every report names a finding's object: `Deployment shop/web`, `ClusterRole ops` (undefined without one). */
export function findingSubject(f: Finding): string | undefined {
  if (!f.resource) return undefined;
  const { kind, namespace, name } = f.resource;
  return `${kind} ${namespace ? namespace + "/" : ""}${name || "<unnamed>"}`;
}
