import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { lintAsync, lint, type LintResult } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { fixUntilStable } from "../src/fix/fix-files.js";
import { applyEdits, editsFor, editsIn, FixError } from "../src/fix/yaml-edit.js";
import { blockLines, styleOf } from "../src/fix/render-yaml.js";
import { cutListItem, listItemBelow } from "../src/fix/item-cut.js";
import { editableTrees } from "../src/fix/table-tree.js";
import { parseSource } from "../src/load/parse.js";
import type { FixOperation } from "../src/engine/fix.js";
import { jsonFormatter } from "../src/report/json.js";
import { sarifFormatter } from "../src/report/sarif.js";
import { formatContext } from "../src/report/context.js";
import { ROOT, SHARED, readFixtureSettings, settingsFor } from "./helpers/fixtures.js";
import { testTempDir } from "./helpers/temp-dir.js";

const FIX_FIXTURES = path.join(ROOT, "fixtures/fix");
const BIN = path.join(ROOT, "bin/k8slint");
/** Set to write after.yaml and suggested.yaml from the current engine (then read every diff before committing). */
const WRITE = process.env.K8SLINT_WRITE_FIX_FIXTURES === "1";

function tempCopy(file: string): string {
  const dir = testTempDir("k8slint-fixture-");
  const dest = path.join(dir, "manifest.yaml");
  fs.copyFileSync(file, dest);
  return dest;
}

function optionsFor(file: string) {
  const fx = readFixtureSettings([file]);
  return { kubeVersion: fx.kubeVersion, namespace: fx.namespace, rules: builtinRules, settings: settingsFor(fx), jobs: 0, render: { render: false } };
}

/**
 * The text with every suggestion applied, one at a time, linting again after each (as an editor
 * does): each finding's suggestions are tried once, in order of the findings.
 */
async function withSuggestions(lintText: (text: string) => Promise<LintResult>, text: string): Promise<string> {
  const tried = new Set<string>();
  let current = text;
  for (let round = 0; round < 50; round++) {
    const result = await lintText(current);
    const next = result.findings.flatMap((f) => (f.suggestions ?? []).map((s) => ({ key: `${f.ruleId}|${f.message}|${s.description}`, s }))).find((x) => !tried.has(x.key));
    if (!next) break;
    tried.add(next.key);
    current = applyEdits(current, next.s.edits);
  }
  return current;
}

describe("fixes and suggestions, before and after (fixtures/fix)", () => {
  for (const name of fs.readdirSync(FIX_FIXTURES).sort()) {
    const dir = path.join(FIX_FIXTURES, name);
    it(name, async () => {
      const before = path.join(dir, "before.yaml");
      const file = tempCopy(before);
      const options = optionsFor(before);
      const outcome = await fixUntilStable((overrides) => lintAsync({ ...options, paths: [file], cwd: path.dirname(file), overrides, fixes: true }), () => true);
      const fixed = outcome.files[0]?.after ?? fs.readFileSync(file, "utf8");
      const original = fs.readFileSync(file, "utf8");
      const suggested = await withSuggestions((text) => lintAsync({ ...options, paths: [file], cwd: path.dirname(file), overrides: new Map([[file, text]]), fixes: true }), original);
      if (WRITE) {
        fs.writeFileSync(path.join(dir, "after.yaml"), fixed);
        fs.writeFileSync(path.join(dir, "suggested.yaml"), suggested);
      }
      expect(fixed).toBe(fs.readFileSync(path.join(dir, "after.yaml"), "utf8"));
      expect(suggested).toBe(fs.readFileSync(path.join(dir, "suggested.yaml"), "utf8"));
    });
  }
});

describe("a change below a list item is checked on that item alone", () => {
  const text = fs.readFileSync(path.join(FIX_FIXTURES, "list-item-comments/before.yaml"), "utf8");
  const docs = parseSource({ path: "/m.yaml", display: "m.yaml", text }).documents;
  const whole = { from: 0, text: text.slice(0, text.indexOf("---")), tree: editableTrees(text.slice(0, text.indexOf("---")))[0] };
  const style = styleOf(whole.text, whole.tree);

  it("cuts the deepest item every path lies below, with the comment lines after it", () => {
    const item = listItemBelow(docs[0], text, [["spec", "containers", 0, "securityContext", "runAsNonRoot"], ["spec", "containers", 0, "resources"]]);
    expect(item).toMatchObject({ depth: 3, value: { name: "app", image: "nginx:1.25" } });
    const cut = cutListItem(text, docs[0].positions!, item!, whole)!;
    expect(cut.text).toBe("      - name: app\n        image: nginx:1.25\n      # the sidecar follows\n   # trailing comment at the key's level\n");
    expect(cut.from).toBe(text.indexOf("      - name: app"));
    // The item shows no indentation of its own: the document's (3 spaces) is what its edits use.
    expect(cut.within?.style).toEqual(style);
    expect(applyEdits(text, editsIn(cut, [{ op: "set", path: [0, "securityContext", "runAsNonRoot"], value: true }]))).toContain(
      "      - name: app\n        image: nginx:1.25\n        securityContext:\n           runAsNonRoot: true\n      # the sidecar follows\n",
    );
  });

  it("keeps the document's style in every round of edits, though the edited item alone shows another", () => {
    // Deployment "two" writes its lists unindented (`containers:` then `- name`); container "app" has no list of its own.
    const second = text.slice(text.indexOf("---") + 4);
    const at = text.length - second.length;
    const own = { from: at, text: second, tree: editableTrees(second)[0] };
    const item = listItemBelow(docs[1], text, [["spec", "template", "spec", "containers", 0, "securityContext"]])!;
    const cut = cutListItem(text, docs[1].positions!, item, own)!;
    const ops: FixOperation[] = [
      { op: "set", path: [0, "securityContext", "readOnlyRootFilesystem"], value: true },
      { op: "append", path: [0, "volumeMounts"], value: { name: "tmp", mountPath: "/tmp" } },
    ];
    expect(applyEdits(text, editsIn(cut, ops))).toContain(
      "      - name: app\n        image: nginx:1.25\n        securityContext:\n          readOnlyRootFilesystem: true\n        volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n      - name: tools\n",
    );
  });

  it("leaves the document whole where no item holds every path, or the item shares its dash's line", () => {
    expect(listItemBelow(docs[0], text, [["spec", "containers", 0, "image"], ["spec", "containers", 1, "image"]])).toBeUndefined();
    // The item itself removed: the change is its list's.
    expect(listItemBelow(docs[0], text, [["spec", "containers", 1]])).toBeUndefined();
    const nested = listItemBelow(docs[1], text, [["spec", "template", "spec", "containers", 1, "ports", 1, 0, "x"]]);
    expect(nested?.depth).toBe(8);
    expect(cutListItem(text, docs[1].positions!, nested!, whole)).toBeUndefined();
  });
});

describe("operations become minimal edits", () => {
  const edit = (text: string, ops: FixOperation[]) => applyEdits(text, editsFor(text, 0, ops));

  it("sets a value inside an existing mapping, after its last key, keeping comments", () => {
    const text = "a:\n  b: 1 # one\n\n# next\nc: 2\n";
    expect(edit(text, [{ op: "set", path: ["a", "d"], value: true }])).toBe("a:\n  b: 1 # one\n  d: true\n\n# next\nc: 2\n");
  });

  it("sets a mapping onto a mapping field by field, nested ones too, and only the fields that differ", () => {
    const text = "sc:\n  a: 1\n  caps:\n    add: [X]\n  z: 0\n";
    const value = { a: 1, caps: { drop: ["ALL"], add: ["X"] }, b: true, c: { d: 2 } };
    expect(edit(text, [{ op: "set", path: ["sc"], value }])).toBe("sc:\n  a: 1\n  caps:\n    add: [X]\n    drop: [ALL]\n  z: 0\n  b: true\n  c:\n    d: 2\n");
    // The last differing field is the last edit: nothing is asked of a document after it.
    expect(edit("sc:\n  a: 1\n", [{ op: "set", path: ["sc"], value: { a: 1, b: 2 } }])).toBe("sc:\n  a: 1\n  b: 2\n");
    expect(editsFor("sc:\n  a: 1\n  b: 2\n", 0, [{ op: "set", path: ["sc"], value: { b: 2, a: 1 } }])).toEqual([]);
  });

  it("reads an edited document back through `yaml` where the fast path is not exact (anchors)", () => {
    const text = "x: &v 1\ny: *v\nsc:\n  a: 1\n";
    expect(edit(text, [{ op: "set", path: ["sc", "b"], value: 2 }])).toBe("x: &v 1\ny: *v\nsc:\n  a: 1\n  b: 2\n");
  });

  it("writes a value the same way after it was written before, telling apart what JSON does not", () => {
    const style = { eol: "\n", indent: 2, indentSeq: true, json: false };
    const pairs: Array<[Record<string, unknown>, string[]]> = [
      [{ a: 0 }, ["a: 0"]],
      [{ a: -0 }, ["a: -0"]],
      [{ a: null }, ["a: null"]],
      [{ a: NaN }, ["a: .nan"]],
      [{ sc: { runAsNonRoot: true, caps: { drop: ["ALL"] } } }, ["sc:", "  runAsNonRoot: true", "  caps:", "    drop: [ALL]"]],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [value, lines] of pairs) {
        const got = blockLines(value, style);
        expect(got).toEqual(lines);
        got.push("changed by a caller");
      }
    }
    expect(blockLines({ a: 1 }, { ...style, indent: 4 })).toEqual(["a: 1"]);
    expect(blockLines({ a: { b: 1 } }, { ...style, indent: 4 })).toEqual(["a:", "    b: 1"]);
    expect(blockLines({ a: { b: 1 } }, style)).toEqual(["a:", "  b: 1"]);
  });

  it("writes JSON into a document written as JSON (kubectl reads a file that starts with { as JSON only)", () => {
    const text = '{\n  "kind": "Pod",\n  "spec": {"containers": [{"name": "a", "image": "x:1"}], "hostPID": null}\n}\n';
    const fixed = edit(text, [
      { op: "set", path: ["spec", "containers", 0, "securityContext"], value: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } } },
      { op: "set", path: ["spec", "hostPID"], value: false },
      { op: "append", path: ["spec", "containers"], value: { name: "b", image: "y:2" } },
    ]);
    expect(JSON.parse(fixed)).toEqual({
      kind: "Pod",
      spec: { containers: [{ name: "a", image: "x:1", securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } } }, { name: "b", image: "y:2" }], hostPID: false },
    });
    expect(fixed).toContain('"securityContext": {"runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}}');
    // A new object after a JSON document would make the file YAML: not offered.
    expect(() => editsFor(text, 0, [{ op: "add-document", value: { kind: "PodDisruptionBudget" } }])).toThrow(FixError);
    // A flow mapping with plain keys is YAML, and stays YAML.
    expect(edit("{kind: Pod, spec: {}}\n", [{ op: "set", path: ["spec", "hostPID"], value: false }])).toBe("{kind: Pod, spec: {hostPID: false}}\n");
  });

  it("keeps the quoting style of a replaced string", () => {
    expect(edit(`k: 'x'\n`, [{ op: "set", path: ["k"], value: "y" }])).toBe(`k: 'y'\n`);
    expect(edit(`k: "x"\n`, [{ op: "set", path: ["k"], value: "y" }])).toBe(`k: "y"\n`);
  });

  it("quotes what YAML 1.1 would read as another type", () => {
    expect(edit("k: a\n", [{ op: "set", path: ["k"], value: "yes" }])).toBe('k: "yes"\n');
  });

  it("fills an empty value below its key", () => {
    expect(edit("a:\nb: 1\n", [{ op: "set", path: ["a", "c"], value: 1 }])).toBe("a:\n  c: 1\nb: 1\n");
  });

  it("appends to block and flow lists, once", () => {
    expect(edit("l:\n- a\n", [{ op: "append", path: ["l"], value: "b" }])).toBe("l:\n- a\n- b\n");
    expect(edit("l: [a]\n", [{ op: "append", path: ["l"], value: "b" }])).toBe("l: [a, b]\n");
    expect(edit("l: []\n", [{ op: "append", path: ["l"], value: "b" }])).toBe("l: [b]\n");
    expect(editsFor("l: [a]\n", 0, [{ op: "append", path: ["l"], value: "a" }])).toEqual([]);
  });

  it("removes a key's lines, or a first key beside its list dash", () => {
    expect(edit("a: 1\nb: 2 # gone with b\nc: 3\n", [{ op: "remove", path: ["b"] }])).toBe("a: 1\nc: 3\n");
    expect(edit("l:\n  - x: 1\n    y: 2\n", [{ op: "remove", path: ["l", 0, "x"] }])).toBe("l:\n  - y: 2\n");
    expect(edit("l:\n  - x: 1\n  - x: 2\n", [{ op: "remove", path: ["l", 1] }])).toBe("l:\n  - x: 1\n");
  });

  it("renames a key and keeps its value as written", () => {
    expect(edit("a: &x 1\nold: [1, 2] # c\n", [{ op: "rename", path: ["old"], to: "new" }])).toBe("a: &x 1\nnew: [1, 2] # c\n");
  });

  it("keeps CRLF line ends", () => {
    expect(edit("a:\r\n  b: 1\r\n", [{ op: "set", path: ["a", "c"], value: { d: 1 } }])).toBe("a:\r\n  b: 1\r\n  c:\r\n    d: 1\r\n");
  });

  it("refuses to edit through an alias, an anchor or a merge key", () => {
    expect(() => editsFor("base: &b\n  x: 1\nuse: *b\n", 0, [{ op: "set", path: ["use", "y"], value: 1 }])).toThrow(FixError);
    expect(() => editsFor("base: &b\n  x: 1\nuse: *b\n", 0, [{ op: "set", path: ["base", "y"], value: 1 }])).toThrow(FixError);
    expect(() => editsFor("base: &b\n  x: 1\nuse:\n  <<: *b\n", 0, [{ op: "set", path: ["use", "x"], value: 2 }])).toThrow(FixError);
  });

  describe("a new entry keeps each comment beside what it was written with", () => {
    const setE = (text: string) => edit(text, [{ op: "set", path: ["a", "e"], value: 1 }]);

    it("goes after the trailing comment of the nested mapping that ends its parent", () => {
      expect(setE("a:\n  b:\n    c: 1\n    # about c\nd: 2\n")).toBe("a:\n  b:\n    c: 1\n    # about c\n  e: 1\nd: 2\n");
      // The reviewer's case: a container's comment stays with the container, above the pod's new field.
      const pod = "spec:\n  containers:\n    - name: a\n      securityContext:\n        runAsNonRoot: true\n      # TODO(team): add probes to container a\n  # after containers\nstatus: {}\n";
      expect(edit(pod, [{ op: "set", path: ["spec", "securityContext"], value: { seccompProfile: { type: "RuntimeDefault" } } }])).toBe(
        "spec:\n  containers:\n    - name: a\n      securityContext:\n        runAsNonRoot: true\n      # TODO(team): add probes to container a\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  # after containers\nstatus: {}\n",
      );
    });

    it("goes above a comment at its own level or an outer one: it stays above the next sibling", () => {
      expect(setE("a:\n  b:\n    c: 1\n    # about c\n# about d\nd: 2\n")).toBe("a:\n  b:\n    c: 1\n    # about c\n  e: 1\n# about d\nd: 2\n");
      expect(setE("a:\n  b:\n    c: 1\n  # f: commented out\nd: 2\n")).toBe("a:\n  b:\n    c: 1\n  e: 1\n  # f: commented out\nd: 2\n");
      const items = "l:\n  - name: a\n    sc:\n      x: 1\n      # about x\n    # the sidecar comes next\n  - name: b\n";
      expect(edit(items, [{ op: "set", path: ["l", 0, "z"], value: 1 }])).toBe("l:\n  - name: a\n    sc:\n      x: 1\n      # about x\n    z: 1\n    # the sidecar comes next\n  - name: b\n");
    });

    it("goes after several trailing comments, blank lines among them, and stops at the first one of its level", () => {
      expect(setE("a:\n  b:\n    c: 1\n    # one\n    # two\n\n      # three\n  # at a's level\n    # not b's any more\nd: 2\n")).toBe(
        "a:\n  b:\n    c: 1\n    # one\n    # two\n\n      # three\n  e: 1\n  # at a's level\n    # not b's any more\nd: 2\n",
      );
    });

    it("goes after a trailing comment at the end of a document and of the file", () => {
      expect(setE("a:\n  b:\n    c: 1\n    # end of the document\n---\nd: 2\n")).toBe("a:\n  b:\n    c: 1\n    # end of the document\n  e: 1\n---\nd: 2\n");
      expect(setE("a:\n  b:\n    c: 1\n    # end of the document\n...\n")).toBe("a:\n  b:\n    c: 1\n    # end of the document\n  e: 1\n...\n");
      expect(setE("a:\n  b:\n    c: 1\n    # end of the file\n")).toBe("a:\n  b:\n    c: 1\n    # end of the file\n  e: 1\n");
      expect(setE("a:\n  b:\n    c: 1\n    # no line end")).toBe("a:\n  b:\n    c: 1\n    # no line end\n  e: 1");
      const stream = "x: 1\n---\na:\n  b:\n    c: 1\n    # end\n";
      expect(applyEdits(stream, editsFor(stream, 1, [{ op: "set", path: ["a", "e"], value: 1 }]))).toBe("x: 1\n---\na:\n  b:\n    c: 1\n    # end\n  e: 1\n");
    });

    it("keeps CRLF line ends", () => {
      expect(setE("a:\r\n  b:\r\n    c: 1\r\n    # about c\r\n# about d\r\nd: 2\r\n")).toBe("a:\r\n  b:\r\n    c: 1\r\n    # about c\r\n  e: 1\r\n# about d\r\nd: 2\r\n");
      expect(setE("a:\r\n  b:\r\n    c: 1\r\n    # end\r\n")).toBe("a:\r\n  b:\r\n    c: 1\r\n    # end\r\n  e: 1\r\n");
    });

    it("a new list item goes after the last item's trailing comments, above those at its dash's level", () => {
      expect(edit("l:\n  - name: a\n    x: 1\n    # about a\n  # - name: z\nm: 1\n", [{ op: "append", path: ["l"], value: { name: "b" } }])).toBe(
        "l:\n  - name: a\n    x: 1\n    # about a\n  - name: b\n  # - name: z\nm: 1\n",
      );
      expect(edit("l:\n- a\n  # about a\n", [{ op: "append", path: ["l"], value: "b" }])).toBe("l:\n- a\n  # about a\n- b\n");
    });

    it("a new document goes after the trailing comments of the last field, above one at the root's level", () => {
      const add: FixOperation[] = [{ op: "add-document", value: { kind: "B" } }];
      expect(edit("kind: A\nspec:\n  c: 1\n  # about c\n", add)).toBe("kind: A\nspec:\n  c: 1\n  # about c\n---\nkind: B\n");
      expect(edit("kind: A\r\nspec:\r\n  c: 1\r\n  # about c\r\n# next: C\r\n---\r\nkind: C\r\n", add)).toBe(
        "kind: A\r\nspec:\r\n  c: 1\r\n  # about c\r\n---\r\nkind: B\r\n# next: C\r\n---\r\nkind: C\r\n",
      );
    });
  });

  it("edits only its own document of a stream", () => {
    const text = "a: 1\n---\n# second\nb: 1\n---\nc: 1\n";
    const edits = editsFor(text, 1, [{ op: "set", path: ["b"], value: 2 }]);
    expect(applyEdits(text, edits)).toBe("a: 1\n---\n# second\nb: 2\n---\nc: 1\n");
  });
});

const hasKubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

describe("a rendered object gets no fix, and says why", () => {
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n";

  it("a plain file's finding has its fix", () => {
    const r = lint({ sources: [{ name: "x.yaml", text: pod }], fixes: true });
    const f = r.findings.find((x) => x.ruleId === "allow-privilege-escalation")!;
    expect(f.fix?.edits.length).toBeGreaterThan(0);
    expect(f.noFix).toBeUndefined();
  });

  it('fixes: "lazy" makes the edits only when attachFixes is called, the same as fixes: true', () => {
    const eager = lint({ sources: [{ name: "x.yaml", text: pod }], fixes: true });
    const lazy = lint({ sources: [{ name: "x.yaml", text: pod }], fixes: "lazy" });
    expect(lazy.findings.some((f) => f.fix || f.suggestions)).toBe(false);
    lazy.attachFixes!();
    expect(lazy.findings.map((f) => [f.ruleId, f.fix, f.suggestions])).toEqual(eager.findings.map((f) => [f.ruleId, f.fix, f.suggestions]));
  });

  it.skipIf(!hasKubectl)("a Kustomize-rendered object's finding has none where a patch sets the field, and noFix says why", () => {
    const dir = testTempDir("k8slint-kustomize-");
    fs.writeFileSync(path.join(dir, "pod.yaml"), pod);
    fs.writeFileSync(path.join(dir, "patch.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      securityContext: {allowPrivilegeEscalation: true}\n");
    fs.writeFileSync(path.join(dir, "kustomization.yaml"), "resources:\n  - pod.yaml\npatches:\n  - path: patch.yaml\n");
    const r = lint({ paths: [dir], cwd: dir, fixes: true });
    const f = r.findings.find((x) => x.ruleId === "allow-privilege-escalation")!;
    expect(f.file).toBe("patch.yaml");
    expect(f.fix).toBeUndefined();
    expect(f.suggestions).toBeUndefined();
    expect(f.noFix).toBe("no automatic fix: a patch (patch.yaml:7) sets spec.containers.0.securityContext.allowPrivilegeEscalation or what holds it; change it there");
  });
});

// Real `kubectl kustomize` over a base and an overlay: a fix of a rendered object is made in the base
// file where the base alone decides the value, never where a patch or the kustomization sets it.
describe.skipIf(!hasKubectl)("Kustomize: fixes go to the base file that alone decides the value", () => {
  const base = [
    "# The web tier.",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "spec:",
    "  replicas: 2",
    "  selector:",
    "    matchLabels: {app: web}",
    "  template:",
    "    metadata:",
    "      labels: {app: web}",
    "    spec:",
    "      containers:",
    "        - name: app # the server",
    "          image: nginx:1.27",
    "          securityContext:",
    "            runAsNonRoot: true",
    "",
  ].join("\n");
  // The overlay's patch sets the capabilities, so the base's drop list is not what the cluster gets.
  const patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            capabilities:\n              drop: [NET_RAW]\n";

  function tree(): string {
    const dir = testTempDir("k8slint-kustomize-fix-");
    fs.mkdirSync(path.join(dir, "base"));
    fs.mkdirSync(path.join(dir, "overlay"));
    fs.writeFileSync(path.join(dir, "base/deployment.yaml"), base);
    fs.writeFileSync(path.join(dir, "base/kustomization.yaml"), "resources:\n  - deployment.yaml\n");
    fs.writeFileSync(path.join(dir, "overlay/patch.yaml"), patch);
    fs.writeFileSync(path.join(dir, "overlay/kustomization.yaml"), "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n");
    return dir;
  }

  it("JSON: the base's fields get fixes in base/deployment.yaml, the patched one says why not", () => {
    const dir = tree();
    const r = lint({ paths: ["overlay"], cwd: dir, fixes: true });
    const by = (id: string) => r.findings.find((f) => f.ruleId === id)!;
    const ape = by("allow-privilege-escalation");
    expect([ape.file, ape.line, ape.fix?.display, ape.fix?.edits.map((e) => [e.line, e.text])]).toEqual(["base/deployment.yaml", 17, "base/deployment.yaml", [[18, "\n            allowPrivilegeEscalation: false"]]]);
    expect(by("seccomp-profile").fix?.file).toBe(path.join(fs.realpathSync(dir), "base/deployment.yaml"));
    const drop = by("drop-all-capabilities");
    expect([drop.file, drop.line, drop.fix]).toEqual(["overlay/patch.yaml", 12, undefined]);
    expect(drop.noFix).toBe("no automatic fix: a patch (overlay/patch.yaml:12) sets spec.template.spec.containers.0.securityContext.capabilities.drop or what holds it; change it there");
    // A new object beside a rendered one is a file of its own, which the base's kustomization lists.
    expect(by("pdb-missing").suggestions?.map((c) => [c.display, c.create, c.also?.map((a) => a.display)])).toEqual([["base/web-pdb.yaml", true, ["base/kustomization.yaml"]]]);
  });

  it("a $patch directive blocks fixes only where it replaces: under it, not beside it", () => {
    const dir = tree();
    // Deleting one probe handler (microservices-demo's native-grpc-health-check) merges everything else.
    const probe = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          readinessProbe:\n            exec:\n              $patch: delete\n            grpc: {port: 9555}\n";
    fs.writeFileSync(path.join(dir, "overlay/patch.yaml"), probe);
    const merged = lint({ paths: ["overlay"], cwd: dir, fixes: true });
    const seccomp = merged.findings.find((f) => f.ruleId === "seccomp-profile")!;
    expect([seccomp.noFix, seccomp.fix?.file]).toEqual([undefined, path.join(fs.realpathSync(dir), "base/deployment.yaml")]);
    // Replacing the container's securityContext does make the patch its writer.
    const replaced = probe.replace("          readinessProbe:", "          securityContext:\n            $patch: replace\n            runAsNonRoot: true\n          readinessProbe:");
    fs.writeFileSync(path.join(dir, "overlay/patch.yaml"), replaced);
    const r = lint({ paths: ["overlay"], cwd: dir, fixes: true });
    const ape = r.findings.find((f) => f.ruleId === "allow-privilege-escalation")!;
    expect(ape.fix).toBeUndefined();
    expect(ape.noFix).toMatch(/^no automatic fix: a patch \(overlay\/patch\.yaml:\d+\) sets spec\.template\.spec\.containers\.0\.securityContext/);
    expect(r.findings.find((f) => f.ruleId === "seccomp-profile")!.fix?.file).toBe(path.join(fs.realpathSync(dir), "base/deployment.yaml"));
  });

  it("a misspelt justification: renaming it to the rule it probably meant, or removing it, are suggestions", () => {
    const file = path.join(FIX_FIXTURES, "justifications", "before.yaml");
    const text = fs.readFileSync(file, "utf8");
    const r = lint({ sources: [{ name: "justifications.yaml", text }], fixes: true });
    const f = r.findings.find((x) => x.ruleId === "unused-justification" && x.message.includes("names no known rule"))!;
    expect(f.fix).toBeUndefined();
    expect(f.suggestions!.map((s) => s.description)).toEqual(["rename it to justify.k8slint.io/hardcoded-credential", "remove the justify.k8slint.io/hardcoded-credentail annotation"]);
    expect(applyEdits(text, f.suggestions![0].edits)).toContain('    justify.k8slint.io/hardcoded-credential: "the value is a public test key"\n');
  });

  it("an off-by-default beta apiVersion whose stable version reads the same: the new apiVersion is a suggestion, never a fix", () => {
    const dir = testTempDir("k8slint-beta-");
    const file = path.join(dir, "policy.yaml");
    const binding = "apiVersion: admissionregistration.k8s.io/v1beta1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: replicas-limit\nspec:\n  policyName: replicas-limit\n  validationActions: [Deny]\n";
    fs.writeFileSync(file, binding);
    const r = lint({ paths: [file], cwd: dir, fixes: true, render: { render: false } });
    const f = r.findings.find((x) => x.ruleId === "deprecated-api")!;
    expect([f.line, f.severity, f.fix]).toEqual([1, "warning", undefined]);
    expect(f.suggestions!.map((s) => [s.description, applyEdits(binding, s.edits).split("\n")[0]])).toEqual([["set apiVersion: admissionregistration.k8s.io/v1", "apiVersion: admissionregistration.k8s.io/v1"]]);
    // DRA's betas changed fields on the way to v1: no suggestion.
    fs.writeFileSync(file, "apiVersion: resource.k8s.io/v1beta1\nkind: DeviceClass\nmetadata:\n  name: gpu\n");
    const dra = lint({ paths: [file], cwd: dir, fixes: true, render: { render: false } }).findings.find((x) => x.ruleId === "deprecated-api")!;
    expect([dra.fix, dra.suggestions ?? []]).toEqual([undefined, []]);
  });

  it("the proposed PodDisruptionBudget lets unready pods be evicted where the target serves the field, so applying it draws no pdb-unhealthy-eviction", () => {
    const dir = testTempDir("k8slint-pdb-");
    const file = path.join(dir, "web.yaml");
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.0\n";
    fs.writeFileSync(file, deployment);
    const proposed = (kubeVersion: string) => {
      const r = lint({ paths: [file], cwd: dir, fixes: true, kubeVersion, render: { render: false } });
      return r.findings.find((f) => f.ruleId === "pdb-missing")!.suggestions![0];
    };
    // 1.26 does not know the field: the proposal must not write one the API server would reject.
    expect(applyEdits(deployment, proposed("1.26").edits)).toContain("  selector:\n    matchLabels:\n      app: web\n");
    expect(applyEdits(deployment, proposed("1.26").edits)).not.toContain("unhealthyPodEvictionPolicy");
    const s = proposed("1.30");
    expect(applyEdits(deployment, s.edits)).toContain("      app: web\n  unhealthyPodEvictionPolicy: AlwaysAllow\n");
    fs.writeFileSync(file, applyEdits(deployment, s.edits));
    const after = lint({ paths: [file], cwd: dir, kubeVersion: "1.30", render: { render: false } });
    expect(after.findings.map((f) => f.ruleId)).not.toContain("pdb-missing");
    expect(after.findings.map((f) => f.ruleId)).not.toContain("pdb-unhealthy-eviction");
  });

  it("no second PodDisruptionBudget is proposed where one of the workload's name exists, or one meant for it selects nothing", () => {
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n";
    const budget = (name: string, app: string) => `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector:\n    matchLabels:\n      app: ${app}\n`;
    const other = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: api:1.0\n";
    const pdbMissing = (text: string, disable: string[] = []) =>
      lint({ sources: [{ name: "web.yaml", text }], fixes: true, rules: builtinRules.filter((r) => !disable.includes(r.meta.id)) }).findings.filter((f) => f.ruleId === "pdb-missing");
    // A budget named web selects the api pods: adding another web would replace it.
    const [taken] = pdbMissing(deployment + other + budget("web", "api"));
    expect([taken.message, taken.suggestions ?? []]).toEqual(["runs 3 replicas but no PodDisruptionBudget in its namespace selects its pods", []]);
    // The budget meant for web selects app=webb: dangling-selector's finding; with that rule off, this one names it.
    expect(pdbMissing(deployment + budget("web-budget", "webb"))).toEqual([]);
    const [kept] = pdbMissing(deployment + budget("web-budget", "webb"), ["dangling-selector"]);
    expect([kept.message, kept.suggestions ?? []]).toEqual(['runs 3 replicas but no PodDisruptionBudget in its namespace selects its pods (PodDisruptionBudget "web-budget" selects no pods)', []]);
  });

  it("a PodDisruptionBudget for a rendered workload: a new file beside its base, listed in the base's kustomization; applied, the overlay renders it", () => {
    const dir = tree();
    // The overlay renames, moves and labels: the new object is written as the base writes the workload.
    fs.writeFileSync(path.join(dir, "overlay/kustomization.yaml"), "namespace: shop\nnamePrefix: prod-\ncommonLabels: {env: prod}\nresources:\n  - ../base\npatches:\n  - path: patch.yaml\n");
    const r = lint({ paths: ["overlay"], cwd: dir, fixes: true });
    const pdb = r.findings.find((f) => f.ruleId === "pdb-missing")!;
    expect(pdb.noFix).toBeUndefined();
    const [s] = pdb.suggestions!;
    expect(s.description).toBe("add a PodDisruptionBudget prod-web with maxUnavailable: 1, in a new file base/web-pdb.yaml listed in base/kustomization.yaml");
    expect([s.file, s.create, s.edits]).toEqual([
      path.join(fs.realpathSync(dir), "base/web-pdb.yaml"),
      true,
      [{ start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1, text: "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: web\n  unhealthyPodEvictionPolicy: AlwaysAllow\n" }],
    ]);
    expect(s.also!.map((a) => [a.display, a.edits.map((e) => [e.line, e.text])])).toEqual([["base/kustomization.yaml", [[2, "\n  - web-pdb.yaml"]]]]);
    // Never applied by --fix: the file is not made.
    run(["--fix", "overlay"], dir);
    expect(fs.existsSync(path.join(dir, "base/web-pdb.yaml"))).toBe(false);
    // Applied as an editor applies it: kustomize renders prod-web's budget in namespace shop, and the finding is gone.
    fs.writeFileSync(s.file, s.edits[0].text);
    const k = s.also![0];
    fs.writeFileSync(k.file, applyEdits(fs.readFileSync(k.file, "utf8"), k.edits));
    const after = lint({ paths: ["overlay"], cwd: dir });
    expect(after.findings.filter((f) => f.ruleId === "pdb-missing")).toEqual([]);
    const built = spawnSync("kubectl", ["kustomize", path.join(dir, "overlay")], { encoding: "utf8" }).stdout;
    expect(built).toContain("kind: PodDisruptionBudget\nmetadata:\n  labels:\n    env: prod\n  name: prod-web\n  namespace: shop\n");
  });

  it("JSON and SARIF: the new file is created (JSON `create`, a SARIF artifactChange of the new artifact), with the kustomization's edit", () => {
    const r = lint({ paths: ["overlay"], cwd: tree(), fixes: true });
    const json = JSON.parse(jsonFormatter.format(formatContext(r), () => {})) as { results: Array<{ ruleId: string; suggestions: Array<{ file: string; create?: boolean; also?: Array<{ file: string }> }> }> };
    const s = json.results.find((x) => x.ruleId === "pdb-missing")!.suggestions[0];
    expect([s.file, s.create, s.also?.map((a) => a.file)]).toEqual(["base/web-pdb.yaml", true, ["base/kustomization.yaml"]]);
    const log = JSON.parse(sarifFormatter.format(formatContext(r), () => {}));
    if (fs.existsSync(SARIF_SCHEMA)) expectValidSarif(log);
    const fix = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "pdb-missing").fixes[0];
    expect(fix.artifactChanges.map((c: { artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: unknown }> }) => [c.artifactLocation.uri, c.replacements[0].deletedRegion])).toEqual([
      ["base/web-pdb.yaml", { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }],
      ["base/kustomization.yaml", { startLine: 2, startColumn: 20, endLine: 2, endColumn: 20 }],
    ]);
  });

  it("a field the kustomization itself sets (replicas) gets no fix in the base", () => {
    const dir = tree();
    fs.writeFileSync(path.join(dir, "overlay/hpa.yaml"), "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 4\n");
    fs.writeFileSync(path.join(dir, "overlay/kustomization.yaml"), "resources:\n  - ../base\n  - hpa.yaml\npatches:\n  - path: patch.yaml\nreplicas:\n  - name: web\n    count: 2\n");
    const r = lint({ paths: ["overlay"], cwd: dir, fixes: true });
    const f = r.findings.find((x) => x.ruleId === "hpa-replicas-conflict")!;
    expect(f.fix).toBeUndefined();
    expect(f.noFix).toBe("no automatic fix: the kustomization changes spec.replicas after base/deployment.yaml; change it where it is set");
  });

  it("the fix loop builds a root again only after writing a file it reads, not at every pass", () => {
    const dir = tree();
    // kubectl, counted: each build appends a line.
    const log = path.join(dir, "builds.log");
    const counted = path.join(dir, "bin", "kubectl");
    fs.mkdirSync(path.dirname(counted));
    fs.writeFileSync(counted, `#!/bin/sh\necho build >> '${log}'\nexec kubectl "$@"\n`, { mode: 0o755 });
    const builds = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0);
    // --fix-dry-run writes nothing: one build for all its passes (two before: one per pass).
    const dry = run(["--fix-dry-run", "--kustomize-bin", counted, "overlay"], dir).stderr;
    expect(dry).toContain("would fix 1 problem in 1 file; nothing was written; what remains is reported at its lines after these fixes\n");
    // It says that --fix, building again after writing, does more (here: the fix that waited for a neighbouring line).
    expect(dry).toContain("k8slint: --fix-dry-run: this is --fix's first round: Kustomize builds from the files on disk, and --fix builds again after writing them, which may fix more\n");
    expect(builds()).toBe(1);
    // --fix: one build per round (a fix written, then the one on the neighbouring line that waited
    // for it, then nothing left), where each pass of each round built the root before (5 builds).
    fs.rmSync(log);
    expect(run(["--fix", "--kustomize-bin", counted, "overlay"], dir).stderr).toContain("k8slint: fixed 2 problems in 1 file");
    expect(builds()).toBe(3);
  });

  it("k8slint --fix edits the base, leaves the overlay and its patch alone, and reports what remains", () => {
    const dir = tree();
    const r = run(["--fix", "--format", "json", "overlay"], dir);
    expect(r.stderr).toContain("k8slint: fixed 2 problems in 1 file");
    expect(fs.readFileSync(path.join(dir, "base/deployment.yaml"), "utf8")).toBe(
      base.replace("            runAsNonRoot: true\n", "            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n"),
    );
    expect(fs.readFileSync(path.join(dir, "overlay/patch.yaml"), "utf8")).toBe(patch);
    const remaining = (JSON.parse(r.stdout) as { results: Array<{ ruleId: string }> }).results.map((f) => f.ruleId);
    expect(remaining).toContain("drop-all-capabilities");
    expect(remaining).not.toContain("allow-privilege-escalation");
    expect(remaining).not.toContain("seccomp-profile");
  });
});

const SARIF_SCHEMA = path.join(SHARED, "schemas/sarif-schema-2.1.0.json");

function expectValidSarif(log: unknown): void {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, "utf8")));
  expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
}

function run(args: string[], cwd: string, input = "") {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: "utf8", timeout: 60_000 });
}

describe("k8slint --fix, --fix-dry-run, --fix-type", () => {
  const source = path.join(FIX_FIXTURES, "hpa-and-env/before.yaml");

  it("--fix writes the fixes and reports what remains", () => {
    const file = tempCopy(source);
    const r = run(["--fix", "--no-render", "manifest.yaml"], path.dirname(file));
    expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(path.join(FIX_FIXTURES, "hpa-and-env/after.yaml"), "utf8"));
    expect(r.stderr).toMatch(/fixed \d+ problems in 1 file/);
    // Removing an autoscaled Deployment's replicas resets its scale on the next apply: only suggested.
    expect(r.stdout).toMatch(/hpa-replicas-conflict/);
    expect(r.stdout).toMatch(/duplicate-env-var/); // the different-value MODE is only suggested
  });

  it("--fix-dry-run prints a unified diff and changes nothing", () => {
    const file = tempCopy(source);
    const r = run(["--fix-dry-run", "--no-render", "manifest.yaml"], path.dirname(file));
    expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(source, "utf8"));
    expect(r.stdout).toMatch(/^--- a\/manifest\.yaml\n\+\+\+ b\/manifest\.yaml\n@@ /);
    expect(r.stdout).toContain("-            - name: LOG_LEVEL   # the same entry again\n");
    expect(r.stdout).not.toContain("-  replicas: 3");
    expect(r.stderr).toMatch(/nothing was written/);
    expect(r.stderr).not.toMatch(/first round/);
  });

  it("--fix-type keeps to the rules or categories named", () => {
    const file = tempCopy(source);
    run(["--fix", "--fix-type", "duplicate-env-var", "--no-render", "manifest.yaml"], path.dirname(file));
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("replicas: 3");
    expect(text.match(/name: LOG_LEVEL/g)?.length).toBe(1);
    const bad = run(["--fix", "--fix-type", "nonsense", "manifest.yaml"], path.dirname(file));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--fix-type nonsense: neither a rule id nor a category/);
  });

  it("--fix-dry-run keeps a file's byte-order mark in the diff, as --fix keeps it in the file, so git apply takes it", () => {
    const dir = testTempDir("k8slint-bom-");
    const text = "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n";
    fs.writeFileSync(path.join(dir, "pdb.yaml"), "\ufeff" + text);
    const r = run(["--fix-dry-run", "--no-config", "pdb.yaml"], dir);
    expect(r.stdout).toContain("-\ufeffapiVersion: policy/v1beta1\n+\ufeffapiVersion: policy/v1\n");
    const git = (args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" });
    if (git(["init", "-q"]).status !== 0) return; // no git here: the diff's text is asserted above
    fs.writeFileSync(path.join(dir, "p.diff"), r.stdout);
    expect(git(["apply", "--check", "p.diff"]).status).toBe(0);
  });

  it("refuses --fix on standard input, and diffs it with --fix-dry-run", () => {
    const text = fs.readFileSync(source, "utf8");
    const refused = run(["--fix", "-"], ROOT, text);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--fix cannot write to standard input/);
    const dry = run(["--fix-dry-run", "-"], ROOT, text);
    expect(dry.stdout).toMatch(/^--- a\/stdin\n\+\+\+ b\/stdin\n/);
  });

  it("refuses --fix-dry-run with a JSON or SARIF report on standard output, where the diff would precede it", () => {
    const refused = run(["--fix-dry-run", "-f", "json", source], ROOT);
    expect([refused.status, refused.stdout]).toEqual([2, ""]);
    expect(refused.stderr).toBe("k8slint: --fix-dry-run prints its diff on standard output: write the json report to a file with -o FILE\n");
    const out = path.join(testTempDir("k8slint-dry-"), "report.json");
    const toFile = run(["--fix-dry-run", "-f", "json", "-o", out, source], ROOT);
    expect(toFile.stdout).toMatch(/^--- a\//);
    expect(JSON.parse(fs.readFileSync(out, "utf8")).results.length).toBeGreaterThan(0);
  });
});

describe("JSON and SARIF carry the edits", () => {
  const file = path.join(FIX_FIXTURES, "hpa-and-env/before.yaml");
  const result = lint({ paths: [file], cwd: ROOT, fixes: true, render: { render: false } });

  it("JSON: fix and suggestions with line, column and text", () => {
    const json = JSON.parse(jsonFormatter.format(formatContext(result), () => {})) as { results: Array<{ ruleId: string; fix: { description: string; edits: Array<{ start: { line: number }; text: string }> } | null; suggestions: unknown[] }> };
    const hpa = json.results.find((r) => r.ruleId === "hpa-replicas-conflict")!;
    expect(hpa.fix).toBeNull();
    const suggestion = hpa.suggestions[0] as { description: string; edits: Array<{ start: { line: number } }> };
    expect(suggestion.description).toMatch(/remove spec.replicas/);
    expect(suggestion.edits[0]).toMatchObject({ start: { line: 6, column: 1 }, end: { line: 7, column: 1 }, text: "" });
    const env = json.results.filter((r) => r.ruleId === "duplicate-env-var");
    expect(env.map((r) => [r.fix !== null, r.suggestions.length])).toEqual([
      [true, 0],
      [false, 1],
    ]);
  });

  it.skipIf(!fs.existsSync(SARIF_SCHEMA))("SARIF: fixes with artifactChanges and replacements, valid against the schema", () => {
    const log = JSON.parse(sarifFormatter.format(formatContext(result), () => {}));
    expectValidSarif(log);
    const hpa = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "hpa-replicas-conflict");
    expect(hpa.fixes[0].artifactChanges[0].replacements[0]).toEqual({ deletedRegion: { startLine: 6, startColumn: 1, endLine: 7, endColumn: 1 }, insertedContent: { text: "" } });
  });
});

describe("a suggestion says what its edit does", () => {
  it("read-only-root-filesystem adds no /tmp volume, and says none, where /tmp is mounted", () => {
    const dir = testTempDir("k8slint-ro-tmp-");
    fs.writeFileSync(
      path.join(dir, "pod.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: scratch\n      emptyDir: {}\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n    - name: b\n      image: registry.example.com/b:1\n      volumeMounts:\n        - name: scratch\n          mountPath: /tmp\n",
    );
    const r = lint({ paths: ["pod.yaml"], cwd: dir, fixes: true, render: { render: false } });
    const said = r.findings.filter((f) => f.ruleId === "read-only-root-filesystem").map((f) => [f.message.match(/"(\w)"/)?.[1], f.suggestions?.[0]?.description, f.suggestions?.[0]?.edits.some((e) => e.text.includes("emptyDir"))]);
    expect(said).toEqual([
      ["a", "set readOnlyRootFilesystem: true, with an emptyDir volume at /tmp (and one at each other path the image writes)", true],
      ["b", "set readOnlyRootFilesystem: true (/tmp is mounted already; mount a volume at each other path the image writes)", false],
    ]);
  });
});
