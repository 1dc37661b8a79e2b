import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parseSource } from "../src/load/parse.js";
import { collectSources } from "../src/model/model.js";
import { discover } from "../src/load/discover.js";
import { lint, type LintResult } from "../src/lint.js";
import { where } from "./helpers/text-position.js";
import { pod } from "./helpers/manifests.js";

// Parsing as kubectl does (YAML 1.1), once per file, with every finding at the place it is written.

function values(text: string): unknown[] {
  return parseSource({ path: "/x/m.yaml", display: "m.yaml", text }).documents.map((d) => d.value);
}

function lintText(text: string, name = "m.yaml"): LintResult {
  return lint({ sources: [{ name, text }] });
}

const positions = (r: LintResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.line}:${f.column}`);


describe("YAML 1.1 semantics, as kubectl decodes", () => {
  it("yes/no/on/off are booleans, 0644 is octal, timestamps and base-60 numbers stay strings", () => {
    const [v] = values(`a: yes
b: no
c: on
d: off
e: Yes
mode: 0644
date: 2024-01-01
time: 2001-12-14t21:59:43.10-05:00
sexagesimal: 1:20
quoted: "yes"
`);
    expect(v).toEqual({
      a: true,
      b: false,
      c: true,
      d: false,
      e: true,
      mode: 0o644,
      date: "2024-01-01",
      time: "2001-12-14t21:59:43.10-05:00",
      sexagesimal: "1:20",
      quoted: "yes",
    });
  });

  it("a security setting written as yes/off takes effect", () => {
    const text = pod("a", "a:1.0").replace(
      "      image: a:1.0\n",
      `      image: a:1.0
      securityContext:
        readOnlyRootFilesystem: yes
        allowPrivilegeEscalation: off
        runAsNonRoot: on
`,
    );
    const r = lintText(text);
    expect(positions(r, "read-only-root-filesystem")).toEqual([]);
    expect(positions(r, "allow-privilege-escalation")).toEqual([]);
    expect(positions(r, "run-as-non-root")).toEqual([]);
  });

  it("<< merge keys merge, explicit keys win, earlier sources win over later ones", () => {
    const [v] = values(`base: &base {a: 1, b: 1}
other: &other {b: 2, c: 2}
merged:
  <<: [*base, *other]
  a: 3
`);
    expect((v as Record<string, unknown>).merged).toEqual({ a: 3, b: 1, c: 2 });
  });
});

describe("documents and files", () => {
  it("empty and comment-only files and documents give nothing and no error", () => {
    for (const text of ["", "\n\n", "# only a comment\n", "---\n---\n", "# a\n---\n# b\n...\n"]) {
      const r = lintText(text);
      expect(r.findings, JSON.stringify(text)).toEqual([]);
      expect(r.summary.resources).toBe(0);
      expect(r.summary.skipped).toEqual([]);
    }
  });

  it("non-Kubernetes YAML is skipped silently: kustomization.yaml, Helm values, CI configs", () => {
    const r = lint({
      sources: [
        { name: "kustomization.yaml", text: "resources:\n  - deployment.yaml\nimages:\n  - name: app\n    newTag: latest\n" },
        { name: "values.yaml", text: "image:\n  repository: app\n  tag: latest\nsecurityContext: {}\n" },
        { name: ".gitlab-ci.yml", text: "stages: [build]\nbuild:\n  image: docker:latest\n  script: [make]\n" },
        { name: "half.yaml", text: "kind: Deployment\nspec: {}\n" },
      ],
    });
    expect(r.findings).toEqual([]);
    expect(r.summary.resources).toBe(0);
    expect(r.summary.files).toBe(4);
    expect(r.summary.skipped).toEqual([]);
  });

  it("kind: List and typed lists: items become resources", () => {
    const text = `apiVersion: v1
kind: List
items:
  - ${pod("a", "a:latest").trimEnd().replace(/\n/g, "\n    ")}
---
apiVersion: apps/v1
kind: DeploymentList
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: d
    spec:
      template:
        spec:
          containers:
            - name: d
              image: d:latest
`;
    const r = lintText(text);
    expect(r.summary.resources).toBe(2);
    expect(positions(r, "image-tag")).toEqual([where(text, "image: a:latest"), where(text, "image: d:latest")]);
    expect(r.findings.find((f) => f.ruleId === "image-tag")?.resource).toMatchObject({ kind: "Pod", name: "a" });
  });

  it("JSON manifests are linted with positions in the JSON text", () => {
    const text = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "p"},
  "spec": {"containers": [{"name": "a", "image": "a:latest"}]}
}
`;
    expect(positions(lintText(text, "pod.json"), "image-tag")).toEqual([where(text, `"image"`)]);
  });

  it("a byte-order mark does not shift columns on the first line", () => {
    const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a"}]}}\n`;
    expect(positions(lintText(`\ufeff${json}`, "pod.json"), "image-tag")).toEqual([where(json, `"image"`)]);
  });

  it("CRLF files give the same positions as LF files", () => {
    const lf = pod("a", "a:latest");
    expect(positions(lintText(lf.replace(/\n/g, "\r\n")), "image-tag")).toEqual([where(lf, "image: a:latest")]);
  });
});

describe("yaml-syntax", () => {
  it("an error in the middle of a multi-document file: the other documents are still linted", () => {
    const broken = `apiVersion: v1
kind: Pod
metadata:
  name: [b
spec: {}
`;
    const text = `${pod("a", "a:latest")}---\n${broken}---\n${pod("c", "c:latest")}`;
    const r = lintText(text);
    // Pointed at the bracket that is never closed, not at the line where the parser gave up.
    expect(positions(r, "yaml-syntax")).toEqual([where(text, "[b")]);
    expect(positions(r, "image-tag")).toEqual([where(text, "image: a:latest"), where(text, "image: c:latest")]);
    expect(r.summary.resources).toBe(2);
  });

  it("an unclosed quote is reported where it opens; one finding per broken document", () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: "cm
data:
  a: b
`;
    const r = lintText(text);
    expect(positions(r, "yaml-syntax")).toEqual([where(text, `"cm`)]);
    expect(r.findings.find((f) => f.ruleId === "yaml-syntax")?.message).toMatch(/quoted string is not closed/);
  });

  it("an unclosed quote breaks only its own document, as kubectl splits at --- first", () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: "unclosed
---
${pod("b", "b:latest")}---
apiVersion: v1
kind: ConfigMap
metadata:
  labels: {a: [b
---
${pod("c", "c:latest")}`;
    const r = lintText(text);
    expect(positions(r, "yaml-syntax")).toEqual([where(text, `"unclosed`), where(text, "[b")]);
    expect(positions(r, "image-tag")).toEqual([where(text, "image: b:latest"), where(text, "image: c:latest")]);
  });

  it("a syntax error's message never quotes the text it is about (it may be a secret)", () => {
    const texts = [
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n- a\nb: hunter2-topsecret\n",
      // A password pasted after `|` is read as the block scalar's header, and the parser quotes it.
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  token: |hunter2-topsecret\n",
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: [a, b] hunter2-topsecret\n",
    ];
    for (const text of texts) {
      const messages = lintText(text).findings.filter((f) => f.ruleId === "yaml-syntax").map((f) => f.message);
      expect(messages.length, text).toBeGreaterThan(0);
      expect(messages.join(" "), text).not.toMatch(/hunter2|topsecret/);
    }
  });

  it("a tab used as indentation is reported on its line", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n";
    const r = lintText(text);
    expect(r.findings.filter((f) => f.ruleId === "yaml-syntax").map((f) => f.line)).toEqual([4]);
  });

  it("the yaml package never writes warnings to stderr", () => {
    const warn = vi.spyOn(process, "emitWarning");
    lintText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  ? [a, b]\n  : c\n");
    const calls = warn.mock.calls.length;
    warn.mockRestore();
    expect(calls).toBe(0);
  });
});

describe("duplicate-key", () => {
  it("points at the repeated key, and the value that counts is the last", () => {
    const text = pod("a", "a:latest").replace("      image: a:latest\n", "      image: a:latest\n      image: a:1.2\n");
    const r = lintText(text);
    expect(positions(r, "duplicate-key")).toEqual([where(text, "image: a:1.2")]);
    const f = r.findings.find((x) => x.ruleId === "duplicate-key")!;
    expect(f.endColumn - f.column).toBe("image".length);
    expect(f.message).toMatch(/key image is defined more than once/);
    expect(positions(r, "image-tag")).toEqual([]);
  });
});

describe("templates", () => {
  const helm = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
spec:
  replicas: {{ .Values.replicas }}
`;

  it("files with {{ }} placeholders are skipped and counted in summary.skipped", () => {
    const r = lint({
      sources: [
        { name: "templates/deployment.yaml", text: helm },
        { name: "templates/if.yaml", text: "{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- end }}\n" },
        // Quoted, so it parses; but it names Helm's objects: a chart template all the same.
        { name: "templates/quoted.yaml", text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "{{ .Release.Name }}-config"\n' },
      ],
    });
    expect(r.findings).toEqual([]);
    expect(r.summary.skipped.map((s) => s.file)).toEqual(["<templates/deployment.yaml>", "<templates/if.yaml>", "<templates/quoted.yaml>"]);
    expect(r.summary.skipped.every((s) => /template/.test(s.reason))).toBe(true);
    expect(r.summary.files).toBe(0);
  });

  it("{{ }} inside quoted or block string values, or in comments, is not a template", () => {
    const prometheus = `# Alert rules; descriptions use {{ $labels }} templating.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: alerts
spec:
  groups:
    - name: api
      rules:
        - alert: Down
          annotations:
            description: "API instance {{ $labels.instance }} is down"
            summary: '{{ $value }} errors'
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: chart-files
data:
  # A chart's template carried as data is text, even with Helm's objects in it.
  deployment.yaml: |
    metadata:
      name: {{ .Release.Name }}
  alertmanager.yml: |
    receivers:
      - name: slack
        slack_configs:
          - title: '{{ template "slack.title" . }}'
---
${pod("p", "p:latest")}`;
    const r = lintText(prometheus);
    expect(r.summary.skipped).toEqual([]);
    expect(r.summary.resources).toBe(3);
    expect(positions(r, "image-tag")).toEqual([where(prometheus, "image: p:latest")]);
  });
});

describe("files on disk", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-parse-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a BOM and CRLF in a file on disk: positions as an editor shows them", () => {
    const lf = pod("a", "a:latest");
    fs.writeFileSync(path.join(dir, "bom.yaml"), `\ufeff${lf.replace(/\n/g, "\r\n")}`);
    const r = lint({ paths: [path.join(dir, "bom.yaml")], cwd: dir });
    expect(r.findings.filter((f) => f.ruleId === "image-tag").map((f) => `${f.file} ${f.line}:${f.column}`)).toEqual([`bom.yaml ${where(lf, "image: a:latest")}`]);
  });

  it("UTF-16 files with a byte-order mark (as Windows editors save them) are read, little- and big-endian", () => {
    const text = pod("a", "a:latest");
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le).swap16();
    fs.writeFileSync(path.join(dir, "le.yaml"), le);
    fs.writeFileSync(path.join(dir, "be.yaml"), be);
    for (const name of ["le.yaml", "be.yaml"]) {
      const r = lint({ paths: [path.join(dir, name)], cwd: dir });
      expect(r.findings.filter((f) => f.ruleId === "unreadable-file"), name).toEqual([]);
      expect(r.findings.filter((f) => f.ruleId === "image-tag").map((f) => `${f.file} ${f.line}:${f.column}`)).toEqual([`${name} ${where(text, "image: a:latest")}`]);
    }
  });

  it("a walk lints .yaml, .yml and .json files and skips .git, node_modules and other files", () => {
    const root = path.join(dir, "walk");
    for (const d of ["a", ".git", "node_modules/x", "b"]) fs.mkdirSync(path.join(root, d), { recursive: true });
    fs.writeFileSync(path.join(root, "a/one.yaml"), pod("one", "one:latest"));
    fs.writeFileSync(path.join(root, "a/two.YML"), pod("two", "two:latest"));
    fs.writeFileSync(path.join(root, "b/three.json"), JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "three" }, spec: { containers: [{ name: "c", image: "c" }] } }));
    fs.writeFileSync(path.join(root, "b/notes.txt"), pod("txt", "txt:latest"));
    fs.writeFileSync(path.join(root, ".git/config.yaml"), pod("git", "git:latest"));
    fs.writeFileSync(path.join(root, "node_modules/x/pod.yaml"), pod("nm", "nm:latest"));
    const r = lint({ paths: [root], cwd: root });
    expect([...new Set(r.findings.filter((f) => f.ruleId === "image-tag").map((f) => f.file))]).toEqual(["a/one.yaml", "a/two.YML", "b/three.json"]);
    expect(r.summary.files).toBe(3);
  });

  it("a walk is deterministic: byte order as kubectl, a directory's files before its subdirectories", () => {
    const root = path.join(dir, "order");
    for (const f of ["b.yaml", "B.yaml", "a/z.yaml", "a.yaml", "_x.yml", "a/sub/m.yaml", "a/n.yaml"]) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), "");
    }
    const files = discover([root]).files.map((f) => path.relative(root, f.path).split(path.sep).join("/"));
    expect(files).toEqual(["B.yaml", "_x.yml", "a.yaml", "b.yaml", "a/n.yaml", "a/z.yaml", "a/sub/m.yaml"]);
  });
});
