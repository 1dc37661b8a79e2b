/**
 * `!!binary` values as base64 strings, as a JSON client sends bytes to the API server. Parsed, they
 * are Buffers on the main thread but plain Uint8Arrays once a worker sends them back (structured
 * clone keeps no Buffer): `String()` of one is the text, of the other a list of numbers, so rules
 * judged the same file differently with --jobs 1 and --jobs 2. Iterative, each object once (aliases).
 */
export function binaryAsBase64(root: unknown): unknown {
  if (root instanceof Uint8Array) return Buffer.from(root).toString("base64");
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (v[i] instanceof Uint8Array) v[i] = Buffer.from(v[i] as Uint8Array).toString("base64");
        else stack.push(v[i]);
      }
    } else if (!(v instanceof Map) && !(v instanceof Set)) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (o[k] instanceof Uint8Array) o[k] = Buffer.from(o[k] as Uint8Array).toString("base64");
        else stack.push(o[k]);
      }
    }
  }
  return root;
}
