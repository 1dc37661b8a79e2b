/**
 * An RE2 pattern (the API server's syntax, for CRD `pattern` and CEL's regex functions) as a
 * JavaScript regexp with Go's meaning: a leading flag group ((?i), (?s), (?m)) becomes flags, (?P<name>)
 * named groups become (?<name>), \A and \z become ^ and $ (JavaScript's $ without the m flag is the end
 * of the text; with (?m) they are refused), \a the bell, POSIX classes ([[:alpha:]]) their ranges, a `]` first in a class is a member, and \s is
 * RE2's [\t\n\f\r ] (JavaScript's has the Unicode spaces and \v).
 *
 * Go matches runes: `.` is any character but \n (a \r too), and `.`, a negated class, \S, \W and \D each
 * take a whole character beyond U+FFFF, which JavaScript without the u flag sees as two surrogates. So
 * each of those becomes "a surrogate pair, or one unit that is no surrogate and not excluded", and a
 * character beyond U+FFFF written in the pattern a group of its pair. No `u` flag: V8 re-runs a regexp
 * without it on its linear-time engine when it backtracks too much (src/regexp-guard.ts), so a
 * pathological pattern cannot hang the run.
 *
 * Syntax JavaScript would read differently (\pL, \Q…\E, flag groups inside the pattern, a range of
 * characters beyond U+FFFF) throws UnsharedSyntax: callers skip the pattern rather than judge by another
 * meaning. So does what JavaScript runs and RE2 refuses (re2Refusal; regexp/syntax parse.go): backreferences
 * (\1 … \9, \k<name>), lookarounds ((?=, (?!, (?<=, (?<!) and repetition counts above 1000. The API
 * server refuses a CRD whose pattern does not compile, and cel-go a CEL regex that does not: neither
 * says anything of the values.
 */
export class UnsharedSyntax extends SyntaxError {}

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

const PAIR = "[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]";
const SPACE = "\\t\\n\\f\\r ";
/** What \S, \W and \D leave out. */
const NEGATED: Record<string, string> = { S: SPACE, W: "0-9A-Za-z_", D: "0-9" };

/** One character (a pair, or a unit that is no surrogate) outside the class members given. */
function anyBut(members: string): string {
  return `(?:${PAIR}|[^${members}\\uD800-\\uDFFF])`;
}

function unshared(source: string): UnsharedSyntax {
  return new UnsharedSyntax(`RE2 syntax JavaScript does not share: ${source}`);
}

/** A BMP unit as a JavaScript class member. */
function unit(u: number): string {
  return `\\u${u.toString(16).padStart(4, "0")}`;
}

const unions = new Map<string, string>();

/**
 * The BMP units (no surrogate) that are class members or outside one of the negated parts, as one
 * JavaScript class's members. Each part is tested with the pattern's i flag, so the set holds every
 * unit that folds onto a member and reads the same under that flag.
 */
function bmpUnion(members: string, negatedParts: readonly string[], ignoreCase: boolean): string {
  const key = JSON.stringify([members, negatedParts, ignoreCase]);
  const cached = unions.get(key);
  if (cached !== undefined) return cached;
  const flags = ignoreCase ? "i" : "";
  const tests = [...(members ? [new RegExp(`[${members}]`, flags)] : []), ...negatedParts.map((n) => new RegExp(`[^${n}]`, flags))];
  let out = "";
  let from = -1;
  for (let u = 0; u <= 0x10000; u++) {
    const inside = u < 0x10000 && (u < 0xd800 || u > 0xdfff) && tests.some((t) => t.test(String.fromCharCode(u)));
    if (inside && from < 0) from = u;
    if (!inside && from >= 0) {
      out += from === u - 1 ? unit(from) : `${unit(from)}-${unit(u - 1)}`;
      from = -1;
    }
  }
  // Patterns can come from the objects (`self.x.matches(self.pattern)`): the memory stays bounded.
  if (unions.size >= 500) unions.clear();
  unions.set(key, out);
  return out;
}

/** The class opening at `start`, as JavaScript, and the index of its closing `]`. */
function charClass(body: string, start: number, source: string, ignoreCase: boolean): [string, number] {
  let j = start + 1;
  const negated = body[j] === "^";
  if (negated) j++;
  let members = "";
  // Members JavaScript's class cannot hold as Go means them: negated parts (\S, [:^alpha:]), each
  // "any character but these", and characters beyond U+FFFF.
  const negatedParts: string[] = [];
  const astral = new Set<string>();
  if (body[j] === "]") {
    members += "\\]";
    j++;
  }
  // A `-` right after \s, \S, \W, \D or a [:name:] is a member (Go's ranges are of two single
  // characters), but after what they are written as (\s ends in a space; \S leaves the member before
  // it) JavaScript would read a range: it is escaped.
  while (j < body.length && body[j] !== "]") {
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(body.slice(j, j + 12));
    if (posix && POSIX[posix[2]]) {
      if (posix[1]) negatedParts.push(POSIX[posix[2]]);
      else members += POSIX[posix[2]];
      j += posix[0].length;
      if (body[j] === "-") [members, j] = [`${members}\\-`, j + 1];
      continue;
    }
    const c = body[j];
    if (c === "\\") {
      const n = body[j + 1] ?? "";
      if (n === "s") members += SPACE;
      else if (NEGATED[n]) negatedParts.push(NEGATED[n]);
      else if (/[pPQCx]/.test(n) && !(n === "x" && /^[0-9A-Fa-f]{2}/.test(body.slice(j + 2)))) throw unshared(source);
      else members += n === "a" ? "\\x07" : `\\${n}`;
      j += 2;
      if ((n === "s" || NEGATED[n]) && body[j] === "-") [members, j] = [`${members}\\-`, j + 1];
      continue;
    }
    const cp = body.codePointAt(j) ?? 0;
    if (cp > 0xffff) {
      if (body[j + 2] === "-") throw unshared(source);
      astral.add(body.slice(j, j + 2));
      j += 2;
      continue;
    }
    members += c === "[" ? "\\[" : c;
    j++;
  }
  if (j >= body.length) throw new SyntaxError(`missing closing ]: ${source}`);
  if (negated) {
    // [^…] with a negated member ([^\S]) or a character beyond U+FFFF: none of these occur in practice.
    if (negatedParts.length > 0 || astral.size > 0) throw unshared(source);
    return [anyBut(members), j];
  }
  if (negatedParts.length === 0) {
    if (astral.size === 0) return [`[${members}]`, j];
    return [`(?:${[...(members ? [`[${members}]`] : []), ...[...astral].map((a) => `(?:${a})`)].join("|")})`, j];
  }
  // A negated part takes every character beyond U+FFFF. The alternatives must not overlap: with
  // [a\S] as (?:[a]|\S) an `a` matches two ways, and a repetition of it backtracks exponentially.
  if (negatedParts.length === 1 && !members) return [anyBut(negatedParts[0]), j];
  return [`(?:${PAIR}|[${bmpUnion(members, negatedParts, ignoreCase)}])`, j];
}

function translate(body: string, dotAll: boolean, ignoreCase: boolean, multiline: boolean, source: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      const n = body[i + 1] ?? "";
      i++;
      // \A and \z are the ends of the text also under (?m), where JavaScript's ^ and $ are a line's.
      if ((n === "A" || n === "z") && multiline) throw unshared(source);
      else if (n === "A") out += "^";
      else if (n === "z") out += "$";
      else if (n === "a") out += "\\x07";
      else if (n === "s") out += `[${SPACE}]`;
      else if (NEGATED[n]) out += anyBut(NEGATED[n]);
      // An octal escape (\12: re2Refusal leaves only those of \1…\7) JavaScript may read as a backreference.
      else if (/[pPQC1-7]/.test(n) || (n === "x" && !/^[0-9A-Fa-f]{2}/.test(body.slice(i + 1)))) throw unshared(source);
      else out += `\\${n}`;
      continue;
    }
    if (c === "[") {
      const [cls, end] = charClass(body, i, source, ignoreCase);
      out += cls;
      i = end;
      continue;
    }
    if (c === ".") {
      out += anyBut(dotAll ? "" : "\\n");
      continue;
    }
    if (c === "(" && body[i + 1] === "?") {
      if (body.startsWith("(?P<", i)) {
        out += "(?<";
        i += 3;
        continue;
      }
      if (/^\(\?[imsU-]/.test(body.slice(i, i + 3))) throw unshared(source);
    }
    const cp = body.codePointAt(i) ?? 0;
    if (cp > 0xffff) {
      out += `(?:${body.slice(i, i + 2)})`;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * Why Go's regexp refuses a pattern, for the constructs JavaScript runs and RE2 does not (regexp/syntax
 * parse.go): a backreference (`\1` not followed by an octal digit, `\8`, `\9`, `\k<name>`), a lookaround,
 * a repetition count above 1000. Undefined for anything else: most patterns, and syntax both refuse.
 */
export function re2Refusal(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const n = source[i + 1] ?? "";
      if (/[89k]/.test(n) || (/[1-7]/.test(n) && !/[0-7]/.test(source[i + 2] ?? ""))) return `a backreference (\\${n})`;
      i++;
      continue;
    }
    if (inClass) {
      // A POSIX class ([:alpha:]) is one member: its `]` does not end the class.
      const posix = c === "[" ? /^\[:\^?[a-z]+:\]/.exec(source.slice(i, i + 12)) : null;
      if (posix) i += posix[0].length - 1;
      else if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // A `]` right after the opening (or after `^`) is a member.
      if (source[i + 1] === "^") i++;
      if (source[i + 1] === "]") i++;
      continue;
    }
    if (c === "(" && source[i + 1] === "?") {
      const look = /^\(\?(<?[=!])/.exec(source.slice(i, i + 4));
      if (look) return look[1].startsWith("<") ? "a lookbehind" : "a lookahead";
    }
    if (c === "{") {
      const count = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i));
      if (count && (Number(count[1]) > 1000 || Number(count[2] || 0) > 1000)) return "a repetition count above 1000";
    }
  }
  return undefined;
}

export function re2(source: string, extra = ""): RegExp {
  if (re2Refusal(source) !== undefined) throw unshared(source);
  const m = /^\(\?([ims]+)\)/.exec(source);
  const flags = m?.[1] ?? "";
  const body = translate(m ? source.slice(m[0].length) : source, flags.includes("s"), (flags + extra).includes("i"), (flags + extra).includes("m"), source);
  // The s flag is in the translation of `.`; i and m keep JavaScript's meaning.
  return new RegExp(body, [...new Set(flags.replace("s", "") + extra)].join(""));
}
