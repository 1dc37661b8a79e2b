/**
 * A label selector in the text form kubectl and kustomize take (`app=web,tier in (a,b),!legacy`),
 * as Kubernetes' labels.Parse reads it: requirements separated by commas, all of which must hold.
 * kustomize selects a patch's or replacement's targets with it (labelSelector, annotationSelector).
 */
type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/** Commas inside `in (a,b)` separate values, not requirements. */
function splitRequirements(text: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) return undefined;
  }
  if (depth !== 0) return undefined;
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

function parseRequirement(text: string): Requirement | undefined {
  let m = /^!\s*([^\s=!<>(),]+)$/.exec(text);
  if (m) {
    const key = m[1];
    return (l) => !(key in l);
  }
  m = /^([^\s=!<>(),]+)$/.exec(text);
  if (m) {
    const key = m[1];
    return (l) => key in l;
  }
  m = /^([^\s=!<>(),]+)\s*(==|=|!=)\s*([^\s=!<>(),]*)$/.exec(text);
  if (m) {
    const [, key, op, value] = m;
    return op === "!=" ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^([^\s=!<>(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(text);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set(list.split(",").map((v) => v.trim()));
    return op === "in" ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]);
  }
  m = /^([^\s=!<>(),]+)\s*(<|>)\s*(-?\d+)$/.exec(text);
  if (m) {
    const [, key, op, bound] = m;
    const n = Number(bound);
    return (l) => {
      if (!(key in l) || !/^-?\d+$/.test(l[key])) return false;
      return op === "<" ? Number(l[key]) < n : Number(l[key]) > n;
    };
  }
  return undefined;
}

/**
 * The selector as a test, or undefined when the text is not one this parser reads (kustomize would
 * have refused the build, or it is a form not handled here: the caller then selects nothing rather
 * than guess). The empty selector selects everything.
 */
export function parseLabelSelectorText(text: string): Requirement | undefined {
  if (text.trim() === "") return () => true;
  const parts = splitRequirements(text);
  if (!parts) return undefined;
  const requirements: Requirement[] = [];
  for (const p of parts) {
    const r = parseRequirement(p);
    if (!r) return undefined;
    requirements.push(r);
  }
  return (labels) => requirements.every((r) => r(labels));
}
