import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from "kubernetes-types/admissionregistration/v1.js";
import type { Resource } from "../model/resource.js";
import { apiGroup } from "../model/resource.js";

export interface Policy {
  resource: Resource;
  spec: NonNullable<ValidatingAdmissionPolicy["spec"]>;
}

export interface Binding {
  resource: Resource;
  spec: NonNullable<ValidatingAdmissionPolicyBinding["spec"]>;
}

const API_GROUP = "admissionregistration.k8s.io";

function isAdmission(r: Resource, kind: string): boolean {
  return r.kind === kind && apiGroup(r.apiVersion) === API_GROUP && typeof r.object.spec === "object" && r.object.spec !== null;
}

/**
 * The policies and bindings that apply to a set: those of the set and those given with --policy.
 * A name defined twice is taken from the set (what is being changed wins over the cluster's copy).
 */
export class PolicySet {
  readonly policies = new Map<string, Policy>();
  readonly bindings: Binding[] = [];
  /** Every object that can be a parameter: the set's and the policy paths'. */
  readonly candidates: Resource[];

  constructor(set: readonly Resource[], given: readonly Resource[]) {
    for (const r of [...given, ...set]) {
      if (isAdmission(r, "ValidatingAdmissionPolicy") && r.name) this.policies.set(r.name, { resource: r, spec: r.object.spec as Policy["spec"] });
    }
    const seen = new Set<string>();
    for (const r of [...set, ...given]) {
      if (!isAdmission(r, "ValidatingAdmissionPolicyBinding") || seen.has(r.name)) continue;
      seen.add(r.name);
      this.bindings.push({ resource: r, spec: r.object.spec as Binding["spec"] });
    }
    this.candidates = [...set, ...given];
  }

  get empty(): boolean {
    return this.bindings.length === 0;
  }

  /** Objects of a paramKind (apiVersion and kind), by kind first: one pass over the set per kind asked. */
  private readonly byKind = new Map<string, Resource[]>();
  ofParamKind(apiVersion: string, kind: string): Resource[] {
    const key = `${apiVersion}/${kind}`;
    let out = this.byKind.get(key);
    if (!out) this.byKind.set(key, (out = this.candidates.filter((r) => r.kind === kind && r.apiVersion === apiVersion)));
    return out;
  }
}
