import type { ObjectPath, RuleMeta, Severity } from "../types.js";
import type { Model, OtherDocument } from "../model/model.js";
import type { Resource } from "../model/resource.js";
import type { SourceFile } from "../load/source-file.js";
import type { FixSpec } from "./fix.js";

/** Where a finding points. The engine turns it into file, line and column. */
export type Target =
  /** A field of a resource (missing fields resolve to their closest existing ancestor). */
  | { resource: Resource; path: ObjectPath }
  /** A field of a non-Kubernetes YAML document (Helm values, env-style config). */
  | { document: OtherDocument; path: ObjectPath }
  /** Raw text of a file: parse errors, comments. Offsets are 0-based; `docIndex` is the YAML document a fix's paths are in. */
  | { file: SourceFile; start: number; end: number; docIndex?: number };

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
  causedBy?: string | { rule: string; in: Resource };
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

export interface Refusal {
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

export function defineRule(rule: Rule): Rule {
  return rule;
}
