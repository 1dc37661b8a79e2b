import path from "node:path";
import type { Model, OtherDocument } from "./model.js";
import { isRecord } from "./pod-spec.js";
import { KUSTOMIZATION_NAMES, unrenderedKustomizations } from "./kustomize-managed.js";
import { generatorSources } from "./generator-sources.js";
/** Files of a chart directory that describe the chart, not values. */
const CHART_METADATA = new Set(["Chart.yaml", "Chart.lock", "requirements.yaml", "requirements.lock", "values.schema.json"]);

/**
 * The non-Kubernetes YAML whose values end up in a cluster, so a credential in it is committed to one:
 * Helm values (a file beside a Chart.yaml of the run), the inputs of a Kustomize generator
 * (configMapGenerator / secretGenerator files and envs of a kustomization linted as plain YAML; a built
 * root's generated objects are scanned as objects) and such a kustomization itself (its literals). Any other YAML (a server's own config in a Docker
 * build context, a test resource) is not deployed by these manifests. Paths only, no file is read.
 */
export function credentialDocuments(model: Model): OtherDocument[] {
  const chartDirs = chartDirectories(model);
  const generatorInputs = new Set<string>();
  for (const doc of unrenderedKustomizations(model)) {
    const dir = path.dirname(doc.file.path);
    for (const entry of generatorSources(doc.value)) generatorInputs.add(path.resolve(dir, entry));
  }
  return model.otherDocuments.filter((doc) => {
    const file = doc.file.path;
    return generatorInputs.has(file) || (chartDirs.has(path.dirname(file)) && !CHART_METADATA.has(path.basename(file))) || isKustomization(doc);
  });
}

const charts = new WeakMap<Model, Set<string>>();

/** The directories of the set's Helm charts: those of its Chart.yaml files (other documents), per model once. */
export function chartDirectories(model: Model): Set<string> {
  let dirs = charts.get(model);
  if (!dirs) {
    dirs = new Set(model.otherDocuments.filter((d) => path.basename(d.file.path) === "Chart.yaml").map((d) => path.dirname(d.file.path)));
    charts.set(model, dirs);
  }
  return dirs;
}

/**
 * A kustomization read as plain YAML (its root not built: no kubectl, --no-render, a failed build; or
 * a Kustomization document in another file): its secretGenerator literals become a Secret of the
 * cluster, so they are scanned here; a built root's generated Secret is scanned as an object.
 */
function isKustomization(doc: OtherDocument): boolean {
  if (KUSTOMIZATION_NAMES.has(path.basename(doc.file.path))) return true;
  const v = doc.value;
  return isRecord(v) && typeof v.apiVersion === "string" && v.apiVersion.startsWith("kustomize.config.k8s.io/");
}
