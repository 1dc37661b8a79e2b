/**
 * A hint at a secret that never reveals it: its length, and for well-known token formats the first
 * four characters, which name the format (`sk_t…`, `ghp_…`) rather than the secret.
 */
export function redact(secret: string, showPrefix = false): string {
  const chars = [...secret].length;
  return showPrefix && chars >= 16 ? `${secret.slice(0, 4)}…(${chars} chars)` : `(${chars} chars)`;
}
