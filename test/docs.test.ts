import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles, readmeWithRules, RULE_DOCS_DIR } from "../src/docs/generated-files.js";
import { builtinRules } from "../rules/index.js";
import { ruleHelpUri } from "../src/report/links.js";
import { ROOT } from "./helpers/fixtures.js";

describe("generated documentation", () => {
  const files = generatedFiles();

  it("docs/rules and schema/*.json match the rules' metadata (run `npm run docs` when this fails)", () => {
    const stale: string[] = [];
    for (const [rel, text] of files) {
      const abs = path.join(ROOT, rel);
      if (!fs.existsSync(abs) || fs.readFileSync(abs, "utf8") !== text) stale.push(rel);
    }
    const extra = fs
      .readdirSync(path.join(ROOT, RULE_DOCS_DIR))
      .filter((n) => n.endsWith(".md") && !files.has(`${RULE_DOCS_DIR}/${n}`))
      .map((n) => `${RULE_DOCS_DIR}/${n} (no such rule)`);
    expect([...stale, ...extra], "out of date: run `npm run docs`").toEqual([]);
  });

  it("README's rule table lists every built-in rule as its metadata says (run `npm run docs` when this fails)", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const regenerated = readmeWithRules(readme);
    expect(regenerated, "README.md has the rules:start/rules:end markers").toBeDefined();
    expect(readme === regenerated, "README rule table out of date: run `npm run docs`").toBe(true);
    for (const { meta } of builtinRules) expect(readme).toContain(`[${meta.id}](docs/rules/${meta.id}.md)`);
  });

  it("gives every built-in rule a page that its SARIF helpUri points at", () => {
    for (const { meta } of builtinRules) {
      const uri = ruleHelpUri(meta);
      expect(uri).toMatch(new RegExp(`/blob/main/docs/rules/${meta.id}\\.md$`));
      const page = files.get(`${RULE_DOCS_DIR}/${meta.id}.md`);
      expect(page).toContain(`# ${meta.id}\n`);
      expect(page).toContain(meta.remediation);
      expect(page).toContain(meta.rationale);
    }
  });

  it("ships a config schema that completes every built-in rule id and its options", () => {
    const schema = JSON.parse(files.get("schema/config.json")!) as { definitions: { rules: { properties: Record<string, { else: { properties: { options: { properties: object } } } }> } } };
    const props = schema.definitions.rules.properties;
    for (const { meta } of builtinRules) {
      expect(props[meta.id], meta.id).toBeDefined();
      expect(Object.keys(props[meta.id].else.properties.options.properties).sort()).toEqual(Object.keys(meta.options ?? {}).sort());
    }
  });
});
