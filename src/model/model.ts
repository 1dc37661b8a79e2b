import type { ParsedFile, ParseProblem } from "../load/parse.js";
import type { SourceFile } from "../load/source-file.js";
import { documentLocator, positionLocator, type KubeObject, type Resource, type ResourceLocator } from "./resource.js";
import { containersOf, incompletePodTemplateOf, isRecord, type ContainerRef, type PodTemplate } from "./pod-spec.js";
import { isClusterScoped } from "./scope.js";
import { ResourceIndex } from "./resource-index.js";
import { operatorPodTemplateOf } from "./operator-pods.js";
import { podTemplatesOf } from "./custom-pod-templates.js";
import { isComponentConfig } from "./component-config.js";
import { listItemIds } from "./positions.js";
import type { VariantPair } from "./alternatives.js";
import { metaField, objectMetadata } from "./object-meta.js";
import { namespaceOfSource, type AppliedDir } from "./gitops-roots.js";

/** A YAML document that is not a Kubernetes object (Helm values, env-style config): only credential rules read it. */
export interface OtherDocument {
  file: SourceFile;
  docIndex: number;
  value: unknown;
  locator: ResourceLocator;
}

/** A file-level problem found before the model was built (parse errors, unreadable files). */
export interface InputProblem extends ParseProblem {
  file: SourceFile;
}

export interface Model {
  resources: Resource[];
  pods: PodTemplate[];
  containers: ContainerRef[];
  index: ResourceIndex;
  otherDocuments: OtherDocument[];
  /** Parse problems of every file, reported by the yaml-syntax and duplicate-key rules. */
  inputProblems: InputProblem[];
  /** Run settings that rules may need. */
  settings: ModelSettings;
}

export interface ModelSettings {
  /** Namespace of namespaced objects that do not set one (kubectl's --namespace). */
  defaultNamespace: string;
  /** Objects that exist in the cluster but not in the manifests: "Kind/namespace/name" or "Kind/name". */
  external: string[];
  /** Target Kubernetes minor version, e.g. "1.33". */
  kubeVersion: string;
  /** Set when the whole run is one Kustomize build (apply order then does not apply). */
  kustomizeRoot?: string;
  /** Set when the set holds an alternative of another file (a variant or bundle of largely the same objects). */
  variant?: VariantPair;
  /** Objects given with --policy or `policies:` (ValidatingAdmissionPolicies, bindings, params): used by the admission-policy rule, never linted. */
  policies?: readonly Resource[];
  /**
   * CustomResourceDefinitions given with --crds or `crds:` (what the cluster has installed): they
   * validate the set's custom resources and say which custom kinds are cluster-scoped, never linted.
   * Rules reach them through knownCrds().
   */
  crds?: readonly Resource[];
  /**
   * The directories the run's GitOps controllers apply (a Flux Kustomization's spec.path, an Argo CD
   * Application's source path), from every set's objects: see gitopsAppliedDirs. Unset (a library
   * caller's model), the model's own objects say.
   */
  gitopsApplied?: readonly AppliedDir[];
  /** The real root directory of each rendered set, by its label (an object's renderedFrom). */
  renderedRoots?: ReadonlyMap<string, string>;
}

export interface ResourceSource {
  file: SourceFile;
  docIndex: number;
  object: KubeObject;
  locator: ResourceLocator;
  listIndex?: number;
  renderedFrom?: string;
}

function isKubeObject(v: unknown): v is KubeObject {
  return isRecord(v) && typeof v.apiVersion === "string" && typeof v.kind === "string" && v.apiVersion !== "" && v.kind !== "";
}

/**
 * `kind: List`, or a typed list (`DeploymentList`) whose items are all objects. A custom kind that
 * merely ends in "List" (an `IPAllowList` with `items: [{cidr: …}]`) stays an object of its own.
 */
function isListObject(v: KubeObject): v is KubeObject & { items: unknown[] } {
  if (!Array.isArray(v.items)) return false;
  return v.kind === "List" || (v.kind.endsWith("List") && v.items.length > 0 && v.items.every(isKubeObject));
}

/** Splits parsed documents into Kubernetes objects (expanding `kind: List`) and other YAML. */
export function collectSources(parsed: ParsedFile, data = false): { resources: ResourceSource[]; others: OtherDocument[] } {
  const resources: ResourceSource[] = [];
  const others: OtherDocument[] = [];
  for (const d of parsed.documents) {
    if (d.broken || d.value === null || d.value === undefined) continue;
    // A component's configuration file looks like an object but no API serves it: other YAML. So is
    // any document of a file a Kustomize generator reads (`data`): it becomes a ConfigMap's or Secret's data.
    if (!data && isKubeObject(d.value) && !isComponentConfig(d.value.apiVersion, d.value.kind)) {
      if (isListObject(d.value)) {
        const table = d.positions;
        const itemNodes = table ? listItemIds(table, d.root) : [];
        d.value.items.forEach((item, i) => {
          if (!isKubeObject(item)) return;
          const locator = table ? positionLocator(parsed.file, table, itemNodes[i] ?? -1) : documentLocator(parsed.file, d);
          resources.push({ file: parsed.file, docIndex: d.index, object: item, listIndex: i, locator });
        });
      } else {
        resources.push({ file: parsed.file, docIndex: d.index, object: d.value, locator: documentLocator(parsed.file, d) });
      }
    } else {
      others.push({ file: parsed.file, docIndex: d.index, value: d.value, locator: documentLocator(parsed.file, d) });
    }
  }
  return { resources, others };
}

export function buildModel(
  sources: readonly ResourceSource[],
  others: readonly OtherDocument[],
  inputProblems: readonly InputProblem[],
  settings: ModelSettings,
): Model {
  // Custom kinds are cluster-scoped when a CRD in the set, or one given with --crds, says so.
  const clusterCustom = new Set<string>();
  const noteScope = (object: KubeObject) => {
    if (object.kind !== "CustomResourceDefinition") return;
    const spec = object.spec as { scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.scope === "Cluster" && typeof spec.names?.kind === "string") clusterCustom.add(spec.names.kind);
  };
  for (const s of sources) noteScope(s.object);
  for (const crd of settings.crds ?? []) noteScope(crd.object);
  const resources: Resource[] = sources.map((s, id) => {
    const metadata = objectMetadata(s.object);
    const meta = isRecord(metadata) ? metadata : {};
    const written = metaField(meta, "namespace");
    const explicitNs = typeof written === "string" && written !== "" ? written : undefined;
    const cluster = isClusterScoped(s.object.kind, clusterCustom);
    return {
      id,
      object: s.object,
      apiVersion: s.object.apiVersion,
      kind: s.object.kind,
      name: typeof meta.name === "string" ? meta.name : "",
      // The run's default, or an Argo CD Application's destination.namespace, a Flux Kustomization's targetNamespace.
      namespace: cluster ? undefined : namespaceOfSource(s, explicitNs, settings),
      namespaceExplicit: explicitNs !== undefined,
      file: s.file,
      docIndex: s.docIndex,
      listIndex: s.listIndex,
      locator: s.locator,
      renderedFrom: s.renderedFrom,
    };
  });
  const pods: PodTemplate[] = [];
  const incomplete: PodTemplate[] = [];
  const containers: ContainerRef[] = [];
  for (const r of resources) {
    // A workload's template; a training job's or a Ray cluster's, one per role.
    const own = podTemplatesOf(r);
    if (own.length === 0) {
      // Without its pod spec a workload still has labels, replicas and HPAs: selectors and budgets must find it.
      // So do the pods an operator runs for a custom resource (a Prometheus, an Alertmanager).
      const partial = incompletePodTemplateOf(r) ?? operatorPodTemplateOf(r);
      if (partial) incomplete.push(partial);
      continue;
    }
    for (const pod of own) {
      pods.push(pod);
      containers.push(...containersOf(pod));
    }
  }
  return {
    resources,
    pods,
    containers,
    index: new ResourceIndex(resources, incomplete.length === 0 ? pods : [...pods, ...incomplete]),
    otherDocuments: [...others],
    inputProblems: [...inputProblems],
    settings,
  };
}
