import { describe, expect, it } from "vitest";
import { Optional } from "@marcbachmann/cel-js";
import { compile } from "../src/cel/engine.js";
import { parseFieldPath } from "../src/cel/field-path.js";
import { toCel, toCelBySchema } from "../src/cel/values.js";

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

// The rest of the Kubernetes CEL libraries, with the examples of the Kubernetes CEL reference and of
// cel-go's extension documentation (ext.Sets, ext.Encoders, ext.Math, strings.quote, two-variable
// comprehensions, optMap and optFlatMap).
describe("Kubernetes CEL libraries: sets, base64, math, strings.quote, two-variable comprehensions, optMap", () => {
  it.each([
    // sets: lists as sets, CEL equality (1 == 1.0 == 1u)
    ["sets.contains([], []) && sets.contains([1, 2, 3, 4], [2, 3]) && !sets.contains([1, 2, 3], [4])", true],
    ["sets.contains([1, 2.0, 3u], [1.0, 2u, 3]) && sets.contains([[1], [2, 3]], [[2, 3.0]])", true],
    ["sets.equivalent([], []) && sets.equivalent([1], [1, 1]) && sets.equivalent([1, 2, 3], [3u, 2.0, 1]) && !sets.equivalent([1, 2], [2, 2, 2])", true],
    ["sets.intersects([1], [1, 2]) && sets.intersects([[1], [2, 3]], [[1, 2], [2, 3.0]]) && !sets.intersects([], []) && !sets.intersects([1], [])", true],
    // base64: encode bytes, decode padded or unpadded
    ["base64.encode(b'hello') == 'aGVsbG8=' && base64.decode('aGVsbG8=') == b'hello' && base64.decode('aGVsbG8') == b'hello'", true],
    ["base64.decode(base64.encode(b'policy')).string() == 'policy'", true],
    // math
    ["math.greatest(1) == 1 && math.greatest(1u, 42u) == 42u && math.greatest(-42.0, -21.5, -100.0) == -21.5", true],
    ["math.greatest([-42.0, -21.5, -100.0]) == -21.5 && math.greatest(1, 2.5, 3u) == 3u", true],
    ["math.least(-42.0) == -42.0 && math.least(1u, 42u) == 1u && math.least([-42.0, -21.5, -100.0]) == -100.0", true],
    ["math.ceil(1.2) == 2.0 && math.ceil(-1.2) == -1.0 && math.floor(1.2) == 1.0 && math.floor(-1.2) == -2.0", true],
    ["math.round(1.2) == 1.0 && math.round(1.5) == 2.0 && math.round(-1.5) == -2.0 && math.round(-2.5) == -3.0 && math.trunc(-1.3) == -1.0", true],
    ["math.abs(-1) == 1 && math.abs(1u) == 1u && math.abs(-11.0) == 11.0", true],
    ["math.sign(-42) == -1 && math.sign(0) == 0 && math.sign(42u) == 1u && math.sign(-0.3) == -1.0", true],
    ["math.isInf(1.0/0.0) && !math.isInf(1.2) && math.isNaN(0.0/0.0) && !math.isNaN(1.2) && math.isFinite(1.2) && !math.isFinite(0.0/0.0)", true],
    ["math.bitAnd(3, 5) == 1 && math.bitAnd(3u, 5u) == 1u && math.bitOr(1, 2) == 3 && math.bitOr(1u, 2u) == 3u", true],
    ["math.bitXor(3, 5) == 6 && math.bitXor(3u, 5u) == 6u && math.bitNot(1) == -2 && math.bitNot(0u) == 18446744073709551615u", true],
    ["math.bitShiftLeft(1, 2) == 4 && math.bitShiftLeft(-1, 2) == -4 && math.bitShiftLeft(1u, 2) == 4u && math.bitShiftLeft(1, 200) == 0", true],
    ["math.bitShiftRight(1024, 2) == 256 && math.bitShiftRight(1024u, 64) == 0u && math.bitShiftRight(-1024, 3) == 2305843009213693824", true],
    ["math.sqrt(81) == 9.0 && math.sqrt(985.25) == 31.388692231439016", true],
    // strings.quote
    ["strings.quote('single-quote with \"double quote\"') == '\"single-quote with \\\\\"double quote\\\\\"\"'", true],
    ["strings.quote('two escape sequences \\a\\n') == '\"two escape sequences \\\\a\\\\n\"'", true],
    ["strings.quote('first\\nsecond') == '\"first\\\\nsecond\"' && strings.quote('verbatim') == '\"verbatim\"'", true],
    // IP library: the canonical form
    ["ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd') && !ip.isCanonical('2001:DB8::ABCD') && !ip.isCanonical('2001:db8::0:0:0:abcd')", true],
    // two-variable comprehensions: index and element of a list, key and value of a map
    ["[1, 2, 3].all(i, v, i < v) && !{'a': 1, 'b': 2}.all(k, v, v < 2) && {'x': 'x'}.all(k, v, k == v)", true],
    ["[1, 2].exists(i, v, i == 1 && v == 2) && !{'a': 1}.exists(k, v, k == 'b')", true],
    ["[1, 2, 1].existsOne(i, v, v == 2) && !{'a': 1, 'b': 1}.existsOne(k, v, v == 1) && [5].exists_one(i, v, i == 0)", true],
    ["[1, 2, 3].transformList(i, v, i * v) == [0, 2, 6] && [1, 2, 3].transformList(i, v, i > 0, v) == [2, 3]", true],
    ["{'a': 1, 'b': 2}.transformList(k, v, k + string(v)) == ['a1', 'b2']", true],
    ["{'a': 1, 'b': 2}.transformMap(k, v, v * 10) == {'a': 10, 'b': 20} && {'a': 1, 'b': 2}.transformMap(k, v, v > 1, k) == {'b': 'b'}", true],
    ["['x', 'y'].transformMap(i, v, v + string(i))[1] == 'y1'", true],
    ["{'greeting': 'hello'}.transformMapEntry(k, v, {v: k}) == {'hello': 'greeting'}", true],
    ["[1, 2, 3].all(x, x > 0) && [[1]].all(i, v, v.all(j, w, i == 0 && j == 0 && w == 1))", true],
    // optMap and optFlatMap run on an optional's value, if it has one
    ["optional.of(1) == optional.of(1) && optional.of(1) != optional.none() && optional.none() == optional.none()", true],
    ["optional.of(2).optMap(x, x * 3).value() == 6 && !optional.none().optMap(x, x * 3).hasValue()", true],
    ["optional.of(2).optFlatMap(x, x > 1 ? optional.of(x) : optional.none()).value() == 2 && !optional.of(0).optFlatMap(x, x > 1 ? optional.of(x) : optional.none()).hasValue()", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it("reads manifest values: map keys and values, optional fields", () => {
    const labels = { "app.kubernetes.io/name": "web", team: "payments" };
    expect(value("self.all(k, v, v.size() > 0 && !k.startsWith('kubernetes.io/'))", labels)).toBe(true);
    expect(value("self.exists(k, v, k == 'team' && v == 'payments')", labels)).toBe(true);
    expect(value("sets.contains(self.transformList(k, v, k), ['team'])", labels)).toBe(true);
    expect(value("self.?team.optMap(t, t.upperAscii()).orValue('') == 'PAYMENTS' && !self.?owner.optMap(t, t.upperAscii()).hasValue()", labels)).toBe(true);
    expect(value("base64.decode(self.data).string() == 'hello'", { data: "aGVsbG8=" })).toBe(true);
    expect(value("self.?team == optional.of('payments') && self.?owner == optional.none()", labels)).toBe(true);
  });

  it("fails to evaluate as the API server does: bad input is an error, never a verdict", () => {
    for (const e of [
      "math.greatest([]) == 0",
      "math.abs(-9223372036854775807 - 1) > 0",
      "math.bitShiftLeft(1, -2) == 0",
      "base64.decode('a!==') == b''",
      "{'a': 'x', 'b': 'x'}.transformMapEntry(k, v, {v: k}).size() == 1",
      "ip.isCanonical('not an ip')",
      // an int past int64 is an overflow error, as in cel-go
      "[9223372036854775807, 1].sum() > 0",
    ]) {
      expect(run(e), e).toMatchObject({ ok: false, kind: "error" });
    }
    // An element that errs, where another element decides the result, does not make the result an error.
    expect(value("[0, 1].exists(i, v, 1 / v == 1)")).toBe(true);
    expect(run("[0, 1].all(i, v, 1 / v == 1)")).toMatchObject({ ok: false, kind: "error" });
  });

  it("counts the nodes of two-variable comprehensions against the cost limit", () => {
    const list = `[${Array.from({ length: 60 }, (_, i) => i).join(",")}]`;
    const r = run(`${list}.all(i, a, ${list}.all(j, b, ${list}.all(k, c, ${list}.all(l, d, a + b + c + d + i >= 0))))`);
    expect(r).toMatchObject({ ok: false, kind: "cost" });
  });
});

describe("what cannot be evaluated", () => {
  it("reports a function that is not implemented as unsupported, never as passing", () => {
    expect(run("self.tags.sort() == self.tags", { self: { tags: ["a"] } })).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("authorizer.group('').resource('pods').check('create').allowed()")).toMatchObject({ ok: false, kind: "unsupported" });
  });

  it("reports a function or form this engine lacks as unsupported (the API server may have it), a syntax error as invalid", () => {
    expect(run("self.items.first()")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("self.some.newer.function(k, v, w, v > 0)")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("1 +")).toMatchObject({ ok: false, kind: "invalid" });
    expect(run("1 + 'a'")).toMatchObject({ ok: false, kind: "invalid" });
  });

  it("reports a name no Kubernetes CEL library has as invalid: the API server's type check refuses it", () => {
    expect(run("self.frobnicate()")).toMatchObject({ ok: false, kind: "invalid", message: "undeclared reference to 'frobnicate'" });
    expect(run("self.name.startWith('a')")).toMatchObject({ ok: false, kind: "invalid", message: "undeclared reference to 'startWith'" });
    expect(run("object.spec.replicas > 1")).toMatchObject({ ok: false, kind: "invalid", message: "undeclared reference to 'object'" });
    // Namespaces and macros' iteration variables are not free variables.
    expect(run("format.dns1123Label().validate(self.name)")).toMatchObject({ ok: false, kind: "unsupported" });
    expect(run("self.items.existsOne(i, i > 1)")).toMatchObject({ ok: false, kind: "unsupported" });
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

// Defects found against the API server: each expression is valid there and must evaluate to the value given.
describe("as the API server evaluates it", () => {
  it.each([
    // == of the library types compares values (Quantity.Equal, netip's ==, Version.Equals)
    ["quantity('0.2G') == quantity('200M') && quantity('2M') == quantity('0.002G') && quantity('1') != quantity('2')", true],
    ["quantity('50k').add(quantity('20')) == quantity('50.02k') && quantity('50k').sub(quantity('20')) == quantity('49980')", true],
    ["dyn(quantity('1')) == quantity('1000m') && [quantity('1')].exists(q, q == quantity('1000m'))", true],
    ["ip('10.0.0.1') == ip('10.0.0.1') && ip('10.0.0.1') != ip('10.0.0.2') && ip('::1') == ip('0:0::1')", true],
    ["cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked() && cidr('192.168.0.1/24') != cidr('192.168.0.0/24')", true],
    ["semver('1.2.3') == semver('1.2.3') && semver('1.2.3') == semver('1.2.3+build') && semver('1.2.3') != semver('1.2.3-rc.1')", true],
    // type names under their namespaces
    ["type(ip('192.168.0.1')) == net.IP && type(cidr('10.0.0.0/8')) == net.CIDR && type(url('/x')) != net.IP", true],
    ["type(quantity('1')) == kubernetes.Quantity && type(semver('1.0.0')) == kubernetes.Semver && type(url('/x')) == kubernetes.URL", true],
    // optional.ofNonZeroValue: none for CEL's zero values
    ["optional.ofNonZeroValue(0) == optional.none() && optional.ofNonZeroValue('a').hasValue() && !optional.ofNonZeroValue('').hasValue()", true],
    ["!optional.ofNonZeroValue(0u).hasValue() && !optional.ofNonZeroValue(duration('0s')).hasValue() && optional.ofNonZeroValue(duration('1s')).hasValue()", true],
    ["!optional.ofNonZeroValue([]).hasValue() && !optional.ofNonZeroValue({}).hasValue() && !optional.ofNonZeroValue(null).hasValue() && optional.ofNonZeroValue([0]).hasValue()", true],
    // Quantity: exact comparisons, isInteger when it fits an int64
    ["quantity('1000000001').isGreaterThan(quantity('1G')) && quantity('1000000001').compareTo(quantity('1G')) == 1", true],
    ["quantity('1e18').isInteger() && quantity('1e18').asInteger() == 1000000000000000000 && !quantity('1e19').isInteger() && !quantity('1.5').isInteger()", true],
    ["quantity('-3').sign() == -1 && quantity('0.1').asApproximateFloat() == 0.1", true],
    // Semver: numeric pre-release identifiers compare as numbers, below alphanumeric ones
    ["semver('1.0.0-alpha.10').isGreaterThan(semver('1.0.0-alpha.2')) && semver('1.0.0-alpha').isLessThan(semver('1.0.0-alpha.1'))", true],
    ["semver('1.0.0-alpha.beta').isLessThan(semver('1.0.0-beta')) && semver('1.0.0-1').isLessThan(semver('1.0.0-a')) && semver('1.0.0-rc.1').compareTo(semver('1.0.0-rc.1')) == 0", true],
    // IP and CIDR as netip parses and classifies them
    ["ip('0.1.2.3').isGlobalUnicast() && !ip('0.0.0.0').isGlobalUnicast() && ip('ff12::1').isLinkLocalMulticast()", true],
    ["isIP('::1.2.3.4') && string(ip('::1.2.3.4')) == '::102:304' && !isIP('::ffff:1.2.3.4') && !isIP('::ffff:102:304')", true],
    ["!isCIDR('10.0.0.0/08') && isCIDR('10.0.0.0/8') && isCIDR('0.0.0.0/0')", true],
    // strings: Go's Replace with an empty old string, %s as cel-go writes uint, duration, bytes, timestamp
    ["'abc'.replace('', '-') == '-a-b-c-' && 'abc'.replace('', '-', 2) == '-a-bc' && '😀b'.replace('', '-') == '-😀-b-'", true],
    ["'%s'.format([1u]) == '1' && '%s'.format([duration('1h')]) == '3600s' && '%s'.format([duration('1.5s')]) == '1.5s' && '%s'.format([b'abc']) == 'abc'", true],
    ["'%s'.format([timestamp('2024-01-01T00:00:00Z')]) == '2024-01-01T00:00:00Z' && '%s'.format([[1u, 'a']]) == '[1, a]' && '%d'.format([7u]) == '7'", true],
    // URLs as Go's net/url reads them (ParseRequestURI), not as WHATWG URLs
    ["url('https://example.com:443/x').getHost() == 'example.com:443' && url('https://example.com:443/x').getPort() == '443'", true],
    ["url('https://example.com').getEscapedPath() == '' && url('/a/b').getScheme() == '' && url('/a/b').getHost() == '' && url('/a/b').getEscapedPath() == '/a/b'", true],
    ["url('https://example.com/with space/').getEscapedPath() == '/with%20space/' && url('https://example.com/a%2Fb').getEscapedPath() == '/a%2Fb'", true],
    ["url('https://[::1]:80/').getHost() == '[::1]:80' && url('https://[::1]:80/').getHostname() == '::1' && url('https://user:pw@example.com/x').getHost() == 'example.com'", true],
    ["!isURL('https://a:b:c/') && !isURL('../relative-path') && !isURL('') && !isURL('/x%zz') && isURL('mailto:x@example.com')", true],
    ["url('https://example.com/?a=1&a=2&b&c=x+y').getQuery() == {'a': ['1', '2'], 'b': [''], 'c': ['x y']}", true],
    // lists: CEL equality, so a map equals another with its keys in another order
    ["[{'a': 1, 'b': 2}].indexOf({'b': 2, 'a': 1}) == 0 && [{'a': 1}, {'a': 1}].lastIndexOf({'a': 1.0}) == 1 && [1, 2.0].indexOf(2) == 1", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it("has() of a field of an indexed or computed value, as cel-go's has() macro accepts it", () => {
    const self = { items: [{ name: "a" }, { size: 1 }], containers: [{ image: "nginx", resources: {} }] };
    expect(value("!has(self.items) || has(self.items[0].name)", self)).toBe(true);
    expect(value("has(self.items[1].name)", self)).toBe(false);
    expect(value("has(self.containers[0].resources) && has(self.containers.filter(c, true)[0].image)", self)).toBe(true);
    expect(value("has({'a': {'b': 1}}.a.b) && has([{'a': 1}][0].a) && !has([{'a': 1}][0].b)")).toBe(true);
    // A missing field before the last one is an error, as in cel-go; has() of no field selection does not compile.
    expect(run("has(self.items[1].name.x)", { self })).toMatchObject({ ok: false });
    expect(run("has(self.items[0])", { self })).toMatchObject({ ok: false, kind: "invalid", message: "has() invalid argument" });
  });

  it("reads string fields by their format, as UnstructuredToVal: timestamps, durations, bytes", () => {
    const schema = {
      type: "object",
      properties: {
        at: { type: "string", format: "date-time" },
        day: { type: "string", format: "date" },
        wait: { type: "string", format: "duration" },
        long: { type: "string", format: "duration" },
        data: { type: "string", format: "byte" },
        bad: { type: "string", format: "date-time" },
      },
    };
    const self = toCelBySchema({ at: "2024-03-01T02:00:00+01:00", day: "2030-06-30", wait: "1h30m", long: "2 days", data: "aGVsbG8=", bad: "soon" }, schema);
    const c = compile(
      "self.at > timestamp('2020-01-01T00:00:00Z') && self.at == timestamp('2024-03-01T01:00:00Z') && self.day.getFullYear() == 2030 && self.wait == duration('90m') && self.wait > duration('1h') && self.long == duration('48h') && size(self.data) == 5 && self.data == b'hello' && self.bad == 'soon'",
      ["self"],
    );
    expect(c.ok && c.run({ self })).toEqual({ ok: true, value: true });
  });

  it("types .value() of a dyn optional as dyn: a field of it compiles", () => {
    const rule = compile("!oldSelf.hasValue() || self.replicas >= oldSelf.value().replicas", ["self", "oldSelf"]);
    expect(rule.ok).toBe(true);
    if (rule.ok) {
      expect(rule.run({ self: { replicas: 3n }, oldSelf: Optional.of({ replicas: 2n }) })).toEqual({ ok: true, value: true });
      expect(rule.run({ self: { replicas: 1n }, oldSelf: Optional.of({ replicas: 2n }) })).toEqual({ ok: true, value: false });
      expect(rule.run({ self: { replicas: 1n }, oldSelf: Optional.none() })).toEqual({ ok: true, value: true });
    }
    const variable = compile("variables.lbl.value().app == 'web'", ["object", "variables"]);
    expect(variable.ok && variable.run({ object: {}, variables: { lbl: Optional.of({ app: "web" }) } })).toEqual({ ok: true, value: true });
  });
});

describe("a ternary with a null branch", () => {
  // The Kubernetes documentation's auditAnnotations example: `cond ? '…' : null`.
  it("takes the other branch's type, and evaluates to either", () => {
    expect(value("self > 50 ? 'replicas set to ' + string(self) : null", 60)).toBe("replicas set to 60");
    expect(value("self > 50 ? 'replicas set to ' + string(self) : null", 3)).toBe(null);
    expect(value("self == 0 ? null : 'scaled'", 0)).toBe(null);
  });

  it("still refuses branches of two other types", () => {
    const r = compile("self ? 1 : 'one'", ["self"]);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.message).toMatch(/Ternary branches must have the same type, got 'int' and 'string'/);
  });
});

describe("lowerAscii and upperAscii", () => {
  // cel-go's strings extension changes ASCII letters only; JavaScript's toLowerCase changes every letter.
  it("change ASCII letters only, as cel-go does", () => {
    expect(value("'ÀB'.lowerAscii()")).toBe("Àb");
    expect(value("'àb'.upperAscii()")).toBe("àB");
    expect(value("'Hello-World'.lowerAscii() == 'hello-world'")).toBe(true);
    // The name inside a string literal is text, not a call.
    expect(value("'x.lowerAscii()'")).toBe("x.lowerAscii()");
  });

  it("are named as written in what the library says about them", () => {
    const r = compile("self.lowerAscii()", ["self"]);
    expect(r.ok ? "" : r.message).not.toMatch(/asciiLowered/);
    const bad = compile("1.upperAscii()", []);
    expect(bad.ok ? "" : bad.message).toMatch(/int\.upperAscii\(\)/);
  });
});
