import type { Target } from "./rule.js";

/**
 * Redaction as a property of the engine: a message may name things (objects, containers, kinds,
 * images, labels, field paths, numbers a rule computed), but a value written in the manifest reaches
 * it only as a hint. A rule that quotes a field by mistake (a password pasted into imagePullPolicy,
 * a token in an annotation) does not print it: every message is checked here against the string
 * values of the object it is about, before any reporter sees it.
 */

/** Keys whose values identify things: what messages are made of (serviceAccount: serviceAccountName's deprecated alias). */
const NAMING_KEY = /(^|[a-z_-])(name|Name|names|Names)$|^(namespace|kind|apiVersion|image|images|host|hosts|path|mountPath|subPath|key|uid|group|apiGroup|apiGroups|resources|verbs|nonResourceURLs|resourceNames|add|drop|type|schedule|serviceAccount)$/;
/** Maps whose keys and values are identity, read by selectors and printed by the rules that match them. */
const NAMING_MAP = /^(labels|matchLabels|selector|nodeSelector)$/;
/** Values shorter than this are words, not credentials, and would blot out ordinary text. */
const MIN_CHARS = 8;
/** An object's values checked per message: enough for any real object, bounded for hostile ones. */
const MAX_VALUES = 4000;

/** An object's free values (longest first) and the names among its values that are as long as a free value can be. */
interface ObjectValues {
  free: readonly string[];
  names: ReadonlySet<string>;
  /** Free text too short to be hidden whole that has spaces (a shell command): its tokens may still be credentials. */
  spaced: readonly string[];
  /** The free values that are keys or parts of keys: a message prints them in a path (`data.<key>.x`). */
  keys: ReadonlySet<string>;
}

const cache = new WeakMap<object, ObjectValues>();

/**
 * Text that could be a credential: one token mixing letters and digits (passwords, keys, tokens), or
 * a long line. Hyphenated words (`browser-pool`) are names of things, printed as such.
 */
function couldBeSecret(v: string): boolean {
  if (v.length < MIN_CHARS) return false;
  if (/\s/.test(v)) return v.length >= 40;
  return /[A-Za-z]/.test(v) && /[0-9]/.test(v) || v.length >= 32;
}

/**
 * The parts of a map key that could be a credential. A key with white space, `:` or `=` in it is no
 * field, data or label name but text in the wrong place (an env file's `DB_PASSWORD s3cr3t…` line
 * without its `=`, `password:s3cr3t…` written without the space YAML needs), and its tokens are judged
 * as values are. A key that is one such token itself (mixed case and digits, 16 characters or more,
 * none of the dots and slashes names have) is judged whole.
 */
function secretKeyParts(key: string): string[] | undefined {
  if (!/[\s:=]/.test(key)) return TOKEN_KEY.test(key) && /[a-z]/.test(key) && /[A-Z]/.test(key) && /[0-9]/.test(key) ? [key] : undefined;
  const parts = key.split(/[\s:=]+/).filter(couldBeSecret);
  return parts.length > 0 ? parts : undefined;
}
const TOKEN_KEY = /^[A-Za-z0-9+_-]{16,}$/;

/**
 * The path as reports print it (a finding's `path` and `objectPath`): a key that could hold a
 * credential is shown by its length. Positions come from the real path; only the printed one changes.
 */
export function printablePath<P extends ReadonlyArray<string | number>>(path: P): P {
  let out: Array<string | number> | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg !== "string" || !secretKeyParts(seg)) continue;
    out ??= [...path];
    out[i] = `<key of ${[...seg].length} characters>`;
  }
  return (out ?? path) as P;
}

/** Characters that continue a name: a value found inside a longer name is part of that name. */
const NAME_CHAR = /[A-Za-z0-9_.\-/]/;
/** The same for a key, which a path separates from the keys around it with dots. */
const KEY_CHAR = /[A-Za-z0-9_\-/]/;

/** The message with each whole occurrence of `v` (quoted or not) replaced by its hint. */
function replaceWhole(text: string, v: string, key = false): string {
  const continues = key ? KEY_CHAR : NAME_CHAR;
  let out = "";
  let from = 0;
  for (let at = text.indexOf(v); at !== -1; at = text.indexOf(v, at + v.length)) {
    const before = text[at - 1];
    const after = text[at + v.length];
    if ((before !== undefined && continues.test(before)) || (after !== undefined && continues.test(after))) continue;
    const quoted = before === '"' && after === '"';
    out += text.slice(from, quoted ? at - 1 : at) + valueHint(v);
    from = at + v.length + (quoted ? 1 : 0);
  }
  return out + text.slice(from);
}

/** Per key: whether it names things as the last key of a value's path (NAMING_KEY: 1) and as any key above it (NAMING_MAP: 2). */
const keyVerdicts = new Map<string, number>();
const MAX_REMEMBERED_KEYS = 10_000;

function keyVerdict(key: string): number {
  let v = keyVerdicts.get(key);
  if (v === undefined) {
    v = (NAMING_KEY.test(key) ? 1 : 0) | (NAMING_MAP.test(key) ? 2 : 0);
    if (keyVerdicts.size >= MAX_REMEMBERED_KEYS) keyVerdicts.clear();
    keyVerdicts.set(key, v);
  }
  return v;
}

/** Whether the values under `key` name things (`name`, `image`, `add`, `verbs`): reports print them. */
export function namesThings(key: string): boolean {
  return (keyVerdict(key) & 1) !== 0;
}

/**
 * What a value's path says, carried down the walk: a key on it in NAMING_MAP, a key on it in
 * NAMING_KEY, reached by such a key, reached by a list index. A string is a name when a key on its
 * path is a NAMING_MAP, or its own key is a NAMING_KEY, or it is a list item under a NAMING_KEY
 * (`add: [NET_ADMIN]`, `verbs: [get]`).
 */
const UNDER_MAP = 1;
const UNDER_KEY = 2;
const AT_KEY = 4;
const AT_INDEX = 8;

/** The values of an object a message must not repeat, longest first (a value may contain a shorter one). */
export function unsafeValues(root: object): readonly string[] {
  return freeValues(root).free;
}

/** What a message is checked against: an object's free values, and those of them that are (parts of) keys. */
type FreeValues = Pick<ObjectValues, "free" | "keys">;

const NO_STRINGS: readonly string[] = [];
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_FREE_VALUES: FreeValues = { free: NO_STRINGS, keys: NO_NAMES };
const freeCache = new WeakMap<object, FreeValues>();

/**
 * An object's free values, for every finding's message. Kept for the run, so the walk keeps no name
 * that could not be a free value (they are what the free values are filtered by) and no spaced text,
 * which only a diff's lines and an evaluation's output read (through objectValues); an object with no
 * free value shares one empty result. The complete values serve when they are known.
 */
function freeValues(root: object): FreeValues {
  let values: FreeValues | undefined = freeCache.get(root) ?? cache.get(root);
  if (values) return values;
  const walked = walkValues(root, false);
  values = walked.free.length === 0 && walked.keys.size === 0 ? NO_FREE_VALUES : { free: walked.free, keys: walked.keys };
  freeCache.set(root, values);
  return values;
}

/** Every string of an object a message or a diff must not repeat, and its names of MIN_CHARS characters or more. */
function objectValues(root: object): ObjectValues {
  let values = cache.get(root);
  if (values) return values;
  values = walkValues(root, true);
  cache.set(root, values);
  return values;
}

/**
 * The walk is eachString's (src/model/walk-values.ts: each object once, at the first path that reaches
 * it, in document order) with the naming state carried down as flags instead of a path made and read
 * for every string: this runs for every object that gets a finding. Without `complete`, the names
 * kept are those that could be free values, and no spaced text. Sets are made when something goes in.
 */
function walkValues(root: object, complete: boolean): ObjectValues {
  let naming: Set<string> | undefined;
  let free: Set<string> | undefined;
  let spaced: Set<string> | undefined;
  let keyParts: Set<string> | undefined;
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  const states: number[] = [0];
  while (stack.length > 0) {
    const v = stack.pop();
    const state = states.pop()!;
    if (typeof v === "string") {
      // Only names as long as a free value can be are kept: they are what the free values are filtered by.
      if (state & (UNDER_MAP | AT_KEY) || (state & AT_INDEX && state & UNDER_KEY)) {
        if (complete ? v.length >= MIN_CHARS : couldBeSecret(v)) (naming ??= new Set()).add(v);
      } else if (couldBeSecret(v)) (free ??= new Set()).add(v);
      else if (complete && v.length >= MIN_CHARS && /\s/.test(v) && (spaced?.size ?? 0) < MAX_VALUES) (spaced ??= new Set()).add(v);
      if ((free?.size ?? 0) >= MAX_VALUES) break;
      continue;
    }
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    const above = state & (UNDER_MAP | UNDER_KEY);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        states.push(above | AT_INDEX);
      }
    } else if (!(v instanceof Map) && !(v instanceof Set)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        // A key that is text holding a credential is as unsafe as a value.
        const parts = secretKeyParts(keys[i]);
        for (const p of parts ?? []) {
          (free ??= new Set()).add(p);
          (keyParts ??= new Set()).add(p);
        }
        const k = keyVerdict(keys[i]);
        stack.push((v as Record<string, unknown>)[keys[i]]);
        states.push(above | (k & 2 ? UNDER_MAP : 0) | (k & 1 ? UNDER_KEY | AT_KEY : 0));
      }
    }
  }
  // A value also used as a name (a container named like its env value) is printed as that name.
  const kept = free ? [...free].filter((v) => !naming?.has(v)).sort((a, b) => b.length - a.length) : NO_STRINGS;
  return { free: kept.length > 0 ? kept : NO_STRINGS, names: naming ?? NO_NAMES, spaced: spaced ? [...spaced] : NO_STRINGS, keys: keyParts ?? NO_NAMES };
}

/**
 * `text` (a diff's line, which shows the manifest itself) with each whole occurrence of a credential-like
 * token of any of `roots` (objects) replaced by its hint: the free values that mix letters and digits,
 * and such tokens of 8 characters or more inside a free value with spaces, however short (a password in
 * a shell command). A message hides every free value; a diff hiding every long path or command would
 * hide the manifest it shows.
 */
export function withoutTokensOf(text: string, roots: readonly unknown[]): string {
  let out = text;
  for (const root of roots) {
    if (root === null || typeof root !== "object") continue;
    const { free, spaced, names } = objectValues(root);
    for (const v of [...free, ...spaced]) {
      for (const token of /\s/.test(v) ? v.split(/\s+/) : [v]) {
        if (token.length >= MIN_CHARS && /[A-Za-z]/.test(token) && /[0-9]/.test(token) && !names.has(token) && out.includes(token)) out = replaceWhole(out, token);
      }
    }
  }
  return out;
}

/** Whether `text` (a fix's replacement text) repeats a free-text value of the object. */
export function repeatsObjectValue(text: string, root: unknown): boolean {
  if (root === null || typeof root !== "object" || text.length < MIN_CHARS) return false;
  return unsafeValues(root).some((v) => v.length <= text.length && text.includes(v));
}

/** The hint a message gets instead of a value. */
export function valueHint(value: string): string {
  return `<value of ${[...value].length} characters>`;
}

/** The message with every value of the target's object that it repeats replaced by a hint. */
export function withoutObjectValues(message: string, target: Target): string {
  const root = "resource" in target ? target.resource.object : "document" in target ? target.document.value : undefined;
  return withoutValuesOfRoot(message, root);
}

/**
 * `message` with each free value of `roots` (parsed documents) replaced by its hint, as a finding's
 * message is against its object's values: for text another tool wrote about them (a build error that
 * echoes a kustomization's inline values). Such a tool may echo a whole node (kustomize's "node
 * contents:"), so a credential-like token inside a free value with spaces (a password in a shell
 * command) is hidden too, as a diff's lines hide it.
 */
export function withoutValuesOf(message: string, roots: readonly unknown[]): string {
  let text = message;
  for (const root of roots) text = withoutValuesOfRoot(text, root);
  return withoutTokensOf(text, roots);
}

/** One root's free values hidden: every finding's message goes through here, so no array per call. */
function withoutValuesOfRoot(message: string, root: unknown): string {
  if (root === null || typeof root !== "object" || message.length < MIN_CHARS) return message;
  let text = message;
  const { free, keys } = freeValues(root);
  for (const v of free) {
    if (v.length > text.length || !text.includes(v)) continue;
    text = replaceWhole(text, v, keys.has(v));
  }
  return text;
}

/**
 * Text an evaluation made from objects' values (a policy's messageExpression result, a CEL error that
 * quotes what an expression computed): a value decoded, upper-cased or cut is no longer found verbatim,
 * so each token that could be a credential is hidden, unless the expression's author wrote it
 * (`literal`: the policy's or rule's own text) or it is, or is part of, a name of one of `roots`.
 */
export function withoutComputedTokens(text: string, roots: readonly unknown[], literal: string): string {
  if (text.length < MIN_CHARS) return text;
  // A value written as it is hidden whole first, as a message's own values are; then what is left, token
  // by token (`password=…` keeps its key).
  return withoutValuesOf(text, roots).replace(/[^\s=]+/g, (token) => {
    const [, open, core, close] = /^(["'`([{]*)(.*?)(["'`)\]},.;:]*)$/s.exec(token)!;
    if (!couldBeSecret(core) || literal.includes(core) || isNameIn(core, roots)) return token;
    // A quoted value loses its quotes with the value, as a message's hidden value does.
    return open.replace(/["'`]$/, "") + valueHint(core) + close.replace(/^["'`]/, "");
  });
}

function isNameIn(token: string, roots: readonly unknown[]): boolean {
  for (const root of roots) {
    if (root === null || typeof root !== "object") continue;
    for (const name of objectValues(root).names) if (name.includes(token)) return true;
  }
  return false;
}
