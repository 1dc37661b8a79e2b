import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/cel/engine.js";
import { lintFixture } from "./helpers/fixtures.js";
import { testTempDir } from "./helpers/temp-dir.js";

// Where k8slint's CEL gave another result than cel-go and the Kubernetes CEL libraries, the API
// server's evaluator: each case says what the upstream code does, and where. A wrong result is a false
// alarm (a valid object "denied") or a miss; what k8slint cannot evaluate as cel-go does is skipped
// ("not evaluated"), never judged by another meaning.

type Result = { value: unknown } | { error: string } | { skipped: string } | { invalid: string };

function evaluate(expression: string): Result {
  const c = compile(expression, ["self"]);
  if (!c.ok) return c.kind === "unsupported" ? { skipped: c.message } : { invalid: c.message };
  const r = c.run({ self: null });
  if (r.ok) return { value: r.value };
  return r.kind === "unsupported" ? { skipped: r.message } : { error: r.message };
}

const value = (expression: string): unknown => {
  const r = evaluate(expression);
  if (!("value" in r)) throw new Error(`${expression}: ${JSON.stringify(r)}`);
  return r.value;
};

const MIN = "(-9223372036854775807 - 1)";

// google/cel-go ext/strings.go (vendored by Kubernetes: vendor/github.com/google/cel-go/ext/strings.go):
// charAt, indexOf, lastIndexOf and substring index []rune(str), code points; size() is len([]rune(s))
// (common/types/string.go). JavaScript's own string functions count UTF-16 code units.
describe("string functions count code points, as cel-go's ext.Strings does", () => {
  it.each([
    ["size('héllo😀') == 6 && 'héllo😀'.size() == 6", true],
    ["'😀l'.indexOf('l')", 1n],
    ["'😀lal'.lastIndexOf('l')", 3n],
    ["'😀a😀a'.indexOf('a', 2)", 3n],
    ["'😀a😀a'.lastIndexOf('a', 2)", 1n],
    ["'😀abc'.substring(1, 2)", "a"],
    ["'😀abc'.substring(2)", "bc"],
    ["'😀abc'.charAt(1)", "a"],
    ["'😀abc'.charAt(4)", ""],
    // lastIndexOf of '' is len([]rune(str)); indexOf of '' at an offset is the offset, unchecked.
    ["'😀'.lastIndexOf('')", 1n],
    ["'abc'.indexOf('', 10)", 10n],
    // strings.Split with an empty separator splits after each UTF-8 sequence.
    ["'a😀b'.split('')", ["a", "😀", "b"]],
    ["'a😀b'.split('', 2)", ["a", "😀b"]],
    // trim is strings.TrimSpace: unicode.IsSpace has U+0085, not U+FEFF (cel-go's ext/strings_test.go cases).
    ["'\\u0085\\u00a0\\u1680text'.trim()", "text"],
    ["'\\u180etext\\u200b\\u200c\\u200d\\u2060\\ufeff'.trim()", "\u180etext\u200b\u200c\u200d\u2060\ufeff"],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it.each([
    // indexOfOffset: an offset outside [0, len(runes)) is an error, also the implicit 0 of an empty string.
    ["'😀abc'.charAt(5)", /index out of range: 5/],
    ["''.indexOf('a')", /index out of range: 0/],
    ["''.lastIndexOf('a')", /index out of range: -1/],
    ["'😀ab'.indexOf('a', 3)", /index out of range: 3/],
    ["'😀ab'.substring(4)", /index out of range: 4/],
    ["'😀ab'.substring(2, 1)", /invalid substring range. start: 2, end: 1/],
  ])("%s is an error", (expression, message) => {
    const r = evaluate(expression);
    expect(r).toHaveProperty("error");
    expect((r as { error: string }).error).toMatch(message);
  });

  it("keeps the Kubernetes list library's indexOf and lastIndexOf apart from the strings'", () => {
    expect(value("[1, 2, 3].indexOf(2) == 1 && ['a', 'b', 'a'].lastIndexOf('a') == 2 && [1].indexOf(5) == -1")).toBe(true);
    expect(value("dyn(['x', 'y']).indexOf('y') == 1 && dyn('😀y').indexOf('y') == 1")).toBe(true);
  });

  it("names the functions as written in what it says of them, and leaves string literals and comments alone", () => {
    const bad = compile("1.substring(0)", []);
    expect(bad.ok ? "" : bad.message).toMatch(/int\.substring\(int\)/);
    expect(value("'x.indexOf(1)' + 'y.split(2)'")).toBe("x.indexOf(1)y.split(2)");
    // A quote in a comment does not open a string: the call after it is still cel-go's.
    expect(value("// don't count UTF-16 units\n'😀l'.indexOf('l')")).toBe(1n);
  });
});

// common/types/string.go: Compare is strings.Compare, Go's byte order of UTF-8, which is code point
// order; JavaScript compares UTF-16 units, which puts U+10000 and above before U+E000…U+FFFF.
// Kubernetes' lists library (isSorted, min, max) compares with the same Compare.
describe("string ordering is code point order", () => {
  it.each([
    ["'😀' > '\\uffff'", true],
    ["'\\uffff' < '😀'", true],
    ["'😀' >= '\\uffff'", true],
    ["'😀' <= '\\uffff'", false],
    ["dyn('😀') > dyn('\\uffff')", true],
    ["'a😀' < 'a\\ue000'", false],
    ["'a' < 'b' && 'ab' > 'a' && !('b' < 'a')", true],
    ["['\\uffff', '😀'].isSorted() && !['😀', '\\uffff'].isSorted()", true],
    ["['😀', '\\uffff'].max() == '😀' && ['😀', '\\uffff'].min() == '\\uffff'", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

// Go's regexp (RE2 syntax, regexp/syntax doc): `.` is any character (a rune) but \n, so also \r;
// `\s` is [\t\n\f\r ]; a negated class or \S matches one rune. cel-go's matches, and the Kubernetes
// regex library's find/findAll, run Go's regexp.
describe("RE2 patterns match code points, with RE2's classes", () => {
  it.each([
    ["'😀'.matches('^.$')", true],
    ["'😀'.matches('^..$')", false],
    ["'😀😀'.matches('^..$')", true],
    ["'a\\rb'.matches('^a.b$')", true],
    ["'😀'.matches('^[^a]$')", true],
    ["'😀'.matches('^\\\\S$') && '😀'.matches('^\\\\W$') && '😀'.matches('^\\\\D$')", true],
    ["'😀😀'.matches('^😀+$')", true],
    ["'a\\u00a0b'.matches('\\\\s')", false],
    ["'a\\vb'.matches('\\\\s')", false],
    // \a is the bell (regexp/syntax doc.go), JavaScript's an `a`.
    ["!'a'.matches('\\\\a') && '\\a'.matches('^\\\\a$') && '\\a'.matches('^[\\\\a]$')", true],
    ["'a\\u00a0b'.matches('^\\\\S+$')", true],
    ["'😀x'.find('.')", "😀"],
    ["'😀x'.findAll('.')", ["😀", "x"]],
    ["'😀x'.findAll('[^x]')", ["😀"]],
    // regexp.go allMatches: an empty match right after the previous match is not delivered.
    ["'abc'.findAll('b*')", ["", "b", ""]],
    ["'abbc'.findAll('b*', 2)", ["", "bb"]],
    ["'ab'.findAll('a|')", ["a", ""]],
    ["'(?s)'.matches('^[(][?]s[)]$') && 'a\\nb'.matches('(?s)^a.b$') && !'a\\nb'.matches('^a.b$')", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it("a class of a negated escape and other members is one alternative per character, never an ambiguous one", () => {
    // [a\S] as (?:[a]|\S) let an `a` match two ways: a bounded repetition (which V8's linear engine
    // cannot run) then backtracked exponentially, 2^n on n `a`s before a mismatch.
    const start = Date.now();
    expect(value(`'${"a".repeat(27)} '.matches('^[a\\\\S]{1,60}$')`)).toBe(false);
    expect(value(`'${"7".repeat(27)} '.matches('^[\\\\d\\\\S]{1,60}$')`)).toBe(false);
    expect(value(`'${"😀".repeat(27)} '.matches('^[😀😀]{1,60}$')`)).toBe(false);
    expect(Date.now() - start).toBeLessThan(1500);
  });

  it.each([
    ["'a😀 '.matches('^[a\\\\S]+ $')", true],
    ["' '.matches('^[a\\\\S]$')", false],
    ["'7x😀'.matches('^[\\\\d\\\\W]+x[\\\\d\\\\W]$')", true],
    ["'x'.matches('^[\\\\d\\\\W]$')", false],
    // (?i) folds each part: a or A, or no word character (parse.go, appendFoldedClass before the negation).
    ["'A'.matches('(?i)^[a\\\\W]$') && '-'.matches('(?i)^[a\\\\W]$') && !'X'.matches('(?i)^[a\\\\W]$')", true],
    ["'\\n'.matches('^[\\\\s\\\\S]$') && '😀'.matches('^[\\\\s\\\\S]$') && '😀'.matches('^[😀\\\\S]$')", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  // parse.go parseClass: after \s or a [:name:] the next `-` is a member, never the end of a range
  // (a range is two single characters); written out, \s ends in a space, and ` -.` would be one.
  it.each([
    ["'a!b'.matches('^[\\\\w\\\\s-.]+$')", false],
    ["'a-b. c'.matches('^[\\\\w\\\\s-.]+$')", true],
    ["'!'.matches('^[[:space:]-z]$') || '!'.matches('^[^\\\\s-.]$') == false", false],
    ["'.'.matches('^[\\\\s--/]$') && !'!'.matches('^[\\\\s--/]$')", true],
    ["'9'.matches('^[+\\\\D-9]$') && '-'.matches('^[+\\\\D-9]$') && !'5'.matches('^[+\\\\D-9]$')", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it.each([
    ["'aa'.matches('^a{2}$') && 'a'.matches('^a{1,1000}$')", true],
    ["'(?=x)'.matches('^[(][?]=x[)]$') && '\\\\1'.matches('^\\\\\\\\1$')", true],
  ])("%s: counts up to 1000, and the characters of a lookaround or backreference written as literals, are RE2's too", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });

  it.each([
    // RE2 has \pL; JavaScript without the u flag reads it as "pL".
    "'a'.matches('\\\\pL')",
    "'a'.find('\\\\pL') == 'a'",
    // (?m): Go's ^ and $ see only \n as a line break, JavaScript's also \r, U+2028 and U+2029.
    "'a\\rb'.matches('(?m)^b')",
    // \A and \z are the text's ends also under (?m) (regexp/syntax doc.go); JavaScript has no such anchor.
    "'a\\nb'.matches('(?m)\\\\Ab')",
    "'a\\nx'.matches('(?m)a\\\\z')",
    // RE2 refuses what JavaScript runs (regexp/syntax parse.go): backreferences, lookarounds, repetition
    // counts above 1000. A pattern the expression computes fails in cel-go when the rule runs: no value.
    "'ab'.matches(dyn('a(?=b)'))",
    "'aa'.matches(dyn('(a)\\\\1'))",
    "'a'.matches(dyn('a{1001}'))",
  ])("%s is not evaluated rather than judged", (expression) => {
    expect(evaluate(expression)).toHaveProperty("skipped");
  });

  it.each([
    // Written as a literal, the pattern is compiled with the expression (the API server's environments
    // use cel-go's regex optimisation): the expression does not compile.
    "'ab'.matches('a(?=b)')",
    "'ab'.matches('a(?!c)')",
    "'ab'.matches('(?<=a)b')",
    "'ab'.matches('(?<!c)b')",
    "'aa'.matches('(a)\\\\1')",
    "'aa'.matches('(?<x>a)\\\\k<x>')",
    "'a'.matches('a{1001}')",
    "'a'.find('a{1,1001}') == ''",
    "matches('ab', 'a(?=b)')",
  ])("%s does not compile", (expression) => {
    expect(evaluate(expression)).toHaveProperty("invalid");
  });
});

// common/types/overflow.go: negateInt64Checked, divideInt64Checked and moduloInt64Checked fail on
// MinInt64 with -1, as addInt64Checked and the others fail past int64's range; doubleToInt64Checked
// fails at or past ±2^63; addDurationChecked and addTimeDurationChecked fail past int64 nanoseconds and
// past the years 0001…9999.
describe("int64 overflow is an error, never a wider number", () => {
  it.each([
    `-${MIN}`,
    `${MIN} / -1`,
    `${MIN} % -1`,
    `-dyn(${MIN})`,
    `dyn(${MIN}) / dyn(-1)`,
    `[${MIN}].map(x, -x)`,
    "9223372036854775807 + 1",
    "int(9.3e18)",
    "int(-9.3e18)",
    "int(9223372036854775807.0)",
    "int(-9223372036854775808.0)",
    "int(18446744073709551615u)",
    "duration('9223372036s') + duration('1s')",
    "duration('-9223372036s') - duration('1s')",
    "timestamp('9999-12-31T23:59:59Z') + duration('1s')",
    "timestamp('0001-01-01T00:00:00Z') - duration('1s')",
  ])("%s", (expression) => {
    const r = evaluate(expression);
    expect(r).toHaveProperty("error");
    expect((r as { error: string }).error).toMatch(/overflow/);
  });

  it.each([
    [`${MIN} / 1 == ${MIN} && ${MIN} % 2 == 0 && -5 / 2 == -2 && -5 % 3 == -2`, true],
    ["int(-9.2e18) == -9200000000000000000 && int(5u) == 5 && int(9223372036854775807u) == 9223372036854775807", true],
    ["-(9223372036854775807) == -9223372036854775807", true],
    ["timestamp('9999-12-31T23:59:58Z') + duration('1s') == timestamp('9999-12-31T23:59:59Z')", true],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

// kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/cel/url.go: URL.Equal compares the two
// url.URL values' String(), Go's reassembly of what ParseRequestURI read (scheme lower-cased, the path
// as EscapedPath, the userinfo, a `?` kept for an empty query).
describe("kubernetes.URL equality", () => {
  it.each([
    ["url('https://example.com/a') == url('https://example.com/a')", true],
    ["url('https://example.com/a') != url('https://example.com/b')", true],
    ["url('HTTPS://example.com/a') == url('https://example.com/a')", true],
    ["url('https://example.com/%7E') == url('https://example.com/~')", false],
    ["url('https://example.com/a%20b') == url('https://example.com/a b')", true],
    ["url('https://u@example.com/') == url('https://example.com/')", false],
    ["url('https://u:p@example.com/') == url('https://u:p@example.com/')", true],
    ["url('https://example.com/a?') == url('https://example.com/a')", false],
    ["url('https:/a') == url('https:///a')", false],
    ["url('mailto:a@example.com') == url('mailto:b@example.com')", false],
    ["[url('https://example.com/a')] == [url('https://example.com/a')]", true],
    ["{'u': url('https://example.com/a')} == {'u': url('https://example.com/b')}", false],
    // parse: "*" is a URL (Path "*"); a userinfo with a space is refused (validUserinfo).
    ["isURL('*') && url('*').getEscapedPath() == '*'", true],
    ["isURL('https://a b@example.com/')", false],
  ])("%s", (expression, expected) => {
    expect(value(expression)).toBe(expected);
  });
});

// cel-go parses optional list elements and map entries ([?x], {?k: v}, parser/parser.go with
// EnableOptionalSyntax, which Kubernetes turns on); the library k8slint uses does not, so such an
// expression is not evaluated. The API server compiles it: it is never "does not compile".
describe("optional list elements and map entries", () => {
  it.each(["[?optional.of(1)]", "{?'a': optional.none()}", "[1, ?self.?x]", "self.?a.orValue([?optional.of(1)]).size() > 0"])("%s is not evaluated", (expression) => {
    expect(evaluate(expression)).toHaveProperty("skipped");
  });

  it("a syntax error elsewhere is still one", () => {
    expect(evaluate("[1, 2")).toHaveProperty("invalid");
    expect(evaluate("self ? ")).toHaveProperty("invalid");
  });
});

describe("the admission-policy and crd-validation rules", () => {
  const policy = (name: string, expression: string) =>
    [
      "apiVersion: admissionregistration.k8s.io/v1",
      "kind: ValidatingAdmissionPolicy",
      `metadata: {name: ${name}}`,
      "spec:",
      "  matchConstraints:",
      '    resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]',
      "  validations:",
      `    - expression: ${JSON.stringify(expression)}`,
      `      message: ${name}`,
      "---",
      "apiVersion: admissionregistration.k8s.io/v1",
      "kind: ValidatingAdmissionPolicyBinding",
      `metadata: {name: ${name}}`,
      `spec: {policyName: ${name}, validationActions: [Deny]}`,
      "---",
    ].join("\n");

  it("deny a ConfigMap only as the API server would", () => {
    const dir = testTempDir("k8slint-cel-parity-");
    fs.writeFileSync(
      path.join(dir, "policies.yaml"),
      [
        // The object passes all of these in the API server.
        policy("emoji-first", "object.data.title.indexOf('!') == 1"),
        policy("ordered", "object.data.first < object.data.second"),
        policy("one-character", "object.data.title.matches('^.!$')"),
        policy("optional-list", "[?object.data.?missing, object.data.title].size() == 1"),
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: settings, namespace: default}",
        'data: {title: "😀!", first: "\\uffff", second: "😀"}',
        "",
      ].join("\n"),
    );
    const found = lintFixture(dir).findings.filter((f) => f.ruleId === "admission-policy");
    expect(found.filter((f) => f.severity !== "info").map((f) => f.message)).toEqual([]);
    // The optional list is not evaluated (said at the object), never "does not compile".
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/"optional-list".*was not evaluated/)]);
  });

  it("do not fail a CRD rule k8slint cannot evaluate as cel-go does", () => {
    const dir = testTempDir("k8slint-cel-parity-");
    fs.writeFileSync(
      path.join(dir, "crd.yaml"),
      [
        "apiVersion: apiextensions.k8s.io/v1",
        "kind: CustomResourceDefinition",
        "metadata: {name: widgets.example.com}",
        "spec:",
        "  group: example.com",
        "  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}",
        "  scope: Namespaced",
        "  versions:",
        "    - name: v1",
        "      served: true",
        "      storage: true",
        "      schema:",
        "        openAPIV3Schema:",
        "          type: object",
        "          properties:",
        "            spec:",
        "              type: object",
        "              x-kubernetes-validations:",
        "                - rule: \"self.name.matches(r'^\\\\pL+$')\"",
        "                - rule: \"self.name.substring(1) == 'b'\"",
        "              properties:",
        "                name: {type: string}",
        "---",
        "apiVersion: example.com/v1",
        "kind: Widget",
        "metadata: {name: w, namespace: default}",
        'spec: {name: "😀b"}',
        "",
      ].join("\n"),
    );
    const found = lintFixture(dir).findings.filter((f) => f.ruleId === "crd-validation");
    expect(found.filter((f) => f.severity !== "info").map((f) => f.message)).toEqual([]);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/not evaluated/)]);
  });
});
