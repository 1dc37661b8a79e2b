import type { Model } from "./model.js";
import { isRecord } from "./pod-spec.js";

/** Resources that a LimitRange fills in for containers that leave them unset, per namespace. */
export interface ContainerDefaults {
  requests: Set<string>;
  limits: Set<string>;
}

/**
 * Container defaults of the LimitRanges in the set, by namespace. At admission, LimitRanger writes
 * `default` into unset limits and `defaultRequest` into unset requests; an unset defaultRequest is
 * itself defaulted from `default`. A container relying on them is sized all the same.
 */
export function limitRangeDefaults(model: Model): Map<string, ContainerDefaults> {
  const out = new Map<string, ContainerDefaults>();
  for (const lr of model.index.ofKind("LimitRange")) {
    const items = (lr.object.spec as { limits?: unknown } | undefined)?.limits;
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (!isRecord(item) || item.type !== "Container") continue;
      const ns = lr.namespace ?? "";
      let d = out.get(ns);
      if (!d) out.set(ns, (d = { requests: new Set(), limits: new Set() }));
      for (const name of keys(item.default)) {
        d.limits.add(name);
        d.requests.add(name);
      }
      for (const name of keys(item.defaultRequest)) d.requests.add(name);
    }
  }
  return out;
}

function keys(v: unknown): string[] {
  return isRecord(v) ? Object.keys(v) : [];
}
