import type { Report } from "../engine/rule.js";
import { isRecord } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { isSopsObject } from "../model/sops.js";
import { isPlaceholderValue } from "../model/placeholder-value.js";
import { dataKey } from "../model/redact.js";
import { objectChainMisspelt } from "../schema/misspelt-field.js";

type Emit = (r: Report) => void;

/** core.MaxSecretSize: the most a ConfigMap's or a Secret's values may hold together. */
const MAX_SIZE = 1024 * 1024;
const KEY = /^[-._a-zA-Z0-9]+$/;

/** Why the API server refuses a ConfigMap or Secret key (validation.IsConfigMapKey), or undefined. */
function keyProblem(key: string): string | undefined {
  if (key.length > 253) return "is longer than 253 characters";
  if (!KEY.test(key)) {
    // The character at fault, when it is one that says what went wrong (never the key itself: a key
    // that is not one is often an env-file line without its =, password included).
    const bad = /[^-._a-zA-Z0-9]/.exec(key)?.[0];
    const which = bad === " " ? " (it has a space)" : bad !== undefined && /^[\x21-\x7e]$/.test(bad) ? ` (it has ${JSON.stringify(bad)})` : "";
    return `may hold only letters, digits, '-', '_' and '.'${which}: a file name, not a path`;
  }
  if (key === "." || key === "..") return `may not be "${key}"`;
  if (key.startsWith("..")) return `may not start with ".."`;
  return undefined;
}

/**
 * The bytes a base64 value decodes to, as Go's encoding/json reads []byte (StdEncoding, padding
 * required, \r and \n skipped), or undefined when it does not decode.
 */
function base64Length(value: string): number | undefined {
  const text = value.includes("\n") || value.includes("\r") ? value.replace(/[\r\n]/g, "") : value;
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

/**
 * The UTF-8 bytes of text values, counted only where they could matter: a UTF-16 unit is at most three
 * bytes, so texts whose bound stays under the limit (nearly every object) are not encoded.
 */
function textBytes(texts: readonly string[], besides: number): number {
  let units = 0;
  for (const t of texts) units += t.length;
  if (besides + units * 3 <= MAX_SIZE) return units;
  let bytes = 0;
  for (const t of texts) bytes += Buffer.byteLength(t, "utf8");
  return bytes;
}

/** A ConfigMap: keys, a key in both data and binaryData, base64 binaryData, 1 MiB in all. */
export function checkConfigMap(resource: Resource, report: Emit): void {
  const data = isRecord(resource.object.data) ? resource.object.data : {};
  const binary = isRecord(resource.object.binaryData) ? resource.object.binaryData : {};
  let size = 0;
  const texts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    checkKey(resource, "data", key, report);
    if (Object.hasOwn(binary, key)) report({ target: { resource, path: ["data", key] }, message: `key ${dataKey(key)} is in both data and binaryData: the API server refuses it` });
    if (typeof value === "string") texts.push(value);
  }
  for (const [key, value] of Object.entries(binary)) {
    checkKey(resource, "binaryData", key, report);
    if (typeof value !== "string") continue;
    const bytes = base64Length(value);
    if (bytes === undefined) report({ target: { resource, path: ["binaryData", key] }, message: `binaryData ${dataKey(key)} is not base64: the API server cannot read the object` });
    else size += bytes;
  }
  size += textBytes(texts, size);
  if (size > MAX_SIZE) report({ target: { resource, path: ["data"] }, message: `holds ${sizeText(size)} of data, above the 1 MiB a ConfigMap may hold: the API server refuses it` });
}

/** Keys a Secret of a type must have (pkg/apis/core/validation ValidateSecret), any of a group. */
const REQUIRED_KEYS: Record<string, ReadonlyArray<readonly string[]>> = {
  "kubernetes.io/tls": [["tls.crt"], ["tls.key"]],
  "kubernetes.io/ssh-auth": [["ssh-privatekey"]],
  "kubernetes.io/basic-auth": [["username", "password"]],
  "kubernetes.io/dockerconfigjson": [[".dockerconfigjson"]],
  "kubernetes.io/dockercfg": [[".dockercfg"]],
};

/** A Secret: keys, base64 data, 1 MiB in all, the keys its type requires. Values are never quoted. */
export function checkSecret(resource: Resource, report: Emit): void {
  // An encrypted SOPS file is decrypted before it is applied: its values are ciphertext here.
  if (isSopsObject(resource.object)) return;
  const data = isRecord(resource.object.data) ? resource.object.data : {};
  const stringData = isRecord(resource.object.stringData) ? resource.object.stringData : {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    checkKey(resource, "data", key, report);
    if (typeof value !== "string") continue;
    const bytes = base64Length(value);
    if (bytes !== undefined) size += bytes;
    // A template's PUT_YOUR_BASE64_KEY_HERE is there to be replaced, as committed-secret reads it too.
    else if (!isPlaceholderValue(value)) report({ target: { resource, path: ["data", key] }, message: `data ${dataKey(key)} is not base64 (put plain text under stringData): the API server cannot read the object` });
  }
  // stringData is merged into data (its keys win) before the API server validates.
  const texts: string[] = [];
  for (const [key, value] of Object.entries(stringData)) {
    checkKey(resource, "stringData", key, report);
    if (typeof value === "string" && !Object.hasOwn(data, key)) texts.push(value);
  }
  size += textBytes(texts, size);
  if (size > MAX_SIZE) report({ target: { resource, path: ["data"] }, message: `holds ${sizeText(size)} of data, above the 1 MiB a Secret may hold: the API server refuses it` });
  const type = resource.object.type;
  const required = typeof type === "string" ? REQUIRED_KEYS[type] : undefined;
  for (const group of required ?? []) {
    if (group.some((k) => Object.hasOwn(data, k) || Object.hasOwn(stringData, k))) continue;
    const keys = group.map((k) => JSON.stringify(k)).join(" or ");
    // Keys under a misspelt data or stringData (stirngData) are the schema rule's finding, with the rename.
    const causedBy = objectChainMisspelt(resource, ["data"]) || objectChainMisspelt(resource, ["stringData"]) ? "schema" : undefined;
    report({ target: { resource, path: ["type"] }, message: `is of type ${type}, which needs the key ${keys} in data or stringData: the API server refuses it`, causedBy });
  }
  const configKey = type === "kubernetes.io/dockerconfigjson" ? ".dockerconfigjson" : type === "kubernetes.io/dockercfg" ? ".dockercfg" : undefined;
  if (configKey !== undefined) {
    // The API server parses the registry credentials as a JSON object; the message never shows them.
    const written = Object.hasOwn(stringData, configKey) ? stringData[configKey] : Object.hasOwn(data, configKey) ? data[configKey] : undefined;
    const field = Object.hasOwn(stringData, configKey) ? "stringData" : "data";
    const text = typeof written !== "string" ? undefined : field === "stringData" ? written : base64Length(written) === undefined ? undefined : Buffer.from(written, "base64").toString("utf8");
    if (text !== undefined && !isJsonObject(text)) {
      report({ target: { resource, path: [field, configKey] }, message: `${field} ${JSON.stringify(configKey)} of a ${type} Secret is not a JSON object${field === "data" ? " once decoded" : ""}: the API server refuses it` });
    }
  }
  if (type === "kubernetes.io/service-account-token") {
    const annotations = isRecord(resource.object.metadata?.annotations) ? resource.object.metadata.annotations : {};
    if (typeof annotations["kubernetes.io/service-account.name"] !== "string") {
      const causedBy = objectChainMisspelt(resource, ["metadata", "annotations"]) ? "schema" : undefined;
      report({ target: { resource, path: ["type"] }, message: "is of type kubernetes.io/service-account-token, which needs the annotation kubernetes.io/service-account.name: the API server refuses it", causedBy });
    }
  }
}

function isJsonObject(text: string): boolean {
  try {
    // Go unmarshals null into a map without an error.
    const value: unknown = JSON.parse(text);
    return value === null || isRecord(value);
  } catch {
    return false;
  }
}

/**
 * A key the API server refuses, at the key. One that is no name at all is not quoted (dataKey): it is
 * often an env-file line without its =, password included; the engine prints its path by length.
 */
function checkKey(resource: Resource, field: string, key: string, report: Emit): void {
  const problem = keyProblem(key);
  if (problem) report({ target: { resource, path: [field, key] }, message: `${field} key ${dataKey(key)} ${problem}; the API server refuses it` });
}

function sizeText(bytes: number): string {
  return `${(bytes / MAX_SIZE).toFixed(2)} MiB`;
}
