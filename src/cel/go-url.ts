/**
 * Go's url.ParseRequestURI, as the Kubernetes URL library parses (an absolute URL or an absolute path),
 * and the parts it reads: Scheme, Host (with its port, as written: `example.com:443`), Hostname, Port,
 * EscapedPath ('' for `https://example.com`) and Query. The WHATWG URL of JavaScript differs from it
 * (default ports dropped, a path of '/', `/a/b` resolved against a base), so it is not used.
 */
export interface GoURL {
  scheme: string;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** url.unescape; undefined for a malformed escape, or (for a host) a character a host cannot have. */
function unescape(s: string, host: boolean): string | undefined {
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
  if (host && /[^A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\uffff]/.test(s)) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    // %XX sequences that are not UTF-8: Go keeps the bytes; such a URL is left unjudged as text.
    return s;
  }
}

/** url.escape in encodePath mode: what shouldEscape keeps, the rest as %XX of its UTF-8 bytes. */
function escapePath(s: string): string {
  let out = "";
  for (const ch of s) {
    if (UNRESERVED.test(ch) || "$&+,/:;=@".includes(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** url.validEncoded in encodePath mode. */
function validEncodedPath(s: string): boolean {
  return [...s].every((ch) => UNRESERVED.test(ch) || "!$&'()*+,;=:@[]%/".includes(ch));
}

/** parseHost: an IPv6 literal in brackets, or a name; a port after the last colon must be digits. */
function parseHost(host: string): string | undefined {
  if (host.startsWith("[")) {
    const end = host.lastIndexOf("]");
    if (end < 0 || !/^(?::\d*)?$/.test(host.slice(end + 1))) return undefined;
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && !/^:\d*$/.test(host.slice(colon))) return undefined;
  }
  return unescape(host, true);
}

export function parseRequestURI(raw: string): GoURL | undefined {
  // Control characters are refused; an empty URL too.
  if (raw === "" || /[\x00-\x1f\x7f]/.test(raw)) return undefined;
  let rest = raw;
  let scheme = "";
  const s = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (s) {
    scheme = s[1].toLowerCase();
    rest = rest.slice(s[0].length);
  } else if (rest.startsWith(":")) return undefined; // "missing protocol scheme"
  let rawQuery = "";
  if (rest.endsWith("?") && rest.split("?").length === 2) rest = rest.slice(0, -1);
  else if (rest.includes("?")) [rest, rawQuery] = [rest.slice(0, rest.indexOf("?")), rest.slice(rest.indexOf("?") + 1)];
  // An opaque URL (`mailto:x`) has a scheme and no path; a request URI without one must be a path.
  if (!rest.startsWith("/")) return scheme ? { scheme, host: "", path: "", rawPath: "", rawQuery } : undefined;
  let host = "";
  if (scheme && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? "" : rest.slice(slash);
    const parsed = parseHost(authority.slice(authority.lastIndexOf("@") + 1));
    if (parsed === undefined) return undefined;
    host = parsed;
  }
  const path = unescape(rest, false);
  if (path === undefined) return undefined;
  return { scheme, host, path, rawPath: escapePath(path) === rest ? "" : rest, rawQuery };
}

export function escapedPath(u: GoURL): string {
  if (u.rawPath !== "" && validEncodedPath(u.rawPath) && unescape(u.rawPath, false) === u.path) return u.rawPath;
  if (u.path === "*") return "*";
  return escapePath(u.path);
}

/** url.splitHostPort: the port after the last colon when it is digits; brackets removed from the host. */
export function hostAndPort(u: GoURL): [string, string] {
  let host = u.host;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && /^:\d*$/.test(host.slice(colon))) [host, port] = [host.slice(0, colon), host.slice(colon + 1)];
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return [host, port];
}

/** url.ParseQuery: pairs split by &, a pair with a ; or a bad escape left out, + as a space. */
export function query(u: GoURL): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of u.rawQuery.split("&")) {
    if (pair === "" || pair.includes(";")) continue;
    const eq = pair.indexOf("=");
    const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = unescape(k.replace(/\+/g, " "), false);
    const value = unescape(v.replace(/\+/g, " "), false);
    if (key === undefined || value === undefined) continue;
    (out[key] ??= []).push(value);
  }
  return out;
}
