import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinRules } from "../rules/index.js";
import { lint, type LintResult } from "../src/lint.js";
import { CORPUS, SHARED, hasCorpus } from "./helpers/fixtures.js";

// The RBAC, ServiceAccount, pod-hardening and Service exposure rules on the seed systems' and the public
// projects' real manifests: each finding at the field it names, and the findings the corpora must give.

const IDS = ["rbac-dangerous-grant", "rbac-risky-subject", "service-account-token", "default-service-account", "proc-mount", "unsafe-sysctls", "service-exposure"];
const RULES = builtinRules.filter((r) => IDS.includes(r.meta.id));

/** What the line a finding points at must show, by rule. */
const AT: Record<string, (line: string, message: string) => boolean> = {
  "rbac-dangerous-grant": (line, message) => line.includes(/grants (\S+)/.exec(message)![1]),
  "rbac-risky-subject": (line) => /name:\s*system:/.test(line),
  "service-account-token": (line) => /^\s*(spec:|serviceAccount(Name)?:|automountServiceAccountToken:\s*true)/.test(line),
  "default-service-account": (line) => /^\s*(spec:|serviceAccount(Name)?:)/.test(line),
  "proc-mount": (line) => /procMount:\s*["']?Unmasked/.test(line),
  "unsafe-sysctls": (line) => /name:/.test(line),
  "service-exposure": (line) => /type:\s*(NodePort|LoadBalancer)|externalIPs:/.test(line),
};

const TREES = [
  ...["caracal", "continuum", "ritma", "ritma-2025-12", "santaclaude", "tarka"].map((s) => path.join(CORPUS, s)),
  // argo-cd/manifests renders dozens of kustomizations (about a minute): its install.yaml stands for it below.
  path.join(SHARED, "corpus-public/argo-cd/manifests/install.yaml"),
  path.join(SHARED, "corpus-public/kube-prometheus/manifests"),
].filter((t) => fs.existsSync(t));

if (!hasCorpus()) console.warn(`SKIPPED: access rules on ../shared/corpus: ${CORPUS} not found (a fresh clone without ../shared)`);

describe.skipIf(!hasCorpus())("access and exposure rules on the corpora", () => {
  const results = new Map<string, LintResult>();
  const run = (tree: string) => {
    let r = results.get(tree);
    if (!r) results.set(tree, (r = lint({ paths: [tree], cwd: SHARED, rules: RULES })));
    return r;
  };
  const lineOf = (file: string, line: number) => fs.readFileSync(path.join(SHARED, file), "utf8").split("\n")[line - 1] ?? "";

  for (const tree of TREES) {
    it(`${path.relative(SHARED, tree)}: every finding points at the field it names`, () => {
      const r = run(tree);
      expect(r.notices.filter((n) => n.includes("failed"))).toEqual([]);
      for (const f of r.findings) {
        const text = lineOf(f.file, f.line);
        expect(AT[f.ruleId](text, f.message), `${f.file}:${f.line} ${f.ruleId}: ${text.trim()}`).toBe(true);
      }
    });
  }

  it("Ritma's privileged tracer runs as the default ServiceAccount with its token mounted: reported", () => {
    for (const system of ["ritma", "ritma-2025-12"]) {
      const file = `corpus/${system}/k8s/tracer-daemonset.yaml`;
      const found = run(path.join(CORPUS, system)).findings.filter((f) => f.ruleId === "service-account-token" && f.file === file);
      expect(found.map((f) => f.severity), file).toEqual(["warning"]);
      expect(found[0].message).toContain("the default ServiceAccount");
    }
  });

  it("Tarka: workloads left on the default ServiceAccount beside the tarka one are reported once each, not twice", () => {
    const r = run(path.join(CORPUS, "tarka"));
    const nats = r.findings.filter((f) => f.file === "corpus/tarka/deploy/manifests/natsJetstream.yaml" && (f.ruleId === "default-service-account" || f.ruleId === "service-account-token"));
    expect(nats.map((f) => f.ruleId)).toEqual(["default-service-account"]);
  });

  it("public LoadBalancers are info; kube-prometheus, whose ServiceAccounts opt out of tokens, is not reported", () => {
    const lb = run(path.join(CORPUS, "continuum")).findings.filter((f) => f.ruleId === "service-exposure");
    expect(lb.length).toBeGreaterThan(0);
    expect(lb.every((f) => f.severity === "info")).toBe(true);
    expect(run(path.join(SHARED, "corpus-public/kube-prometheus/manifests")).findings.filter((f) => f.ruleId === "service-account-token")).toEqual([]);
  });

  it("Argo CD's server may create Jobs in every namespace: an error at the verb", () => {
    const r = run(path.join(SHARED, "corpus-public/argo-cd/manifests/install.yaml"));
    const found = r.findings.filter((f) => f.ruleId === "rbac-dangerous-grant");
    expect(found.map((f) => [f.severity, lineOf(f.file, f.line).trim()])).toEqual([["error", "- create"]]);
    expect(found[0].message).toContain('create jobs in every namespace (bound by ClusterRoleBinding "argocd-server")');
  });
});
