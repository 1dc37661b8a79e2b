import { describe } from "vitest";
import { findKustomizeTool } from "../../src/render/kustomize.js";

const tool = findKustomizeTool();

/** describe() for tests that build with the real kubectl kustomize (or kustomize): skipped, visibly, without one. */
export function describeWithKustomize(name: string, body: () => void): void {
  if (!tool) console.warn(`${name}: SKIPPED, neither kubectl nor kustomize is installed`);
  describe.skipIf(!tool)(name, body);
}
