// js-yaml (the fast parse path, src/load/fast-parse.ts) allocates on every node it composes before it
// knows whether it needs to: composeNode snapshots the parser's state (a 9-field object) before looking
// for a tag or anchor, which starts with `!` or `&`, and readFlowCollection makes its key set
// (Object.create(null)) before looking for `[` or `{`, returning false for every other node. The same
// steps are taken once they are needed, nothing else changes: a run over 10,000 resources allocates
// ~80 MB less (of ~670 MB), and the parser takes 0.85-0.94x the CPU (bench/js-yaml-late.mjs). Applied to the ES build the bundle takes
// (scripts/build.mjs) and to the one the tests load (vitest.config.ts), so the differential test of the
// fast path (test/fast-parse.test.ts) checks the parser the CLI runs.

/** The file patched: js-yaml's ES module build. */
export const JS_YAML_ES = /[\\/]node_modules[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/;

const LATE = [
  {
    from: "const ch = state.input.charCodeAt(state.position);\n        const propertyState = snapshotState(state);",
    to: "const ch = state.input.charCodeAt(state.position);\n        if (ch !== 33 && ch !== 38) break;\n        const propertyState = snapshotState(state);",
  },
  {
    from: "let isMapping;\n    const overridableKeys = /* @__PURE__ */ Object.create(null);",
    to: "let isMapping;\n    let overridableKeys;",
  },
  {
    from: "      _result = {};\n    } else {\n      return false;\n    }\n",
    to: "      _result = {};\n    } else {\n      return false;\n    }\n    overridableKeys = /* @__PURE__ */ Object.create(null);\n",
  },
];

/** `text` (js-yaml.mjs) with the allocations made late; throws when a js-yaml version no longer has them as written. */
export function lateAllocation(text, file) {
  let out = text;
  for (const { from, to } of LATE) {
    if (out.split(from).length !== 2) throw new Error(`${file}: \`${from}\` is not there once; check scripts/js-yaml-late.mjs against this js-yaml version`);
    out = out.replace(from, to);
  }
  // A mark the tests look for (test/js-yaml-late.test.ts); nothing imports it, so the bundle drops it.
  return `${out}\nexport const lateAllocation = true;\n`;
}
