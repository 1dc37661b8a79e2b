import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { CORPUS, hasCorpus } from "./helpers/fixtures.js";
import { parseAllDocuments } from "yaml";
import { isPlaceholderValue } from "../src/model/placeholder-value.js";
import { findCredential } from "../src/model/credentials.js";

function* strings(v: unknown): Generator<string> {
  if (typeof v === "string") yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === "object") for (const x of Object.values(v)) yield* strings(x);
}

// The privilege and secret rules on the five seed systems' real manifests: each finding at the field it
// names, placeholders as info, and no value of any Secret in any message.

const MINE = ["privileged-container", "host-namespaces", "host-path-volume", "dangerous-capabilities", "host-port", "committed-secret", "hardcoded-credential", "unused-justification"];

if (!hasCorpus()) console.warn(`SKIPPED: privilege and secret rules on ../shared/corpus: ${CORPUS} not found (a fresh clone without ../shared)`);

describe.skipIf(!hasCorpus())("privilege and secret rules on ../shared/corpus", () => {
  const results = new Map<string, LintResult>();
  const run = (system: string) => {
    let r = results.get(system);
    if (!r) results.set(system, (r = lint({ paths: [path.join(CORPUS, system)], cwd: CORPUS })));
    return r;
  };
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];
  const lineOf = (file: string, line: number) => fs.readFileSync(path.join(CORPUS, file), "utf8").split("\n")[line - 1] ?? "";

  for (const system of systems) {
    it(`${system}: every finding points at the field it names`, () => {
      const r = run(system);
      expect(r.notices.filter((n) => n.includes("failed"))).toEqual([]);
      for (const f of r.findings.filter((x) => MINE.includes(x.ruleId))) {
        const text = lineOf(f.file, f.line);
        const where = `${f.file}:${f.line} ${f.ruleId}: ${text.trim()}`;
        const field = /\((host(?:PID|IPC|Network)): true\)/.exec(f.message)?.[1];
        if (field) expect(text, where).toMatch(new RegExp(`${field}:\\s*true`));
        if (f.ruleId === "privileged-container") expect(text, where).toMatch(/privileged:\s*true/);
        if (f.ruleId === "host-path-volume") expect(text, where).toContain(`path: ${/the node's (\S+?)(?: \(sensitive\))?:/.exec(f.message)?.[1]}`);
        if (f.ruleId === "dangerous-capabilities") expect(text.slice(f.column - 1), where).toMatch(new RegExp(`^["']?(CAP_)?${/capability (\w+)/.exec(f.message)?.[1]}`, "i"));
        const key = /(?:Secret key|key) "([^"]+)"/.exec(f.message)?.[1];
        if (key && f.severity === "error") expect(text.trimStart().startsWith(`${key}:`), where).toBe(true);
      }
    });

    it(`${system}: no Secret value (decoded) and no detected credential appears in any rule's message`, () => {
      const r = run(system);
      const secrets = new Set<string>();
      const files = new Set([...r.findings.map((f) => f.file)].filter((f) => !f.startsWith("<") && fs.existsSync(path.join(CORPUS, f))));
      for (const file of files) {
        for (const doc of parseAllDocuments(fs.readFileSync(path.join(CORPUS, file), "utf8"))) {
          const value = doc.toJS() as Record<string, unknown> | null;
          if (!value || typeof value !== "object") continue;
          if (value.kind === "Secret") {
            for (const field of ["data", "stringData"]) {
              for (const v of Object.values((value[field] as Record<string, unknown>) ?? {})) {
                if (typeof v !== "string") continue;
                const plain = field === "data" ? Buffer.from(v, "base64").toString("utf8") : v;
                for (const s of [v, plain]) if (s.length >= 8 && !isPlaceholderValue(s)) secrets.add(s);
              }
            }
          }
          for (const s of strings(value)) {
            const found = findCredential(s);
            if (found) secrets.add(found.secret);
          }
        }
      }
      for (const f of r.findings) for (const v of secrets) expect(f.message.includes(v), `${f.ruleId} prints a value of ${v.length} chars`).toBe(false);
    });
  }

  it("template Secrets (REPLACE_ME, CHANGE_ME, empty, filler PEM) are info, never errors", () => {
    for (const [system, file] of [
      ["tarka", "tarka/deploy/manifests/secret.yaml"],
      ["caracal", "caracal/k8s/v03/secret.yaml"],
      ["santaclaude", "santaclaude/services/k8s/ai-service/deployment.yaml"],
    ]) {
      const found = run(system).findings.filter((f) => f.ruleId === "committed-secret" && f.file === file);
      expect(found.length, file).toBeGreaterThan(0);
      expect(found.map((f) => f.severity), file).toEqual(found.map(() => "info"));
    }
  });

  it("a real key in CONTINUUM's staging values is an error at its key, with only a redacted hint", () => {
    const file = "continuum/deploy/helm/continuum/values-staging.yaml";
    const lines = fs.readFileSync(path.join(CORPUS, file), "utf8").split("\n");
    const line = lines.findIndex((l) => /^\s*stripeSecretKey:/.test(l)) + 1;
    const f = run("continuum").findings.find((x) => x.ruleId === "hardcoded-credential" && x.file === file && x.line === line);
    expect(f?.severity).toBe("error");
    expect(f?.message).toMatch(/Stripe secret key \w{4}…\(\d+ chars\)/);
  });

  it("Ritma's tracer: its privileges are errors until justified", () => {
    const tracer = run("ritma-2025-12").findings.filter((f) => f.file === "ritma-2025-12/k8s/tracer-daemonset.yaml" && f.severity === "error" && !f.suppressed);
    for (const id of ["host-namespaces", "privileged-container", "host-path-volume"]) expect(tracer.some((f) => f.ruleId === id), id).toBe(true);
  });
});
