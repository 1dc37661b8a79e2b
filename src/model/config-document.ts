/**
 * A configuration file held in one string (a Secret or ConfigMap key named alertmanager.yaml,
 * grafana.ini, config.json, app.toml): its key/value lines, read line by line without parsing, so
 * nested YAML, JSON objects, INI sections and TOML tables all come out as (key, value) pairs.
 */
export interface ConfigEntry {
  key: string;
  value: string;
  /** The line of the text it is on, from 0: where a finding about it points. */
  line: number;
}

/**
 * `key: value`, `"key": "value",`, `key = value`, `- key: value`, and a shell env file's
 * `export KEY="value"` (MinIO's config.env): the key and the rest of the line.
 */
const ENTRY = /^[ \t]*(?:export[ \t]+(?=[A-Za-z_]\w*=))?(?:-[ \t]+)?(["']?)([A-Za-z_][\w.\-/]*)\1[ \t]*[:=](.*)$/;
/** `export KEY="value"`: a line only a shell env file holds, an entry even when it is the only line. */
const EXPORT = /^[ \t]*export[ \t]+[A-Za-z_]\w*=/;
/**
 * Lines a config document may hold besides entries: sections, list items, brackets, comments, and a
 * shell's `export KEY` of a variable set above.
 */
const STRUCTURE = /^\s*(?:\[[^\]]*\]\s*$|[-{}[\],]|#|;|\/\/|export[ \t]+[A-Za-z_]\w*\s*$)/;

/**
 * The entries of a string that is a structured config document: at least two lines, most of them
 * entries or structure, or one `export KEY=value` line. undefined for another one-line value, a PEM block,
 * free text or a token.
 */
export function configEntries(text: string): ConfigEntry[] | undefined {
  // A PEM block is a key or certificate, not a config file; a PEM inside one JSON string (a GCP service
  // account key's "private_key": "-----BEGIN …\n…") is an entry of the file like any other.
  if ((!text.includes("\n") && !EXPORT.test(text)) || /^[ \t]*-----BEGIN/m.test(text)) return undefined;
  const entries: ConfigEntry[] = [];
  let lines = 0;
  let shaped = 0;
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    lines++;
    const m = ENTRY.exec(line);
    if (m) {
      shaped++;
      // Trimmed here, not in the pattern: a lazy group before trailing blanks backtracks on long lines.
      entries.push({ key: m[2], value: unquote(m[3].trim().replace(/,$/, "").trim()), line: index });
    } else if (STRUCTURE.test(line)) shaped++;
  }
  return (lines >= 2 || (lines === 1 && EXPORT.test(text))) && shaped * 10 >= lines * 8 ? entries : undefined;
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  if (!m) return v;
  // A JSON string's escapes stand for what it holds: "\n" in a private_key is a line break of the PEM block.
  if (m[1] === '"' && m[2].includes("\\")) {
    try {
      const decoded: unknown = JSON.parse(v);
      if (typeof decoded === "string") return decoded;
    } catch {
      // Not a JSON string (a YAML or INI value with a backslash): kept as written.
    }
  }
  return m[2];
}
