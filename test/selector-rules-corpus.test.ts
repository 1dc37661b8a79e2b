import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { selectorRules } from "./helpers/selector-rules.js";
import { CORPUS, hasCorpus } from "./helpers/fixtures.js";

// The selector, budget, StatefulSet and duplicate rules on the seed systems' real manifests. Each
// expectation below is a fact of those manifests that the rule must see (or must not invent).

const RULES = selectorRules;

if (!hasCorpus()) console.warn(`skipping corpus checks of the selector rules: ${CORPUS} is absent`);

describe.skipIf(!hasCorpus())("selector, budget and duplicate rules on the corpus", () => {
  const results = new Map<string, ReturnType<typeof lint>>();
  const run = (system: string) => {
    if (!results.has(system)) results.set(system, lint({ paths: [system], cwd: CORPUS, rules: RULES }));
    return results.get(system)!;
  };
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];

  for (const system of systems) {
    it(`${system}: no rule fails and every finding names a real line of its file`, () => {
      const result = run(system);
      expect(result.notices.filter((n) => n.includes("failed"))).toEqual([]);
      for (const f of result.findings) {
        const lines = fs.readFileSync(path.join(CORPUS, f.file), "utf8").split("\n");
        expect(f.line, `${f.file}:${f.line} ${f.message}`).toBeLessThanOrEqual(lines.length);
        expect(lines[f.line - 1].trim(), `${f.file}:${f.line} ${f.message}`).not.toBe("");
      }
    });
  }

  it("ritma: the default-deny policy isolates every workload, and the hardened variants are alternatives of the plain ones, one warning per pair", () => {
    const result = run("ritma");
    expect(result.findings.filter((f) => f.ruleId === "network-policy" || f.ruleId === "dangling-selector")).toEqual([]);
    const dup = result.findings.filter((f) => f.ruleId === "duplicate-object");
    expect(dup.map((f) => `${f.severity} ${path.basename(f.file)}:${f.line} ${f.message.replace(/\S*\/k8s\//, "")}`)).toEqual([
      "warning orchestrator.selinux.yaml:4 alternative to orchestrator.yaml (1 shared object): each is linted as a set of its own",
      "warning tracer-daemonset.apparmor.yaml:4 alternative to tracer-daemonset.yaml (1 shared object): each is linted as a set of its own",
      "warning tracer-daemonset.selinux.yaml:4 alternative to tracer-daemonset.yaml (1 shared object): each is linted as a set of its own",
      "warning utld.selinux.yaml:4 alternative to utld.yaml (2 shared objects): each is linted as a set of its own",
    ]);
  });

  it("ritma-2025-12: no NetworkPolicy at all, and the host-network tracer is not counted among the isolatable workloads", () => {
    const found = run("ritma-2025-12").findings.filter((f) => f.ruleId === "network-policy");
    expect(found).toHaveLength(1);
    expect(found[0].file).toMatch(/namespace\.yaml$/);
    expect(found[0].message).not.toContain("tracer");
  });

  it("caracal: the quorum StatefulSets have headless governing Services; Redis's Service is not headless", () => {
    const sts = run("caracal").findings.filter((f) => f.ruleId === "statefulset-service-name");
    expect(sts.map((f) => f.resource?.name)).toEqual(["caracal-redis"]);
    expect(sts[0].severity).toBe("warning");
    // Their data is in volumeClaimTemplates.
    expect(run("caracal").findings.filter((f) => f.ruleId === "statefulset-volume-claims")).toEqual([]);
  });

  it("caracal: pdb.yaml's budgets leave room for a drain", () => {
    expect(run("caracal").findings.filter((f) => f.ruleId === "pdb-blocks-eviction")).toEqual([]);
  });

  it("continuum: the api Service repeats port 8420/TCP, which the API server rejects", () => {
    const found = run("continuum").findings.filter((f) => f.ruleId === "duplicate-port" && f.severity === "error");
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(["continuum/deploy/kubernetes/service.yaml:24"]);
  });
});
