import { escapeRegExp } from "../escape-regexp.js";

/**
 * Every function, macro and namespace name that CEL has in Kubernetes (cel-go's standard library and
 * the extensions Kubernetes enables, and the Kubernetes libraries), whether or not k8slint implements it.
 * A name outside this list is not "unsupported here": the API server's type check refuses it
 * ("undeclared reference"), so a policy or CRD that calls it is not created at all.
 */
const FUNCTIONS = [
  // cel-go standard library, macros and conversions
  "size", "contains", "startsWith", "endsWith", "matches", "has", "all", "exists", "exists_one", "map", "filter",
  "int", "uint", "double", "string", "bytes", "bool", "dyn", "type", "duration", "timestamp",
  "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours", "getMilliseconds",
  "getMinutes", "getMonth", "getSeconds",
  // optional types
  "of", "ofNonZeroValue", "none", "unwrap", "hasValue", "value", "or", "orValue", "optMap", "optFlatMap",
  // strings extension
  "charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split", "substring", "trim",
  "join", "format", "quote", "reverse",
  // lists extension, two-variable comprehensions, bindings
  "slice", "flatten", "range", "distinct", "sort", "sortBy", "first", "last",
  "existsOne", "transformList", "transformMap", "transformMapEntry", "bind",
  // sets, math, encoders, jsonpatch
  "equivalent", "intersects", "greatest", "least", "ceil", "floor", "round", "trunc", "abs", "sign", "sqrt",
  "isInf", "isNaN", "isFinite", "bitAnd", "bitOr", "bitXor", "bitNot", "bitShiftLeft", "bitShiftRight",
  "encode", "decode", "escapeKey", "extract", "extractAll",
  // Kubernetes lists and regex
  "isSorted", "sum", "min", "max", "find", "findAll",
  // Kubernetes URLs
  "url", "isURL", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery",
  // Kubernetes authorizer
  "path", "group", "serviceAccount", "resource", "subresource", "namespace", "name", "check", "allowed",
  "reason", "errored", "error", "fieldSelector", "labelSelector",
  // Kubernetes quantities and semver
  "quantity", "isQuantity", "isGreaterThan", "isLessThan", "compareTo", "add", "sub", "asInteger",
  "asApproximateFloat", "isInteger", "semver", "isSemver", "major", "minor", "patch",
  // Kubernetes IP and CIDR
  "ip", "isIP", "isCanonical", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast",
  "isLinkLocalUnicast", "isGlobalUnicast", "cidr", "isCIDR", "containsIP", "containsCIDR", "prefixLength", "masked",
  // Kubernetes format library
  "named", "validate", "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix",
  "dns1123SubdomainPrefix", "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime",
];

/**
 * Namespaces of functions (`math.greatest`, `cel.bind`) and of type names (`net.IP`,
 * `kubernetes.Quantity`): a reference to one is not an unknown variable.
 */
const NAMESPACES = ["cel", "optional", "strings", "lists", "sets", "math", "base64", "jsonpatch", "format", "ip", "cidr", "authorizer", "regex", "net", "kubernetes"];

const functions = new Set(FUNCTIONS);
const namespaces = new Set(NAMESPACES);

/**
 * The name a type-check message of the library says is undeclared, when Kubernetes has no such name
 * either: a call of a function no CEL library defines (`startWith`), or a variable the expression's
 * context does not declare (`self` in an admission policy). Undefined when the name exists in
 * Kubernetes CEL (then k8slint merely lacks it) or the message names none.
 */
export function undeclaredName(message: string, expression: string): string | undefined {
  const call = /no matching overload for '(?:[^'(]*\.)?([A-Za-z_]\w*)\(/.exec(message);
  if (call) return functions.has(call[1]) ? undefined : call[1];
  const variable = /Unknown variable: ([A-Za-z_]\w*)/.exec(message);
  if (variable) {
    const name = variable[1];
    if (namespaces.has(name)) return undefined;
    // The iteration variable of a macro k8slint lacks (`list.existsOne(x, …)`) is no free variable.
    if (new RegExp(`\\w\\(\\s*${escapeRegExp(name)}\\s*,`).test(expression)) return undefined;
    return name;
  }
  return undefined;
}
