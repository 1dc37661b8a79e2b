import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, TempRepo } from "./helpers/temp-repo.js";
import { PROGRESS_DELAY_MS, ProgressLine, progressWanted } from "../src/cli/progress.js";

// The progress line of long runs: on a person's terminal only, after a second, erased before the report.

describe("when a progress line is shown", () => {
  it("only on a terminal, never in CI or on a dumb terminal", () => {
    expect(progressWanted({ isTTY: true }, { TERM: "xterm-256color" })).toBe(true);
    expect(progressWanted({ isTTY: false }, { TERM: "xterm-256color" })).toBe(false);
    expect(progressWanted({}, {})).toBe(false);
    expect(progressWanted({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(progressWanted({ isTTY: true }, { CI: "true" })).toBe(false);
    expect(progressWanted({ isTTY: true }, { CI: "1" })).toBe(false);
    expect(progressWanted({ isTTY: true }, { GITHUB_ACTIONS: "true" })).toBe(false);
    expect(progressWanted({ isTTY: true }, { CI: "false" })).toBe(true);
  });

  it("after a second, redrawn in place at most every 100 ms, and erased only when drawn", () => {
    let now = 0;
    const out: string[] = [];
    const line = new ProgressLine((t) => out.push(t), () => now);
    line.update({ filesRead: 10, rootsRendered: 0 });
    now = PROGRESS_DELAY_MS - 1;
    line.update({ filesRead: 500, rootsRendered: 0 });
    expect(out).toEqual([]);
    line.clear();
    expect(out).toEqual([]);
    now = PROGRESS_DELAY_MS;
    line.update({ filesRead: 1200, rootsRendered: 0 });
    now += 50;
    line.update({ filesRead: 1300, rootsRendered: 2 });
    now += 60;
    line.update({ filesRead: 1400, rootsRendered: 2 });
    expect(out).toEqual(["\r\x1b[Kk8slint: 1,200 files read…", "\r\x1b[Kk8slint: 1,400 files read, 2 Kustomize roots and Helm charts rendered…"]);
    line.clear();
    line.clear();
    expect(out.slice(2)).toEqual(["\r\x1b[K"]);
  });
});

// A run that takes more than a second: a Kustomize root whose build takes 1.5 s (a stand-in for the
// tool, which sleeps, then answers as kubectl would with the root's one object).
const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

describe("on a long run, through the CLI", () => {
  let repo: TempRepo;
  let slowTool: string;
  beforeAll(() => {
    repo = new TempRepo({
      "app/kustomization.yaml": "resources: [cm.yaml]\n",
      "app/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  a: b\n",
    });
    slowTool = repo.path("kubectl-slow");
    fs.writeFileSync(slowTool, `#!/bin/sh\nsleep 1.5\nexec kubectl "$@"\n`, { mode: 0o755 });
  });
  afterAll(() => repo?.cleanup());

  it("shows the line on a terminal and erases it before the report", (ctx) => {
    if (!hasScript || !hasKubectl) return ctx.skip("needs `script` (util-linux) and kubectl");
    const command = `'${process.execPath}' '${BIN}' --kustomize-bin '${slowTool}' app`;
    const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: repo.dir, encoding: "utf8", env: { ...process.env, TERM: "xterm-256color", CI: "", GITHUB_ACTIONS: "" }, timeout: 60_000 });
    const drawn = r.stdout.indexOf("k8slint: 0 files read, 1 Kustomize root or Helm chart rendered…");
    expect(drawn, r.stdout).toBeGreaterThanOrEqual(0);
    const erased = r.stdout.indexOf("\r\x1b[K", drawn);
    expect(erased).toBeGreaterThan(drawn);
    expect(r.stdout.indexOf("no problems", drawn)).toBeGreaterThan(erased);
  });

  it("never in a pipe", (ctx) => {
    if (!hasKubectl) return ctx.skip("needs kubectl");
    const r = spawnSync(process.execPath, [BIN, "--kustomize-bin", slowTool, "app"], { cwd: repo.dir, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
  });
});
