import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";

// The package as a consumer sees it: a project whose node_modules/k8slint is this package (bundled
// into dist/, rebuilt by `npm test`), importing "k8slint" through package.json's exports.

const CONSUMER = `import { lint, resolveRun, formatters, formatContext, builtinRules, type Finding, type LintResult } from "k8slint";

const text = "apiVersion: v1\\nkind: Pod\\nmetadata: {name: web}\\nspec:\\n  containers:\\n    - name: web\\n      image: nginx:latest\\n";
const fromText: LintResult = lint({ sources: [{ name: "web.yaml", text }] });
const tag: Finding | undefined = fromText.findings.find((f) => f.ruleId === "image-tag");
const line: number = tag ? tag.line : -1;
// @ts-expect-error: findings are typed, a line is not a string
const wrong: string = fromText.findings[0].line;
void wrong;

const run = resolveRun({ rule: ["image-tag=error"] }, process.cwd());
const fromPaths = lint({ ...run.lintOptions, paths: ["k8s"] });
const sarif = JSON.parse(formatters.sarif.format(formatContext(fromPaths), () => {})) as { version: string };
console.log(JSON.stringify({
  line,
  file: tag?.file,
  rules: builtinRules.length,
  pathSeverity: fromPaths.findings.find((f) => f.ruleId === "image-tag")?.severity,
  pathFile: fromPaths.findings[0]?.file,
  sarif: sarif.version,
}));
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-consumer-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(ROOT, path.join(dir, "node_modules", "k8slint"), "dir");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  fs.writeFileSync(path.join(dir, "main.mts"), CONSUMER);
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, outDir: "out", skipLibCheck: true, types: ["node"], typeRoots: [path.join(ROOT, "node_modules/@types")] }, files: ["main.mts"] }),
  );
  fs.mkdirSync(path.join(dir, "k8s"));
  fs.writeFileSync(path.join(dir, "k8s", "pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n      image: api\n");
  // The top of a repository: config discovery stops here instead of reading whatever is above /tmp.
  fs.mkdirSync(path.join(dir, ".git"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('import { lint } from "k8slint"', () => {
  it("type-checks in a strict consumer and runs, on strings and on paths", () => {
    const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "."], { cwd: dir, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const run = spawnSync(process.execPath, ["out/main.mjs"], { cwd: dir, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out.line).toBe(7);
    expect(out.file).toBe("<web.yaml>");
    expect(out.rules).toBeGreaterThan(10);
    expect(out.pathSeverity).toBe("error");
    expect(out.pathFile).toBe("k8s/pod.yaml");
    expect(out.sarif).toBe("2.1.0");
  });
});
