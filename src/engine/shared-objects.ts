import type { Model, ModelSettings } from "../model/model.js";
import type { KubeObject, Resource } from "../model/resource.js";
import { objectsModel } from "../model/focus-model.js";
import type { Report, Rule } from "./rule.js";
import type { RuleSettings } from "./rule-settings.js";
import { retargeted } from "./removed-field.js";
import { resolve, runRules, type RawFinding, type RuleRun, type RuleRunStats } from "./run-rules.js";

/** What the object-scoped rules reported on one object, as the first unit holding it saw it. */
interface ObjectReports {
  /** The Resource's effective namespace (a CRD in the set may make a custom kind cluster-scoped). */
  namespace: string | undefined;
  settings: ModelSettings;
  /** In the order the rules reported them (rule order, then each rule's own). */
  reports: Array<{ rule: Rule; report: Report }>;
}

/**
 * Runs the rules of the rendered units of one run so that rules with `meta.scope: "object"` look at
 * each distinct object once. Kustomize overlays of one base print many objects alike, and such a
 * document is parsed once and its object shared by the units (src/render/kustomize.ts). Each unit
 * still has its own Resource for it (its own origins, renderedFrom): a later unit holding an object
 * already linted gets the same reports again, re-targeted at its own Resource, so positions come from
 * its own files and its suppressions and severities apply to them as before (lint.ts).
 *
 * A report of an object-scoped rule depends on the object, the rule's options (one per run), the
 * Resource's namespace (its default depends on the set's CRDs) and the model's settings, of which the
 * units differ only in kustomizeRoot, which no object-scoped rule reads: reports are shared between
 * Resources of one object only where namespace and the other settings are equal. Units are linted in
 * order, so the first unit holding an object is the one whose run is reused.
 */
export class SharedObjectRules {
  private readonly seen = new Map<KubeObject, ObjectReports[]>();
  /** Object-scoped rules that threw on some unit: they run on every object again (their notice repeats). */
  private readonly unshared = new Set<Rule>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly settings: RuleSettings,
    /** Whether reports keep their fixes and suggestions (runRules' `edits`). */
    private readonly edits = true,
  ) {}

  /** runRules over a unit's model, reusing what object-scoped rules reported on the objects it shares with earlier units. */
  run(model: Model, own: (r: Resource) => boolean): RuleRun {
    const shared = new Map<Resource, ObjectReports>();
    const fresh = new Map<Resource, ObjectReports>();
    for (const r of model.resources) {
      if (!own(r)) continue;
      const earlier = this.seen.get(r.object)?.find((e) => e.namespace === r.namespace && sameSettings(e.settings, model.settings));
      if (earlier) shared.set(r, earlier);
      else fresh.set(r, { namespace: r.namespace, settings: model.settings, reports: [] });
    }
    const sharable = (rule: Rule) => rule.meta.scope === "object" && !this.unshared.has(rule);
    let run: RuleRun;
    if (shared.size === 0) run = runRules(model, this.rules, this.settings, undefined, this.edits);
    else {
      const objects = objectsModel(model, (r) => !shared.has(r), model);
      run = combine(
        this.rules,
        runRules(objects, this.rules.filter(sharable), this.settings, undefined, this.edits),
        runRules(model, this.rules.filter((r) => !sharable(r)), this.settings, undefined, this.edits),
        shared,
        sharable,
      );
    }
    for (const f of run.findings) {
      const t = f.report.target;
      if (sharable(f.rule) && "resource" in t) fresh.get(t.resource)?.reports.push({ rule: f.rule, report: f.report });
    }
    for (const message of run.failures) {
      // A rule that throws may have stopped before reporting on every object: nothing of it is reused.
      const failed = this.rules.find((r) => message.startsWith(`rule ${r.meta.id} failed:`));
      if (failed) this.unshared.add(failed);
    }
    for (const [r, reports] of fresh) {
      const list = this.seen.get(r.object);
      if (list) list.push(reports);
      else this.seen.set(r.object, [reports]);
    }
    return run;
  }
}

function sameSettings(a: ModelSettings, b: ModelSettings): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof ModelSettings>);
  keys.delete("kustomizeRoot");
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The two runs and the reused reports as one run would have given them: findings and stats in rule
 * order, and a rule's findings in the order of their objects (a rule goes through the model's objects
 * in order), the reused reports resolved against this unit's Resources.
 */
function combine(rules: readonly Rule[], objects: RuleRun, rest: RuleRun, shared: ReadonlyMap<Resource, ObjectReports>, sharable: (rule: Rule) => boolean): RuleRun {
  const reused = new Map<Rule, RawFinding[]>();
  const reusedMillis = new Map<Rule, number>();
  for (const [resource, o] of shared) {
    for (const { rule, report } of o.reports) {
      const t = report.target;
      // Only reports on objects are kept; a rule that has thrown since ran on this unit's whole model.
      if (!("resource" in t) || !sharable(rule)) continue;
      const started = performance.now();
      const list = reused.get(rule);
      const f = resolve(rule, retargeted(report, { resource, path: t.path }));
      if (list) list.push(f);
      else reused.set(rule, [f]);
      reusedMillis.set(rule, (reusedMillis.get(rule) ?? 0) + performance.now() - started);
    }
  }
  const byRule = new Map<Rule, RawFinding[]>();
  for (const f of [...objects.findings, ...rest.findings]) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const statsOf = new Map<string, RuleRunStats>([...objects.stats, ...rest.stats].map((s) => [s.ruleId, s]));
  const failed = [...objects.failures, ...rest.failures];
  const out: RuleRun = { findings: [], stats: [], failures: [] };
  for (const rule of rules) {
    const s = statsOf.get(rule.meta.id);
    if (!s) continue; // not enabled
    let found = byRule.get(rule) ?? [];
    const copies = reused.get(rule);
    if (copies) found = [...found, ...copies].sort((a, b) => objectOrder(a) - objectOrder(b));
    for (const f of found) out.findings.push(f);
    out.stats.push({ ruleId: s.ruleId, millis: s.millis + (reusedMillis.get(rule) ?? 0), findings: found.length });
    for (const m of failed) if (m.startsWith(`rule ${rule.meta.id} failed:`)) out.failures.push(m);
  }
  return out;
}

/** Position of a finding's object in the unit (Array.prototype.sort is stable: a rule's order on one object stays). */
function objectOrder(f: RawFinding): number {
  const t = f.report.target;
  return "resource" in t ? t.resource.id : Number.MAX_SAFE_INTEGER;
}
