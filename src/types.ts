// Core types shared by the engine, the rules and the reporters.
// Rules depend only on this file and on src/model (never on files or output).

export type Severity = "error" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Rank used for comparisons: a higher number is more severe. */
export function severityRank(s: Severity): number {
  return s === "error" ? 3 : s === "warning" ? 2 : 1;
}

/** An object path inside a resource, e.g. ["spec","template","spec","containers",0,"securityContext"]. */
export type ObjectPath = readonly (string | number)[];

/**
 * A change to a resource, stated on its object paths: the rule says what the object should become,
 * never how the text should look. The engine (src/fix/) turns operations into minimal text edits so
 * that everything else in the file stays byte-identical.
 */
export type FixOperation =
  /** Sets a value, creating missing parent mappings; replaces the value when the path exists. */
  | { op: "set"; path: ObjectPath; value: unknown }
  /** Appends an item to the list at `path` (creating the list when missing). */
  | { op: "append"; path: ObjectPath; value: unknown }
  /** Removes a mapping key or a list item. */
  | { op: "remove"; path: ObjectPath }
  /** Renames the mapping key at `path` to `to`, keeping its value as written. */
  | { op: "rename"; path: ObjectPath; to: string }
  /** Removes the repeated definitions of the key at `path` (written more than once in its mapping, every time with the same value). */
  | { op: "remove-duplicate"; path: ObjectPath }
  /**
   * Adds a new object (a PodDisruptionBudget for a workload): a YAML document after the resource's own
   * or, for an object Kustomize renders, a new file beside the file it is written in, listed in the
   * kustomization's `resources:` (a suggestion only). `copies` says which fields of the new object are
   * the resource's (`from`: its path there), so that for a rendered object they are taken as written
   * (its base's name, not the prefixed one), and left out where the written object has none.
   */
  | { op: "add-document"; value: Record<string, unknown>; copies?: ReadonlyArray<{ path: ObjectPath; from: ObjectPath }> };

export interface FixSpec {
  /** What the change does, imperative: `set allowPrivilegeEscalation: false`. */
  description: string;
  operations: FixOperation[];
}

/** A 1-based source range in a file. */
export interface SourceRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** False when the path does not exist and this is the range of its closest existing ancestor. */
  exact?: boolean;
}

export type Category =
  | "syntax"
  | "schema"
  | "security"
  | "secrets"
  | "reliability"
  | "resources"
  | "networking"
  | "rbac"
  | "cross-resource"
  | "best-practice";

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
  examples?: { bad?: string; good?: string };
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
