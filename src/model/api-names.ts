/**
 * The name syntaxes the API server enforces (k8s.io/apimachinery/pkg/util/validation), each returning
 * why a value is refused, or undefined when it is accepted. The OpenAPI schemas carry none of them.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function dns1123Label(v: string): string | undefined {
  if (v.length > 63) return "longer than 63 characters";
  if (!DNS1123_LABEL.test(v)) return "not a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)";
  return undefined;
}

export function dns1123Subdomain(v: string): string | undefined {
  if (v.length > 253) return "longer than 253 characters";
  if (!DNS1123_SUBDOMAIN.test(v)) return "not a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)";
  return undefined;
}

export function dns1035Label(v: string): string | undefined {
  if (v.length > 63) return "longer than 63 characters";
  if (!DNS1035_LABEL.test(v)) return "not a DNS-1035 label (lower-case letters, digits and '-', starting with a letter)";
  return undefined;
}

/** A name that is one segment of a URL path: RBAC objects (`system:aggregate-to-admin`) and custom resources. */
export function pathSegmentName(v: string): string | undefined {
  if (v === "." || v === "..") return "a reserved path segment";
  if (v.includes("/") || v.includes("%")) return "containing '/' or '%'";
  return undefined;
}

/** Label and annotation keys: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedName(v: string): string | undefined {
  const parts = v.split("/");
  if (parts.length > 2) return "has more than one '/'";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === "") return "has an empty prefix before '/'";
    const prefix = dns1123Subdomain(parts[0]);
    if (prefix) return `has a prefix that is ${prefix}`;
  }
  if (name === "") return "has an empty name";
  if (name.length > 63) return "has a name longer than 63 characters";
  if (!QUALIFIED_NAME_PART.test(name)) return "has a name that is not alphanumeric with '-', '_' or '.' inside";
  return undefined;
}

export function labelValue(v: string): string | undefined {
  if (v.length > 63) return "longer than 63 characters";
  if (!LABEL_VALUE.test(v)) return "neither empty nor alphanumeric with '-', '_' or '.' inside";
  return undefined;
}

/** Container port names and named targetPorts: an IANA service name (RFC 6335). */
export function ianaServiceName(v: string): string | undefined {
  if (v.length > 15) return "it is longer than 15 characters";
  if (!/^[-a-z0-9]+$/.test(v)) return "it has characters other than lower-case letters, digits and '-'";
  if (!/[a-z]/.test(v)) return "it has no letter";
  if (v.startsWith("-") || v.endsWith("-")) return "it starts or ends with '-'";
  if (v.includes("--")) return "it has two '-' in a row";
  return undefined;
}

/** A value filled in at deploy time (`${VAR}`, `$(VAR)`, `{{ … }}`): its final form is unknown here. */
export function isSubstituted(v: string): boolean {
  return v.includes("${") || v.includes("$(") || v.includes("{{");
}
