/**
 * CEL names of object properties, as the API server's apiserver/pkg/cel/escaping.go makes them: a
 * property named like a CEL reserved word is `__word__`, and `__`, `.`, `-` and `/` in a name are
 * `__underscores__`, `__dot__`, `__dash__` and `__slash__` (`self.max__dash__size` reads `max-size`).
 * A name with any other character, or starting with a digit, is not reachable from CEL.
 */
const RESERVED: ReadonlySet<string> = new Set([
  "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
  "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
]);

const ESCAPES: Record<string, string> = { __: "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__" };
const UNESCAPES: Record<string, string> = Object.fromEntries(Object.entries(ESCAPES).map(([k, v]) => [v, k]));

/** The CEL name of a property, or undefined when CEL cannot name it. */
export function escapeCelName(name: string): string | undefined {
  if (name === "" || (name[0] >= "0" && name[0] <= "9")) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  let ok = true;
  const out = name.replace(/__|[-./]|[^a-zA-Z0-9_]/g, (s) => {
    const e = ESCAPES[s];
    if (e === undefined) ok = false;
    return e ?? "";
  });
  return ok ? out : undefined;
}

/** Whether a property needs another name in CEL (or has none). */
export function needsEscape(name: string): boolean {
  return escapeCelName(name) !== name;
}

/** The property a CEL field name stands for: escapeCelName's inverse. */
export function unescapeCelName(name: string): string {
  if (name.length > 4 && name.startsWith("__") && name.endsWith("__") && RESERVED.has(name.slice(2, -2))) return name.slice(2, -2);
  return name.replace(/__(underscores|dot|dash|slash)__/g, (e) => UNESCAPES[e] as string);
}
