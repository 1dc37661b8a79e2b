import type { ObjectPath } from "../types.js";
import { stringsOf } from "../model/walk-values.js";
import type { Target } from "./rule.js";

/**
 * Redaction as a property of the engine: a message may name things (objects, containers, kinds,
 * images, labels, field paths, numbers a rule computed), but a value written in the manifest reaches
 * it only as a hint. A rule that quotes a field by mistake (a password pasted into imagePullPolicy,
 * a token in an annotation) does not print it: every message is checked here against the string
 * values of the object it is about, before any reporter sees it.
 */

/** Keys whose values identify things: what messages are made of. */
const NAMING_KEY = /(^|[a-z_-])(name|Name|names|Names)$|^(namespace|kind|apiVersion|image|images|host|hosts|path|mountPath|subPath|key|uid|group|apiGroups|resources|verbs|nonResourceURLs|resourceNames|add|drop|type|schedule)$/;
/** Maps whose keys and values are identity, read by selectors and printed by the rules that match them. */
const NAMING_MAP = /^(labels|matchLabels|selector|nodeSelector)$/;
/** Values shorter than this are words, not credentials, and would blot out ordinary text. */
const MIN_CHARS = 8;
/** An object's values checked per message: enough for any real object, bounded for hostile ones. */
const MAX_VALUES = 4000;

const cache = new WeakMap<object, string[]>();

function isNaming(path: ObjectPath): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === "number") continue;
    if (i === path.length - 1 || typeof path[path.length - 1] === "number") {
      if (NAMING_KEY.test(seg)) return true;
    }
    if (NAMING_MAP.test(seg)) return true;
  }
  return false;
}

/**
 * Text that could be a credential: one token mixing letters and digits (passwords, keys, tokens), or
 * a long line. Hyphenated words (`browser-pool`) are names of things, printed as such.
 */
function couldBeSecret(v: string): boolean {
  if (v.length < MIN_CHARS) return false;
  if (/\s/.test(v)) return v.length >= 40;
  return /[A-Za-z]/.test(v) && /[0-9]/.test(v) || v.length >= 32;
}

/** Characters that continue a name: a value found inside a longer name is part of that name. */
const NAME_CHAR = /[A-Za-z0-9_.\-/]/;

/** The message with each whole occurrence of `v` (quoted or not) replaced by its hint. */
function replaceWhole(text: string, v: string): string {
  let out = "";
  let from = 0;
  for (let at = text.indexOf(v); at !== -1; at = text.indexOf(v, at + v.length)) {
    const before = text[at - 1];
    const after = text[at + v.length];
    if ((before !== undefined && NAME_CHAR.test(before)) || (after !== undefined && NAME_CHAR.test(after))) continue;
    const quoted = before === '"' && after === '"';
    out += text.slice(from, quoted ? at - 1 : at) + valueHint(v);
    from = at + v.length + (quoted ? 1 : 0);
  }
  return out + text.slice(from);
}

/** The values of an object a message must not repeat, longest first (a value may contain a shorter one). */
function unsafeValues(root: object): string[] {
  let values = cache.get(root);
  if (values) return values;
  const naming = new Set<string>();
  const free = new Set<string>();
  for (const { path, value } of stringsOf(root)) {
    if (isNaming(path)) naming.add(value);
    else if (couldBeSecret(value)) free.add(value);
    if (free.size >= MAX_VALUES) break;
  }
  // A value also used as a name (a container named like its env value) is printed as that name.
  values = [...free].filter((v) => !naming.has(v)).sort((a, b) => b.length - a.length);
  cache.set(root, values);
  return values;
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
  if (root === null || typeof root !== "object" || message.length < MIN_CHARS) return message;
  let text = message;
  for (const v of unsafeValues(root)) {
    if (v.length > text.length || !text.includes(v)) continue;
    text = replaceWhole(text, v);
  }
  return text;
}
