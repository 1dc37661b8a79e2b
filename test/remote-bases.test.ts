import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRemoteEntry, shownUrl } from "../src/render/remote-bases.js";
import { ROOT } from "./helpers/fixtures.js";

const BIN = path.join(ROOT, "bin/k8slint");

describe("remote Kustomize bases are found in the kustomization", () => {
  it("URLs, git forms and known hosts are remote; local paths are not", () => {
    for (const e of [
      "https://github.com/org/repo//deploy?ref=v1",
      "git::https://example.com/org/repo.git",
      "ssh://git@example.com/org/repo.git",
      "git@github.com:org/repo.git//base",
      "github.com/org/repo/deploy?ref=main",
      "gh:org/repo",
      "example.com/org/repo//base",
      "../base?ref=v2",
    ])
      expect(isRemoteEntry(e, os.tmpdir()), e).toBe(true);
    for (const e of ["../base", "deployment.yaml", "./overlays/prod", "base/kustomization.yaml"]) expect(isRemoteEntry(e, os.tmpdir()), e).toBe(false);
  });

  it("credentials in a URL are never shown", () => {
    expect(shownUrl("https://user:t0ken@git.example.com/org/r.git")).toBe("https://…@git.example.com/org/r.git");
    expect(shownUrl("https://example.com/a.yaml?token=abc123&ref=v1")).toBe("https://example.com/a.yaml?token=…&ref=v1");
  });
});

describe.skipIf(process.platform === "win32")("remote bases and the network (CLI)", () => {
  let dir = "";
  let fake = "";
  let calls = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-remote-"));
    const root = path.join(dir, "app");
    fs.mkdirSync(path.join(root, "local"), { recursive: true });
    fs.writeFileSync(path.join(root, "kustomization.yaml"), "resources:\n  - local\n  - pod.yaml\n");
    fs.writeFileSync(path.join(root, "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx:latest}]}\n");
    // The remote base is named by a local base: found through the whole graph, before any build.
    fs.writeFileSync(path.join(root, "local", "kustomization.yaml"), "resources:\n  - https://deploy:Tk9xLm2Qp7@git.example.invalid/org/base.git//x?ref=v1\n");
    calls = path.join(dir, "calls.txt");
    fake = path.join(dir, "kubectl");
    // Stands in for kubectl: records that it ran, and fails as an offline fetch would.
    fs.writeFileSync(fake, `#!/bin/sh\necho "$@" >> "${calls}"\necho "error: git fetch failed" >&2\nexit 1\n`, { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (...extra: string[]) => {
    if (fs.existsSync(calls)) fs.rmSync(calls);
    const r = spawnSync(process.execPath, [BIN, "app", "-f", "json", "--kustomize-bin", fake, ...extra], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    return { r, ran: fs.existsSync(calls), json: JSON.parse(r.stdout) as { results: Array<{ ruleId: string; file: string; line: number; severity: string; message: string }>; summary: { notices: string[] } } };
  };

  it("without opting in, nothing is built or fetched: a notice at the entry, and the root's files are linted", () => {
    const { r, ran, json } = run();
    expect(ran).toBe(false);
    const notice = json.results.filter((f) => f.ruleId === "kustomize-build");
    expect(notice.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(["app/local/kustomization.yaml:2 info"]);
    expect(notice[0].message).toContain("https://…@git.example.invalid/org/base.git//x?ref=v1");
    expect(r.stdout).not.toContain("Tk9xLm2Qp7");
    expect(json.results.some((f) => f.ruleId === "image-tag" && f.file === "app/pod.yaml")).toBe(true);
  });

  it("a patch, a replacement or a generator's file named by URL is fetched too: not built without opting in", () => {
    const kustomizations = [
      "resources:\n  - pod.yaml\npatches:\n  - path: https://patches.example.invalid/p.yaml\n",
      "resources:\n  - pod.yaml\npatchesStrategicMerge:\n  - http://patches.example.invalid/p.yaml\n",
      "resources:\n  - pod.yaml\nconfigMapGenerator:\n  - name: cfg\n    envs:\n      - https://config.example.invalid/app.env\n",
      "resources:\n  - pod.yaml\nsecretGenerator:\n  - name: s\n    files:\n      - key=https://config.example.invalid/key\n",
      "resources:\n  - pod.yaml\nreplacements:\n  - path: https://config.example.invalid/r.yaml\n",
    ];
    const root = path.join(dir, "app");
    const before = fs.readFileSync(path.join(root, "kustomization.yaml"), "utf8");
    try {
      for (const k of kustomizations) {
        fs.writeFileSync(path.join(root, "kustomization.yaml"), k);
        const { ran, json } = run();
        expect(ran, k).toBe(false);
        // app/local is a root of its own, with its remote base: its notice stands beside.
        const notice = json.results.filter((f) => f.ruleId === "kustomize-build" && f.file === "app/kustomization.yaml");
        expect(notice.map((f) => `${f.line} ${f.severity}`), k).toEqual([`${k.split("\n").findIndex((l) => l.includes("example.invalid")) + 1} info`]);
        expect(notice[0].message, k).toMatch(/names the remote file https?:\/\/(patches|config)\.example\.invalid\//);
        expect(json.results.some((f) => f.ruleId === "image-tag" && f.file === "app/pod.yaml"), k).toBe(true);
      }
      // A local patch is no remote file: the root is built.
      fs.writeFileSync(path.join(root, "kustomization.yaml"), "resources:\n  - pod.yaml\npatches:\n  - path: local/p.yaml\n");
      expect(run().ran).toBe(true);
    } finally {
      fs.writeFileSync(path.join(root, "kustomization.yaml"), before);
    }
  });

  it("a failed fetch's error, which repeats the URL git fetched, does not show its credentials", () => {
    const echoing = path.join(dir, "kubectl-echoing");
    // kustomize quotes git's command: the URL without its //path and ?ref, so not the entry as written.
    fs.writeFileSync(echoing, `#!/bin/sh\necho "error: accumulating resources: failed to run '/usr/bin/git fetch --depth=1 https://deploy:Tk9xLm2Qp7@git.example.invalid/org/base.git v1': exit status 128" >&2\nexit 1\n`, { mode: 0o755 });
    for (const format of ["json", "text"]) {
      const r = spawnSync(process.execPath, [BIN, "app", "-f", format, "--kustomize-bin", echoing, "--allow-remote-bases"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.stdout + r.stderr, format).toContain("https://…@git.example.invalid/org/base.git v1");
      expect(r.stdout + r.stderr, format).not.toContain("Tk9xLm2Qp7");
    }
  });

  it("--allow-remote-bases, or allowRemoteBases in the config, builds it", () => {
    expect(run("--allow-remote-bases").ran).toBe(true);
    fs.writeFileSync(path.join(dir, ".k8slint.yaml"), "allowRemoteBases: true\n");
    try {
      expect(run().ran).toBe(true);
      expect(run("--no-allow-remote-bases").ran).toBe(false);
    } finally {
      fs.rmSync(path.join(dir, ".k8slint.yaml"));
    }
  });
});
