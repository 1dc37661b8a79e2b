import type { FixSpec, ObjectPath } from "../types.js";
import type { Report, Target } from "./rule.js";
import { isRecord } from "../model/pod-spec.js";

/**
 * A finding about a missing field is reported at the field's parent (the container, its
 * securityContext), which is where one writes it. On an object Kustomize rendered, the field may be
 * missing because a patch removed it from the base: the finding then belongs at that removal (the
 * `op: remove`, the `$patch: delete`), where the user made the change, not at the base's parent line,
 * which is not what to edit. Which field a finding is about is the first its remedy writes below its target
 * (the first operation of its fix, else of its first suggestion; of a mapping set, its first leaf: the
 * others come with it, as run-as-non-root's runAsUser: 10001 comes with runAsNonRoot: true, and a patch
 * that removed one of them, a runAsUser: 0 say, is not why the finding's field is missing); it is noted as the rule reports, before
 * a run that makes no edits drops the remedies (run-rules.ts), and kept for the report's copies that
 * other units of one object get (shared-objects.ts).
 */
const fieldOf = new WeakMap<Report, ObjectPath>();

/** Notes the field below its target that a report's remedy writes first, when its object's locator can tell removals. */
export function noteRemedyFields(report: Report): void {
  const t = report.target;
  if (!("resource" in t) || !t.resource.locator.removedField) return;
  const spec: FixSpec | undefined = report.fix ?? report.suggestions?.[0];
  const op = spec?.operations[0];
  if (!op || (op.op !== "set" && op.op !== "append")) return;
  const first = op.op === "set" ? firstLeaf(op.path, op.value) : op.path;
  if (first.length > t.path.length && t.path.every((s, i) => s === first[i])) fieldOf.set(report, first);
}

/** The first field a value set at `path` writes: its own path, or a mapping's first key's, followed down. */
function firstLeaf(path: ObjectPath, value: unknown): ObjectPath {
  const first = isRecord(value) ? Object.entries(value)[0] : undefined;
  return first ? firstLeaf([...path, first[0]], first[1]) : path;
}

/** A report's copy at another target (another unit's Resource of the same object), its noted field kept. */
export function retargeted(report: Report, target: Target): Report {
  const copy = { ...report, target };
  const field = fieldOf.get(report);
  if (field) fieldOf.set(copy, field);
  return copy;
}

/** The path a report is located at: its target's, or the removed field it is about (see above). */
export function locatedPath(report: Report): ObjectPath | undefined {
  const t = report.target;
  if (!("resource" in t)) return "document" in t ? t.path : undefined;
  const field = fieldOf.get(report);
  return (field && t.resource.locator.removedField?.(field)) ?? t.path;
}
