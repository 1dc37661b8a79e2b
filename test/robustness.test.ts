import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { ROOT } from "./helpers/fixtures.js";
import { pod } from "./helpers/manifests.js";

// Hostile and broken inputs: each gives a clear finding or message, never a crash, a hang or a stack
// trace, and every other file is still linted. A good Pod sits next to each bad input to prove it.

const BIN = path.join(ROOT, "bin/k8slint");

const goodPod = (name: string) => pod(name, `${name}:latest`);

/** A billion laughs: nine levels of nine aliases each, 9^9 strings if expanded. */
function aliasBomb(): string {
  let data = '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 10; i++) data += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n${data}`;
}

/** Line of the bomb's first alias: where the expansion starts, and where the finding points. */
const BOMB_LINE = aliasBomb().split("\n").findIndex((l) => l.includes("*a0")) + 1;

const byRule = (r: LintResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId);
/** Files in which the good pods were linted (image-tag fires on their :latest). */
const lintedGood = (r: LintResult) => [...new Set(byRule(r, "image-tag").map((f) => path.basename(f.file)))].sort();

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-robust-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function dirWith(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}

describe("robustness (library)", () => {
  it("an alias bomb is a yaml-syntax finding, with bounded memory; the other files are linted", () => {
    const dir = dirWith("bomb", { "bomb.yaml": aliasBomb(), "good.yaml": goodPod("good") });
    lint({ sources: [{ name: "warm-up.yaml", text: goodPod("warm") }] }); // rules and schemas load once, first
    const heapBefore = process.memoryUsage().heapUsed;
    const r = lint({ paths: [dir], cwd: dir });
    // Expanded, the bomb is hundreds of millions of strings: gigabytes. Refused, it costs next to nothing.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
    const bomb = byRule(r, "yaml-syntax");
    expect(bomb.map((f) => `${f.file}:${f.line}`)).toEqual([`bomb.yaml:${BOMB_LINE}`]);
    expect(bomb[0].message).toMatch(/alias/);
    expect(lintedGood(r)).toEqual(["good.yaml"]);
  });

  it("a long List whose items all merge one anchor is not mistaken for a bomb", () => {
    const items = Array.from({ length: 150 }, (_, i) => `  - <<: *cm\n    metadata: {name: cm-${i}}`).join("\n");
    const text = `apiVersion: v1\nkind: List\nitems:\n  - &cm\n    apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: base}\n${items}\n`;
    const r = lint({ sources: [{ name: "list.yaml", text }] });
    expect(byRule(r, "yaml-syntax")).toEqual([]);
    expect(r.summary.resources).toBe(151);
  });

  it("an alias inside its own anchor (a value that contains itself) is a yaml-syntax finding, not an endless walk", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: loop\n  labels: *m\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata: &d\n  a: x\n";
    const r = lint({ sources: [{ name: "cycle.yaml", text }] });
    expect(byRule(r, "yaml-syntax").map((f) => `${f.line}:${f.column}`)).toEqual(["5:11"]);
    // The second document is linted as usual; the anchor with no alias inside it is harmless.
    expect(r.summary.resources).toBe(1);
  });

  it("an alias no anchor defines (a password that starts with *) is said at it, without its name, and is no bomb", () => {
    const text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: app\n  password: *Qx7vR2mK9pL4\n---\n" + goodPod("good");
    const r = lint({ sources: [{ name: "alias.yaml", text }] });
    expect(byRule(r, "yaml-syntax").map((f) => [f.line, f.column, f.message])).toEqual([
      [7, 13, "an alias (*…) names no anchor defined before it: a value that starts with * needs quotes; the document was not linted"],
    ]);
    expect(lintedGood(r)).toEqual(["<alias.yaml>"]);
  });

  it("an invalid escape in a quoted password is said without the characters after it", () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: "\\uQx7vR2mK9"\n  token: "\\xWm3kT8"\n';
    const r = lint({ sources: [{ name: "escape.yaml", text }] });
    expect(byRule(r, "yaml-syntax").map((f) => [f.line, f.message])).toEqual([[6, "Invalid escape sequence \\u"]]);
  });

  it("an ordinary document with a few aliases is not mistaken for a bomb", () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
${Array.from({ length: 20 }, (_, i) => `    - name: c${i}\n      image: app:1.0\n      securityContext: ${i === 0 ? "&sc " : "*sc"}${i === 0 ? "\n        runAsNonRoot: true" : ""}`).join("\n")}
`;
    const r = lint({ sources: [{ name: "aliases.yaml", text }] });
    expect(byRule(r, "yaml-syntax")).toEqual([]);
    expect(byRule(r, "run-as-non-root")).toEqual([]);
  });

  it("a 50 MB file is above the default 20 MiB limit: one unreadable-file finding, read no further; the rest is linted", () => {
    const big = path.join(tmp, "big");
    fs.mkdirSync(big, { recursive: true });
    // Generated, realistic content: 50 MB of ConfigMaps.
    const chunk = Array.from({ length: 200 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: "${"x".repeat(200)}"\n---\n`).join("");
    const fd = fs.openSync(path.join(big, "huge.yaml"), "w");
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    fs.writeFileSync(path.join(big, "small.yaml"), goodPod("small"));
    const r = lint({ paths: [big], cwd: big });
    const unreadable = byRule(r, "unreadable-file");
    expect(unreadable.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(["huge.yaml:1:1"]);
    expect(unreadable[0].message).toMatch(/MiB, above the 20\.0 MiB limit \(--max-file-size\)/);
    expect(unreadable[0].severity).toBe("error");
    expect(lintedGood(r)).toEqual(["small.yaml"]);
    expect(r.summary.resources).toBe(1);
  });

  it("a smaller --max-file-size limit applies to every file above it, and only to those", () => {
    const dir = dirWith("limit", { "a-big.yaml": goodPod("big") + "---\n" + goodPod("bigger"), "b-small.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n" });
    const limit = fs.statSync(path.join(dir, "a-big.yaml")).size - 1;
    const r = lint({ paths: [dir], cwd: dir, maxFileBytes: limit });
    expect(byRule(r, "unreadable-file").map((f) => f.file)).toEqual(["a-big.yaml"]);
    expect(r.summary.resources).toBe(1);
    const atLimit = lint({ paths: [dir], cwd: dir, maxFileBytes: limit + 1 });
    expect(byRule(atLimit, "unreadable-file")).toEqual([]);
    expect(atLimit.summary.resources).toBe(3);
  });

  it("a binary file named .yaml is an unreadable-file finding at 1:1; the rest is linted", () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(64, 7)]);
    const dir = dirWith("binary", { "logo.yaml": png, "good.yaml": goodPod("good") });
    const r = lint({ paths: [dir], cwd: dir });
    const f = byRule(r, "unreadable-file");
    expect(f.map((x) => `${x.file}:${x.line}:${x.column}`)).toEqual(["logo.yaml:1:1"]);
    expect(f[0].message).toMatch(/binary/);
    expect(lintedGood(r)).toEqual(["good.yaml"]);
  });

  it("symbolic link loops end the walk; a file reached twice through links is linted once", () => {
    const dir = dirWith("loop", { "real/pod.yaml": goodPod("pod") });
    fs.symlinkSync(".", path.join(dir, "real/self"));
    fs.symlinkSync("..", path.join(dir, "real/parent"));
    fs.symlinkSync("pod.yaml", path.join(dir, "real/alias.yaml"));
    fs.symlinkSync("b.yaml", path.join(dir, "a.yaml"));
    fs.symlinkSync("a.yaml", path.join(dir, "b.yaml"));
    fs.symlinkSync("missing.yaml", path.join(dir, "dangling.yaml"));
    const r = lint({ paths: [dir], cwd: dir });
    expect(byRule(r, "image-tag")).toHaveLength(1);
    expect(r.summary.files).toBe(1);
    expect(r.problems).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === "unreadable-file")).toEqual([]);
  });

  // Tests run as root in CI, where chmod 000 does not stop a read. /proc/self/mem is a regular file
  // whose read at offset 0 fails with EIO for any user, so a link to it is a file that cannot be read.
  it.skipIf(process.platform !== "linux")("a file that cannot be read (EIO) is an unreadable-file finding; the rest is linted", () => {
    const dir = dirWith("eio", { "good.yaml": goodPod("good") });
    fs.symlinkSync("/proc/self/mem", path.join(dir, "mem.yaml"));
    const r = lint({ paths: [dir], cwd: dir });
    const f = byRule(r, "unreadable-file");
    expect(f.map((x) => `${path.basename(x.file)}:${x.line}`)).toEqual(["mem.yaml:1"]);
    expect(f[0].message).toMatch(/^cannot read file: /);
    expect(lintedGood(r)).toEqual(["good.yaml"]);
  });

  it.skipIf(process.platform === "win32" || process.getuid?.() === 0)("a file without read permission (non-root runs only) is an unreadable-file finding", () => {
    const dir = dirWith("eacces", { "secret.yaml": goodPod("secret"), "good.yaml": goodPod("good") });
    fs.chmodSync(path.join(dir, "secret.yaml"), 0o000);
    const r = lint({ paths: [dir], cwd: dir });
    expect(byRule(r, "unreadable-file").map((f) => `${f.file}: ${f.message}`)).toEqual(["secret.yaml: cannot read file: permission denied"]);
    expect(lintedGood(r)).toEqual(["good.yaml"]);
  });

  it.skipIf(process.platform !== "linux")("a device named on the command line is refused, not read: /dev/zero does not hang", () => {
    const r = lint({ paths: ["/dev/zero"], cwd: tmp, maxFileBytes: 1024 * 1024 });
    expect(byRule(r, "unreadable-file").map((f) => f.message)).toEqual(["cannot read file: it is a character device, not a regular file (pipe it to k8slint - instead)"]);
    expect(r.problems.map((p) => p.kind)).toEqual(["unreadable"]);
  });

  it("a nonexistent path is a problem (the CLI exits 2), and the other paths are still linted", () => {
    const dir = dirWith("exists", { "good.yaml": goodPod("good") });
    const r = lint({ paths: [dir, path.join(tmp, "no-such-dir")], cwd: tmp });
    expect(r.problems).toEqual([{ path: "no-such-dir", message: "no such file or directory", kind: "missing" }]);
    expect(lintedGood(r)).toEqual(["good.yaml"]);
  });

  it("a directory with no manifests lints nothing and is not an error", () => {
    const dir = dirWith("docs-only", { "README.md": "# docs\n", "notes.txt": goodPod("txt") });
    const r = lint({ paths: [dir], cwd: dir });
    expect(r.findings).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.summary.files).toBe(0);
  });

  it("absurdly deep nesting is a yaml-syntax finding, not a stack overflow", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${"[".repeat(5000)}${"]".repeat(5000)}\n---\n${goodPod("after")}`;
    const r = lint({ sources: [{ name: "deep.yaml", text }] });
    expect(byRule(r, "yaml-syntax").map((f) => f.message)).toEqual(["the document nests more than 500 levels deep; it was not linted"]);
    expect(byRule(r, "image-tag")).toHaveLength(1);
  });

  it("a file of many broken documents: one finding each, every one at its own unclosed quote", () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "cm-${i}\n`;
    const text = Array.from({ length: 500 }, (_, i) => doc(i)).join("---\n");
    const r = lint({ sources: [{ name: "broken.yaml", text }] });
    const lines = byRule(r, "yaml-syntax").map((f) => f.line);
    expect(lines).toEqual(Array.from({ length: 500 }, (_, i) => 4 + i * 5));
  });

  it("odd but valid inputs: very long lines, NUL-free control characters, a document of only a scalar", () => {
    const r = lint({
      sources: [
        { name: "long.yaml", text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: "${"a".repeat(2_000_000)}"\n` },
        { name: "scalar.yaml", text: "just a string\n---\n42\n---\n- a\n- b\n" },
        { name: "ctrl.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ctrl\ndata:\n  bell: \"\\a\\x07\"\n" },
      ],
    });
    // The 2 MB line is read and linted: its one finding is that the API server takes at most 1 MiB.
    expect(r.findings.map((f) => [f.file, f.line, f.ruleId, f.message])).toEqual([
      ["<long.yaml>", 5, "api-validation", "holds 1.91 MiB of data, above the 1 MiB a ConfigMap may hold: the API server refuses it"],
    ]);
    expect(r.summary.resources).toBe(2);
  });
});

describe("robustness (the real CLI)", () => {
  const built = fs.existsSync(path.join(ROOT, "dist/k8slint.js"));
  if (!built) console.warn("robustness CLI tests skipped: dist/ is not built (run `npm run build`)");

  function k8slint(args: string[]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: "utf8", timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it.skipIf(!built)("every hostile input in one directory: findings for each, the good file linted, no stack trace", () => {
    const dir = dirWith("cli-all", {
      "bomb.yaml": aliasBomb(),
      "binary.yaml": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]),
      "big.yaml": `# ${"padding ".repeat(400)}\n${goodPod("big")}`,
      "good.yaml": goodPod("good"),
    });
    fs.symlinkSync(".", path.join(dir, "loop"));
    if (process.platform === "linux") fs.symlinkSync("/proc/self/mem", path.join(dir, "mem.yaml"));
    // 0.002 MiB (about 2 KB): big.yaml is above it, the others below.
    const run = k8slint(["--format", "json", "--max-file-size", "0.002", "cli-all"]);
    // A file that cannot be read at all is an input error (exit 2, one line on stderr); binary and
    // oversized files are findings only (exit 1).
    if (process.platform === "linux") {
      expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^k8slint: cli-all\/mem\.yaml: cannot read file: /)]);
      expect(run.status).toBe(2);
    } else {
      expect(run.stderr).toBe("");
      expect(run.status).toBe(1);
    }
    const report = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; file: string; line: number; message: string }> };
    const got = report.results.filter((f) => f.ruleId === "unreadable-file" || f.ruleId === "yaml-syntax").map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    const expected = ["unreadable-file cli-all/big.yaml:1", "unreadable-file cli-all/binary.yaml:1", `yaml-syntax cli-all/bomb.yaml:${BOMB_LINE}`];
    if (process.platform === "linux") expected.push("unreadable-file cli-all/mem.yaml:1");
    expect(got.sort()).toEqual(expected.sort());
    expect(report.results.filter((f) => f.ruleId === "image-tag").map((f) => f.file)).toEqual(["cli-all/good.yaml"]);
  });

  // A shell pipe can hand k8slint a non-blocking stdin, on which a plain readFileSync(0) fails with EAGAIN.
  it.skipIf(!built || process.platform === "win32")("piped standard input: large, endless or binary, a finding each and never an internal error", () => {
    const sh = (cmd: string) => spawnSync("sh", ["-c", cmd], { cwd: tmp, encoding: "utf8", timeout: 120_000 });
    const bin = JSON.stringify(BIN);
    const node = JSON.stringify(process.execPath);
    const cases: Array<[string, RegExp]> = [
      [`head -c 3000000 /dev/zero | tr '\\0' a | ${node} ${bin} -f json --max-file-size 1 -`, /input is above the 1\.0 MiB limit/],
      [`yes | ${node} ${bin} -f json --max-file-size 0.5 -`, /input is above the 512\.0 KiB limit/],
      [`printf 'apiVersion: v1\\nkind: Pod\\000' | ${node} ${bin} -f json -`, /binary/],
    ];
    for (const [cmd, message] of cases) {
      const run = sh(cmd);
      expect(run.stderr, cmd).toBe("");
      const report = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; file: string; line: number; message: string }> };
      expect(report.results.map((f) => `${f.ruleId} ${f.file}:${f.line}`), cmd).toEqual(["unreadable-file <stdin>:1"]);
      expect(report.results[0].message, cmd).toMatch(message);
      expect(run.status, cmd).toBe(1);
    }
  });

  it.skipIf(!built)("a nonexistent path among real ones: exit 2, one line on stderr naming it, the report still written", () => {
    dirWith("cli-real", { "good.yaml": goodPod("good") });
    const run = k8slint(["--format", "json", "cli-real", "cli-missing"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toEqual(["k8slint: cli-missing: no such file or directory"]);
    const report = JSON.parse(run.stdout) as { results: Array<{ ruleId: string; file: string }> };
    expect(report.results.filter((f) => f.ruleId === "image-tag").map((f) => f.file)).toEqual(["cli-real/good.yaml"]);
  });
});
