import fs from "node:fs";
import path from "node:path";
import { discover } from "../../src/load/discover.js";
import { renderDirectories } from "../../src/render/render.js";

/** The rendered units of `paths` as a run from `cwd` makes them, files shown relative to it: for tests that ask a locator directly. */
export function renderTree(cwd: string, paths: readonly string[]): ReturnType<typeof renderDirectories> {
  const discovery = discover(paths.map((p) => path.resolve(cwd, p)));
  const real = fs.realpathSync(cwd);
  return renderDirectories(discovery.directories, {}, {
    cwd,
    namespace: "default",
    maxFileBytes: 1 << 20,
    display: (f) => path.relative(real, f),
    discovered: new Set(discovery.files.map((f) => fs.realpathSync(f.path))),
  });
}
