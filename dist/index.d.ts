import { Container, EphemeralContainer, PodSpec } from 'kubernetes-types/core/v1.js';
import { LabelSelectorRequirement, ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { Document, LineCounter } from 'yaml';

export type Severity = "error" | "warning" | "info";
export declare const SEVERITIES: readonly Severity[];
/** An object path inside a resource, e.g. ["spec","template","spec","containers",0,"securityContext"]. */
export type ObjectPath = readonly (string | number)[];
type FixOperation = 
/** Sets a value, creating missing parent mappings; replaces the value when the path exists. */
{
	op: "set";
	path: ObjectPath;
	value: unknown;
}
/** Appends an item to the list at `path` (creating the list when missing). */
 | {
	op: "append";
	path: ObjectPath;
	value: unknown;
}
/** Removes a mapping key or a list item. */
 | {
	op: "remove";
	path: ObjectPath;
}
/** Renames the mapping key at `path` to `to`, keeping its value as written. */
 | {
	op: "rename";
	path: ObjectPath;
	to: string;
}
/** Removes the repeated definitions of the key at `path` (written more than once in its mapping, every time with the same value). */
 | {
	op: "remove-duplicate";
	path: ObjectPath;
}
/**
 * Adds a new object (a PodDisruptionBudget for a workload): a YAML document after the resource's own
 * or, for an object Kustomize renders, a new file beside the file it is written in, listed in the
 * kustomization's `resources:` (a suggestion only). `copies` says which fields of the new object are
 * the resource's (`from`: its path there), so that for a rendered object they are taken as written
 * (its base's name, not the prefixed one), and left out where the written object has none.
 */
 | {
	op: "add-document";
	value: Record<string, unknown>;
	copies?: ReadonlyArray<{
		path: ObjectPath;
		from: ObjectPath;
	}>;
};
interface FixSpec {
	/** What the change does, imperative: `set allowPrivilegeEscalation: false`. */
	description: string;
	operations: FixOperation[];
}
interface SourceRange {
	file: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
	/** False when the path does not exist and this is the range of its closest existing ancestor. */
	exact?: boolean;
}
export type Category = "syntax" | "schema" | "security" | "secrets" | "reliability" | "resources" | "networking" | "rbac" | "cross-resource" | "best-practice";
/** Where a rule comes from and what it is called elsewhere. */
export interface RuleReferences {
	/** Seed guides whose checklist item this rule enforces, e.g. "Ritma: tracer runs privileged only with written justification". */
	guides?: string[];
	/** CIS Kubernetes Benchmark controls, e.g. "CIS 5.2.2". */
	cis?: string[];
	/** Pod Security Standards control, e.g. "PSS restricted: Running as Non-root". */
	pss?: string[];
	/** Equivalent check ids in other tools. */
	equivalents?: {
		kubeLinter?: string;
		kubeScore?: string;
		polaris?: string;
		checkov?: string;
		trivy?: string;
		kubeconform?: string;
	};
	/** Upstream documentation. */
	links?: string[];
}
export interface RuleOptionSpec {
	type: "boolean" | "number" | "string" | "string[]";
	default: unknown;
	description: string;
}
export interface RuleMeta {
	/** Stable kebab-case id: users' configs and justifications depend on it. */
	id: string;
	title: string;
	category: Category;
	severity: Severity;
	/** One or two sentences: what the rule reports. */
	description: string;
	/** Why it matters in production. */
	rationale: string;
	/** A fixed, imperative instruction: how to fix a finding. */
	remediation: string;
	references: RuleReferences;
	/** Options a user may set in the config file: `rules: {<id>: {options: …}}`. */
	options?: Record<string, RuleOptionSpec>;
	/** Short YAML examples for the docs. */
	examples?: {
		bad?: string;
		good?: string;
	};
	/** Where the rule deliberately judges differently from the equivalent checks of other tools, and why. */
	differences?: string[];
	/** 0.0–10.0, shown by GitHub code scanning for security rules. */
	securitySeverity?: number;
	/** Disabled unless enabled in the config or with --enable. */
	optIn?: boolean;
	/**
	 * The rule's findings point at a credential written in the manifest: --fix-dry-run shows the lines
	 * they cover with the value hidden, the diff's context lines included (src/cli/diff-redaction.ts).
	 */
	pointsAtCredentials?: boolean;
	/**
	 * Why the rule is on (or off) by default: whether maintainers of the projects it was run on would act
	 * on most of its findings. Shown on the rule's page.
	 */
	defaultReason?: string;
	/**
	 * What a finding on an object depends on, so that the editor's keystroke runs the rule on the edited
	 * file's objects only (src/model/focus-model.ts). "object": that object alone (and the run's
	 * settings); the rule sees a model of the file's objects with an index of their own, and runs once
	 * per object that several Kustomize roots render alike (src/engine/shared-objects.ts). "subject": the
	 * rule takes the objects it reports on from `model.resources`, `model.pods`, `model.containers`,
	 * `model.otherDocuments` or `model.inputProblems` (never from `model.index.ofKind`) and looks other
	 * objects up in `model.index`, which stays the whole set's. Unset: the rule runs over the whole set
	 * (a rule that reports on an object because of another, or compares objects among themselves).
	 */
	scope?: "object" | "subject";
	/** Set on custom rules (written as data): the file that defines the rule. They have no page in docs/rules. */
	customRuleFile?: string;
	/** Documentation of a custom rule, when its author gives one (built-in rules link to docs/rules/<id>.md). */
	helpUri?: string;
}
interface DiscoveredFile {
	path: string;
	explicit: boolean;
}
interface DiscoveryProblem {
	path: string;
	message: string;
	/** "missing": a named path does not exist (a usage error); "unreadable": it exists but cannot be read. */
	kind: "missing" | "unreadable";
}
interface Discovery {
	files: DiscoveredFile[];
	problems: DiscoveryProblem[];
	/** Directories walked, in walk order (other stages look for kustomization.yaml and Chart.yaml in them). */
	directories: string[];
	/**
	 * What the walk learnt of each directory in `directories` (by that path), so that rendering asks the
	 * file system again only where it must: a realpath and four stats per directory were ~3% of a run
	 * of 10,000 resources, almost all in directories that hold neither a kustomization nor a chart.
	 */
	walked?: ReadonlyMap<string, WalkedDirectory>;
}
interface WalkedDirectory {
	/** Its real path: its parent's plus its name, unless it was reached through a link. */
	real: string;
	/**
	 * Whether an entry's name is one of the `rootFiles` given to discover, compared without case (a file
	 * system may be case-insensitive, and what it answers for the exact name decides, as before): when
	 * false, the directory is neither a Kustomize root nor a chart. True for every directory without them.
	 */
	mayRender: boolean;
}
type ReadResult = {
	ok: true;
	text: string;
} | {
	ok: false;
	reason: "binary" | "too-large" | "unreadable";
	message: string;
};
interface LineIndex {
	readonly lineStarts: ArrayLike<number>;
	/** 1-based line and column of a 0-based offset (line 0 when there are no lines). */
	linePos(offset: number): {
		line: number;
		col: number;
	};
}
interface SourceFile {
	/** Absolute path, or "<stdin>". */
	path: string;
	/** Path shown to people: relative to the working directory when inside it. */
	display: string;
	text: string;
	/** Lines of `text` (a LineTable, or the `yaml` parser's LineCounter). */
	lineCounter: LineIndex;
}
interface PositionTable {
	data: Int32Array;
	pairsAt: number;
	itemsAt: number;
	/** Keys that do not read as written (quoted, numbers, booleans): few. */
	keys: string[];
	/** The file's text (the same string, not a copy), which the offsets index. */
	text: string;
	/**
	 * Made by the fast path (src/load/fast-parse.ts), which parses each document on its own and takes
	 * only what is exact: the fix engine builds its editing tree from such a table (src/fix/table-tree.ts).
	 */
	fastPath?: true;
}
interface ParseProblem {
	/** syntax and alias-limit: the document is not linted; unreadable: the whole file is not (binary, too large, no permission); kustomize-build: a Kustomize root did not build (src/render); kustomize-remote: it was not built, needing the network (src/render/remote-bases.ts); helm-template: a chart did not render (src/render/helm-failure.ts), helm-dependencies: for want of its dependencies. */
	kind: "syntax" | "duplicate-key" | "alias-limit" | "unreadable" | "kustomize-build" | "kustomize-remote" | "helm-template" | "helm-dependencies";
	message: string;
	start: number;
	end: number;
	/** kustomize-build: the base (absolute directory) whose own failure this build fails on, when kustomize names one. */
	base?: string;
	/** A duplicate-key problem: the key's document and object path, and whether every definition has the same value. */
	repeat?: {
		docIndex: number;
		path: ObjectPath;
		sameValue: boolean;
	};
}
interface ParsedDocument {
	index: number;
	/**
	 * The `yaml` syntax tree, parsed again from the file's text on first use (once per file). The run
	 * does not keep trees: positions come from `positions`, and holding every tree cost a fifth of
	 * the run in garbage collection. For rare needs only.
	 */
	readonly doc: Document.Parsed;
	/** The plain JavaScript value of the document; undefined when the document could not be used. */
	value: unknown;
	/** True when the document has syntax errors and its value must not be linted. */
	broken: boolean;
	/** Where the document's nodes are written (src/model/positions.ts); undefined when broken. */
	positions?: PositionTable;
	/** Node id of the document's contents in `positions` (-1 when empty). */
	root: number;
	/** Offset where the document's contents start (its `---` line comes before). */
	start: number;
}
interface ParsedFile {
	file: SourceFile;
	documents: ParsedDocument[];
	problems: ParseProblem[];
	/** String scalars (plain, quoted, block), for isTemplate: recorded only when the text holds `{{`. */
	templateScalars?: Array<[
		number,
		number,
		boolean
	]>;
}
type ParserChoice = "fast" | "yaml";
type ParseInput = Omit<SourceFile, "lineCounter">;
interface ParseAllOptions {
	/** Threads that parse, the main thread included (0 or 1, the default: no workers). */
	jobs?: number;
	/** The worker module (tests point it at one that fails). */
	workerUrl?: URL;
	/** False: the main thread leaves every file to the workers (tests, so that workers surely parse some). */
	mainParses?: boolean;
	/** Told how many workers ran and how many files they parsed (tests). */
	onWorkers?: (info: {
		workers: number;
		parsedByWorkers: number;
	}) => void;
	/** The parser workers use (src/load/parse.ts useParser). */
	parser?: ParserChoice;
}
interface KubeObject {
	apiVersion: string;
	kind: string;
	metadata?: ObjectMeta;
	[field: string]: unknown;
}
interface ResourceLocator {
	/** The file people edit for this object. */
	file: SourceFile;
	/** Source range of an object path; a missing path resolves to its closest existing ancestor. */
	range(path: ObjectPath): SourceRange;
	/** The file that range(path) is in, when it may differ from `file` (a rendered object's patch). */
	fileAt?(path: ObjectPath): SourceFile;
	/**
	 * For a rendered object: the written object that alone decides the values at `paths`, so a fix there
	 * takes effect, or why there is none (a patch or the kustomization sets them). Absent: no fix at all.
	 */
	editTarget?(paths: readonly ObjectPath[]): EditTarget | string;
	/**
	 * For a rendered object: `path` when it is a field the object lacks because a patch removed it where
	 * its written object (or an earlier patch) has it. A finding about such a field is located there
	 * (range and fileAt of that path give the removing operation), not at the parent that is still written.
	 */
	removedField?(path: ObjectPath): ObjectPath | undefined;
	/** For a rendered object: where a new object beside it is written (a new file, and the kustomization that lists it), or why not. */
	newObjectTarget?(): NewObjectTarget | string;
}
interface NewObjectTarget {
	/** The object as written (a base's, before prefixes, namespaces and patches). */
	object: KubeObject;
	file: SourceFile;
	documents: readonly ParsedDocument[];
	docIndex: number;
	/** The kustomization whose `resources:` lists `file`, and the entry a file beside it gets there (a path relative to it). */
	kustomization: {
		file: SourceFile;
		documents: readonly ParsedDocument[];
		entry: (fileName: string) => string;
	};
}
interface EditTarget {
	file: SourceFile;
	/** The file's documents as parsed for rendering; unset for a file the run parsed as a manifest (it has them). */
	documents?: readonly ParsedDocument[];
	docIndex: number;
	listIndex?: number;
	/** The path in the written object of a path of the rendered one. */
	path(p: ObjectPath): ObjectPath;
}
interface Resource {
	/** Position in the run's resource list: stable, and the order findings are sorted by within a file. */
	id: number;
	object: KubeObject;
	apiVersion: string;
	kind: string;
	/** metadata.name, or "" when missing (generateName objects, or an error in the manifest). */
	name: string;
	/** Effective namespace: metadata.namespace, else the run's default; undefined for cluster-scoped kinds. */
	namespace: string | undefined;
	/** True when metadata.namespace is written in the manifest. */
	namespaceExplicit: boolean;
	file: SourceFile;
	/** Index of the YAML document in its file (0-based). */
	docIndex: number;
	/** For items of a `kind: List`, the item's index; undefined otherwise. */
	listIndex?: number;
	locator: ResourceLocator;
	/** Set when the resource was rendered from a Kustomize root or Helm chart: a label for messages. */
	renderedFrom?: string;
}
interface PodTemplate {
	resource: Resource;
	spec: PodSpec;
	/** Path of the pod spec within the resource, e.g. ["spec","template","spec"]. */
	specPath: ObjectPath;
	/** The pod's metadata (a Pod's own metadata, or the template's); {} when absent. */
	metadata: ObjectMeta;
	metadataPath: ObjectPath;
	labels: Record<string, string>;
	/** True for workloads that run to completion (Job, CronJob, any pod with restartPolicy Never/OnFailure). */
	runsToCompletion: boolean;
	/**
	 * True for a workload written without its pod spec (or template): indexed by its labels so selectors
	 * and budgets still find it, but not among the model's pods (schema reports what is missing).
	 */
	incomplete?: boolean;
	/**
	 * Labels a controller sets on these pods with values the manifests do not show (an operator's shard
	 * number): a selector requiring them may match, so selector rules stay silent rather than guess.
	 */
	openLabelKeys?: LabelKeys;
	/** The operator gives the first container liveness and readiness probes when it has none (KubeRay). */
	operatorProbes?: boolean;
	/**
	 * The ServiceAccount the operator runs these pods as when the template names none (KubeRay's
	 * autoscaling head); "" when the operator generates its name.
	 */
	operatorServiceAccount?: string;
}
interface LabelKeys {
	readonly size: number;
	has(key: string): boolean;
}
type ContainerKind = "container" | "initContainer" | "ephemeralContainer";
interface ContainerRef {
	pod: PodTemplate;
	container: Container | EphemeralContainer;
	kind: ContainerKind;
	index: number;
	path: ObjectPath;
	name: string;
	/** Init containers with restartPolicy Always are sidecars: they run for the pod's lifetime. */
	sidecar: boolean;
}
interface CompiledSelector {
	/** Equality requirements, usable to narrow candidates through the label index. */
	equals: Array<[
		string,
		string
	]>;
	expressions: LabelSelectorRequirement[];
	empty: boolean;
	/** True when the selector is malformed (an unknown operator, In without values…): it matches nothing. */
	invalid: boolean;
	/** Why the selector is invalid, as the API server would say it (set when `invalid`). */
	invalidReason?: string;
	/** Index of the first malformed matchExpressions entry (set when `invalid`). */
	invalidIndex?: number;
	matches(labels: Record<string, string>): boolean;
}
type ReferenceVia = "serviceAccountName" | "imagePullSecrets" | "env" | "envFrom" | "volume" | "projected volume" | "priorityClassName" | "serviceName" | "ingress backend" | "ingress tls" | "route backend" | "route mirror" | "route parent" | "listener certificate" | "scaleTargetRef" | "roleRef";
interface ObjectReference {
	from: Resource;
	kind: string;
	/** API group of the referenced kind when the reference says it (scaleTargetRef, roleRef); undefined when implied. */
	group?: string;
	/** Namespace of the referenced object; undefined for cluster-scoped kinds. */
	namespace: string | undefined;
	name: string;
	/** Where the name is written in the referring resource. */
	path: ObjectPath;
	/** `optional: true`: the pod starts without it. */
	optional: boolean;
	via: ReferenceVia;
	/** Set for pod-spec references: the pod template the reference is in. */
	pod?: PodTemplate;
	/** Ingress backends: the Service port asked for (a number or a port name). */
	port?: number | string;
	/** Path of the port field, for Ingress backends. */
	portPath?: ObjectPath;
	/** A route's parentRef: the Gateway listener it names (sectionName), and where. */
	section?: string;
	sectionPath?: ObjectPath;
}
declare class ResourceIndex {
	private readonly resources;
	/** Objects that share kind, namespace and name, in the order their first appears. */
	private readonly sameObjects;
	/**
	 * Objects by kind, then namespace ("" for none): all of them, and by name, for get and has. A key
	 * joined from the three was a new string to copy and hash for every object and on every lookup (a
	 * third of missing-reference's time).
	 */
	private readonly byName;
	private readonly byKind;
	/**
	 * Pod templates by namespace, then by label key: all that carry the key, and by its value. Every
	 * selector asks for its pairs: a "key=value" string joined for each pair on each lookup (and for
	 * each label of each template) was most of a lookup's time.
	 */
	private readonly podsByLabel;
	private readonly podsByNamespace;
	/** Pod templates with labels whose values the manifests do not show (operator pods), by namespace. */
	private readonly openPodsByNamespace;
	private readonly podOf;
	/** The templates after the first of objects that hold several (src/model/custom-pod-templates.ts). */
	private readonly morePodsOf;
	private readonly selections;
	private readonly selectors;
	private readonly coverage;
	private secretCreators?;
	private readonly referencesByResource;
	private autoscaling?;
	private customResourcePods?;
	constructor(resources: readonly Resource[], pods: readonly PodTemplate[]);
	/** Objects of a kind in a namespace (undefined: the cluster-scoped objects of that kind). */
	inNamespace(kind: string, namespace: string | undefined): readonly Resource[];
	/** Namespaces that hold at least one pod template ("" never appears: pods are namespaced). */
	podNamespaces(): string[];
	/**
	 * The pod templates an object selects, with the meaning Kubernetes gives its selector for its kind
	 * (see `podSelectionOf`: Service, PodDisruptionBudget, NetworkPolicy, workloads). Empty for kinds
	 * that select no pods. Computed once per object.
	 */
	selectedPods(resource: Resource): readonly PodTemplate[];
	/**
	 * Objects of a kind (PodDisruptionBudget, NetworkPolicy, Service…) in a pod template's namespace
	 * whose selector selects it, or may (one asking for labels an operator sets on its pods with values
	 * the manifests do not show). Built once per kind in time linear in the selections; selectors that
	 * select every pod of a namespace (a default-deny NetworkPolicy) are kept per namespace, not per pod.
	 */
	selecting(kind: string, pod: PodTemplate): readonly Resource[];
	/**
	 * Up to `limit` distinct values that pod templates of a namespace carry for a label key: a hint at a
	 * near miss (`app=api-server` wanted, `app=api` present). Reads at most 100 templates.
	 */
	labelValues(namespace: string | undefined, key: string, limit?: number): string[];
	/**
	 * Whether any object of a kind (PodDisruptionBudget, NetworkPolicy…) selects a pod template: what
	 * "is it covered" rules ask. Built once per kind; a selector the label indexes cannot narrow (only
	 * NotIn or DoesNotExist) walks just the pods no earlier selector covered, so broad policies cost
	 * one pass over the namespace between them, not one each.
	 */
	isSelected(kind: string, pod: PodTemplate): boolean;
	private buildCoverage;
	/**
	 * The object of the set that makes a controller create a Secret (a cert-manager Certificate, an
	 * ExternalSecret, a SealedSecret…; see generated-secrets.ts), or undefined. Built on first use.
	 */
	secretCreator(namespace: string | undefined, name: string): Resource | undefined;
	/** The objects a HorizontalPodAutoscaler scales: its scaleTargetRef's kind and name, in its namespace. */
	scaleTargets(hpa: Resource): readonly Resource[];
	/** The HorizontalPodAutoscalers whose scaleTargetRef names a resource. */
	autoscalers(resource: Resource): readonly Resource[];
	private selectorsOfKind;
	private autoscalingIndex;
	/** Objects of a kind with a name, in a namespace (undefined for cluster-scoped kinds). */
	get(kind: string, namespace: string | undefined, name: string): Resource[];
	has(kind: string, namespace: string | undefined, name: string): boolean;
	/** Every object of the set, in order (a `scope: "subject"` rule's model.resources may be fewer). */
	all(): readonly Resource[];
	ofKind(kind: string): readonly Resource[];
	/** All groups of objects that share kind/namespace/name (for duplicate detection). */
	groups(): IterableIterator<Resource[]>;
	/** The object's pod template; its first, for a custom resource with one per role (podTemplates gives all). */
	podTemplate(resource: Resource): PodTemplate | undefined;
	/** Every pod template of the object: one for a workload, one per role for a training job or Ray cluster. */
	podTemplates(resource: Resource): readonly PodTemplate[];
	/**
	 * The objects a resource refers to (referencesOf, with its pod template), found once per set:
	 * missing-reference and apply-order both read every workload's.
	 */
	references(resource: Resource): readonly ObjectReference[];
	podsInNamespace(namespace: string | undefined): readonly PodTemplate[];
	/**
	 * Pod templates in a namespace whose labels a selector matches. Candidates come from the rarest
	 * equality pair in the selector, so a lookup costs what it returns, not the size of the namespace.
	 */
	selectPods(namespace: string | undefined, selector: CompiledSelector, emptyMatchesAll: boolean): PodTemplate[];
	/**
	 * Whether a selector selects at least one pod template of a namespace. Stops at the first match, so
	 * a selector made only of NotIn or DoesNotExist (no index narrows it) costs one probe, not a scan.
	 */
	selectsAnyPod(namespace: string | undefined, selector: CompiledSelector, emptyMatchesAll: boolean): boolean;
	/**
	 * Whether the selector names a custom resource of the namespace whose operator runs pods the set has
	 * no template for (a RabbitmqCluster, a zalando postgresql, an ECK Agent): those pods may be the ones
	 * it selects (src/model/custom-resource-pods.ts).
	 */
	selectsCustomResourcePods(namespace: string | undefined, selector: CompiledSelector): boolean;
	/**
	 * Whether nothing in the set runs pods: no pod template, and no custom resource an operator runs pods
	 * for. Such a set (a bundle of policies or Services, a file linted alone) says nothing of the labels
	 * the pods its selectors name carry.
	 */
	runsNoPods(): boolean;
	private customResourcePodsByNamespace;
	/** The smallest candidate list the label indexes give for a selector: its rarest pair, In values or Exists key. */
	private candidates;
}
interface VariantPair {
	/** Absolute path of the later file. */
	file: string;
	/** Display path of the earlier file. */
	other: string;
	shared: number;
	/** Identities of the objects both define. */
	sharedIds: ReadonlySet<string>;
}
interface AppliedDir {
	/** The directory, with a trailing separator. */
	dir: string;
	/** Whether files in its subdirectories are applied with it (Flux: always; Argo CD: `directory.recurse`). */
	recursive: boolean;
	/**
	 * The namespace its namespaced objects are created in: Argo CD's `destination.namespace` for objects
	 * that set none, Flux's `targetNamespace` for every one (`override`). Unset where two controllers
	 * apply the directory to different namespaces.
	 */
	namespace?: string;
	override?: boolean;
	/**
	 * What its objects are applied apart from others by, one entry per controller applying it: the
	 * cluster an Argo CD Application syncs it to (two directories synced to one cluster put their objects
	 * side by side there), else the directory itself (a Flux Kustomization: one per cluster, which the
	 * manifests do not say; an Application whose destination is templated), or, for a Component, the
	 * directory whose build Flux adds it to.
	 */
	scopes: string[];
	/**
	 * For a Kustomize Component a Flux Kustomization names (`spec.components`): the applied directories
	 * whose builds Flux adds it to, each with a trailing separator. Its objects are applied with theirs.
	 */
	addedTo?: string[];
	/** With `addedTo`: a controller also applies it as a directory of its own. */
	alone?: boolean;
	/**
	 * Whether a controller applying it may replace `${…}` variables in its objects: a Flux Kustomization
	 * whose postBuild names variables, and Argo CD (whose plugins may), but not a Flux Kustomization
	 * without them, which applies `${REPLICAS:=1}` as written.
	 */
	variables: boolean;
}
interface OtherDocument {
	file: SourceFile;
	docIndex: number;
	value: unknown;
	locator: ResourceLocator;
}
interface InputProblem extends ParseProblem {
	file: SourceFile;
}
interface Model {
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
interface ModelSettings {
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
interface TextEdit {
	start: number;
	end: number;
	text: string;
}
interface PositionedEdit extends TextEdit {
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}
interface FileChange {
	description: string;
	/** Absolute path of the file to edit. */
	file: string;
	/** Path as shown to people. */
	display: string;
	/** Non-overlapping, sorted by offset (0-based offsets in the text, after any byte-order mark). */
	edits: PositionedEdit[];
	/** The YAML document the change is in (0-based) and the paths in it whose values it changes. */
	docIndex: number;
	paths: ObjectPath[];
	/** The file does not exist: the change creates it, with one edit that inserts its whole text. */
	create?: boolean;
	/** The change's edits to other files (the kustomization that lists a new file), applied with it. */
	also?: FileChange[];
}
/** Where a finding points. The engine turns it into file, line and column. */
export type Target = 
/** A field of a resource (missing fields resolve to their closest existing ancestor). */
{
	resource: Resource;
	path: ObjectPath;
}
/** A field of a non-Kubernetes YAML document (Helm values, env-style config). */
 | {
	document: OtherDocument;
	path: ObjectPath;
}
/** Raw text of a file: parse errors, comments. Offsets are 0-based; `docIndex` is the YAML document a fix's paths are in. */
 | {
	file: SourceFile;
	start: number;
	end: number;
	docIndex?: number;
};
export interface Report {
	target: Target;
	/** A short fact, kube-linter style: `container "app" is not set to runAsNonRoot`. Never a secret value. */
	message: string;
	/** Overrides the rule's default severity for this finding (e.g. a sensitive hostPath is an error). */
	severity?: Severity;
	/**
	 * For a target whose value is a multi-line string: the line of it (0-based) the finding is about
	 * (a password in an application.yml). The finding points there when the string is a literal block
	 * (`key: |`), else at the target; a disable comment still goes above the key.
	 */
	valueLine?: number;
	/**
	 * Every place the subject is written (`file:line`, as the finding's own position reads, which is among
	 * them): the engine lists the others after `message` (`also defined at` → `also defined at a.yaml:4,
	 * b.yaml:9`), three and then how many more. Sets that each see some of them report one finding
	 * naming each place once (src/engine/listed-places.ts).
	 */
	places?: ReadonlySet<string>;
	/**
	 * A change that resolves the finding and is safe to make unasked (`--fix`): it cannot stop a working
	 * workload from starting or serving, or it is what the API requires. Operations on object paths of
	 * the target, never text.
	 */
	fix?: FixSpec;
	/** Likely remedies that need a person's review: offered in editors and reports, never applied by `--fix`. */
	suggestions?: FixSpec[];
	/**
	 * The rule whose finding on the same object states this one's cause (a misspelt `securityContex` that
	 * the schema rule reports with the rename, where this rule would call runAsNonRoot unset): the engine
	 * keeps this finding only where that rule reports nothing on the object after configuration (it is
	 * off, or off for the file), so one cause gives one finding whichever rules are on (caused-by.ts).
	 * With `in`, the cause is in another object (a Deployment's misspelt replicas, for its budget's finding).
	 */
	causedBy?: string | {
		rule: string;
		in: Resource;
	};
	/**
	 * Other objects the message may repeat a value of (an admission policy's evaluation error, reported
	 * at the policy, quotes what it read from the object it evaluated): the engine hides their values as
	 * it hides the target's.
	 */
	quotes?: readonly Resource[];
	/**
	 * For a finding of what a namespace's Pod Security level refuses (the pod-security-admission rule): the
	 * rule that judges the setting and where its findings about it are. Where that rule reported one, the
	 * engine reports that finding instead, as an error whose message ends with `because`
	 * (src/engine/pod-security.ts): one finding per refused setting, with the fix its own rule offers.
	 */
	refusal?: Refusal;
}
interface Refusal {
	rule: string;
	/** Target paths of the rule's findings about the setting. */
	at: readonly ObjectPath[];
	/** Paths below which (or at which) every finding of the rule is about it. */
	below: readonly ObjectPath[];
	/** Why the pod is refused: `(Pod Security "restricted" enforced on namespace "shop" refuses the pod)`. */
	because: string;
}
export interface RuleContext {
	readonly model: Model;
	/** The rule's options: its metadata defaults merged with the user's configuration. */
	readonly options: Readonly<Record<string, unknown>>;
	report(report: Report): void;
}
/** A rule: metadata plus one function. It never reads files and never prints. */
export interface Rule {
	meta: RuleMeta;
	check(ctx: RuleContext): void;
}
export declare function defineRule(rule: Rule): Rule;
export type SeveritySetting = Severity | "off";
/**
 * What the user asked of each rule: on or off, at which severity, with which options, per file.
 * The config file and the command line both resolve to this; the engine only asks it questions.
 */
export interface RuleSettings {
	/** Whether the rule runs at all (a rule off everywhere is not run). */
	enabled(rule: Rule): boolean;
	/** The severity a user set for this rule in this file, "off" to drop it, undefined to keep the rule's own. */
	severityFor(ruleId: string, file: string): SeveritySetting | undefined;
	/** The rule's options: metadata defaults overlaid with the user's. */
	optionsFor(rule: Rule): Record<string, unknown>;
}
/** A finding as every reporter sees it: positions resolved, suppression decided. */
export interface Finding {
	ruleId: string;
	severity: Severity;
	message: string;
	/** Path as shown to people (relative to the working directory). */
	file: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
	resource?: {
		apiVersion: string;
		kind: string;
		namespace?: string;
		name: string;
	};
	/** Dotted object path, e.g. spec.template.spec.containers[0].securityContext. */
	path?: string;
	/** The raw object path, for tools that compare findings (baselines). */
	objectPath?: ObjectPath;
	/**
	 * `path` with list items named by what they hold (`containers[name=app]`, `add[value=NET_RAW]`)
	 * where they can be (src/engine/identity-path.ts): what baselines and fingerprints key on, so that a
	 * finding follows its item when another is added in front. Absent when no item is named.
	 */
	identity?: string;
	/**
	 * What the reported line starts with (`- args:`, `securityContext:`) when it is not where the finding's
	 * subject is written: a field that is not written (the position is its closest written ancestor's),
	 * or a container whose item starts with another field than its name. A
	 * `# k8slint-disable-next-line` comment must precede that line.
	 */
	disableAbove?: string;
	suppressed: boolean;
	/** Why the finding is accepted: the annotation's or comment's text. */
	justification?: string;
	/** Where the justification is written. */
	suppressedBy?: "annotation" | "comment";
	/** Set when the finding is in the baseline file. */
	baselined?: boolean;
	/**
	 * Set on a rule's finding made an error because a namespace's enforced Pod Security level refuses
	 * the pod for it (src/engine/pod-security.ts): a baseline entry recorded before the namespace
	 * enforced the level does not hide it (src/engine/baseline.ts). Not in any report.
	 */
	admissionRefused?: true;
	/**
	 * The sets that produced it, when the run has several (`kustomize overlays/prod`, `helm charts/web`,
	 * `variant k8s/app.selinux.yaml`): one finding per problem, naming every root or variant it came from.
	 */
	units?: string[];
	/** The safe fix as edits (when the run was asked for fixes: `--fix`, JSON, SARIF, the editor). */
	fix?: FileChange;
	/** Remedies that need review, as edits. */
	suggestions?: FileChange[];
	/** Why the rule's fix is not offered for this finding (a rendered object, a value shared through an alias). */
	noFix?: string;
}
interface RuleRunStats {
	ruleId: string;
	millis: number;
	findings: number;
}
interface ReportScope {
	/** Only findings in these files, or under these directories, are reported; the others were read for context. */
	reportOnly?: readonly string[];
	/** Says whether a finding is in the baseline; such findings stay in the result, marked `baselined`. */
	baseline?: (finding: Finding) => boolean;
}
type ToolRun = {
	ok: true;
	stdout: string;
	stderr: string;
} | {
	ok: false;
	reason: "missing" | "timeout" | "failed";
	message: string;
	stderr: string;
};
interface RemoteEntry {
	field: string;
	index: number;
	/** A base (resources, components…: a git clone or a download), one file (a patch, a generator's input) or a Helm chart (helmCharts' repo). */
	what: "base" | "file" | "chart";
	/** The entry as written. */
	entry: string;
	/** The entry without credentials, for messages. */
	shown: string;
}
interface PatchTarget {
	group?: string;
	version?: string;
	kind?: string;
	name?: string;
	namespace?: string;
	/** A label selector in kubectl's text form (`app=web,tier in (a,b)`). */
	labelSelector?: string;
	annotationSelector?: string;
}
interface PatchRef {
	owner: Kustomization;
	/** Real path of the patch file; undefined for an inline patch. */
	file?: string;
	/** The inline patch text. */
	inline?: string;
	/** Path of the entry in the kustomization document (inline patches are pointed at there). */
	entryPath: ObjectPath;
	target?: PatchTarget;
	/**
	 * From `patchesJson6902`, which kustomize applies after the kustomization's namespace and name
	 * affixes (`patches` and `patchesStrategicMerge` come before them): its target sees those names too.
	 */
	late?: boolean;
}
interface Kustomization {
	/** Real path of the directory. */
	dir: string;
	/** Real path of the kustomization file. */
	file: string;
	parsed: ParsedFile | undefined;
	value: Record<string, unknown>;
	/** Local resource files (real paths). */
	resourceFiles: string[];
	/** Local directories it builds on (resources, bases, components), as kustomizations. */
	children: Kustomization[];
	patches: PatchRef[];
	/** Files that configure the build rather than describe objects: patches and transformer configs. */
	configFiles: string[];
	/** Generator inputs (configMapGenerator and secretGenerator files, envs, env; real paths, whether they exist or not). */
	inputFiles: string[];
	/** Directories listed as transformers, generators, validators, configurations or crds: kustomizations built for their output. */
	inputKustomizations: Kustomization[];
	/** True when it lists a remote base (a git or HTTP URL): building it needs the network. */
	remote: boolean;
	/** Its remote entries (src/render/remote-bases.ts), in field order. */
	remoteEntries: RemoteEntry[];
}
interface KustomizeGraph {
	root: Kustomization;
	/** Real path of a resource file or kustomization file → kustomizations from the root down to the one that lists it (the first path found). */
	chains: Map<string, Kustomization[]>;
	/**
	 * Every such chain of a file: one base built by two overlays (blue and green, each with its own
	 * namePrefix and patches) gives its objects twice, each copy through its own chain. At most
	 * MAX_CHAINS per file, the first found first.
	 */
	allChains: Map<string, Kustomization[][]>;
	/** Every local file the build reads (real paths). */
	files: Set<string>;
	/** Files that configure the build (never linted as plain manifests). */
	configFiles: Set<string>;
	/**
	 * The other local paths the output depends on: generator inputs (linted as plain files where they
	 * are YAML, so not in `files`) and every kustomization's directory (a kustomization file added or
	 * renamed there changes the build). A build kept between runs is made again when one of these or
	 * of `files` changes (src/render/kept-builds.ts).
	 */
	inputs: Set<string>;
	/** True when some kustomization of the build lists a remote base. */
	remote: boolean;
	/** The first kustomization of the build (root first) that lists one: where the notice points. */
	remoteIn?: Kustomization;
}
interface Origin {
	/** The resource file that defines the object. */
	path?: string;
	/** The kustomization whose generator made the object. */
	configuredIn?: string;
	/** Set for objects from a remote base: their files are not here. */
	repo?: string;
	/** The kind of generator that made it (ConfigMapGenerator, SecretGenerator, HelmChartInflationGenerator). */
	configuredBy?: string;
}
interface RenderedObject {
	index: number;
	object: KubeObject;
	origin: Origin | undefined;
}
type Stamps = ReadonlyMap<string, string>;
interface KeptBuild {
	run: ToolRun;
	wrapper: string;
	objects?: readonly RenderedObject[];
}
declare class KeptBuilds {
	private readonly limit;
	private readonly builds;
	/** At most this many roots are kept (the least recently used go first): an editor opens many over a day. */
	constructor(limit?: number);
	/** The stamps to keep with a build of `graph`: taken before it runs, so a change made meanwhile is seen. */
	static stamp(graph: KustomizeGraph): Stamps;
	/** The build kept under `key` (a root and the tool that built it), while what it read is unchanged. */
	get(key: string): KeptBuild | undefined;
	keep(key: string, stamps: Stamps, run: ToolRun, wrapper: string): KeptBuild;
	/**
	 * Files were written: the builds that read any of them (every path read has a stamp) are made again.
	 * Said even where the stamps would see it: a file rewritten within the file system's time resolution
	 * at the same size would not.
	 */
	written(files: Iterable<string>): void;
}
interface RenderOptions {
	/** False lints every file as written: nothing is rendered (default true). */
	render?: boolean;
	/** kubectl or kustomize executable (name on PATH or path). */
	kustomizeBin?: string;
	/** helm executable (name on PATH or path). */
	helmBin?: string;
	/** Release name for `helm template` (default "release-name", as Helm's). */
	helmRelease?: string;
	/** Values files passed to `helm template --values`. */
	helmValues?: string[];
	renderTimeoutMs?: number;
	/** Build kustomizations that name remote bases (git or HTTP URLs), fetching them (default false: k8slint runs offline). */
	allowRemoteBases?: boolean;
	/** Told how many roots or charts were just rendered (the CLI's progress line on long runs). */
	onRendered?: (count: number) => void;
	/** Kustomize outputs kept between the runs of one fix loop (src/render/kept-builds.ts). */
	keptBuilds?: KeptBuilds;
}
export interface LintOptions {
	/** Files and directories to lint; "-" reads standard input. */
	paths?: string[];
	/** Files and directories of ValidatingAdmissionPolicies, bindings and params to enforce (--policy, `policies:`): used, not linted. */
	policies?: string[];
	/**
	 * Files and directories of CustomResourceDefinitions the cluster has (--crds, `crds:`): they validate the
	 * set's custom resources as its own CRDs would; used, not linted.
	 */
	crds?: string[];
	/** Manifests given as text (library use): each is linted as if read from a file of that name. */
	sources?: Array<{
		name: string;
		text: string;
	}>;
	/** Text of standard input when "-" is among the paths (the CLI reads it; tests may pass it). */
	stdin?: string;
	/** The file standard input stands for (`--stdin-filename`): findings name it, and config overrides match it. */
	stdinName?: string;
	cwd?: string;
	/** Namespace of namespaced objects that set none (default "default"). */
	namespace?: string;
	kubeVersion?: string;
	external?: string[];
	maxFileBytes?: number;
	/** The rules to run (default: every built-in rule). */
	rules?: Rule[];
	settings?: RuleSettings;
	/** Files and directories not to lint (the config's ignore: and .k8slintignore); gets absolute paths. */
	ignore?: (absPath: string, isDirectory: boolean) => boolean;
	/** Report only findings in these files; the other paths are linted for context (pre-commit's changed files). */
	reportOnly?: ReportScope["reportOnly"];
	/** Marks findings that a baseline accepts (`baselined: true`): reports leave them out, the exit code ignores them. */
	baseline?: ReportScope["baseline"];
	/** How Kustomize roots and Helm charts found among the paths are rendered (src/render). */
	render?: RenderOptions;
	/** "yaml": parse with the `yaml` package alone, not the fast path (src/load/fast-parse.ts); for comparing and bisecting. */
	parser?: ParserChoice;
	/**
	 * Give findings their fixes and suggestions as edits (finding.fix, finding.suggestions): --fix, JSON,
	 * SARIF. "lazy": only when `result.attachFixes()` is called (the editor asks for them on a code action,
	 * not on every keystroke).
	 */
	fixes?: boolean | "lazy";
	/**
	 * Give findings their identity path (finding.identity: list items by name, src/engine/identity-path.ts),
	 * which baselines and the SARIF and GitLab fingerprints key on (default true; the CLI turns it off
	 * for reports that use neither, where it is only cost).
	 */
	identities?: boolean;
	/** With `fixes`, also the suggestions' edits (default true; --fix needs only the fixes). */
	suggestions?: boolean;
	/** Text to lint instead of what is on disk, by absolute path (unsaved editor buffers, files being fixed). */
	overrides?: ReadonlyMap<string, string>;
	/** Told of the run's progress as files are read and roots rendered (the CLI's progress line on long runs). */
	onProgress?: (progress: LintProgress) => void;
	/**
	 * Findings are wanted in this file alone (absolute path; the editor's keystroke): rules that declare
	 * a `meta.scope` run on its objects only, the others over the whole set, and reports on other plain
	 * files are dropped. Findings elsewhere may be missing from the result; those in the file are the
	 * same as without it.
	 */
	focus?: string;
	/** Parses files, reusing earlier parses of unchanged text (the editor's runs); default: parse each file anew. */
	parseCache?: {
		parse(input: ParseInput): ParsedFile;
	};
	/** Keeps what discovery and reading found between runs (the editor's, told by the client when files change). */
	contextCache?: ContextCache;
}
interface ContextCache {
	/** The discovery of these inputs; the run changes what it gets, so each call returns a copy. */
	discover(inputs: readonly string[], walk: () => Discovery): Discovery;
	read(file: string, read: () => ReadResult): ReadResult;
}
interface LintProgress {
	filesRead: number;
	rootsRendered: number;
}
export interface SkippedFile {
	file: string;
	reason: string;
}
export interface LintSummary {
	files: number;
	resources: number;
	errors: number;
	warnings: number;
	infos: number;
	suppressed: number;
	baselined: number;
	skipped: SkippedFile[];
	/** Resources the schema rule could not validate: kinds with no built-in schema and no CRD in the set. */
	notValidated?: number;
}
export interface LintResult {
	/** Every finding, suppressed ones included (marked), sorted by file, line, column, rule. */
	findings: Finding[];
	/** Metadata of the rules that ran. */
	rules: RuleMeta[];
	summary: LintSummary;
	/** Paths that were missing or unreadable: the CLI exits 2 when there are any. */
	problems: DiscoveryProblem[];
	/** Things people should know that are not findings (a rule that failed, a tool that is missing). */
	notices: string[];
	stats: RuleRunStats[];
	/** Root for SARIF URIs and relative paths. */
	cwd: string;
	/** Labels of the sets the run linted apart (Kustomize roots, Helm charts, variants): findings name them when there are several. */
	units: string[];
	/** With `fixes: "lazy"`: fills the findings' fixes and suggestions (once; later calls do nothing). */
	attachFixes?: () => void;
	/**
	 * With `overrides`: those of their files that a rendered root read from disk instead (a build reads
	 * saved files only), so that their findings are at the positions of the text on disk.
	 */
	readFromDisk?: string[];
}
export declare function lint(options?: LintOptions): LintResult;
/**
 * lint(), with files parsed on `jobs` threads (src/load/parse-pool.ts; 0 or 1, the default: the main
 * thread only). Same findings, same order, same result.
 */
export declare function lintAsync(options?: LintOptions & ParseAllOptions): Promise<LintResult>;
/** Every built-in rule, in the order they run and are listed. */
export declare const builtinRules: Rule[];
/** A configuration mistake: the CLI prints its one-line message and exits 2. */
export declare class ConfigError extends Error {
}
interface YamlSource {
	/** Path as shown to people. */
	display: string;
	doc: Document.Parsed;
	lineCounter: LineCounter;
}
type SeverityOrOff = Severity | "off";
type FailOn = Severity | "never";
type RuleSettingInput = SeverityOrOff | {
	severity?: SeverityOrOff;
	options?: Record<string, unknown>;
};
/** The configuration file (`.k8slint.yaml`), as validated by schema/config.json. */
export interface K8slintConfig {
	rules?: Record<string, RuleSettingInput>;
	/** Like ESLint's overrides: the last override whose `files` match a file decides a rule's severity there. */
	overrides?: Array<{
		files: string[];
		rules?: Record<string, RuleSettingInput>;
	}>;
	/** gitignore-style patterns, relative to the config file's directory. */
	ignore?: string[];
	failOn?: FailOn;
	maxWarnings?: number;
	kubeVersion?: string;
	namespace?: string;
	/** Objects that exist outside the repository: "Kind/namespace/name" or "Kind/name". */
	external?: string[];
	/** Files or directories of ValidatingAdmissionPolicies (with bindings and params) to enforce, relative to the config file. */
	policies?: string[];
	/** Files or directories of the CustomResourceDefinitions the cluster has, relative to the config file. */
	crds?: string[];
	/** Files or directories of custom rules written as data, relative to the config file. */
	customRules?: string[];
	/** Build kustomizations with remote bases, fetching them (default false: k8slint runs offline). */
	allowRemoteBases?: boolean;
}
interface LoadedConfig {
	/** Absolute path of the file. */
	file: string;
	/** Its directory: relative paths and globs in it are resolved from here. */
	dir: string;
	config: K8slintConfig;
	source: YamlSource;
}
/** What the command line says about rules and the run; each field wins over the config file. */
export interface RunFlags {
	/** A config file, false for none (--no-config), undefined to look for one from cwd. */
	config?: string | false;
	/** `--rule id=severity` */
	rule?: string[];
	disable?: string[];
	enable?: string[];
	failOn?: FailOn;
	maxWarnings?: number;
	namespace?: string;
	kubeVersion?: string;
	external?: string[];
	/** --policy: files or directories of admission policies to enforce. */
	policy?: string[];
	/** --crds: files or directories of the CustomResourceDefinitions the cluster has. */
	crds?: string[];
}
/** Everything a run needs from configuration: spread `lintOptions` into lint(). */
export interface ResolvedRun {
	config?: LoadedConfig;
	lintOptions: {
		rules: Rule[];
		settings: RuleSettings;
		namespace?: string;
		kubeVersion?: string;
		external?: string[];
		policies?: string[];
		crds?: string[];
		ignore?: (absPath: string, isDirectory: boolean) => boolean;
	};
	failOn: FailOn;
	maxWarnings?: number;
}
/**
 * Resolves the config file (found, named, or none) and the flags into rules and settings. Mistakes
 * throw a ConfigError with a one-line message: an unknown rule id says which id is closest.
 */
export declare function resolveRun(flags?: RunFlags, cwd?: string): ResolvedRun;
/** What every formatter gets: the run's result and how the user asked to see it. */
export interface FormatContext {
	result: LintResult;
	/** Metadata of every rule that ran, by id (for remediation and SARIF rule entries). */
	rules: ReadonlyMap<string, RuleMeta>;
	color: boolean;
	verbose: boolean;
	showSuppressed: boolean;
	sarifIncludeSuppressed: boolean;
	/** SARIF automation category, for repositories that upload several analyses. */
	sarifCategory?: string;
	/** Directory SARIF URIs are relative to: the git top level, else the working directory. */
	repoRoot: string;
	toolVersion: string;
	/** Only errors (--quiet). */
	quiet: boolean;
}
/** A report format: one module per format, behind this one interface. */
export interface Formatter {
	name: string;
	/** Returns the whole report; warnings about the report itself (e.g. truncation) go to `warn`. */
	format(ctx: FormatContext, warn: (message: string) => void): string;
}
export declare const formatters: Record<string, Formatter>;
/** A format context with the defaults of a plain run; the CLI and library users override what they set. */
export declare function formatContext(result: LintResult, overrides?: Partial<Omit<FormatContext, "result" | "rules">>): FormatContext;

export {};
