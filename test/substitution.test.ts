import { describe, expect, it } from "vitest";
import { holdsDefault, holdsUnknown, substitutedObject } from "../src/model/substitution.js";
import { lint } from "../src/lint.js";
import { RULE_FIXTURES } from "./helpers/fixtures.js";
import schema from "../rules/schema.js";
import crdValidation from "../rules/crd-validation.js";

// Custom resources are validated after Flux's post-build substitution (or envsubst) as the built-in
// kinds are: a variable's default stands for the value, a variable without one is not judged.

describe("substitutedObject", () => {
  it("reads each default as YAML, keeps other variables, and leaves the object unchanged", () => {
    const object = { spec: { ctx: { runAsUser: "${PUID:=1000}", runAsGroup: "${PGID}" }, modes: ["${MODE:=ReadWriteOnce}"], name: "plain" } };
    const s = substitutedObject(object);
    expect(s.value).toEqual({ spec: { ctx: { runAsUser: 1000, runAsGroup: "${PGID}" }, modes: ["ReadWriteOnce"], name: "plain" } });
    expect(object.spec.ctx.runAsUser).toBe("${PUID:=1000}");
    expect([...s.defaults].sort()).toEqual([JSON.stringify(["spec", "ctx", "runAsUser"]), JSON.stringify(["spec", "modes", 0])]);
    expect(s.unknown).toEqual([["spec", "ctx", "runAsGroup"]]);
    expect(holdsUnknown(s, ["spec", "ctx"])).toBe(true);
    expect(holdsUnknown(s, ["spec", "modes"])).toBe(false);
    expect(holdsDefault(s, ["spec", "modes"])).toBe(true);
    expect(holdsDefault(s, ["spec", "mode"])).toBe(false);
    expect(holdsDefault(s, [])).toBe(true);
  });

  it("returns the object itself when it holds no variable", () => {
    const object = { spec: { replicas: 2, name: "a" } };
    expect(substitutedObject(object).value).toBe(object);
  });
});

describe("custom resources with variables", () => {
  it("say a refused value is the variable's default, and offer no correction", () => {
    const { findings } = lint({ paths: [`${RULE_FIXTURES}/schema/substituted-custom-resource`], cwd: RULE_FIXTURES, fixes: true, rules: [schema] });
    const messages = findings.filter((f) => f.ruleId === "schema").map((f) => f.message);
    expect(messages).toHaveLength(4);
    for (const m of messages) expect(m).toMatch(/\(in its variable's default\)$/);
    expect(findings.flatMap((f) => f.suggestions ?? [])).toEqual([]);
  });

  it("judge a CRD's pattern and rules by the defaults", () => {
    const { findings } = lint({ paths: [`${RULE_FIXTURES}/crd-validation/substituted-defaults`], cwd: RULE_FIXTURES, rules: [crdValidation] });
    expect(findings.map((f) => `${f.line} ${/\((in its variable's default|evaluated with its variables' defaults)\)$/.test(f.message)}`).sort()).toEqual(["10 true", "11 true", "12 true"]);
  });
});
