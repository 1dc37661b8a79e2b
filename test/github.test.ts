import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { CORPUS, ROOT, hasCorpus } from "./helpers/fixtures.js";
import { TempRepo, BIN } from "./helpers/temp-repo.js";
import { markdownExamples } from "./helpers/markdown-examples.js";
import { githubFormatter } from "../src/report/github.js";
import { formatContext } from "../src/report/context.js";
import { lint } from "../src/lint.js";

// GitHub integration: workflow annotations (--format github), the workflows of docs/github-actions.md
// run as GitHub would run their k8slint steps, and SARIF from every corpus system checked against
// GitHub code scanning's upload limits. (test/sarif.test.ts checks the SARIF schema and profile.)

if (!hasCorpus()) console.warn(`SKIPPED: GitHub limits on ../shared/corpus: ${CORPUS} not found (a fresh clone without ../shared)`);

interface Sarif {
  $schema?: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; properties?: { tags?: string[] } }> }; extensions?: unknown[] };
    automationDetails?: { id: string };
    results: Array<{
      ruleId: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    }>;
  }>;
}

/** GitHub's hard limits and required fields for an upload (docs: "SARIF support for code scanning"). */
function uploadProblems(raw: string, root: string): string[] {
  const problems: string[] = [];
  const gz = zlib.gzipSync(raw).length;
  if (gz > 10 * 1024 * 1024) problems.push(`gzip size ${gz} > 10 MB`);
  const log = JSON.parse(raw) as Sarif;
  if (!log.$schema) problems.push("no $schema");
  if (log.version !== "2.1.0") problems.push(`version ${log.version}`);
  if (log.runs.length > 20) problems.push(`${log.runs.length} runs > 20`);
  for (const run of log.runs) {
    if (!run.tool?.driver?.name) problems.push("no tool.driver.name");
    if (run.results.length > 25_000) problems.push(`${run.results.length} results > 25,000`);
    if (run.tool.driver.rules.length > 25_000) problems.push("rules > 25,000");
    if ((run.tool.extensions ?? []).length > 100) problems.push("extensions > 100");
    const ids = new Set(run.tool.driver.rules.map((r) => r.id));
    for (const r of run.tool.driver.rules) if ((r.properties?.tags ?? []).length > 10) problems.push(`rule ${r.id}: more tags than GitHub shows (10)`);
    for (const res of run.results) {
      if (!res.ruleId || !ids.has(res.ruleId)) problems.push(`result with unknown ruleId ${res.ruleId}`);
      if (!res.message?.text) problems.push(`${res.ruleId}: no message.text`);
      if (!(res.locations.length >= 1 && res.locations.length <= 1000)) problems.push(`${res.ruleId}: ${res.locations.length} locations`);
      for (const loc of res.locations) {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        const line = loc.physicalLocation?.region?.startLine;
        if (!uri || !(line >= 1)) {
          problems.push(`${res.ruleId}: location ${JSON.stringify(loc)}`);
          continue;
        }
        const file = path.join(root, decodeURIComponent(uri));
        if (!fs.existsSync(file)) problems.push(`${res.ruleId}: ${uri} does not exist under the checkout`);
        else if (line > fs.readFileSync(file, "utf8").split("\n").length) problems.push(`${res.ruleId}: ${uri}:${line} is past the end of the file`);
      }
    }
  }
  return problems;
}

const ANNOTATION = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([a-z0-9-]+)::(.+)$/;

const MORE = /^::notice title=k8slint::(\d+) more findings? (is|are) not shown as annotations/;

/** Each annotation names a real file and line and a known rule; at most 10 per level, then the count of the rest. */
function annotationProblems(text: string, root: string, known: ReadonlySet<string>, total?: number): string[] {
  const problems: string[] = [];
  const lines = text.split("\n").filter(Boolean);
  const more = lines.length > 0 && MORE.exec(lines[lines.length - 1]);
  if (more) lines.pop();
  for (const level of ["error", "warning", "notice"]) if (lines.filter((l) => l.startsWith(`::${level} `)).length > 10) problems.push(`more than 10 ${level} annotations`);
  if (total !== undefined && lines.length + (more ? Number(more[1]) : 0) !== total) problems.push(`${lines.length} annotations and ${more ? more[1] : 0} more for ${total} findings`);
  for (const line of lines) {
    const m = ANNOTATION.exec(line);
    if (!m) {
      problems.push(`not an annotation: ${line.slice(0, 120)}`);
      continue;
    }
    const file = path.join(root, m[2].replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%25/g, "%"));
    if (!fs.existsSync(file)) problems.push(`${m[2]}: no such file`);
    else if (Number(m[3]) > fs.readFileSync(file, "utf8").split("\n").length) problems.push(`${m[2]}:${m[3]} past the end`);
    if (!known.has(m[7])) problems.push(`unknown rule ${m[7]}`);
  }
  return problems;
}

describe("--format github", () => {
  it("escapes what the workflow command syntax reserves, in properties and in the message", () => {
    const result = lint({ sources: [{ name: "a,b:c%.yaml", text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx\n" }] });
    const out = githubFormatter.format(formatContext(result), () => {});
    const lines = out.trimEnd().split("\n");
    expect(lines.length).toBe(result.findings.length);
    for (const l of lines) {
      expect(l).toMatch(/^::(error|warning|notice) file=a%2Cb%3Ac%25\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z0-9-]+::Pod default\/p: /);
      // The fix follows the message on its own line (each rule fires once here), escaped so the command stays on one line.
      expect(l).toContain("%0A");
    }
    const imageTag = lines.find((l) => l.includes("title=image-tag"));
    expect(imageTag).toMatch(/^::warning file=.*,line=7,col=7,/);
  });

  it("names files from the repository root, most severe first, each rule's fix once, and counts what GitHub would not show", () => {
    const repo = new TempRepo({}, "k8slint-gha-paths-");
    try {
      fs.cpSync(path.join(ROOT, "fixtures/examples/caracal-like/k8s"), repo.path("deploy/k8s"), { recursive: true });
      // working-directory: deploy in a workflow
      const r = spawnSync(process.execPath, [BIN, "--format", "github", "k8s"], { cwd: repo.path("deploy"), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      const json = JSON.parse(spawnSync(process.execPath, [BIN, "--format", "json", "k8s"], { cwd: repo.path("deploy"), encoding: "utf8" }).stdout) as { results: Array<{ ruleId: string; severity: string }> };
      const lines = r.stdout.trimEnd().split("\n");
      for (const l of lines.slice(0, -1)) expect(l).toMatch(/ file=deploy\/k8s\//);
      const levels = lines.map((l) => /^::(\w+)/.exec(l)![1]);
      const order = { error: 0, warning: 1, notice: 2 } as Record<string, number>;
      expect(levels.slice(0, -1).every((x, i, a) => i === 0 || order[x] >= order[a[i - 1]])).toBe(true);
      expect(levels.filter((x) => x === "error")).toHaveLength(Math.min(10, json.results.filter((f) => f.severity === "error").length));
      expect(annotationProblems(r.stdout, repo.dir, new Set(json.results.map((f) => f.ruleId)), json.results.length)).toEqual([]);
      expect(lines[lines.length - 1]).toMatch(MORE);
      // The fix (after the escaped newline) once per rule.
      const withFix = lines.filter((l) => l.includes("%0A")).map((l) => /title=([a-z0-9-]+)/.exec(l)![1]);
      expect(new Set(withFix).size).toBe(withFix.length);
      expect(new Set(withFix)).toEqual(new Set(lines.slice(0, -1).map((l) => /title=([a-z0-9-]+)/.exec(l)![1])));
    } finally {
      repo.cleanup();
    }
  });

  it("writes a table of findings per rule to the job summary when $GITHUB_STEP_SUMMARY is set", () => {
    const repo = new TempRepo({}, "k8slint-gha-summary-");
    try {
      fs.cpSync(path.join(ROOT, "fixtures/examples/caracal-like/k8s"), repo.path("k8s"), { recursive: true });
      fs.writeFileSync(repo.path("summary.md"), "earlier step\n");
      const r = spawnSync(process.execPath, [BIN, "k8s"], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: repo.path("summary.md") } });
      expect(r.status).toBe(1);
      const md = repo.read("summary.md");
      expect(md.startsWith("earlier step\n### k8slint\n")).toBe(true);
      expect(md).toContain("| rule | errors | warnings | infos |");
      expect(md).toMatch(/^\| \[run-as-non-root\]\(https:\/\/github\.com\/k8slint\/k8slint\/blob\/main\/docs\/rules\/run-as-non-root\.md\) \| [1-9]\d* \| 0 \| 0 \|$/m);
      const { summary: s } = JSON.parse(spawnSync(process.execPath, [BIN, "-f", "json", "k8s"], { cwd: repo.dir, encoding: "utf8" }).stdout) as { summary: { errors: number; warnings: number; infos: number; files: number; resources: number } };
      expect(md).toContain(`**${s.errors + s.warnings + s.infos} problems** (${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos) in ${s.files} files, ${s.resources} resources`);
    } finally {
      repo.cleanup();
    }
  });

  it("prints nothing for a clean run and leaves suppressed findings out", () => {
    const clean = lint({ sources: [{ name: "cm.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n" }] });
    expect(githubFormatter.format(formatContext(clean), () => {})).toBe("");
  });
});

describe("docs/github-actions.md workflows", () => {
  const examples = markdownExamples(path.join(ROOT, "docs/github-actions.md"));
  const repos: TempRepo[] = [];
  afterAll(() => repos.forEach((r) => r.cleanup()));

  interface Step {
    run?: string;
    uses?: string;
    if?: string;
    with?: Record<string, unknown>;
  }
  interface Workflow {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[]; strategy?: { matrix: Record<string, string[]> } }>;
  }

  /** Runs a job's k8slint steps as the runner would: `${{ matrix.x }}` expanded, npx k8slint being this build. */
  function runJob(wf: Workflow, repo: TempRepo, matrix: Record<string, string>) {
    const job = Object.values(wf.jobs)[0];
    const outputs: Array<{ status: number | null; stdout: string; stderr: string }> = [];
    for (const step of job.steps) {
      if (!step.run) continue;
      const cmd = step.run.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, k: string) => matrix[k]).replace(/^npx --yes k8slint@[\w.]+ /, `"${process.execPath}" "${BIN}" `);
      expect(cmd).not.toContain("${{");
      const r = spawnSync("bash", ["-e", "-c", cmd], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      outputs.push(r);
    }
    return outputs;
  }

  function uploadStep(wf: Workflow): Step {
    const steps = Object.values(wf.jobs)[0].steps;
    const up = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(up, "an upload-sarif step").toBeDefined();
    expect(up!.if).toContain("!cancelled()");
    expect(wf.permissions["security-events"]).toBe("write");
    return up!;
  }

  it("one directory: the lint step writes the SARIF file the upload step reads, and annotates the log", () => {
    const wf = parse(examples.get("workflow")!) as Workflow;
    const repo = new TempRepo({}, "k8slint-gha-");
    repos.push(repo);
    fs.cpSync(path.join(ROOT, "fixtures/examples/caracal-like/k8s"), repo.path("k8s"), { recursive: true });
    const [lintStep] = runJob(wf, repo, {});
    expect(lintStep.stderr).toBe("");
    expect(lintStep.status).toBe(1); // the example has errors: the step fails, the upload still runs
    const sarifFile = String(uploadStep(wf).with!.sarif_file);
    const raw = repo.read(sarifFile);
    expect(uploadProblems(raw, repo.dir)).toEqual([]);
    const known = new Set((JSON.parse(raw) as Sarif).runs[0].tool.driver.rules.map((r) => r.id));
    expect(annotationProblems(lintStep.stdout, repo.dir, known, (JSON.parse(raw) as Sarif).runs[0].results.length)).toEqual([]);
  });

  it("several directories: each matrix job uploads under its own category", () => {
    const wf = parse(examples.get("workflow-matrix")!) as Workflow;
    const dirs = Object.values(wf.jobs)[0].strategy!.matrix.dir;
    expect(dirs.length).toBeGreaterThan(1);
    const repo = new TempRepo({}, "k8slint-gha-matrix-");
    repos.push(repo);
    const sources = ["caracal-like", "ritma-like"];
    dirs.forEach((d, i) => fs.cpSync(path.join(ROOT, "fixtures/examples", sources[i % sources.length], "k8s"), repo.path(d), { recursive: true }));
    const categories = new Set<string>();
    for (const dir of dirs) {
      const [step] = runJob(wf, repo, { dir });
      expect(step.stderr).toBe("");
      const raw = repo.read(String(uploadStep(wf).with!.sarif_file));
      expect(uploadProblems(raw, repo.dir)).toEqual([]);
      const log = JSON.parse(raw) as Sarif;
      categories.add(log.runs[0].automationDetails!.id);
      for (const r of log.runs[0].results) expect(r.locations[0].physicalLocation.artifactLocation.uri.startsWith(`${dir}/`)).toBe(true);
    }
    expect([...categories].sort()).toEqual(dirs.map((d) => `k8slint/${d}/`).sort());
  });
});

describe.skipIf(!hasCorpus())("SARIF of ../shared/corpus within GitHub's upload limits", () => {
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];
  for (const system of systems) {
    it(`${system}: SARIF and annotations as the workflow produces them`, () => {
      const out = path.join(fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "k8slint-corpus-")), "k8slint.sarif");
      // The corpus directory stands for the repository checkout: URIs must resolve under it.
      const r = spawnSync(process.execPath, [BIN, ".", "--sarif-category", `k8slint/${system}`, "--format", "sarif", "--output", out, "--format", "github"], {
        cwd: path.join(CORPUS, system),
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
      const raw = fs.readFileSync(out, "utf8");
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
      const root = findTop(path.join(CORPUS, system));
      expect(uploadProblems(raw, root)).toEqual([]);
      const log = JSON.parse(raw) as Sarif;
      expect(log.runs[0].automationDetails?.id).toBe(`k8slint/${system}/`);
      const known = new Set(log.runs[0].tool.driver.rules.map((x) => x.id));
      expect(annotationProblems(r.stdout, path.join(CORPUS, system), known, log.runs[0].results.length)).toEqual([]);
    });
  }
});

/** The directory SARIF URIs are relative to: the git top level above, else the directory itself. */
function findTop(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, ".git"))) return d;
    if (path.dirname(d) === d) return dir;
  }
}
