import { isRecord } from "./pod-spec.js";

/**
 * SOPS-encrypted manifests and files (Flux's kustomize-controller and the ksops/sops plugins decrypt
 * them before they are applied): each value is ciphertext, `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`,
 * and a top-level `sops` block carries the keys and the MAC. Committing them is the point of SOPS.
 */
const SOPS_VALUE = /^ENC\[[A-Z0-9_]+,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]$/;

/** A value SOPS encrypted. */
export function isSopsValue(v: string): boolean {
  return v.startsWith("ENC[") && SOPS_VALUE.test(v.trim());
}

/** An object SOPS encrypted: a top-level sops block with its MAC (the block is not a field of the kind). */
export function isSopsObject(object: unknown): boolean {
  return isRecord(object) && isRecord(object.sops) && typeof object.sops.mac === "string" && isSopsValue(object.sops.mac);
}

/**
 * A whole file SOPS encrypted, as a generator reads it (a JSON, YAML, dotenv or INI file): its MAC
 * (`"mac": "ENC[…]"`, `mac: ENC[…]`, `sops_mac=ENC[…]`) is in it, and every other value is ciphertext.
 */
export function isSopsText(text: string): boolean {
  return text.includes("ENC[") && /(?:^|[\s"{,])(?:"mac"|mac|sops_mac)\s*[:=]\s*"?ENC\[[A-Z0-9_]+,data:/m.test(text);
}

/** SOPS ciphertext in any form a value takes: one encrypted value, or a whole encrypted file a generator read. */
export function isSopsCiphertext(v: string): boolean {
  return isSopsValue(v) || isSopsText(v);
}
