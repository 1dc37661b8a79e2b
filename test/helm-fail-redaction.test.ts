import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { testTree } from "./helpers/temp-dir.js";

// A chart's template may fail with a message it computed from a value (`fail (upper .Values.password)`):
// the helm-template finding quotes Helm's message, and must quote no form of a credential in it, while
// a message the chart's authors wrote stays whole. helm is not installed here: helm-replay.mjs prints
// what Helm printed, recorded beside each Chart.yaml. (The password is made up for this test.)

const BIN = path.join(ROOT, "bin/k8slint");
const HELM = path.join(ROOT, "test/helpers/helm-replay.mjs");
const PASSWORD = "Zq8vT3kL9pW2xR7m";
const FORMS = [PASSWORD, PASSWORD.toUpperCase(), PASSWORD.toLowerCase(), Buffer.from(PASSWORD).toString("base64"), Buffer.from(PASSWORD).toString("base64").replace(/=+$/, ""), PASSWORD.slice(0, 6), PASSWORD.slice(0, 6).toUpperCase()];

/** A chart named `name` whose templates/secret.yaml is `template`, failing as Helm printed `stderr`. */
function chart(name: string, template: string, stderr: string, helpers = ""): Record<string, string> {
  return {
    [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    [`${name}/values.yaml`]: `auth:\n  password: ${PASSWORD}\n`,
    [`${name}/templates/secret.yaml`]: template,
    ...(helpers ? { [`${name}/templates/_helpers.tpl`]: helpers } : {}),
    [`${name}/helm-stderr.txt`]: stderr,
  };
}

const SECRET = (line: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-auth\n${line}\nstringData:\n  password: {{ .Values.auth.password | quote }}\n`;

const CHARTS = {
  ...chart(
    "upper",
    SECRET(`{{- if lt (len .Values.auth.password) 20 }}{{ fail (printf "password %s is too short" (upper .Values.auth.password)) }}{{ end }}`),
    `Error: execution error at (upper/templates/secret.yaml:5:48): password ${PASSWORD.toUpperCase()} is too short\n`,
  ),
  ...chart(
    "b64",
    SECRET(`{{- fail (printf "cannot use %s as a key" (b64enc .Values.auth.password)) }}`),
    `Error: execution error at (b64/templates/secret.yaml:5:4): cannot use ${Buffer.from(PASSWORD).toString("base64")} as a key\n`,
  ),
  ...chart(
    "trunc",
    SECRET(`{{- fail (printf "password %s… is reused; %s" (trunc 6 .Values.auth.password) (printf "%s-x" .Values.auth.password)) }}`),
    `Error: execution error at (trunc/templates/secret.yaml:5:4): password ${PASSWORD.slice(0, 6)}… is reused; ${PASSWORD}-x\n`,
  ),
  ...chart(
    "required",
    SECRET(`{{- $password := required "a password is required: set auth.password" .Values.auth.password }}`),
    "Error: execution error at (required/templates/secret.yaml:5:17): a password is required: set auth.password\n",
  ),
  ...chart(
    "helper",
    SECRET(`{{- include "helper.checkPasswords" . }}`),
    "Error: execution error at (helper/templates/_helpers.tpl:2:5): auth.password2 must differ from auth.password1 (see values.schema.json#/auth)\n",
    `{{- define "helper.checkPasswords" -}}\n{{- if eq .Values.auth.password1 .Values.auth.password2 }}{{ fail "auth.password2 must differ from auth.password1 (see values.schema.json#/auth)" }}{{ end }}\n{{- end }}\n`,
  ),
};

function run(dir: string, format: string): string {
  const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", format, "--helm-bin", HELM, "."], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  return r.stdout + r.stderr;
}

describe("a failing helm template's message", () => {
  it("quotes no form of a value the template computed its message from, in text, JSON and SARIF", () => {
    const dir = testTree("k8slint-helm-fail-", CHARTS);
    const json = JSON.parse(run(dir, "json")) as { results: Array<{ ruleId: string; file: string; line: number; message: string }> };
    const failures = json.results.filter((f) => f.ruleId === "helm-template").map((f) => [f.file, f.line, f.message]);
    expect(failures).toEqual([
      ["b64/templates/secret.yaml", 5, "helm template failed: execution error at (b64/templates/secret.yaml:5:4): cannot use <value of 22 characters>== as a key"],
      ["helper/templates/_helpers.tpl", 2, "helm template failed: execution error at (helper/templates/_helpers.tpl:2:5): auth.password2 must differ from auth.password1 (see values.schema.json#/auth)"],
      ["required/templates/secret.yaml", 5, "helm template failed: execution error at (required/templates/secret.yaml:5:17): a password is required: set auth.password"],
      ["trunc/templates/secret.yaml", 5, "helm template failed: execution error at (trunc/templates/secret.yaml:5:4): password <value of 6 characters>… is reused; <value of 18 characters>"],
      ["upper/templates/secret.yaml", 5, "helm template failed: execution error at (upper/templates/secret.yaml:5:48): password <value of 16 characters> is too short"],
    ]);
    for (const format of ["text", "json", "sarif"]) {
      const out = run(dir, format);
      for (const form of FORMS) expect(out, `${format}: ${form}`).not.toContain(form);
    }
  });
});
