import { describe, expect, it } from "vitest";
import { compile } from "../src/cel/engine.js";
import { parseFieldPath } from "../src/cel/field-path.js";
import { toCel } from "../src/cel/values.js";

// CEL as the API server evaluates it: the Kubernetes libraries, the cost bound, and what is not evaluated.

function run(expression: string, vars: Record<string, unknown> = {}) {
  const c = compile(expression, ["self"]);
  if (!c.ok) return c;
  return c.run({ self: toCel(vars.self ?? null) });
}

function value(expression: string, self?: unknown): unknown {
  const r = run(expression, { self });
  if (!r.ok) throw new Error(`${expression}: ${r.kind} ${r.message}`);
  return r.value;
}

describe("Kubernetes CEL libraries", () => {
  it.each([
    ["[1, 2, 3].isSorted()", true],
    ["[3, 1].isSorted()", false],
    ["[1, 2, 3].sum() == 6", true],
    ["[4, 2, 9].min() == 2 && [4, 2, 9].max() == 9", true],
    ["['a', 'b', 'a'].indexOf('a') == 0 && ['a', 'b', 'a'].lastIndexOf('a') == 2", true],
    ["'abc 123 def 456'.find('[0-9]+') == '123'", true],
    ["'abc 123 def 456'.findAll('[0-9]+') == ['123', '456']", true],
    ["'abc'.matches('^a.c$') && 'ABC'.find('(?i)b') == 'B'", true],
    ["'ABC'.matches('(?i)^abc$') && matches('x-1', '^x-(?P<n>[0-9])$') && 'no matches(here)' == 'no matches(here)'", true],
    ["'hello'.charAt(1) == 'e' && 'hello'.reverse() == 'olleh'", true],
    ["'a-b-c'.replace('-', '+') == 'a+b+c' && 'a-b-c'.replace('-', '+', 1) == 'a+b-c'", true],
    ["'%s has %d replicas'.format(['web', 3]) == 'web has 3 replicas'", true],
    ["isURL('https://example.com:8443/a?b=c') && url('https://example.com:8443/a').getPort() == '8443'", true],
    ["url('https://example.com/a').getHostname() == 'example.com' && url('https://example.com/a').getScheme() == 'https'", true],
    ["isIP('10.0.0.1') && !isIP('10.0.0.256') && ip('10.0.0.1').family() == 4 && ip('::1').isLoopback()", true],
    ["cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP('11.0.0.1')", true],
    ["cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && string(cidr('192.168.1.7/24').masked()) == '192.168.1.0/24' && cidr('10.0.0.0/8').prefixLength() == 8", true],
    ["quantity('1Gi').isGreaterThan(quantity('1G')) && quantity('500m').compareTo(quantity('0.5')) == 0", true],
    ["isQuantity('2Gi') && !isQuantity('2 GB') && quantity('2k').asInteger() == 2000", true],
    ["semver('v1.2', true).minor() == 2 && isSemver('v1', true) && [1, 2].reverse() == [2, 1]", true],
    ["semver('1.2.3').isLessThan(semver('1.10.0')) && semver('2.0.0').major() == 2 && isSemver('1.0.0-rc.1')", true],
    ["'  x '.trim() == 'x' && 'A'.lowerAscii() == 'a' && 'a,b'.split(',') == ['a', 'b']", true],
    ["optional.of(1).orValue(2) == 1 && optional.none().orValue(2) == 2", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it("binds self to the node, integers as CEL ints", () => {
    expect(value("self.replicas == 3 && self.?missing.orValue(7) == 7", { replicas: 3 })).toBe(true);
    expect(value("self.ratio > 0.5", { ratio: 0.75 })).toBe(true);
  });
});

describe("what cannot be evaluated", () => {
  it("reports a function that is not implemented as unsupported, never as passing", () => {
    expect(run("sets.contains([1], [1])")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("authorizer.group('').resource('pods').check('create').allowed()")).toMatchObject({ ok: false, kind: "unsupported" });
  });

  it("reports a function or form this engine lacks as unsupported (the API server may have it), a syntax error as invalid", () => {
    expect(run("self.frobnicate()")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("self.all(k, v, v > 0)")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("1 +")).toMatchObject({ ok: false, kind: "invalid" });
    expect(run("1 + 'a'")).toMatchObject({ ok: false, kind: "invalid" });
  });

  it("stops a runaway expression at the cost limit instead of hanging", () => {
    const list = `[${Array.from({ length: 60 }, (_, i) => i).join(",")}]`;
    const r = run(`${list}.all(a, ${list}.all(b, ${list}.all(c, ${list}.all(d, a + b + c + d >= 0))))`);
    expect(r).toMatchObject({ ok: false, kind: "cost" });
  });

  it("reports an evaluation error, and a field the object does not set apart (the API server may default it)", () => {
    expect(run("int(self.level) > 1", { self: { level: "debug" } })).toMatchObject({ ok: false, kind: "error" });
    expect(run("self.missing == 1", { self: {} })).toMatchObject({ ok: false, kind: "missing" });
  });
});

describe("field paths", () => {
  it.each([
    ["spec.replicas", ["spec", "replicas"]],
    [".spec.replicas", ["spec", "replicas"]],
    ["spec.containers[0].image", ["spec", "containers", 0, "image"]],
    ["spec.x['a.b'].c", ["spec", "x", "a.b", "c"]],
    ["metadata.labels[\"app.kubernetes.io/name\"]", ["metadata", "labels", "app.kubernetes.io/name"]],
  ])("%s", (text, path) => {
    expect(parseFieldPath(text)).toEqual(path);
  });

  it("refuses what is not a field path", () => {
    expect(parseFieldPath("spec..x")).toBeUndefined();
    expect(parseFieldPath("spec[x]")).toBeUndefined();
    expect(parseFieldPath("")).toBeUndefined();
  });
});
