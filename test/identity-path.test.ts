import { describe, expect, it } from "vitest";
import { identityPath } from "../src/engine/identity-path.js";
import { printablePath } from "../src/engine/message-values.js";

const pod = {
  spec: {
    containers: [
      {
        name: "app",
        args: ["--token", "Tq4kZm8pW2xRvN6sHx7kLm2p"],
        env: [{ name: "DB_PASSWORD", value: "x" }, { value: "nameless" }],
        securityContext: { capabilities: { add: ["NET_RAW", "SYS_ADMIN"] } },
      },
      { name: "odd name]", image: "x" },
    ],
  },
  rules: [{ verbs: ["get", "*"] }],
};

const id = (path: Array<string | number>) => identityPath(pod, path, printablePath(path));

describe("identityPath", () => {
  it("names containers, env entries and capabilities instead of numbering them", () => {
    expect(id(["spec", "containers", 0, "securityContext", "capabilities", "add", 1])).toBe("spec.containers[name=app].securityContext.capabilities.add[value=SYS_ADMIN]");
    expect(id(["spec", "containers", 0, "env", 0, "value"])).toBe("spec.containers[name=app].env[name=DB_PASSWORD].value");
    expect(id(["rules", 0, "verbs", 1])).toBe("rules[0].verbs[value=*]");
  });

  it("keeps the index of an item with no name, and of free text, which could be a credential", () => {
    expect(id(["spec", "containers", 0, "env", 1, "value"])).toBe("spec.containers[name=app].env[1].value");
    expect(id(["spec", "containers", 0, "args", 1])).toBe("spec.containers[name=app].args[1]");
    expect(id(["spec", "containers", 0, "args", 1])).not.toContain("Tq4kZm8p");
  });

  it("quotes a name that is not one word, and is undefined when nothing is named", () => {
    expect(id(["spec", "containers", 1, "image"])).toBe('spec.containers[name="odd name]"].image');
    expect(id(["spec", "containers", 5])).toBeUndefined();
    expect(id(["metadata", "name"])).toBeUndefined();
  });

  it("shows a key that could be a credential as the report's path does", () => {
    const doc = { data: { "password:Tq4kZm8pW2xRvN6s": [{ name: "a" }] } };
    const path = ["data", "password:Tq4kZm8pW2xRvN6s", 0];
    const shown = identityPath(doc, path, printablePath(path));
    expect(shown).toBe('data["<key of 25 characters>"][name=a]');
  });
});
