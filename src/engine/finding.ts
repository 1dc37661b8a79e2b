import type { ObjectPath, Severity } from "../types.js";
import type { FileChange } from "./fix.js";

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
  resource?: { apiVersion: string; kind: string; namespace?: string; name: string };
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

/**
 * `spec.template.spec.containers[0].securityContext`. Joined, not concatenated: every finding keeps its
 * path, and a string built with `+=` is a tree of a node per segment (~175 bytes a path, against ~60 flat).
 */
export function formatPath(path: ObjectPath): string {
  const parts: string[] = [];
  for (const seg of path) parts.push(typeof seg === "number" ? `[${seg}]` : keyPart(seg, parts.length === 0));
  return parts.join("");
}

/** A key as a formatted path writes it: `.name` (bare at the start), `["a/b"]` when it is not a plain word. */
export function keyPart(key: string, first: boolean): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return `[${JSON.stringify(key)}]`;
  return first ? key : `.${key}`;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
