import type { ObjectPath } from "../types.js";

/**
 * A validation's fieldPath (`spec.containers[0].image`, `spec.x['a.b']`, `.spec.replicas`) as an
 * object path, or undefined when it is not one the API server accepts (it refuses such a policy).
 * Indexes are list positions, quoted keys are map keys.
 */
export function parseFieldPath(text: string): ObjectPath | undefined {
  const out: (string | number)[] = [];
  let i = text.startsWith(".") ? 1 : 0;
  const ident = /[A-Za-z_$][A-Za-z0-9_$-]*/y;
  while (i < text.length) {
    if (text[i] === "[") {
      const q = text[i + 1];
      if (q === "'" || q === '"') {
        let j = i + 2;
        let key = "";
        while (j < text.length && text[j] !== q) {
          if (text[j] === "\\" && j + 1 < text.length) j++;
          key += text[j++];
        }
        if (text[j + 1] !== "]") return undefined;
        out.push(key);
        i = j + 2;
      } else {
        const m = /^\[(\d+)\]/.exec(text.slice(i, i + 24));
        if (!m) return undefined;
        out.push(Number(m[1]));
        i += m[0].length;
      }
    } else {
      if (out.length > 0) {
        if (text[i] !== ".") return undefined;
        i++;
      }
      ident.lastIndex = i;
      const m = ident.exec(text);
      if (!m) return undefined;
      out.push(m[0]);
      i += m[0].length;
    }
  }
  return out.length > 0 ? out : undefined;
}
