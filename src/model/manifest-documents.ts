import path from "node:path";
import type { InputProblem, Model } from "./model.js";
import { KUSTOMIZATION_NAMES } from "./kustomize-managed.js";
import { chartDirectories } from "./credential-documents.js";

/**
 * Whether a problem found while reading a document (it does not parse, a key is written twice) is one
 * to report. Non-Kubernetes YAML is skipped silently, whatever its state (README: docker-compose
 * files and CI workflows in a linted directory are never reported): a document counts when its text
 * writes a top-level `apiVersion` or `kind` (a manifest, parsed or not) or no top-level key that says
 * what it is, or when its file has a part
 * in a Kustomize root or a Helm chart (a kustomization, a chart's values and metadata), which kubectl
 * and helm refuse as they refuse a manifest.
 */
export function concernsManifests(model: Model, p: InputProblem): boolean {
  const file = p.file.path;
  if (KUSTOMIZATION_NAMES.has(path.basename(file)) || chartDirectories(model).has(path.dirname(file))) return true;
  const { start, end } = documentAround(p.file.text, p.start);
  return writesKubernetesKeys(p.file.text.slice(start, end));
}

/** A line that starts with an apiVersion or kind key (quoted or not): a block-style manifest's top level. */
export function writesKubernetesKeyLine(text: string): boolean {
  return /^["']?(apiVersion|kind)["']?[ \t]*:/m.test(text);
}

/**
 * A top-level apiVersion or kind key, in block style (at the start of a line) or in a JSON or flow
 * document; or no top-level key at all (garbage, a bare sequence): what that is cannot be told, so it
 * is said. Only a document whose top-level keys are all something else is another tool's YAML.
 */
function writesKubernetesKeys(text: string): boolean {
  if (writesKubernetesKeyLine(text)) return true;
  const body = text.replace(/^(---.*\n)?(\s*(#.*)?\n)*/, "");
  if (/^\{/.test(body)) return /["']?(apiVersion|kind)["']?\s*:/.test(body);
  return !/^["']?[A-Za-z_$][\w.$-]*["']?[ \t]*:/m.test(body);
}

/** The document of a multi-document text that holds `offset`: from its `---` to the next. */
export function documentAround(text: string, offset: number): { start: number; end: number } {
  const separator = /^---/gm;
  let start = 0;
  let end = text.length;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (m.index <= offset) start = m.index;
    else {
      end = m.index;
      break;
    }
  }
  return { start, end };
}
