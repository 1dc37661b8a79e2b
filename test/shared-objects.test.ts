import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint, type LintOptions, type LintResult } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { defineRule, type Rule } from "../src/engine/rule.js";
import type { KubeObject } from "../src/model/resource.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { KeptBuilds } from "../src/render/kept-builds.js";
import { ROOT, SHARED } from "./helpers/fixtures.js";

// Rules with meta.scope "object" run once per distinct object that several Kustomize roots render
// alike, and each root gets the findings at its own Resource (src/engine/shared-objects.ts).
// fixtures/kustomize/shared-base: a base (a Deployment, a Service, a Widget) and two overlays, east and
// west, that print it alike. East's patch writes the Deployment's image again, as the base has it, with
// a k8slint-disable comment; east also has a CRD that makes Widgets cluster-scoped.

const TREE = "fixtures/kustomize/shared-base";
const BASE = `${TREE}/base/deployment.yaml`;
const PATCH = `${TREE}/overlays/east/image-patch.yaml`;
const EAST = `kustomize ${TREE}/overlays/east`;
const WEST = `kustomize ${TREE}/overlays/west`;

const tool = findKustomizeTool();
if (!tool) console.warn("shared-objects tests SKIPPED: neither kubectl nor kustomize is installed");

/** The same rules without a scope: every rule runs on every unit's objects, as before the sharing. */
function unscoped(rules: readonly Rule[]): Rule[] {
  return rules.map((r) => ({ ...r, meta: { ...r.meta, scope: undefined } }));
}

/** Everything a report shows (times left out; the rules by id, their scope being what differs). */
function shown(r: LintResult): string {
  return JSON.stringify({ ...r, rules: r.rules.map((m) => m.id), stats: r.stats.map((s) => ({ ruleId: s.ruleId, findings: s.findings })).sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1)), attachFixes: undefined });
}

function lineOf(file: string, text: string): number {
  const i = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n").findIndex((l) => l.includes(text));
  if (i === -1) throw new Error(`${file} has no line with ${text}`);
  return i + 1;
}

/** An object-scoped rule that counts the times it sees each object and reports the namespace it has there. */
function countingRule(scope: "object" | undefined) {
  const visits = new Map<KubeObject, number>();
  const rule = defineRule({
    meta: { id: "visits", scope, title: "Counts visits", category: "best-practice", severity: "info", description: "d", rationale: "r", remediation: "x", references: {} },
    check({ model, report }) {
      for (const r of model.resources) {
        visits.set(r.object, (visits.get(r.object) ?? 0) + 1);
        report({ target: { resource: r, path: ["metadata", "name"] }, message: `seen in namespace ${r.namespace ?? "(none: cluster-scoped)"}` });
      }
    },
  });
  return { rule, visits };
}

describe.skipIf(!tool)("objects two Kustomize overlays render alike", () => {
  const options: LintOptions = { paths: [TREE], cwd: ROOT, fixes: true };

  it("gives every overlay the findings that running each rule on its own objects gives, fixes included", () => {
    const kept = new KeptBuilds();
    const shared = lint({ ...options, render: { keptBuilds: kept } });
    const each = lint({ ...options, rules: unscoped(builtinRules), render: { keptBuilds: kept } });
    expect(shared.findings.filter((f) => f.units?.length === 2).length).toBeGreaterThan(3);
    expect(shown(shared)).toBe(shown(each));
  });

  it("locates each overlay's finding in its own files, and east's disable comment suppresses east's only", () => {
    const found = lint(options).findings.filter((f) => f.ruleId === "image-tag");
    expect(found.map((f) => ({ file: f.file, line: f.line, column: f.column, units: f.units, suppressed: f.suppressed }))).toEqual([
      { file: BASE, line: lineOf(BASE, "image:"), column: 11, units: [WEST], suppressed: false },
      { file: PATCH, line: lineOf(PATCH, "image:"), column: 11, units: [EAST], suppressed: true },
    ]);
    const privileged = lint(options).findings.filter((f) => f.ruleId === "privileged-container");
    expect(privileged.map((f) => [f.file, f.line, f.units])).toEqual([[BASE, lineOf(BASE, "privileged: true"), [EAST, WEST]]]);
  });

  it("runs an object-scoped rule once per object both overlays print, and reports it in both", () => {
    const once = countingRule("object");
    const result = lint({ ...options, rules: [once.rule] });
    const twice = countingRule(undefined);
    const before = lint({ ...options, rules: [twice.rule] });
    const deployments = (v: Map<KubeObject, number>) => [...v].filter(([o]) => o.kind === "Deployment").map(([, n]) => n);
    expect(deployments(once.visits)).toEqual([1]);
    expect(deployments(twice.visits)).toEqual([2]);
    expect(shown(result)).toBe(shown(before));
    const deployment = result.findings.filter((f) => f.resource?.kind === "Deployment");
    expect(deployment.flatMap((f) => f.units)).toEqual(expect.arrayContaining([EAST, WEST]));
  });

  it("does not share an object whose namespace differs between the overlays (east's CRD makes it cluster-scoped)", () => {
    const { rule, visits } = countingRule("object");
    const widget = lint({ ...options, rules: [rule] }).findings.filter((f) => f.resource?.kind === "Widget");
    expect(widget.map((f) => [f.message, f.units])).toEqual([
      ["seen in namespace (none: cluster-scoped)", [EAST]],
      ["seen in namespace default", [WEST]],
    ]);
    expect([...visits].filter(([o]) => o.kind === "Widget").map(([, n]) => n)).toEqual([2]);
  });

  it("runs a rule that threw on a shared object again in the next overlay, as without sharing", () => {
    const throwing = defineRule({
      meta: { id: "throws", scope: "object", title: "Throws", category: "best-practice", severity: "info", description: "d", rationale: "r", remediation: "x", references: {} },
      check({ model, report }) {
        for (const r of model.resources) {
          if (r.kind === "Deployment") throw new Error(`cannot read ${r.name}`);
          report({ target: { resource: r, path: ["metadata", "name"] }, message: "seen" });
        }
      },
    });
    const shared = lint({ ...options, rules: [throwing] });
    expect(shared.notices.filter((n) => n.startsWith("rule throws failed")).length).toBe(2);
    expect(shown(shared)).toBe(shown(lint({ ...options, rules: unscoped([throwing]) })));
  });
});

const ARGO = path.join(SHARED, "corpus-public/argo-cd/manifests");

describe.skipIf(!tool || !fs.existsSync(ARGO))("Argo CD manifests/ (33 Kustomize roots, 7 built)", () => {
  it("finds with shared object-scoped rules exactly what running every rule on every root finds", () => {
    const kept = new KeptBuilds();
    const cwd = path.join(SHARED, "corpus-public");
    const shared = lint({ paths: [ARGO], cwd, render: { keptBuilds: kept } });
    const each = lint({ paths: [ARGO], cwd, rules: unscoped(builtinRules), render: { keptBuilds: kept } });
    expect(shared.units.length).toBeGreaterThan(5);
    expect(shown(shared)).toBe(shown(each));
  }, 120_000);
});
