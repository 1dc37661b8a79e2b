import { fastValues, type ParsedDocument } from "../load/parse.js";
import { isRecord } from "../model/pod-spec.js";
import { readNode, type PositionTable } from "../model/positions.js";
import type { ObjectPath } from "../types.js";
import { afterLine, dashBefore, lineStart, styleOf } from "./render-yaml.js";
import { sameValue } from "./same-value.js";
import { tableItemTree } from "./table-tree.js";
import type { EditableDocument } from "./yaml-edit.js";

/** The block list item below which every path of a change lies. */
export interface ListItemAt {
  /** Its node in the document's position table. */
  id: number;
  /** How many leading segments of a written path lead to it. */
  depth: number;
  value: unknown;
}

/**
 * The deepest block list item (a container of a pod template, a port of a Service) that every one of
 * `paths` lies strictly below, in a document the run's fast path read. Each fix is read back to be
 * checked, and reading back the whole document for each of its fixes and suggestions was most of a
 * JSON or SARIF report's cost: a container's half dozen edits are checked on the container alone.
 */
export function listItemBelow(d: ParsedDocument | undefined, text: string, paths: readonly ObjectPath[]): ListItemAt | undefined {
  const t = d?.positions;
  if (!d || d.broken || !t?.fastPath || t.text !== text || d.root < 0 || paths.length === 0) return undefined;
  const common = Math.min(...paths.map((p) => p.length)) - 1;
  let id = d.root;
  let value = d.value;
  let found: ListItemAt | undefined;
  for (let i = 0; i < common; i++) {
    const seg = paths[0][i];
    if (!paths.every((p) => p[i] === seg)) break;
    const node = readNode(t, id);
    if (node.kind === "map" && isRecord(value) && Object.hasOwn(value, String(seg))) {
      // The fast path refuses repeated keys and merge keys: a key names one entry.
      const entry = node.entries.find((e) => e.key === String(seg));
      if (!entry || entry.value < 0) break;
      id = entry.value;
      value = value[String(seg)];
    } else if (node.kind === "seq" && !node.flow && typeof seg === "number" && Array.isArray(value) && seg >= 0 && seg < node.items.length) {
      id = node.items[seg];
      value = value[seg];
      found = { id, depth: i + 1, value };
    } else break;
  }
  return found;
}

/**
 * The item as a text of its own: from the line of its `- ` through the comment and blank lines after
 * it, which read alone is a list of that one item. An edit inside it is the same edit in the
 * document: its lines are indented past the dash, so the lines around it (a sibling's dash, an outer
 * key, the end) end it there as here, and the comments after it are in both for edits placed after an
 * item's own comments (afterOwnComments). What the document's other lines say of its style (indent,
 * list indentation, line ends, JSON) comes from `whole`, the document. Undefined when the cut does not
 * read back as the item (the whole document is edited then).
 */
export function cutListItem(text: string, t: PositionTable, item: ListItemAt, whole: EditableDocument): EditableDocument | undefined {
  const node = readNode(t, item.id);
  const dash = dashBefore(text, node.start);
  if (dash < 0) return undefined;
  const from = lineStart(text, dash);
  // `- - a`: the dash shares its line with an outer item's.
  if (text.slice(from, dash).trim() !== "") return undefined;
  const to = pastCommentLines(text, afterLine(text, node.end));
  const tree = tableItemTree(t, item.id, item.value, dash, from, to);
  if (!tree) return undefined;
  const cut = text.slice(from, to);
  const alone = fastValues(cut);
  if (!alone || alone.length !== 1 || !sameValue(alone[0], [item.value])) return undefined;
  return { from, text: cut, tree, within: { from: whole.from, text: whole.text, style: styleOf(whole.text, whole.tree) } };
}

/** The offset past the blank and comment-only lines that start at `at`. */
function pastCommentLines(text: string, at: number): number {
  let pos = at;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, end).trim();
    if (line !== "" && !line.startsWith("#")) break;
    pos = end;
  }
  return pos;
}
