import { positionOf, type SourceFile } from "../load/source-file.js";
import type { InputProblem } from "./model.js";
import { scalarLine } from "../load/scalar-line.js";
import { documentAround } from "./manifest-documents.js";

/** A document that is not linted because it does not parse, with its text. */
interface Unparsed {
  file: SourceFile;
  /** Offset of the document's first line. */
  start: number;
  text: string;
}

/**
 * Documents that do not parse (yaml-syntax reports them) are missing from the model, and what they
 * define looks missing to the rules that look objects up: a typo in a Role's file made its binding's
 * role "not defined". A reference is then to the broken document, not to a missing object: this says
 * where a document that does not parse writes the kind and the name asked for, from its text.
 */
export class UnparsedDocuments {
  private readonly docs: Unparsed[] = [];

  constructor(problems: readonly InputProblem[]) {
    const seen = new Set<string>();
    for (const p of problems) {
      if (p.kind !== "syntax" && p.kind !== "alias-limit") continue;
      const { start, end } = documentAround(p.file.text, p.start);
      const key = `${p.file.path}\0${start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.docs.push({ file: p.file, start, text: p.file.text.slice(start, end) });
    }
  }

  /** Where (file:line) a document that does not parse writes `kind` and `name`, if one does. */
  mayDefine(kind: string, name: string): string | undefined {
    if (this.docs.length === 0) return undefined;
    const kindLine = scalarLine("kind", kind);
    const nameLine = scalarLine("name", name);
    for (const d of this.docs) {
      if (!kindLine.test(d.text)) continue;
      const at = nameLine.exec(d.text);
      if (!at) continue;
      return `${d.file.display}:${positionOf(d.file, d.start + at.index).line}`;
    }
    return undefined;
  }
}
