import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { Shape, pruneSchema } from "../src/schema/schema-shape.js";

// A CRD schema is compiled only for the fields its resources have: the pruned schema must judge
// those resources exactly as the whole schema does.

const schema = {
  type: "object",
  required: ["spec"],
  properties: {
    spec: {
      type: "object",
      additionalProperties: false,
      properties: {
        replicas: { type: "integer", minimum: 0 },
        mode: { enum: ["a", "b"] },
        unused: { type: "object", properties: { deep: { type: "string" } } },
        labels: { type: "object", additionalProperties: { type: "string", maxLength: 5 } },
        ports: { type: "array", items: { type: "object", required: ["port"], properties: { port: { type: "integer" }, name: { type: "string" } } } },
        either: { anyOf: [{ type: "string" }, { type: "object", properties: { x: { type: "integer" } } }] },
        never: { not: { type: "object", properties: { y: { type: "string" } }, required: ["y"] } },
      },
    },
  },
};

const objects: unknown[] = [
  { spec: { replicas: 2, mode: "a", ports: [{ port: 80 }, { name: "x" }] } },
  { spec: { replicas: -1, mode: "c", labels: { a: "ok", b: "too long" } } },
  { spec: { either: { x: "no" }, never: { y: "s" }, extra: true } },
  { spec: { either: "fine", never: { y: 1 }, ports: "not a list" } },
  { metadata: {} },
  { spec: [] },
];

describe("pruneSchema", () => {
  it("gives every object the same verdict and errors as the whole schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const whole = ajv.compile(schema);
    const shape = new Shape();
    for (const o of objects) shape.add(o);
    const pruned = ajv.compile(pruneSchema(schema, shape) as object);
    for (const o of objects) {
      expect(pruned(o)).toBe(whole(o));
      const strip = (errs: typeof whole.errors) => (errs ?? []).map((e) => [e.instancePath, e.keyword, e.message]);
      expect(strip(pruned.errors)).toEqual(strip(whole.errors));
    }
  });

  it("drops what no object reaches", () => {
    const shape = new Shape();
    shape.add({ spec: { replicas: 1 } });
    const pruned = pruneSchema(schema, shape) as { properties: { spec: { properties: Record<string, unknown> } } };
    expect(pruned.properties.spec.properties.unused).toBe(true);
    expect(pruned.properties.spec.properties.replicas).toEqual({ type: "integer", minimum: 0 });
    expect(Object.keys(pruned.properties.spec.properties)).toEqual(Object.keys(schema.properties.spec.properties));
  });
});
