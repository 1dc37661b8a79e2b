/**
 * A configuration file held in one string (a Secret or ConfigMap key named alertmanager.yaml,
 * grafana.ini, config.json, app.toml): its key/value lines, read line by line without parsing, so
 * nested YAML, JSON objects, INI sections and TOML tables all come out as (key, value) pairs.
 */
export interface ConfigEntry {
  key: string;
  value: string;
}

/** `key: value`, `"key": "value",`, `key = value`, `- key: value`: the key and the rest of the line. */
const ENTRY = /^[ \t]*(?:-[ \t]+)?(["']?)([A-Za-z_][\w.\-/]*)\1[ \t]*[:=](.*)$/;
/** Lines a config document may hold besides entries: sections, list items, brackets, comments. */
const STRUCTURE = /^\s*(?:\[[^\]]*\]\s*$|[-{}[\],]|#|;|\/\/)/;

/**
 * The entries of a string that is a structured config document: at least two lines, most of them
 * entries or structure. undefined for a one-line value, a PEM block, free text or a token.
 */
export function configEntries(text: string): ConfigEntry[] | undefined {
  if (!text.includes("\n") || text.includes("-----BEGIN")) return undefined;
  const entries: ConfigEntry[] = [];
  let lines = 0;
  let shaped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    lines++;
    const m = ENTRY.exec(line);
    if (m) {
      shaped++;
      // Trimmed here, not in the pattern: a lazy group before trailing blanks backtracks on long lines.
      entries.push({ key: m[2], value: unquote(m[3].trim().replace(/,$/, "").trim()) });
    } else if (STRUCTURE.test(line)) shaped++;
  }
  return lines >= 2 && shaped * 10 >= lines * 8 ? entries : undefined;
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? m[2] : v;
}
