import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** The installed package's root (where package.json, schema/, kube-schemas/ and docs/ are), from src/ or the bundle in dist/. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "schema"))) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) return (cached = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."));
    dir = parent;
  }
}
