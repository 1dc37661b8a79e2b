import { spawnSync } from "node:child_process";

/** An XML element as a strict parser reads it. */
export interface XmlElement {
  tag: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
}

// Python's expat (xml.etree) is a conforming, non-validating XML parser that refuses any document
// that is not well-formed; Node has none. Debian's pre-commit, which CI installs, brings python3.
const SCRIPT = `
import json, sys, xml.etree.ElementTree as ET
def conv(e):
    return {"tag": e.tag, "attrs": dict(e.attrib), "text": e.text or "", "children": [conv(c) for c in e]}
try:
    root = ET.fromstring(sys.stdin.buffer.read())
except ET.ParseError as err:
    print(json.dumps({"error": str(err)})); sys.exit(0)
print(json.dumps({"root": conv(root)}))
`;

export const hasXmlParser = spawnSync("python3", ["-c", "import xml.etree.ElementTree"]).status === 0;

/** The document's root element, or the parser's error for a document that is not well-formed. */
export function parseXml(text: string): { root?: XmlElement; error?: string } {
  const r = spawnSync("python3", ["-c", SCRIPT], { input: Buffer.from(text, "utf8"), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { root?: XmlElement; error?: string };
}

/** Every element under (and including) e with this tag. */
export function elements(e: XmlElement, tag: string): XmlElement[] {
  return [...(e.tag === tag ? [e] : []), ...e.children.flatMap((c) => elements(c, tag))];
}
