// Builds the committed, installable package output in dist/ (`npm run build`):
//
//   dist/k8slint.js       the CLI (bin/k8slint imports it)
//   dist/index.js         the library entry ("k8slint" in package.json's exports)
//   dist/index.d.ts       its types, bundled into one file
//   dist/parse-worker.js  the parse worker (started only for large inputs)
//   dist/chunk-*.js       code shared by those, and the parts loaded only when a run needs them
//   dist/THIRD-PARTY-LICENSES.txt  the licences of the bundled libraries
//
// Every dependency is bundled, so installing the package (npm, npx, pre-commit's `language: node`)
// runs no build step and fetches nothing else. The output is a pure function of the sources: no
// timestamps, no absolute paths, no source maps (they would point at src/, which is not shipped),
// chunk names from content hashes. Data files read at run time (kube-schemas/, schema/, docs/) ship
// beside dist/ and are found from the package root.
//
//   node scripts/build.mjs            rebuild dist/ (files it no longer produces are removed)
//   node scripts/build.mjs --check    exit 1, naming the files, when dist/ differs from a fresh build
//   node scripts/build.mjs --out DIR  build into DIR instead (the freshness test)
//   node scripts/build.mjs --no-types skip dist/index.d.ts (it takes most of the build's time)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { JS_YAML_ES, lateAllocation } from "./js-yaml-late.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const check = args.includes("--check");
const withTypes = !args.includes("--no-types");
const outIndex = args.indexOf("--out");
const outDir = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(ROOT, "dist"));

/** Files the build owns in its output folder: anything else there is left alone. */
const OWNED = /^(k8slint\.js|index\.js|index\.d\.ts|parse-worker\.js|chunk-[A-Za-z0-9]+\.js|THIRD-PARTY-LICENSES\.txt)$/;

/**
 * string-width (yargs' help layout) makes an Intl.Segmenter when it is loaded, which loads ICU's
 * segmentation data: about 25 ms of CPU on every run, a third of Node's own start-up, though only
 * `--help` and usage errors measure text. Here the segmenter is made on first use instead; so is, in
 * string-width 8 (yargs' own copy; cliui's and wrap-ansi's 7 have none), its /^\p{RGI_Emoji}$/v,
 * whose set of emoji strings V8 builds when the literal is evaluated: ~14 ms more on every run.
 */
const LAZY = [
  { eager: "const segmenter = new Intl.Segmenter();", lazy: "let segmenterOnce;\nconst segmenter = {segment: (s) => (segmenterOnce ??= new Intl.Segmenter()).segment(s)};", inEvery: true },
  { eager: "const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;", lazy: "let rgiEmojiOnce;\nconst rgiEmojiRegex = {test: (s) => (rgiEmojiOnce ??= /^\\p{RGI_Emoji}$/v).test(s)};", inEvery: false },
];
const lazySegmenter = {
  name: "lazy-intl-segmenter",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/](?:.*[\\/])?string-width[\\/]index\.js$/ }, async (args) => {
      let text = await fs.promises.readFile(args.path, "utf8");
      for (const { eager, lazy, inEvery } of LAZY) {
        if (text.includes(eager)) text = text.replace(eager, lazy);
        // A string-width that builds the set some other way (not in a comment) must be looked at.
        else if (inEvery || text.includes("\\p{RGI_Emoji}$/v")) {
          throw new Error(`${args.path}: no \`${eager}\` to make lazy; check scripts/build.mjs against this string-width version`);
        }
      }
      return { contents: text, loader: "js" };
    });
  },
};

/**
 * `yaml` ships CommonJS for Node and the same code as ES modules for other platforms. Bundled as
 * CommonJS it is one wrapped module that every chunk importing it copies into a namespace object
 * through getters, loaded whole: the ES build costs ~5 ms less CPU per run (median of 21 interleaved
 * one-file runs) and lets esbuild leave out what nothing imports. Its two files that differ for Node
 * are given Node's behaviour back, so the bundle parses exactly as the tests (which run the Node
 * build) do: `!!binary` decoded by Buffer (lenient, as before; the ES build's atob throws on a stray
 * character), and warnings through process.emitWarning.
 */
const YAML_ES = path.join(ROOT, "node_modules", "yaml", "browser", "dist");
const YAML_AS_NODE = [
  {
    file: path.join("schema", "yaml-1.1", "binary.js"),
    from: "if (typeof atob === 'function') {",
    to: "if (typeof Buffer === 'function') {\n            return Buffer.from(src, 'base64');\n        }\n        else if (typeof atob === 'function') {",
  },
  { file: "log.js", from: "console.warn(warning);", to: "process.emitWarning(warning);" },
];
const yamlEsModules = {
  name: "yaml-es-modules",
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: path.join(YAML_ES, "index.js") }));
    for (const { file, from, to } of YAML_AS_NODE) {
      const full = path.join(YAML_ES, file);
      build.onLoad({ filter: new RegExp(`^${full.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`) }, async () => {
        const text = await fs.promises.readFile(full, "utf8");
        if (!text.includes(from)) throw new Error(`${full}: no \`${from}\` to give Node's behaviour; check scripts/build.mjs against this yaml version`);
        return { contents: text.replace(from, to), loader: "js" };
      });
    }
  },
};

/** js-yaml's allocations made where they are needed (scripts/js-yaml-late.mjs). */
const jsYamlLate = {
  name: "js-yaml-late-allocation",
  setup(build) {
    build.onLoad({ filter: JS_YAML_ES }, async (args) => ({ contents: lateAllocation(await fs.promises.readFile(args.path, "utf8"), args.path), loader: "js" }));
  },
};

/**
 * Only the chunk holding esbuild's `__require` (for the CommonJS libraries' require of Node's modules)
 * needs a `require`: making one with createRequire in every chunk cost ~3 ms per run. A chunk keeps
 * the line when `require` appears in it at all (in a string too), so none can lose one it uses.
 */
const REQUIRE_BANNER = 'import{createRequire as __k8slintRequire}from"node:module";const require=__k8slintRequire(import.meta.url);\n';
function withRequireWhereUsed(code) {
  return /(?<![\w$.])require(?![\w$])/.test(code) ? REQUIRE_BANNER + code : code;
}

/**
 * Three builds, not one: the CLI, the library and the parse worker each get their own chunks. Built
 * together, esbuild splits the code every pair of them shares into more, smaller chunks, and a
 * one-file CLI run loaded 20 files instead of 14: each module costs the ES module loader ~0.25 ms
 * (resolve, read, link), ~5 ms of CPU per run in all. dist/ is larger for it (the library repeats
 * code the CLI has); a chunk both builds make alike has one name and is written once.
 */
const BUILDS = [
  { entryPoints: { k8slint: "src/cli.ts" }, splitting: true },
  { entryPoints: { index: "src/index.ts" }, splitting: true },
  // Started only with --jobs 2 or more: one file, loaded by the worker thread alone.
  { entryPoints: { "parse-worker": "src/load/parse-worker.ts" }, splitting: false },
];

async function bundle() {
  const files = new Map();
  const inputs = new Set();
  for (const { entryPoints, splitting } of BUILDS) {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints,
      outdir: "dist",
      bundle: true,
      splitting,
      format: "esm",
      platform: "node",
      target: "node20.19",
      chunkNames: "chunk-[hash]",
      // Whitespace and syntax only: identifiers stay, so an internal error's K8SLINT_DEBUG stack still reads.
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: "none", // collected into THIRD-PARTY-LICENSES.txt instead
      sourcemap: false,
      metafile: true,
      write: false,
      logLevel: "warning",
      plugins: [lazySegmenter, yamlEsModules, jsYamlLate],
    });
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(input);
    for (const f of result.outputFiles) {
      const name = path.relative(path.join(ROOT, "dist"), f.path);
      // CommonJS libraries (ajv, fast-glob, js-yaml) call require() for Node's modules: give ESM output one.
      const data = Buffer.from(withRequireWhereUsed(f.text));
      if (files.has(name) && !files.get(name).equals(data)) throw new Error(`dist/${name}: two builds made different files of one name`);
      files.set(name, data);
    }
  }
  files.set("THIRD-PARTY-LICENSES.txt", Buffer.from(thirdPartyLicenses([...inputs].sort())));
  return files;
}

/** The licence text of every package (each version: yargs and cliui bundle two string-widths) whose code is in the bundle, in name order. */
function thirdPartyLicenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!m) continue;
    const dir = path.join(ROOT, m[1]);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    packages.set(`${m[2]}@${pkg.version}`, { dir, pkg });
  }
  const parts = [];
  for (const id of [...packages.keys()].sort()) {
    const { dir, pkg } = packages.get(id);
    const licenseFile = fs.readdirSync(dir).sort().find((f) => /^(licen[sc]e|copying)(\.|$)/i.test(f));
    const text = licenseFile ? fs.readFileSync(path.join(dir, licenseFile), "utf8").trim() : `${pkg.license ?? "see the package"}`;
    parts.push(`${id} (${pkg.license ?? "unknown"})\n\n${text}\n`);
  }
  return `Libraries bundled into dist/ and their licences.\n\n${parts.join(`\n${"-".repeat(72)}\n\n`)}`;
}

/** dist/index.d.ts: the library's public types in one file, as tsc declares them. */
async function types() {
  const { generateDtsBundle } = await import("dts-bundle-generator");
  const [text] = generateDtsBundle([{ filePath: path.join(ROOT, "src/index.ts"), output: { noBanner: true, exportReferencedTypes: false } }], {
    preferredConfigPath: path.join(ROOT, "tsconfig.json"),
  });
  return Buffer.from(text);
}

const files = await bundle();
if (withTypes) files.set("index.d.ts", await types());

const existing = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => OWNED.test(f) && (withTypes || f !== "index.d.ts")) : [];
const stale = existing.filter((f) => !files.has(f));
const changed = [...files].filter(([name, data]) => !fs.existsSync(path.join(outDir, name)) || !fs.readFileSync(path.join(outDir, name)).equals(data)).map(([name]) => name);

if (check) {
  if (stale.length + changed.length === 0) process.exit(0);
  process.stderr.write(`dist/ is not what the sources build to (${[...changed, ...stale.map((f) => `${f} (stale)`)].join(", ")}): run \`npm run build\` and commit dist/\n`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
for (const f of stale) fs.rmSync(path.join(outDir, f));
for (const name of changed) fs.writeFileSync(path.join(outDir, name), files.get(name));
