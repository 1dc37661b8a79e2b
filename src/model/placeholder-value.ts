/**
 * Values that stand for "fill this in" rather than a real secret: empty, `changeme`, `REPLACE_ME`,
 * `<password>`, `${VAR}`, `$(VAR)`, `YOUR_API_KEY`, `xxx`, an upper-case name such as
 * `STAGING_PASSWORD`, a PEM block or htpasswd line whose body is filler. Committed templates use them;
 * they are not credentials, however sensitive the key they sit under.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (isReference(v)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\[[^\]]*\]$/.test(v)) return true;
  if (isRepetitive(v)) return true;
  if (hasPlaceholderWords(v)) return true;
  // An upper-case name, alone or after a lower-case token prefix: STAGING_PASSWORD, whsec_WEBHOOK_SECRET.
  if (/^(?:[a-z]+_){0,2}[A-Z]+(?:_[A-Z]+)+$/.test(v)) return true;
  const pem = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----\s*$/.exec(v);
  if (pem) {
    const body = pem[2].replace(/\s+/g, "");
    return body.length < 32 || isPlaceholderValue(body);
  }
  const htpasswd = /^[^:\s]+:((?:\$[A-Za-z0-9]+\$|\{SHA\})(.*))$/.exec(v);
  if (htpasswd) return htpasswd[2].split(/[$./]/).filter((s) => s !== "").every((s) => isRepetitive(s));
  return false;
}

/** `${VAR}`, `$(VAR)`, `{{ .Values.x }}`, `%(name)s`: filled in at deploy or run time. */
export function isReference(v: string): boolean {
  return /^\$\{[^}]*\}$/.test(v) || /^\$\([^)]*\)$/.test(v) || /^\{\{[\s\S]*\}\}$/.test(v) || /^%\([^)]*\)s$/.test(v) || /^\$[A-Z_][A-Z0-9_]*$/.test(v);
}

/** `xxx`, `****`, `...`, `0000`, `dotdotdot`: one short unit repeated. */
export function isRepetitive(v: string): boolean {
  if (v.length < 3) return false;
  for (let unit = 1; unit <= 4 && unit * 2 <= v.length; unit++) {
    const u = v.slice(0, unit);
    let ok = true;
    for (let i = unit; i < v.length && ok; i++) ok = v[i] === u[i % unit];
    if (ok) return true;
  }
  return false;
}

const MARKER_WORDS = new Set(["changeme", "replaceme", "placeholder", "example", "dummy", "redacted", "fixme", "todo", "tbd", "sample", "your", "yours", "insert", "updateme", "setme", "notset", "unset", "xxx", "xxxx"]);
const MARKER_PAIRS: Array<[string, string]> = [["change", "me"], ["replace", "me"], ["replace", "with"], ["update", "me"], ["set", "me"], ["fill", "in"], ["put", "here"], ["goes", "here"], ["generated", "by"], ["change", "this"]];

function hasPlaceholderWords(v: string): boolean {
  const words = v.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "");
  // A value that says it is to be replaced (redis-ha's `requirepass replace-default-auth`, which its init script rewrites).
  if (words[0] === "replace") return true;
  for (let i = 0; i < words.length; i++) {
    // A marker padded with digits to a required length is still one: Kiali's CHANGEME00000000.
    if (MARKER_WORDS.has(words[i]) || MARKER_WORDS.has(words[i].replace(/0+$/, "")) || /^x{3,}$/.test(words[i])) return true;
    for (const [a, b] of MARKER_PAIRS) if (words[i] === a && words[i + 1] === b) return true;
  }
  return false;
}
