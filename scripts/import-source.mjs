// Imports TypeScript modules of this repository from a development script (docs, benchmarks): esbuild
// bundles them, with the libraries left to node_modules, into one temporary module, which is imported
// and deleted. The committed dist/ exports only the public API; these scripts need internals.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** `exports` maps a name to "module#export", e.g. { parseSource: "src/load/parse.ts#parseSource" }. */
export async function importSource(exports) {
  const contents = Object.entries(exports)
    .map(([name, spec]) => {
      const [file, exported] = spec.split("#");
      return `export { ${exported} as ${name} } from ${JSON.stringify(`./${file}`)};`;
    })
    .join("\n");
  // Inside the repository's node_modules reach, so the external libraries resolve; removed at once.
  const outfile = path.join(ROOT, "node_modules", ".cache", `k8slint-source-${process.pid}-${Date.now()}.mjs`);
  await esbuild.build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    fs.rmSync(outfile, { force: true });
  }
}
