#!/usr/bin/env node
// Writes docs/rules/*.md and schema/*.json from rule metadata, straight from the sources (`npm run docs`).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { importSource } from "./import-source.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { generatedFiles, readmeWithRules, RULE_DOCS_DIR } = await importSource({
  generatedFiles: "src/docs/generated-files.ts#generatedFiles",
  readmeWithRules: "src/docs/generated-files.ts#readmeWithRules",
  RULE_DOCS_DIR: "src/docs/generated-files.ts#RULE_DOCS_DIR",
});
const files = generatedFiles();
let written = 0;
for (const [rel, text] of files) {
  const abs = path.join(root, rel);
  if (fs.existsSync(abs) && fs.readFileSync(abs, "utf8") === text) continue;
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
  written++;
}
const readmePath = path.join(root, "README.md");
const readme = fs.readFileSync(readmePath, "utf8");
const newReadme = readmeWithRules(readme);
if (newReadme !== undefined && newReadme !== readme) {
  fs.writeFileSync(readmePath, newReadme);
  written++;
}
let removed = 0;
for (const name of fs.readdirSync(path.join(root, RULE_DOCS_DIR))) {
  if (name.endsWith(".md") && !files.has(`${RULE_DOCS_DIR}/${name}`)) {
    fs.rmSync(path.join(root, RULE_DOCS_DIR, name));
    removed++;
  }
}
console.log(`docs: ${files.size} generated files, ${written} updated, ${removed} stale removed`);
