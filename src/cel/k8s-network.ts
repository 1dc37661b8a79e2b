import { isIPv4, isIPv6 } from "node:net";
import type { Environment } from "@marcbachmann/cel-js";
import { registerNamespace, registerTypeNames } from "./namespace.js";
import { escapedPath, hostAndPort, parseRequestURI, query, urlString, type GoURL } from "./go-url.js";

/** net.IP of the Kubernetes IP library: an address as a number and its family. */
export class CelIP {
  constructor(
    readonly family: 4 | 6,
    readonly value: bigint,
    readonly text: string,
  ) {}
}

/** net.CIDR: an address and a prefix length. */
export class CelCIDR {
  constructor(
    readonly ip: CelIP,
    readonly prefix: number,
  ) {}
}

/** kubernetes.URL: Go's net/url reading of it (go-url.ts). */
export class CelURL {
  constructor(readonly url: GoURL) {}
}

/**
 * netip.ParseAddr as the Kubernetes IP library uses it: no zones, and no IPv4-mapped IPv6 addresses
 * (::ffff:0:0/96, however written); an IPv4-compatible one (`::1.2.3.4`) is an IPv6 address like any other.
 */
function parseIP(s: string): CelIP | undefined {
  if (isIPv4(s)) {
    // netip refuses leading zeros (ambiguous octal).
    if (s.split(".").some((p) => p.length > 1 && p.startsWith("0"))) return undefined;
    return new CelIP(4, ipv4Value(s), s);
  }
  if (!isIPv6(s) || s.includes("%")) return undefined;
  // A trailing dotted quad is the last two groups.
  const quad = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  let text = s;
  if (quad) {
    if (quad[1].split(".").some((p) => p.length > 1 && p.startsWith("0"))) return undefined;
    const v = ipv4Value(quad[1]);
    text = `${s.slice(0, s.length - quad[1].length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const hs = head ? head.split(":") : [];
  const ts = tail ? tail.split(":") : [];
  const groups = tail === undefined ? hs : [...hs, ...Array(8 - hs.length - ts.length).fill("0"), ...ts];
  const value = groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (value >> 32n === 0xffffn) return undefined;
  return new CelIP(6, value, formatIP(6, value));
}

function ipv4Value(s: string): bigint {
  return s.split(".").reduce((a, p) => (a << 8n) | BigInt(p), 0n);
}

function formatIP(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups becomes "::".
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > len && j - i >= 2) [best, len] = [i, j - i];
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + len).join(":")}`;
}

function parseCIDR(s: string): CelCIDR | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  // netip.ParsePrefix: decimal bits without a sign or leading zeros (`/08` is refused).
  if (!ip || !/^(?:0|[1-9]\d{0,2})$/.test(bits) || Number(bits) > (ip.family === 4 ? 32 : 128)) return undefined;
  return new CelCIDR(ip, Number(bits));
}

function width(ip: CelIP): number {
  return ip.family === 4 ? 32 : 128;
}

function masked(c: CelCIDR): CelIP {
  const w = width(c.ip);
  const mask = ((1n << BigInt(w)) - 1n) ^ ((1n << BigInt(w - c.prefix)) - 1n);
  const v = c.ip.value & mask;
  return new CelIP(c.ip.family, v, formatIP(c.ip.family, v));
}

function contains(c: CelCIDR, ip: CelIP): boolean {
  return ip.family === c.ip.family && masked(new CelCIDR(ip, c.prefix)).value === masked(c).value;
}

function must<T>(v: T | undefined, what: string, s: string): T {
  if (v === undefined) throw new Error(`${what}: ${JSON.stringify(s)} is not valid`);
  return v;
}

function inRange(ip: CelIP, cidr: string): boolean {
  return contains(parseCIDR(cidr)!, ip);
}

export function registerNetwork(env: Environment): void {
  // ip.isCanonical(s): the address written as the library would print it (lower case, "::" for the longest zero run).
  const ipNamespace = registerNamespace(env, "ip");
  env
    .registerFunction(`${ipNamespace}.isCanonical(string): bool`, (_n: unknown, s: string) => must(parseIP(s), "ip.isCanonical", s).text === s)
    .registerType("net.IP", CelIP)
    .registerType("net.CIDR", CelCIDR)
    .registerType("kubernetes.URL", CelURL)
    .registerFunction("isIP(string): bool", (s: string) => parseIP(s) !== undefined)
    .registerFunction("ip(string): net.IP", (s: string) => must(parseIP(s), "ip", s))
    .registerFunction("string(net.IP): string", (ip: CelIP) => ip.text)
    .registerFunction("net.IP.family(): int", (ip: CelIP) => BigInt(ip.family))
    .registerFunction("net.IP.isUnspecified(): bool", (ip: CelIP) => ip.value === 0n)
    .registerFunction("net.IP.isLoopback(): bool", (ip: CelIP) => (ip.family === 4 ? inRange(ip, "127.0.0.0/8") : ip.value === 1n))
    // netip: ffX2::/16 for IPv6, whatever the flags nibble.
    .registerFunction("net.IP.isLinkLocalMulticast(): bool", (ip: CelIP) => (ip.family === 4 ? inRange(ip, "224.0.0.0/24") : ((ip.value >> 112n) & 0xff0fn) === 0xff02n))
    .registerFunction("net.IP.isLinkLocalUnicast(): bool", (ip: CelIP) => (ip.family === 4 ? inRange(ip, "169.254.0.0/16") : inRange(ip, "fe80::/10")))
    // netip.Addr.IsGlobalUnicast: of 0.0.0.0/8 only 0.0.0.0 itself is excluded.
    .registerFunction("net.IP.isGlobalUnicast(): bool", (ip: CelIP) =>
      ip.family === 4
        ? ip.value !== 0xffffffffn && ip.value !== 0n && !["127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4"].some((c) => inRange(ip, c))
        : !["::/127", "fe80::/10", "ff00::/8"].some((c) => inRange(ip, c)),
    )
    // IP.Equal and CIDR.Equal: netip's ==, so a CIDR's address is compared as written, not masked.
    .registerOperator("net.IP == net.IP", (a: CelIP, b: CelIP) => a.family === b.family && a.value === b.value)
    .registerOperator("net.CIDR == net.CIDR", (a: CelCIDR, b: CelCIDR) => a.ip.family === b.ip.family && a.ip.value === b.ip.value && a.prefix === b.prefix)
    .registerFunction("isCIDR(string): bool", (s: string) => parseCIDR(s) !== undefined)
    .registerFunction("cidr(string): net.CIDR", (s: string) => must(parseCIDR(s), "cidr", s))
    .registerFunction("string(net.CIDR): string", (c: CelCIDR) => `${c.ip.text}/${c.prefix}`)
    .registerFunction("net.CIDR.ip(): net.IP", (c: CelCIDR) => c.ip)
    .registerFunction("net.CIDR.masked(): net.CIDR", (c: CelCIDR) => new CelCIDR(masked(c), c.prefix))
    .registerFunction("net.CIDR.prefixLength(): int", (c: CelCIDR) => BigInt(c.prefix))
    .registerFunction("net.CIDR.containsIP(net.IP): bool", (c: CelCIDR, ip: CelIP) => contains(c, ip))
    .registerFunction("net.CIDR.containsIP(string): bool", (c: CelCIDR, s: string) => contains(c, must(parseIP(s), "ip", s)))
    .registerFunction("net.CIDR.containsCIDR(net.CIDR): bool", (c: CelCIDR, o: CelCIDR) => o.prefix >= c.prefix && contains(c, o.ip))
    .registerFunction("net.CIDR.containsCIDR(string): bool", (c: CelCIDR, s: string) => {
      const o = must(parseCIDR(s), "cidr", s);
      return o.prefix >= c.prefix && contains(c, o.ip);
    })
    .registerFunction("isURL(string): bool", (s: string) => parseRequestURI(s) !== undefined)
    .registerFunction("url(string): kubernetes.URL", (s: string) => new CelURL(must(parseRequestURI(s), "url", s)))
    .registerFunction("kubernetes.URL.getScheme(): string", (u: CelURL) => u.url.scheme)
    .registerFunction("kubernetes.URL.getHost(): string", (u: CelURL) => u.url.host)
    .registerFunction("kubernetes.URL.getHostname(): string", (u: CelURL) => hostAndPort(u.url)[0])
    .registerFunction("kubernetes.URL.getPort(): string", (u: CelURL) => hostAndPort(u.url)[1])
    .registerFunction("kubernetes.URL.getEscapedPath(): string", (u: CelURL) => escapedPath(u.url))
    .registerFunction("kubernetes.URL.getQuery(): map<string, list<string>>", (u: CelURL) => query(u.url))
    // URL.Equal (k8s.io/apiserver/pkg/cel/url.go): the two URLs' String() compared.
    .registerOperator("kubernetes.URL == kubernetes.URL", (a: CelURL, b: CelURL) => urlString(a.url) === urlString(b.url));
  registerTypeNames(env, "net", { IP: "ip('0.0.0.0')", CIDR: "cidr('0.0.0.0/0')" });
}

