import { describe, expect, it } from "vitest";
import { withDefaults } from "../src/crd/apply-defaults.js";

// The API server's defaulting of custom resources (apiextensions' structural defaulting), applied
// before x-kubernetes-validations rules read the object.

const schema = {
  type: "object",
  properties: {
    metadata: { type: "object", properties: { name: { type: "string", default: "never" } } },
    spec: {
      type: "object",
      default: {},
      properties: {
        replicas: { type: "integer", default: 1 },
        note: { type: "string", nullable: true, default: "kept null" },
        tier: { type: "object", default: { size: "small" }, properties: { size: { type: "string" }, zone: { type: "string", default: "a" } } },
        ports: { type: "array", items: { type: "object", default: { port: 80 }, properties: { protocol: { type: "string", default: "TCP" } } } },
        labels: { type: "object", additionalProperties: { type: "object", properties: { value: { type: "string", default: "-" } } } },
      },
    },
  },
};

describe("CRD defaults before validation", () => {
  it("fills absent fields, recursively into defaults, list items and map values", () => {
    const object = { metadata: { name: "x" }, spec: { ports: [{ port: 53 }, null], labels: { a: {} } } };
    expect(withDefaults(schema, object)).toEqual({
      metadata: { name: "x" },
      spec: {
        replicas: 1,
        note: "kept null",
        tier: { size: "small", zone: "a" },
        ports: [{ port: 53, protocol: "TCP" }, { port: 80, protocol: "TCP" }],
        labels: { a: { value: "-" } },
      },
    });
  });

  it("defaults a null only where the schema is not nullable, and never the root's metadata", () => {
    const out = withDefaults(schema, { metadata: {}, spec: { replicas: null, note: null } }) as { metadata: unknown; spec: Record<string, unknown> };
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.note).toBeNull();
    expect(out.metadata).toEqual({});
  });

  it("leaves the object as it is: a copy where something changed, the same object where nothing did", () => {
    const object = { spec: { replicas: 2, tier: { size: "large", zone: "b" } } };
    const snapshot = structuredClone(object);
    const out = withDefaults(schema, object);
    expect(object).toEqual(snapshot);
    expect(out).not.toBe(object);
    const none = { type: "object", properties: { spec: { type: "object", properties: { replicas: { type: "integer" } } } } };
    expect(withDefaults(none, object)).toBe(object);
  });
});
