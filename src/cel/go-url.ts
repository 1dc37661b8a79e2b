/**
 * Go's url.ParseRequestURI, as the Kubernetes URL library parses (an absolute URL or an absolute path),
 * and the parts it reads: Scheme, Host (with its port, as written: `example.com:443`), Hostname, Port,
 * EscapedPath ('' for `https://example.com`) and Query; and URL.String(), which the library's URL.Equal
 * compares (k8s.io/apiserver/pkg/cel/url.go). The WHATWG URL of JavaScript differs from it (default
 * ports dropped, a path of '/', `/a/b` resolved against a base), so it is not used.
 */
export interface GoURL {
  scheme: string;
  /** A rootless path after the scheme (`mailto:a@example.com`). */
  opaque: string;
  /** The userinfo before the host, unescaped; a password only when a `:` is written. */
  user?: { username: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  /** A scheme followed by a single `/`: String() writes no empty `//`. */
  omitHost: boolean;
  /** A `?` with nothing after it: String() keeps it. */
  forceQuery: boolean;
  rawQuery: string;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;
/** What shouldEscape leaves as it is beside the unreserved characters, in each mode String() uses. */
const PATH_KEEPS = "$&+,/:;=@";
const HOST_KEEPS = "!$&'()*+,;=:[]<>\"";
const USERINFO_KEEPS = "$&+,;=";

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

/** url.escape: what shouldEscape keeps in the mode, the rest as %XX of its UTF-8 bytes. */
function escape(s: string, keeps: string): string {
  let out = "";
  for (const ch of s) {
    if (UNRESERVED.test(ch) || keeps.includes(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** validUserinfo: unreserved, sub-delims, `:`, `%` and `@` only. */
const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

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
  const url: GoURL = { scheme: "", opaque: "", host: "", path: "", rawPath: "", omitHost: false, forceQuery: false, rawQuery: "" };
  if (raw === "*") return { ...url, path: "*" };
  let rest = raw;
  const s = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (s) {
    url.scheme = s[1].toLowerCase();
    rest = rest.slice(s[0].length);
  } else if (rest.startsWith(":")) return undefined; // "missing protocol scheme"
  if (rest.endsWith("?") && rest.split("?").length === 2) [rest, url.forceQuery] = [rest.slice(0, -1), true];
  else if (rest.includes("?")) [rest, url.rawQuery] = [rest.slice(0, rest.indexOf("?")), rest.slice(rest.indexOf("?") + 1)];
  // An opaque URL (`mailto:x`) has a scheme and no path; a request URI without one must be a path.
  if (!rest.startsWith("/")) return url.scheme ? { ...url, opaque: rest } : undefined;
  if (url.scheme && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? "" : rest.slice(slash);
    const at = authority.lastIndexOf("@");
    const host = parseHost(authority.slice(at + 1));
    if (host === undefined) return undefined;
    url.host = host;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!USERINFO.test(userinfo)) return undefined;
      const colon = userinfo.indexOf(":");
      const username = unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), false);
      const password = colon < 0 ? undefined : unescape(userinfo.slice(colon + 1), false);
      if (username === undefined || (colon >= 0 && password === undefined)) return undefined;
      url.user = { username, password };
    }
  } else if (url.scheme) url.omitHost = true;
  const path = unescape(rest, false);
  if (path === undefined) return undefined;
  return { ...url, path, rawPath: escape(path, PATH_KEEPS) === rest ? "" : rest };
}

export function escapedPath(u: GoURL): string {
  if (u.rawPath !== "" && validEncodedPath(u.rawPath) && unescape(u.rawPath, false) === u.path) return u.rawPath;
  if (u.path === "*") return "*";
  return escape(u.path, PATH_KEEPS);
}

/** URL.String(): what URL.Equal of two kubernetes.URL values compares. */
export function urlString(u: GoURL): string {
  let out = u.scheme ? `${u.scheme}:` : "";
  if (u.opaque) out += u.opaque;
  else {
    if ((u.scheme || u.host || u.user) && !(u.omitHost && !u.host && !u.user)) {
      if (u.host || u.path || u.user) out += "//";
      if (u.user) out += `${escape(u.user.username, USERINFO_KEEPS)}${u.user.password === undefined ? "" : `:${escape(u.user.password, USERINFO_KEEPS)}`}@`;
      out += escape(u.host, HOST_KEEPS);
    }
    const path = escapedPath(u);
    if (path !== "" && !path.startsWith("/") && u.host) out += "/";
    // A first segment with a colon would read as a scheme.
    if (out === "" && path.split("/")[0].includes(":")) out += "./";
    out += path;
  }
  if (u.forceQuery || u.rawQuery) out += `?${u.rawQuery}`;
  return out;
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
