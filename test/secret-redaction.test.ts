import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { builtinRules } from "../rules/index.js";
import { credentialLines, fileObjects, redactDiff } from "../src/cli/diff-redaction.js";
import type { Finding } from "../src/engine/finding.js";
import { lint } from "../src/lint.js";

// Known secrets planted in manifests and Helm values: every one must be found, and none may appear in
// any report format, suppressed findings included. (All values are made up for this test.)

const BIN = path.join(ROOT, "bin/k8slint");
const b64 = (s: string) => Buffer.from(s).toString("base64");

interface Planted {
  file: string;
  /** The key whose line the finding must point at. */
  key: string;
  secret: string;
}

const PEM = ["-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAuT9qX2mZ7kP4vR8sL1nW6yH3cJ0dF5gA2eB7tQ9xK4mN1pV6", "wS3zY8rE2uI5oT7aG0hL4jD9fC6bM1nQ3kX8vZ5yW2pR7sT0uA4eH9iJ6gF1dK3m", "-----END RSA PRIVATE KEY-----"].join("\n");

const PLANTED: Planted[] = [
  { file: "secret.yaml", key: "DB_PASSWORD", secret: "Gz8#qL2!vR7@pX4m" },
  { file: "secret.yaml", key: "API_TOKEN", secret: "tok-9Hq2vX7mR4pL8sK1" },
  { file: "secret.yaml", key: "JUSTIFIED_PASSWORD", secret: "kind-dev-Q7w3Lp9z" },
  { file: "app.yaml", key: "value", secret: "Pw-5tY8uI1oP3aS6d" },
  { file: "app.yaml", key: "DATABASE_URL", secret: "Zx4Cv7Bn2Mq9" },
  { file: "app.yaml", key: "GITHUB_TOKEN", secret: "ghp_Z3x8Kq1Lm5Vn9Bw2Rt6Yp4Hs7Df0Gj3Ka8Uc" },
  { file: "app.yaml", key: "AWS_ACCESS_KEY_ID", secret: "AKIAQ4W7E2R9T5Y1U8I3" },
  { file: "app.yaml", key: "signing.pem", secret: PEM },
  // An env file's line without its =, made a key by a generator: the key holds the password.
  { file: "app.yaml", key: "env-file line", secret: "Mk7Lq2Wx9Pz4Rt" },
  { file: "values.yaml", key: "stripeSecretKey", secret: "sk_live_9Fq2Lx7Wm4Rt8Zp1Kv6Yc3Nb" },
  { file: "values.yaml", key: "slackToken", secret: "xoxb-4829175036-7391028465-Kq8Zt3Lm9Vx2Rw7Yp4Hn1Cs" },
  { file: "values.yaml", key: "googleApiKey", secret: "AIzaSyD4k9Lq2Xw7Mv3Rt8Zp1Ny6Bc5Hs0Jg4Ua" },
  { file: "values.yaml", key: "sessionJwt", secret: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXIifQ.c2lnbmF0dXJlLW5vdC1yZWFs" },
];
const secret = (key: string) => PLANTED.find((p) => p.key === key)!.secret;

const FILES: Record<string, string> = {
  "secret.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: app
type: Opaque
data:
  DB_PASSWORD: ${b64(secret("DB_PASSWORD"))}
stringData:
  API_TOKEN: "${secret("API_TOKEN")}"
---
apiVersion: v1
kind: Secret
metadata:
  name: dev
  annotations:
    justify.k8slint.io/committed-secret: "throwaway password of the local kind cluster"
data:
  JUSTIFIED_PASSWORD: ${b64(secret("JUSTIFIED_PASSWORD"))}
`,
  "app.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      containers:
        - name: app
          image: app:1.0
          env:
            - name: ADMIN_PASSWORD
              value: "${secret("value")}"
            - name: DATABASE_URL
              value: "postgres://app:${secret("DATABASE_URL")}@db:5432/app"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  GITHUB_TOKEN: ${secret("GITHUB_TOKEN")}
  AWS_ACCESS_KEY_ID: ${secret("AWS_ACCESS_KEY_ID")}
  signing.pem: |
${PEM.split("\n").map((l) => `    ${l}`).join("\n")}
  "DB_PASSWORD ${secret("env-file line")}": ""
`,
  // Helm values: a Chart.yaml beside them says they are deployed (other YAML is not scanned).
  "Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
  "values.yaml": `secrets:
  stripeSecretKey: "${secret("stripeSecretKey")}"
  slackToken: "${secret("slackToken")}"
  googleApiKey: "${secret("googleApiKey")}"
  sessionJwt: "${secret("sessionJwt")}"
`,
};

let dir = "";

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, "dist/k8slint.js"))) throw new Error("dist/ is not built: run `npm run build` (npm test does)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-secrets-"));
  for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function k8slint(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args, "."], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Every form in which a planted secret could leak: whole, base64, or any 8 characters past a 4-character hint. */
function leaks(output: string): string[] {
  const found: string[] = [];
  for (const p of PLANTED) {
    const forms = [p.secret, b64(p.secret), JSON.stringify(p.secret).slice(1, -1)];
    for (let i = 4; i + 8 <= p.secret.length; i += 4) forms.push(p.secret.slice(i, i + 8));
    for (const f of forms) if (output.includes(f)) found.push(`${p.key}: "${f.slice(0, 3)}…" leaked`);
  }
  return found;
}

describe("no secret value in any report", () => {
  it("every planted secret is found, at the line of its key (a block scalar's key is the line above its text)", () => {
    const run = k8slint(["--format", "json"]);
    const results = (JSON.parse(run.out.slice(0, run.out.lastIndexOf("}") + 1)) as { results: Array<{ ruleId: string; file: string; line: number }> }).results;
    for (const p of PLANTED) {
      const lines = FILES[p.file].split("\n");
      const first = p.secret.split("\n")[0];
      const at = lines.findIndex((l) => l.includes(first) || l.includes(b64(p.secret))) + 1;
      const line = p.secret.includes("\n") ? at - 1 : at;
      const hit = results.some((f) => ["committed-secret", "hardcoded-credential"].includes(f.ruleId) && f.file === p.file && f.line === line);
      expect(hit, `${p.key} in ${p.file}:${line}`).toBe(true);
    }
  });

  it("the leak check itself catches a secret, its base64 form and a fragment", () => {
    for (const p of PLANTED) {
      expect(leaks(`message ${p.secret} end`)).not.toEqual([]);
      expect(leaks(b64(p.secret))).not.toEqual([]);
      expect(leaks(`x${p.secret.slice(4, 12)}y`)).not.toEqual([]);
    }
  });

  it("--fix-dry-run: the diff's lines that hold a credential show its hint, not its value", () => {
    const run = k8slint(["--fix-dry-run"]);
    expect(run.out).toMatch(/^\+\+\+ b\/app\.yaml$/m);
    expect(run.out).toMatch(/^ .*<value of \d+ characters>$/m);
    expect(run.out).toMatch(/holding a credential .* shown with the value hidden/);
    expect(leaks(run.out)).toEqual([]);
  });

  for (const args of [["--format", "text", "--show-suppressed", "--verbose"], ["--format", "json"], ["--format", "sarif", "--sarif-include-suppressed"], ["--format", "github"], ["--format", "gitlab"], ["--format", "junit", "--show-suppressed"]]) {
    it(`${args.join(" ")}: no planted secret appears`, () => {
      const run = k8slint(args);
      expect(run.status).toBe(1);
      expect(run.out.length).toBeGreaterThan(0);
      expect(leaks(run.out)).toEqual([]);
    });
  }
});

describe("--fix-dry-run's redaction follows the rules' metadata", () => {
  const file = { file: "/tree/a.yaml", display: "a.yaml", before: "", after: "kind: Secret\nstringData:\n  token: abc123\n" };
  const finding = { ruleId: "corp-token", file: "a.yaml", line: 3 } as Finding;
  const rules = (pointsAtCredentials: boolean) => [{ ...builtinRules[0].meta, id: "corp-token", pointsAtCredentials }];

  it("a finding of a rule that points at credentials hides its lines; another rule's does not", () => {
    expect([...credentialLines(file, [finding], rules(true))]).toEqual(["  token: abc123"]);
    expect([...credentialLines(file, [finding], rules(false))]).toEqual([]);
  });

  it("a token no rule recognised (after --password in args) is hidden in the diff's lines too", () => {
    const before = "kind: Pod\nspec:\n  containers:\n    - name: app\n      args:\n        - --password\n        - Qx7vR2mK9pL4wZ8nB3cF6hJ1\n        - --api-key=Wm3kT8qZ5rN2xV7p\n      command: [sh, -c, \"chown -R 1000:1000 /data\"]\n";
    const after = before + "      securityContext: {allowPrivilegeEscalation: false}\n";
    const patch = `--- a/a.yaml\n+++ b/a.yaml\n@@ -5,5 +5,6 @@\n${before.split("\n").slice(4, 9).map((l) => ` ${l}`).join("\n")}\n+      securityContext: {allowPrivilegeEscalation: false}\n`;
    const shown = redactDiff(patch, new Set(), fileObjects({ file: "/tree/a.yaml", display: "a.yaml", before, after }));
    expect(shown.patch).not.toContain("Qx7vR2mK9pL4wZ8nB3cF6hJ1");
    expect(shown.patch).not.toContain("Wm3kT8qZ5rN2xV7p");
    expect(shown.patch).toContain("        - --password\n");
    // A command with no credential-like token is shown as written.
    expect(shown.patch).toContain('chown -R 1000:1000 /data');
    expect(shown.redacted).toBe(2);
  });

  it("a token in a command too short to be hidden whole is hidden in the diff's lines; a name is not", () => {
    const before = 'kind: Pod\nspec:\n  containers:\n    - name: migrate-v2\n      command: ["sh", "-c", "mysql -pQx7vR2mK9 migrate-v2"]\n';
    const after = before + "      securityContext: {allowPrivilegeEscalation: false}\n";
    const patch = `--- a/a.yaml\n+++ b/a.yaml\n@@ -4,2 +4,3 @@\n${before.split("\n").slice(3, 5).map((l) => ` ${l}`).join("\n")}\n+      securityContext: {allowPrivilegeEscalation: false}\n`;
    const shown = redactDiff(patch, new Set(), fileObjects({ file: "/tree/a.yaml", display: "a.yaml", before, after }));
    expect(shown.patch).toContain(' "mysql <value of 11 characters> migrate-v2"]\n');
    expect(shown.patch).toContain("    - name: migrate-v2\n");
    expect(shown.redacted).toBe(1);
  });

  it("the built-in rules that find credentials say so", () => {
    const ids = builtinRules.filter((r) => r.meta.pointsAtCredentials).map((r) => r.meta.id);
    expect(ids).toEqual(expect.arrayContaining(["hardcoded-credential", "committed-secret"]));
  });
});

describe("a key written twice that could be a credential", () => {
  it("is named by its length in the message and in the fix's description", () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  Qx7vR2mK9pL4wZ8nB3cF: a\n  Qx7vR2mK9pL4wZ8nB3cF: a\n  "pw=Wm3kT8qZ5rN2xV7p": b\n  "pw=Wm3kT8qZ5rN2xV7p": c\n  user: app\n  user: app\n';
    const found = lint({ sources: [{ name: "db.yaml", text }], fixes: true }).findings.filter((f) => f.ruleId === "duplicate-key");
    expect(found.map((f) => [f.line, f.message, f.fix?.description])).toEqual([
      [6, "key <key of 20 characters> is defined more than once in this mapping; the API server keeps only the last value", "remove the repeated <key of 20 characters> key"],
      [8, "key <key of 19 characters> is defined more than once in this mapping; the API server keeps only the last value", undefined],
      [10, "key user is defined more than once in this mapping; the API server keeps only the last value", "remove the repeated user key"],
    ]);
  });
});
