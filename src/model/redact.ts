/**
 * A hint at a secret that never reveals it: its length, and for well-known token formats the first
 * four characters, which name the format (`sk_t…`, `ghp_…`) rather than the secret.
 */
export function redact(secret: string, showPrefix = false): string {
  const chars = [...secret].length;
  return showPrefix && chars >= 16 ? `${secret.slice(0, 4)}…(${chars} chars)` : `(${chars} chars)`;
}

/** What the API server accepts as a key of a Secret or ConfigMap (and kustomize's generators make). */
const VALID_DATA_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/**
 * A data key for a message: quoted when it is a valid key (a name), else only its length. A key
 * that is not valid is often a value in the wrong place: an env-file line without `=` becomes a
 * key holding the whole line, password included.
 */
export function dataKey(key: string, quoted = true): string {
  if (VALID_DATA_KEY.test(key)) return quoted ? JSON.stringify(key) : key;
  return `<not a valid key, ${[...key].length} characters>`;
}
