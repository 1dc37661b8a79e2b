import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discover } from "../src/load/discover.js";
import { readManifest } from "../src/load/read.js";
import { renderDirectories, type RenderContext } from "../src/render/render.js";
import { ROOT_FILE_NAMES } from "../src/render/root-files.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-discover-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web:1\n";

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
  fs.writeFileSync(path.join(tmp, rel), text);
}

describe("the walk tells rendering what it learnt of each directory", () => {
  write("tree/apps/base/kustomization.yaml", "resources:\n  - deployment.yaml\n");
  write("tree/apps/base/deployment.yaml", DEPLOYMENT);
  write("tree/apps/plain/deployment.yaml", DEPLOYMENT);
  write("tree/charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
  write("tree/other/Kustomization", "resources: []\n");
  fs.mkdirSync(path.join(tmp, "elsewhere/deep"), { recursive: true });
  fs.writeFileSync(path.join(tmp, "elsewhere/deep/kustomization.yaml"), "resources: []\n");
  fs.symlinkSync(path.join(tmp, "elsewhere/deep"), path.join(tmp, "tree/linked"));
  const root = path.join(tmp, "tree");
  const found = discover([root], { rootFiles: ROOT_FILE_NAMES });

  it("gives every walked directory its real path, a linked one its target's", () => {
    expect([...found.walked!.keys()]).toEqual(found.directories);
    for (const d of found.directories) expect(found.walked!.get(d)!.real).toBe(fs.realpathSync(d));
    expect(found.walked!.get(path.join(root, "linked"))!.real).toBe(fs.realpathSync(path.join(tmp, "elsewhere/deep")));
  });

  it("marks as possibly rendering exactly the directories with a kustomization or a chart", () => {
    const marked = found.directories.filter((d) => found.walked!.get(d)!.mayRender).map((d) => path.relative(root, d));
    expect(marked.sort()).toEqual(["apps/base", "charts/web", "linked", "other"]);
    // Without the names, every directory may render: rendering asks the file system as before.
    const unmarked = discover([root]);
    expect(unmarked.directories.every((d) => unmarked.walked!.get(d)!.mayRender)).toBe(true);
  });

  it("finds the same roots and charts with what the walk learnt as by asking the file system", () => {
    const ctx = (walked?: RenderContext["walked"]): RenderContext => ({
      cwd: root,
      namespace: "default",
      maxFileBytes: 1 << 20,
      display: (f) => path.relative(fs.realpathSync(root), f),
      discovered: new Set(found.files.map((f) => fs.realpathSync(f.path))),
      walked,
    });
    // Neither tool is run: which directories render is what is compared (their units, or the notice that a tool is missing).
    const options = { kustomizeBin: path.join(tmp, "no-such-kustomize"), helmBin: path.join(tmp, "no-such-helm") };
    const summary = (o: ReturnType<typeof renderDirectories>) => JSON.stringify({ units: o.units.map((u) => u.label), problems: o.problems, notices: o.notices, skipped: o.skipped });
    const withWalk = renderDirectories(found.directories, options, ctx(found.walked));
    const asking = renderDirectories(found.directories, options, ctx());
    expect(summary(withWalk)).toBe(summary(asking));
    expect(summary(withWalk)).toMatch(/kustomiz/i);
  });
});

describe("readManifest", () => {
  it("reads a file of any size whole, an empty file as empty, and a /proc file that says it is empty to its end", () => {
    const big = "# " + "x".repeat(200_000) + "\n" + DEPLOYMENT;
    write("read/big.yaml", big);
    write("read/empty.yaml", "");
    write("read/small.yaml", DEPLOYMENT);
    expect(readManifest(path.join(tmp, "read/big.yaml"))).toEqual({ ok: true, text: big });
    expect(readManifest(path.join(tmp, "read/empty.yaml"))).toEqual({ ok: true, text: "" });
    expect(readManifest(path.join(tmp, "read/small.yaml"))).toEqual({ ok: true, text: DEPLOYMENT });
    if (process.platform === "linux") {
      const proc = readManifest("/proc/self/status");
      expect(proc.ok && proc.text.includes("Pid:")).toBe(true);
    }
  });
});

describe("standard input named twice", () => {
  it("is read once, as a file named twice is", () => {
    write("twice/a.yaml", DEPLOYMENT);
    const file = path.join(tmp, "twice/a.yaml");
    expect(discover(["-", "-"], {}).files.map((f) => f.path)).toEqual(["-"]);
    expect(discover([file, file], {}).files.map((f) => f.path)).toEqual([file]);
  });
});
