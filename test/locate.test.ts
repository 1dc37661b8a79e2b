import { describe, expect, it } from "vitest";
import { parseSource } from "../src/load/parse.js";
import { collectSources } from "../src/model/model.js";
import type { ObjectPath } from "../src/types.js";
import { where } from "./helpers/text-position.js";

// Object paths map to positions in the text people wrote: never to a re-serialised document.
// Expected positions are found in the fixture text itself (`where`), so they cannot drift from it.

function resources(text: string, name = "m.yaml") {
  const parsed = parseSource({ path: `/x/${name}`, display: name, text });
  return collectSources(parsed).resources;
}

/** "line:col" of a path in the first (or nth) resource of a text. */
function at(text: string, path: ObjectPath, nth = 0): string {
  const r = resources(text)[nth];
  const range = r.locator.range(path);
  return `${range.line}:${range.column}`;
}

const C = ["spec", "template", "spec", "containers"];

/** The head of a Pod up to its container list. */
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
`;

describe("locate: positions come from the original text", () => {
  it("a leading licence comment and a long folded scalar do not shift later lines", () => {
    const licence = Array.from({ length: 14 }, (_, i) => `# Licensed under the Apache License ${i}`).join("\n");
    const folded = Array.from({ length: 30 }, (_, i) => `      line ${i} of a long description that wraps`).join("\n");
    const text = `${licence}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    description: >-
${folded}
    script: |
      #!/bin/sh
      echo "image: decoy:latest"
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:latest
`;
    expect(at(text, [...C, 0, "image"])).toBe(where(text, "image: api:latest"));
    expect(at(text, ["metadata", "name"])).toBe(where(text, "name: api"));
    expect(at(text, ["metadata", "annotations", "script"])).toBe(where(text, "script: |"));
  });

  it("sequences indented at the same column as their key and two columns deeper", () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      initContainers:
      - name: init
        image: busybox:1.36
      containers:
        - name: api
          image: api:1.0
        -   name: sidecar
            image: proxy:1.0
`;
    const init = ["spec", "template", "spec", "initContainers", 0];
    expect(at(text, [...init, "image"])).toBe(where(text, "image: busybox"));
    expect(at(text, init)).toBe(where(text, "name: init"));
    expect(at(text, [...C, 0])).toBe(where(text, "name: api", 1));
    expect(at(text, [...C, 1, "image"])).toBe(where(text, "image: proxy"));
    expect(at(text, [...C, 1])).toBe(where(text, "name: sidecar"));
  });

  it("flow mappings and flow sequences", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p}}
spec:
  containers: [{name: a, image: "a:1", securityContext: {runAsUser: 0}}, {name: b, image: b}]
`;
    expect(at(text, ["metadata", "labels", "app"])).toBe(where(text, "app: p"));
    expect(at(text, ["spec", "containers", 0, "securityContext", "runAsUser"])).toBe(where(text, "runAsUser"));
    expect(at(text, ["spec", "containers", 1, "image"])).toBe(where(text, "image: b"));
    // A flow mapping in a sequence is pointed at where it opens.
    expect(at(text, ["spec", "containers", 1])).toBe(where(text, "{name: b"));
  });

  it("JSON files", () => {
    const text = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "p"},
  "spec": {
    "containers": [
      {"name": "a", "image": "a:latest"}
    ]
  }
}
`;
    expect(at(text, ["spec", "containers", 0, "image"])).toBe(where(text, `"image"`));
    expect(at(text, ["metadata", "name"])).toBe(where(text, `"name": "p"`));
  });

  it("CRLF line endings: the same lines and columns as LF", () => {
    const lf = `${POD}    - name: a
      image: a:latest
`;
    const crlf = lf.replace(/\n/g, "\r\n");
    const path = ["spec", "containers", 0, "image"];
    expect(at(crlf, path)).toBe(where(lf, "image: a:latest"));
    const r = resources(crlf)[0].locator.range(path);
    // The range ends with the value, not on the carriage return.
    expect(r.endLine).toBe(r.line);
    expect(r.endColumn).toBe(Number(where(lf, "image: a:latest").split(":")[1]) + "image: a:latest".length);
  });

  it("anchors and aliases point where the value is written", () => {
    const text = `${POD}    - name: a
      image: a:1
      securityContext: &restricted
        runAsUser: 0
    - name: b
      image: b:1
      securityContext: *restricted
`;
    expect(at(text, ["spec", "containers", 1, "securityContext", "runAsUser"])).toBe(where(text, "runAsUser: 0"));
    // The alias itself is the field that is written in the second container.
    expect(at(text, ["spec", "containers", 1, "securityContext"])).toBe(where(text, "securityContext: *restricted"));
  });

  it("<< merge keys: merged fields point at the merged map, explicit keys win", () => {
    const text = `${POD}    - &base
      name: a
      image: a:latest
      imagePullPolicy: Always
    - <<: *base
      name: b
    - <<: [*base]
      name: c
      image: c:1
`;
    const resource = resources(text)[0];
    const spec = resource.object.spec as { containers: Array<Record<string, unknown>> };
    expect(spec.containers[1]).toMatchObject({ name: "b", image: "a:latest", imagePullPolicy: "Always" });
    expect(spec.containers[2]).toMatchObject({ name: "c", image: "c:1" });
    expect(at(text, ["spec", "containers", 1, "image"])).toBe(where(text, "image: a:latest"));
    expect(at(text, ["spec", "containers", 1, "name"])).toBe(where(text, "name: b"));
    expect(at(text, ["spec", "containers", 2, "imagePullPolicy"])).toBe(where(text, "imagePullPolicy"));
    expect(at(text, ["spec", "containers", 2, "image"])).toBe(where(text, "image: c:1"));
  });

  it("a duplicate key points at the definition that counts (the last)", () => {
    const text = `${POD}    - name: a
      image: a:latest
      image: a:1.2
`;
    expect((resources(text)[0].object.spec as { containers: Array<{ image: string }> }).containers[0].image).toBe("a:1.2");
    expect(at(text, ["spec", "containers", 0, "image"])).toBe(where(text, "image: a:1.2"));
  });

  it("a missing path resolves to its closest existing ancestor", () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1.0
          securityContext:
            runAsNonRoot: true
        - image: side:1.0
          name: side
`;
    expect(at(text, [...C, 0, "securityContext", "capabilities", "drop"])).toBe(where(text, "securityContext:"));
    expect(at(text, [...C, 0, "resources", "limits"])).toBe(where(text, "name: api", 1));
    // A container is pointed at by its first field, whichever it is.
    expect(at(text, [...C, 1, "resources"])).toBe(where(text, "image: side"));
    expect(at(text, [...C, 7, "image"])).toBe(where(text, "containers:"));
    expect(at(text, ["spec", "template", "spec", "volumes", 0])).toBe(where(text, "spec:", 1));
    // A path through a scalar stops at the scalar.
    expect(at(text, ["metadata", "name", "first"])).toBe(where(text, "name: api"));
    const range = resources(text)[0].locator.range([...C, 0, "securityContext", "capabilities"]);
    expect(range.endLine).toBe(range.line);
  });

  it("a scalar value is underlined with its key, a block collection only at its key", () => {
    const text = `${POD}    - name: a
      image: "a:latest"
      securityContext:
        runAsUser: 0
`;
    const r = resources(text)[0].locator;
    const image = r.range(["spec", "containers", 0, "image"]);
    expect(`${image.line}:${image.column}`).toBe(where(text, "image:"));
    expect(`${image.endLine}:${image.endColumn}`).toBe(where(text, `"a:latest"\n`).replace(/:(\d+)$/, (_, c) => `:${Number(c) + `"a:latest"`.length}`));
    const sc = r.range(["spec", "containers", 0, "securityContext"]);
    expect(sc.endLine).toBe(sc.line);
  });

  it("items of a kind: List are located inside the list", () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: one
  - apiVersion: v1
    kind: Pod
    metadata:
      name: two
    spec:
      containers:
        - name: a
          image: a:latest
`;
    const list = resources(text);
    expect(list.map((r) => `${r.object.kind}/${r.object.metadata?.name}`)).toEqual(["ConfigMap/one", "Pod/two"]);
    expect(list[1].listIndex).toBe(1);
    const r = list[1].locator.range(["spec", "containers", 0, "image"]);
    expect(`${r.line}:${r.column}`).toBe(where(text, "image: a:latest"));
    const n = list[0].locator.range(["metadata", "name"]);
    expect(`${n.line}:${n.column}`).toBe(where(text, "name: one"));
  });

  it("a document after others in the same file keeps its own positions", () => {
    const doc = (n: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${n}
spec:
  containers:
    - name: c
      image: ${n}:latest
`;
    const text = `# first\n---\n${doc("one")}---\n\n---\n# comment only\n---\n${doc("two")}`;
    const rs = resources(text);
    // A comment before the first `---` belongs to the first document; the empty and the
    // comment-only documents between them still count as documents.
    expect(rs.map((r) => r.docIndex)).toEqual([0, 3]);
    const image = rs[1].locator.range(["spec", "containers", 0, "image"]);
    expect(`${image.line}:${image.column}`).toBe(where(text, "image: two:latest"));
  });
});
