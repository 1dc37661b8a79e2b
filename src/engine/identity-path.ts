import type { ObjectPath } from "../types.js";
import type { Target } from "./rule.js";
import { keyPart } from "./finding.js";
import { isRecord } from "../model/pod-spec.js";
import { namesThings } from "./message-values.js";

/**
 * A finding's path with its list items named by what they hold instead of where they stand:
 * `spec.containers[name=app].securityContext.capabilities.add[value=SYS_ADMIN]` for
 * `spec.containers[0].securityContext.capabilities.add[1]`. The baseline and the SARIF and GitLab
 * fingerprints key on it, so that an item added in front of another neither makes the other's
 * accepted finding new again nor takes over its place (a SYS_ADMIN written before a baselined NET_RAW
 * would otherwise be hidden as that NET_RAW).
 *
 * An item is named by its `name` when it is a mapping with one (containers, env, volumes, ports), and
 * by itself when it is a string under a key whose values the reports already print as names
 * (`add`, `drop`, `verbs`, `resources`, `apiGroups`: message-values.ts). Any other item keeps its index:
 * free text (an argument, a command) could be a credential, and a baseline file is committed.
 *
 * `shown` is the path as reports print it (keys that could be credentials replaced); `path` is the real
 * one, walked through `root`. Undefined when no item could be named (the printed path serves).
 */
export function identityPath(root: unknown, path: ObjectPath, shown: ObjectPath): string | undefined {
  // Every finding is made through here; most paths (metadata.name, spec) hold no list item.
  if (!path.some((seg) => typeof seg === "number")) return undefined;
  let node = root;
  let named = false;
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === "number") {
      const item = Array.isArray(node) ? node[seg] : undefined;
      const name = itemName(item, i > 0 ? path[i - 1] : undefined);
      if (name !== undefined) named = true;
      parts.push(name ?? `[${seg}]`);
      node = item;
    } else {
      parts.push(keyPart(shown[i] as string, parts.length === 0));
      node = isRecord(node) ? node[seg] : undefined;
    }
  }
  return named ? parts.join("") : undefined;
}

function itemName(item: unknown, listKey: string | number | undefined): string | undefined {
  if (isRecord(item)) {
    const name = item.name;
    return typeof name === "string" && name !== "" ? `[name=${quoted(name)}]` : undefined;
  }
  if (typeof item === "string" && item !== "" && typeof listKey === "string" && namesThings(listKey)) return `[value=${quoted(item)}]`;
  return undefined;
}

/** A name as written when it is one word (the usual case, and what a reviewer of a baseline reads), else quoted. */
function quoted(name: string): string {
  return /^[A-Za-z0-9_.:/*-]+$/.test(name) ? name : JSON.stringify(name);
}

/**
 * The identity path of a finding's target (its object's or document's path, printed as the finding's
 * `objectPath` is), for the runs that key on it: baselines, SARIF and GitLab reports.
 */
export function targetIdentity(target: Target, shown: ObjectPath | undefined): string | undefined {
  if (shown === undefined) return undefined;
  if ("resource" in target) return identityPath(target.resource.object, target.path, shown);
  if ("document" in target) return identityPath(target.document.value, target.path, shown);
  return undefined;
}
