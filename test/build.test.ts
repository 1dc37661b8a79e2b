import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// dist/ is committed so that the package installs and runs with no build step. It must be exactly what
// the sources build to: in the working tree (npm test rebuilds it first) and in the commit (a landing
// that changed src/ or rules/ without regenerating dist/ would ship stale code to every user).

const git = (...args: string[]) => spawnSync("git", args, { cwd: ROOT, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
const SOURCES = ["src", "rules", "package.json", "package-lock.json", "tsconfig.json", "scripts/build.mjs"];

let fresh: string;
let built: Map<string, Buffer>;
beforeAll(() => {
  fresh = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-build-"));
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/build.mjs"), "--out", fresh], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  built = new Map(fs.readdirSync(fresh).sort().map((f) => [f, fs.readFileSync(path.join(fresh, f))]));
}, 120_000);
afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

describe("the committed build (dist/)", () => {
  it("holds the CLI, the library with its types, the worker and the licences of what it bundles", () => {
    expect([...built.keys()].filter((f) => !f.startsWith("chunk-"))).toEqual(["THIRD-PARTY-LICENSES.txt", "index.d.ts", "index.js", "k8slint.js", "parse-worker.js"]);
    const licences = built.get("THIRD-PARTY-LICENSES.txt")!.toString();
    for (const lib of ["yaml@", "ajv@", "yargs@", "chalk@"]) expect(licences).toContain(`\n${lib}`);
    expect(built.get("index.d.ts")!.toString()).toMatch(/export declare function lint\(/);
  });

  it("is what the sources build to, in the working tree", () => {
    const inTree = fs.readdirSync(path.join(ROOT, "dist")).sort();
    expect(inTree, "run `npm run build`").toEqual([...built.keys()]);
    for (const [name, data] of built) expect(fs.readFileSync(path.join(ROOT, "dist", name)).equals(data), `dist/${name} is stale: run \`npm run build\``).toBe(true);
  });

  it("holds nothing machine-specific: no absolute path of this machine, no source map", () => {
    const markers = [ROOT, "sourceMappingURL"];
    for (const [name, data] of built) {
      const text = data.toString();
      for (const m of markers) expect(text.includes(m), `dist/${name} contains ${m}`).toBe(false);
    }
  });

  it("is the one committed, when the sources are committed", (ctx) => {
    if (git("rev-parse", "--git-dir").status !== 0) return ctx.skip("not a git checkout");
    if (git("diff", "--quiet", "HEAD", "--", ...SOURCES).status !== 0) {
      console.warn("build.test: sources differ from HEAD, so the committed dist/ is not compared (commit, then run again)");
      return ctx.skip("sources differ from HEAD");
    }
    const committed = git("ls-tree", "--name-only", "HEAD", "dist/").stdout.toString().trim().split("\n").filter(Boolean).map((f) => path.basename(f)).sort();
    expect(committed, "commit the output of `npm run build` (git add dist/)").toEqual([...built.keys()]);
    for (const [name, data] of built) {
      const inHead = git("show", `HEAD:dist/${name}`).stdout;
      expect(inHead.equals(data), `the committed dist/${name} is not what the sources build to: run \`npm run build\` and commit dist/`).toBe(true);
    }
  });
});
