import { describe, expect, it } from "vitest";
import { LineCounter } from "yaml";
import { lint } from "../src/lint.js";
import { disableComments } from "../src/engine/disable-comments.js";
import { reasonProblem } from "../src/engine/justification-reason.js";
import { closestId } from "../src/engine/closest-id.js";
import { builtinRules } from "../rules/index.js";
import type { SourceFile } from "../src/load/source-file.js";
import { parseSource } from "../src/load/parse.js";
import { buildModel, collectSources } from "../src/model/model.js";
import { runRules, applySeverities } from "../src/engine/run-rules.js";
import { applySuppressions } from "../src/engine/suppress.js";
import { defaultRuleSettings } from "../src/engine/rule-settings.js";

function source(text: string): SourceFile {
  return { path: "/x.yaml", display: "x.yaml", text, lineCounter: new LineCounter() };
}

const pod = (annotations: string, privileged = "true") => `apiVersion: v1
kind: Pod
metadata:
  name: p
${annotations}spec:
  containers:
    - name: c
      image: c:1.0
      securityContext:
        privileged: ${privileged}
`;

const only = (ids: string[]) => builtinRules.filter((r) => ids.includes(r.meta.id));

describe("suppression comments", () => {
  it("parses ids, the reason after --, and the line a next-line comment covers (stacked comments, blank lines)", () => {
    const text = "a: 1\n# k8slint-disable-next-line host-port, privileged-container -- the agent needs it\n\n# another comment\n  b: 2\n";
    const [c] = disableComments(source(text));
    expect(c.scope).toBe("next-line");
    expect(c.ruleIds).toEqual(["host-port", "privileged-container"]);
    expect(c.reason).toBe("the agent needs it");
    expect(c.line).toBe(5);
    expect(text.slice(c.start, c.end)).toBe("# k8slint-disable-next-line host-port, privileged-container -- the agent needs it");
  });

  it("reads CRLF files, file-wide comments and comments without a reason", () => {
    const cs = disableComments(source("# k8slint-disable-file committed-secret\r\n# k8slint-disable-next-line host-port --   \r\nx: 1\r\n"));
    expect(cs.map((c) => [c.scope, c.ruleIds, c.reason, c.line])).toEqual([
      ["file", ["committed-secret"], undefined, undefined],
      ["next-line", ["host-port"], undefined, 3],
    ]);
  });

  it("ignores the marker inside a value, and files without it cost one substring search", () => {
    expect(disableComments(source('a: "# k8slint-disable-file host-port -- in a string"\n'))).toEqual([]);
    expect(disableComments(source("a: 1\n# an ordinary comment\n"))).toEqual([]);
  });
});

describe("directives after a line's content", () => {
  it("suppress nothing, and say so where they are (a # inside a quoted value is no comment)", () => {
    const text = pod('  annotations:\n    note: "a # k8slint-disable-file host-port -- in a string"\n', "true # k8slint-disable-next-line privileged-container -- written after the value, where it covers nothing");
    const cs = disableComments(source(text));
    expect(cs.map((c) => [c.scope, text.slice(c.start, c.start + 28)])).toEqual([["trailing", "# k8slint-disable-next-line "]]);
    const r = lint({ sources: [{ name: "x.yaml", text }], rules: only(["privileged-container", "unused-justification"]) });
    expect(r.findings.map((f) => [f.ruleId, f.line, f.suppressed ?? false])).toEqual([
      ["privileged-container", 12, false],
      ["unused-justification", 12, false],
    ]);
    expect(r.findings[1].message).toBe("k8slint-disable-next-line written after a line's content suppresses nothing: put it on a line of its own, above the line it is for");
  });
});

describe("misspelled directives", () => {
  it("are kept as unknown, not applied, and reported with the directive they resemble", () => {
    const text = "# k8slint-disable-files committed-secret -- a reason that is long enough\n# k8slint-disable-line host-port -- a reason that is long enough\nx: 1\n";
    expect(disableComments(source(text)).map((c) => [c.scope, c.directive, c.line])).toEqual([
      ["unknown", "k8slint-disable-files", undefined],
      ["unknown", "k8slint-disable-line", undefined],
    ]);
    const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: c:1.0\n      # k8slint-disable-line privileged-container -- the agent loads kernel modules\n      securityContext: {privileged: true}\n";
    const r = lint({ sources: [{ name: "p.yaml", text: pod }], rules: only(["privileged-container", "unused-justification"]) });
    expect(r.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ["unused-justification", false],
      ["privileged-container", false],
    ]);
    expect(r.findings[0].message).toMatch(/did you mean k8slint-disable-next-line\?/);
  });
});

describe("reasons", () => {
  it("rejects missing, placeholder and short reasons, and accepts a sentence", () => {
    for (const r of [undefined, "", "   ", "todo", "TODO: explain", "n/a", "N/A", "tbd", "-", "--", "..."]) expect(reasonProblem(r), String(r)).toBeDefined();
    expect(reasonProblem("legacy")).toMatch(/shorter than 10/);
    expect(reasonProblem("eBPF probes need CAP_BPF")).toBeUndefined();
  });
});

describe("closest rule id", () => {
  it("suggests the nearest known id for a misspelling and nothing for an unrelated word", () => {
    const ids = builtinRules.map((r) => r.meta.id);
    expect(closestId("privileged-containers", ids)).toBe("privileged-container");
    expect(closestId("host-namespace", ids)).toBe("host-namespaces");
    expect(closestId("completely-unrelated-words", ids)).toBeUndefined();
  });
});

describe("the suppression stage", () => {
  it("an accepted annotation suppresses with its text; the summary counts it and not as an error", () => {
    const r = lint({ sources: [{ name: "p.yaml", text: pod('  annotations:\n    justify.k8slint.io/privileged-container: "the node agent loads kernel modules"\n') }], rules: only(["privileged-container", "unused-justification"]) });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: "privileged-container", suppressed: true, suppressedBy: "annotation", justification: "the node agent loads kernel modules" });
    expect(r.summary).toMatchObject({ errors: 0, suppressed: 1 });
  });

  it("a rejected reason leaves the finding active and says why in its message", () => {
    const r = lint({ sources: [{ name: "p.yaml", text: pod('  annotations:\n    justify.k8slint.io/privileged-container: "tbd"\n') }], rules: only(["privileged-container", "unused-justification"]) });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].suppressed).toBe(false);
    expect(r.findings[0].message).toMatch(/justify\.k8slint\.io\/privileged-container does not suppress it: its reason "tbd" is a placeholder/);
    expect(r.summary.errors).toBe(1);
  });

  it("a stale annotation is reported at its key; a misspelled one suggests the right id", () => {
    const text = pod('  annotations:\n    justify.k8slint.io/privileged-container: "it used to be privileged"\n    justify.k8slint.io/privilegd-container: "misspelled rule id here"\n', "false");
    const r = lint({ sources: [{ name: "p.yaml", text }], rules: only(["privileged-container", "unused-justification"]) });
    const unused = r.findings.filter((f) => f.ruleId === "unused-justification");
    expect(unused.map((f) => [f.line, f.column, f.severity])).toEqual([
      [6, 5, "warning"],
      [7, 5, "warning"],
    ]);
    expect(unused[0].message).toMatch(/suppresses nothing/);
    expect(unused[1].message).toMatch(/did you mean privileged-container\?/);
  });

  it("a justification for a rule that is not run is not reported as stale", () => {
    const text = pod('  annotations:\n    justify.k8slint.io/host-port: "bare-metal edge node without a load balancer"\n');
    const r = lint({ sources: [{ name: "p.yaml", text }], rules: only(["privileged-container", "unused-justification"]) });
    expect(r.findings.filter((f) => f.ruleId === "unused-justification")).toEqual([]);
  });

  it("is decided per unit: the same object linted twice is justified in each", () => {
    const text = pod('  annotations:\n    justify.k8slint.io/privileged-container: "the node agent loads kernel modules"\n');
    const r = lint({ sources: [{ name: "a.yaml", text }, { name: "b.yaml", text }], rules: only(["privileged-container", "unused-justification"]) });
    expect(r.findings.map((f) => [f.file, f.suppressed])).toEqual([
      ["<a.yaml>", true],
      ["<b.yaml>", true],
    ]);
  });

  it("a disable comment on a file with a syntax error still applies to the findings it covers", () => {
    const text = "# k8slint-disable-file yaml-syntax -- generated file, fixed upstream in the chart\napiVersion: v1\nkind: [\n";
    const r = lint({ sources: [{ name: "broken.yaml", text }], rules: only(["yaml-syntax", "unused-justification"]) });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.ruleId === "yaml-syntax" && f.suppressed)).toBe(true);
  });

  it("judges the justifications of context objects (seen by a unit, not reported by it) only in their own unit", () => {
    const stale = pod('  annotations:\n    justify.k8slint.io/host-port: "stale annotation on a context object"\n', "false").replace("      securityContext:", "      # k8slint-disable-next-line host-port -- stale comment in a context file\n      securityContext:");
    const parsed = ["own.yaml", "context.yaml"].map((name, i) => parseSource({ path: `/${name}`, display: name, text: i === 0 ? pod("") : stale }));
    const sources = parsed.flatMap((p) => collectSources(p).resources);
    const model = buildModel(sources, [], [], { defaultNamespace: "default", external: [], kubeVersion: "1.33" });
    const rules = only(["privileged-container", "host-port", "unused-justification"]);
    const settings = defaultRuleSettings();
    const run = (own?: (r: { file: SourceFile }) => boolean) =>
      applySuppressions(applySeverities(runRules(model, rules, settings).findings, settings), model, rules, settings, own ? { own } : {}).filter((f) => f.rule.meta.id === "unused-justification");
    expect(run().map((f) => f.finding.file).sort()).toEqual(["context.yaml", "context.yaml"]);
    expect(run((r) => r.file.display === "own.yaml")).toEqual([]);
  });
});
