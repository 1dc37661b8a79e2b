import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { TempRepo, k8slint } from "./helpers/temp-repo.js";
import { markdownExamples } from "./helpers/markdown-examples.js";
import { elements, hasXmlParser, parseXml } from "./helpers/xml.js";

// The README's "Use it in your repository" examples, run as written.

const readme = markdownExamples(path.join(ROOT, "README.md"));
const docs = markdownExamples(path.join(ROOT, "docs/github-actions.md"));

const PAYMENTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: payments
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/checkout:2.3.1
          resources:
            limits:
              memory: 4Gi
        - name: proxy
          image: registry.example.com/proxy:1.0.0
          resources:
            limits: {memory: 512Mi}
`;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.example.com/migrate
`;

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

describe("README: Use it in your repository", () => {
  it("has the examples the tests run", () => {
    for (const name of [".k8slint.yaml", "policies/payments.yaml", ".pre-commit-config.yaml", "workflow", ".gitlab-ci.yml"]) expect(readme.has(name), name).toBe(true);
  });

  it("the config file and the payments policy work as described, with the output shown", () => {
    const repo = new TempRepo(
      {
        ".k8slint.yaml": readme.get(".k8slint.yaml")!,
        "policies/payments.yaml": readme.get("policies/payments.yaml")!,
        "k8s/payments.yaml": PAYMENTS,
        "k8s/jobs/migrate.yaml": JOB,
        "k8s/generated/broken.yaml": "kind: [\n",
      },
      "k8slint-readme-",
    );
    repos.push(repo);
    const r = k8slint(["k8s/"], repo.dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    // The README's output line, verbatim.
    const shown = /```\n(k8s\/payments\.yaml\n(?:.*\n)*?.*payments-container-policy)\n```/.exec(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
    expect(shown).not.toBeNull();
    // The file, the object's header and the finding line, in that order.
    const out = r.stdout.split("\n");
    const at = shown![1].split("\n").map((l) => out.indexOf(l));
    expect(at.every((i) => i >= 0), shown![1]).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    const json = JSON.parse(k8slint(["k8s/", "-f", "json"], repo.dir).stdout) as { results: Array<{ ruleId: string; file: string; severity: string; resource: { namespace?: string } | null }> };
    const ids = (file: string) => json.results.filter((x) => x.file === file).map((x) => x.ruleId);
    // Only the api container breaks the policy; the proxy is within it.
    expect(json.results.filter((x) => x.ruleId === "payments-container-policy")).toHaveLength(1);
    // image-tag is an error; the job's probes are off by the override; generated/ is ignored.
    expect(json.results.find((x) => x.ruleId === "image-tag" && x.file === "k8s/jobs/migrate.yaml")?.severity).toBe("error");
    expect(ids("k8s/jobs/migrate.yaml")).not.toContain("liveness-probe");
    expect(ids("k8s/jobs/migrate.yaml")).not.toContain("readiness-probe");
    expect(json.results.some((x) => x.file.startsWith("k8s/generated/"))).toBe(false);
    expect(json.results.find((x) => x.file === "k8s/jobs/migrate.yaml")?.resource?.namespace).toBe("shop");
    expect(ids("k8s/jobs/migrate.yaml").filter((id) => id === "resource-limits")).toHaveLength(1);
    expect(json.results.some((x) => x.ruleId === "resource-limits" && x.file === "k8s/payments.yaml")).toBe(false); // cpu: false
  });

  it("the pre-commit config names hooks this repository defines, and its args work with the hook's entry", () => {
    const config = parse(readme.get(".pre-commit-config.yaml")!) as { repos: Array<{ hooks: Array<{ id: string; args?: string[] }> }> };
    const hooks = parse(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Array<{ id: string; entry: string; pass_filenames?: boolean }>;
    const repo = new TempRepo({ "k8s/job.yaml": JOB }, "k8slint-readme-hook-");
    repos.push(repo);
    // A real repository with the job staged, as a commit sees it (test/pre-commit.test.ts runs pre-commit itself).
    fs.rmSync(repo.path(".git"), { recursive: true });
    for (const args of [["init", "-q"], ["add", "k8s/job.yaml"]]) expect(spawnSync("git", args, { cwd: repo.dir }).status).toBe(0);
    for (const h of config.repos[0].hooks) {
      const def = hooks.find((x) => x.id === h.id);
      expect(def, h.id).toBeDefined();
      // The job breaks rules: run as the hook runs, the commit is stopped.
      const r = k8slint([...def!.entry.split(" ").slice(1), ...(h.args ?? []), ...(def!.pass_filenames === false ? [] : ["k8s/job.yaml"])], repo.dir);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(1);
    }
  });

  it("the GitLab CI job writes the Code Quality and JUnit reports it declares, and prints the text report", () => {
    const ci = parse(readme.get(".gitlab-ci.yml")!) as { k8slint: { script: string[]; artifacts: { when: string; reports: { codequality: string; junit: string } } } };
    const job = ci.k8slint;
    // The reports are kept when the job fails on findings, as it does here.
    expect(job.artifacts.when).toBe("always");
    expect(job.script).toHaveLength(1);
    const args = job.script[0].replace(/^npx --yes k8slint@[\w.]+ /, "").split(" ");
    expect(args.length).toBeLessThan(job.script[0].split(" ").length);
    const repo = new TempRepo({ "k8s/jobs/migrate.yaml": JOB }, "k8slint-readme-gitlab-");
    repos.push(repo);
    const r = k8slint(args, repo.dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^k8s\/jobs\/migrate\.yaml$/m);
    const issues = JSON.parse(repo.read(job.artifacts.reports.codequality)) as Array<{ check_name: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.find((x) => x.check_name === "image-tag")).toMatchObject({ severity: "minor", location: { path: "k8s/jobs/migrate.yaml", lines: { begin: 11 } } });
    const junit = repo.read(job.artifacts.reports.junit);
    if (hasXmlParser) {
      const { root, error } = parseXml(junit);
      expect(error).toBeUndefined();
      expect(elements(root!, "failure")).toHaveLength(issues.length);
    }
    expect(junit).toContain('file="k8s/jobs/migrate.yaml" line="11"');
  });

  it("the workflow is the one docs/github-actions.md has (test/github.test.ts runs it)", () => {
    expect(readme.get("workflow")).toBe(docs.get("workflow"));
  });
});
