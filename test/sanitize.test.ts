import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visible, visibleLine, wellFormedJson } from "../src/report/sanitize.js";
import { withoutObjectValues } from "../src/engine/message-values.js";
import type { Resource } from "../src/model/resource.js";
import { ROOT } from "./helpers/fixtures.js";

const BIN = path.join(ROOT, "bin/k8slint");

describe("sanitize: input-derived strings in human-readable reports", () => {
  it("shows control characters, DEL, C1 and bidirectional overrides as escapes", () => {
    expect(visible("p\n::error::x")).toBe("p\\n::error::x");
    expect(visible("c\r\u001b]0;pwned\u0007\u001b[2J")).toBe("c\\r\\e]0;pwned\\x07\\e[2J");
    expect(visible("a\u007fb\u009bc\u202ed\u2066")).toBe("a\\x7fb\\x9bc\\u202ed\\u2066");
    expect(visible("plain näme ✓")).toBe("plain näme ✓");
  });

  it("a line that would start a CI log command is indented", () => {
    expect(visibleLine("::error file=x::y.yaml")).toBe(" ::error file=x::y.yaml");
    expect(visibleLine("##[error]x")).toBe(" ##[error]x");
    expect(visibleLine("dir/a::b.yaml")).toBe("dir/a::b.yaml");
  });
});

describe("engine: a message never repeats a value of its object's free text", () => {
  const resource = (object: Record<string, unknown>) => ({ object }) as unknown as Resource;
  const target = (object: Record<string, unknown>) => ({ resource: resource(object), path: [] });

  it("a value quoted from a field that is not a name is replaced by a hint, quotes and all", () => {
    const obj = { metadata: { name: "web-1", annotations: { note: "Gq7vN2kX9mPz4RtW8sLc" } }, spec: { containers: [{ name: "app", imagePullPolicy: "Yb3nM8qV1cX" }] } };
    expect(withoutObjectValues('annotation note "Gq7vN2kX9mPz4RtW8sLc" is odd', target(obj))).toBe("annotation note <value of 20 characters> is odd");
    expect(withoutObjectValues("policy Yb3nM8qV1cX is unknown", target(obj))).toBe("policy <value of 11 characters> is unknown");
  });

  it("a key that could be a credential is hidden where a message prints it in a path", () => {
    const obj = { kind: "Secret", stringData: { Qx7vR2mK9pL4wZ8nB3cF: 5, "user:Wm3kT8qZ5rN2xV7p": "x" } };
    expect(withoutObjectValues("stringData.Qx7vR2mK9pL4wZ8nB3cF must be a string, not an integer", target(obj))).toBe("stringData.<value of 20 characters> must be a string, not an integer");
    expect(withoutObjectValues("stringData.Qx7vR2mK9pL4wZ8nB3cF.x is unknown", target(obj))).toBe("stringData.<value of 20 characters>.x is unknown");
    expect(withoutObjectValues("stringData.user:Wm3kT8qZ5rN2xV7p is odd", target(obj))).toBe("stringData.user:<value of 16 characters> is odd");
  });

  it("names, images, labels and words are kept; so is a value inside a longer name", () => {
    const obj = {
      metadata: { name: "api-v2-server", labels: { app: "api-v2-server", tier: "backend2x" } },
      spec: { containers: [{ name: "c", image: "registry.example.com/api:1.2.3", env: [{ name: "MODE", value: "api-v2" }, { name: "X", value: "browser-pool" }] }] },
    };
    const msg = 'container "c" of api-v2-server (tier backend2x) uses image "registry.example.com/api:1.2.3"; browser-pool';
    expect(withoutObjectValues(msg, target(obj))).toBe(msg);
  });
});

describe.skipIf(process.platform === "win32")("output injection (CLI)", () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-inject-"));
    const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, securityContext: {privileged: true}}]}\n";
    fs.writeFileSync(path.join(dir, "x\n::error file=evil.yaml,line=1::injected-by-filename.yaml"), pod);
    fs.writeFileSync(path.join(dir, "\u001b]0;pwned\u0007\u001b[2J.yaml"), pod);
    fs.writeFileSync(
      path.join(dir, "inject.yaml"),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p\\n::error file=evil.yaml,line=1::injected-by-name"\nspec:\n  containers:\n  - name: "c\\r\\n::warning::injected-by-container\\u001b]0;pwned\\u0007\\u001b[2J"\n    image: "nginx\\n::notice::injected-by-image"\n    securityContext: {privileged: true}\n',
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const format of ["text", "github"]) {
    it(`${format}: names and file names with newlines and escapes print visibly and forge no command`, () => {
      const r = spawnSync(process.execPath, [BIN, ".", "-f", format, "--no-color"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(1);
      const out = r.stdout + r.stderr;
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      // Every workflow command in the output is one of ours, on a finding.
      for (const line of out.split("\n")) if (line.startsWith("::")) expect(line).toMatch(/^::(error|warning|notice) (file=|title=k8slint::)/);
      expect(out.split("\n").filter((l) => /^::(error|warning|notice) file=evil/.test(l))).toEqual([]);
      expect(out).toContain("p\\n::error file=evil.yaml");
      expect(out).toContain("\\e]0;pwned\\x07\\e[2J");
    });
  }

  it("json keeps the names exact, with JSON escapes", () => {
    const r = spawnSync(process.execPath, [BIN, ".", "-f", "json"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(r.stdout).not.toMatch(/[\u0000-\u001f\u007f](?<!\n)/);
    const names = (JSON.parse(r.stdout) as { results: Array<{ resource: { name: string } | null }> }).results.map((f) => f.resource?.name);
    expect(names).toContain("p\n::error file=evil.yaml,line=1::injected-by-name");
  });
});

describe("wellFormedJson", () => {
  it("makes each lone surrogate U+FFFD, and leaves pairs and escaped backslashes as they are", () => {
    const text = JSON.stringify({ lone: "bad\ud800name", low: "x\udc00", pair: "😀", slash: "\\ud800 is text" });
    const out = wellFormedJson(text);
    expect(JSON.parse(out)).toEqual({ lone: "bad\ufffdname", low: "x\ufffd", pair: "😀", slash: "\\ud800 is text" });
  });
});
