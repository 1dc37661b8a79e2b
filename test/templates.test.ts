import path from "node:path";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { parseSource, isTemplate } from "../src/load/parse.js";
import { SHARED } from "./helpers/fixtures.js";

// A file is a template only where `{{` stands where YAML structure goes, or names Helm's objects in
// template syntax; placeholders inside string values (alert templates) leave it a manifest.

const template = (text: string) => isTemplate(text, parseSource({ path: "/t.yaml", display: "t.yaml", text }));
const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;

describe("which files are templates", () => {
  it("placeholders inside plain, quoted and block string values are text: the file is a manifest", () => {
    expect(template(cm("  description: Pod {{ $labels.namespace }}/{{ $labels.pod }} is down.\n"))).toBe(false);
    expect(template(cm("  summary: '{{ $value | humanizePercentage }} of instances'\n"))).toBe(false);
    expect(template(cm('  summary: "{{ $labels.job }} down"\n'))).toBe(false);
    expect(template(cm("  tmpl: |\n    {{ define \"x\" }}{{ .Values.y }}{{ end }}\n"))).toBe(false);
    expect(template(cm("  # {{ .Values.commented }}\n  a: b\n"))).toBe(false);
  });

  it("placeholders where structure goes, or naming Helm's objects, make a template", () => {
    expect(template(cm("  name: {{ .Values.name }}\n"))).toBe(true);
    expect(template(cm("  image: repo:{{ .Values.tag }}\n"))).toBe(true);
    expect(template(cm('  name: "{{ .Release.Name }}-web"\n'))).toBe(true);
    expect(template(cm('  name: "{{ include "x" . }}"\n'))).toBe(true);
    expect(template(`{{- if .Values.enabled }}\n${cm("  a: b\n")}{{- end }}\n`)).toBe(true);
    expect(template(cm("  summary: {{ $labels.instance }}\n"))).toBe(true);
  });

  it("a long line of braces inside a string is one pass", () => {
    expect(template(cm(`  t: "${"{{".repeat(100_000)}"\n`))).toBe(false);
    expect(template(cm(`  t: ${"x {{".repeat(50_000)}\n`))).toBe(false);
  });

  const kubePrometheus = path.join(SHARED, "corpus-public/kube-prometheus/manifests");
  it.skipIf(!fs.existsSync(kubePrometheus))("kube-prometheus: the PrometheusRule files with alert templates are linted, none skipped", () => {
    const r = lint({ paths: [kubePrometheus], cwd: kubePrometheus });
    expect(r.summary.skipped).toEqual([]);
    const rules = fs.readdirSync(kubePrometheus).filter((f) => f.endsWith("-prometheusRule.yaml"));
    expect(rules.length).toBeGreaterThanOrEqual(6);
    // Every PrometheusRule object is in the run (one per file): counted as resources.
    expect(r.summary.resources).toBeGreaterThanOrEqual(rules.length);
    expect(r.findings.filter((f) => f.ruleId === "yaml-syntax" && /prometheusRule/.test(f.file))).toEqual([]);
  });
});
