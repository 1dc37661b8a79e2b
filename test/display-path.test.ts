import path from "node:path";
import { describe, expect, it } from "vitest";
import { displayPath } from "../src/lint.js";

// displayPath cuts the working directory off a discovered file's path without path.relative when
// both are plain absolute paths; every other shape must still give what path.relative gives.

function byRelative(file: string, cwd: string): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  return rel && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : abs;
}

describe("displayPath", () => {
  it("gives path.relative's answer for every shape of path", () => {
    const cwds = ["/work/repo", "/work/repo/", "/", "/work/./repo", "/work/x/../repo", "work/repo"];
    const files = [
      "/work/repo/a.yaml",
      "/work/repo/k8s/app/deploy.yaml",
      "/work/repo",
      "/work/repo/",
      "/work/repository/a.yaml",
      "/work/repo//k8s/a.yaml",
      "/work/repo/./k8s/a.yaml",
      "/work/repo/k8s/../a.yaml",
      "/work/repo/k8s/..",
      "/work/repo/k8s/.",
      "/work/other/a.yaml",
      "/a.yaml",
      "k8s/a.yaml",
      "../up/a.yaml",
    ];
    for (const cwd of cwds) for (const file of files) expect(displayPath(file, cwd), `${file} from ${cwd}`).toBe(byRelative(file, cwd));
  });

  it("names standard input and given sources as before", () => {
    expect(displayPath("-", "/work")).toBe("<stdin>");
    expect(displayPath("<inline.yaml>", "/work")).toBe("<inline.yaml>");
  });
});
