import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { lint, type LintResult } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { CORPUS, ROOT, RULE_FIXTURES, hasCorpus, lintFixture, settingsFor } from "./helpers/fixtures.js";
import { k8slint } from "./helpers/temp-repo.js";
import { DEFAULT_KUBE_VERSION, MAX_KUBE_VERSION, MIN_KUBE_VERSION, kubeVersionProblem } from "../src/kube-version.js";
import { API_DEPRECATIONS } from "../src/model/api-deprecations.js";
import { FIELD_INTRODUCTIONS } from "../src/model/field-introductions.js";
import { builtinKind, builtinSchemas, stableApiVersionsOf, validateBuiltin } from "../src/schema/builtin-schemas.js";
import { testTempDir } from "./helpers/temp-dir.js";

// Schema validation, deprecated APIs and the target Kubernetes version.

const fixture = (...p: string[]) => path.join(RULE_FIXTURES, ...p);
const of = (r: LintResult, id: string) => r.findings.filter((f) => f.ruleId === id);

describe("target Kubernetes version", () => {
  it("defaults to the version the bundled schemas were generated from", () => {
    expect(builtinSchemas().kubernetes.startsWith(`${DEFAULT_KUBE_VERSION}.`)).toBe(true);
    expect(MAX_KUBE_VERSION).toBe(DEFAULT_KUBE_VERSION);
  });

  it("accepts the supported range and rejects versions outside it", () => {
    for (const v of [MIN_KUBE_VERSION, "1.25", "v1.30", "1.33.2", MAX_KUBE_VERSION]) expect(kubeVersionProblem(v), v).toBeUndefined();
    for (const v of ["1.15", "1.99", "2.0", "latest", "1", ""]) expect(kubeVersionProblem(v), v).toMatch(/unsupported Kubernetes version .*1\.16 to 1\.36/);
  });

  it("--kube-version outside the range is a usage error (exit 2) that names the range", () => {
    const r = k8slint(["--kube-version", "1.12", fixture("schema", "valid-workloads.yaml")], ROOT);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`choose one from ${MIN_KUBE_VERSION} to ${MAX_KUBE_VERSION}`);
  });

  it("the library refuses a target outside the range too, instead of checking against the wrong API", () => {
    const sources = [{ name: "pod.yaml", text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: c:1}]}\n" }];
    expect(() => lint({ sources, kubeVersion: "1.12" })).toThrow(/unsupported Kubernetes version "1\.12"/);
    expect(lint({ sources, kubeVersion: MIN_KUBE_VERSION }).summary.resources).toBe(1);
  });

  it("every deprecation is removed after it is deprecated, within the supported range", () => {
    for (const d of API_DEPRECATIONS) {
      if (d.removedIn !== undefined) expect(d.removedIn, d.apiVersion).toBeGreaterThan(d.deprecatedIn);
      expect(d.replacement ?? d.advice, d.apiVersion).toBeTruthy();
    }
  });
});

describe("deprecated-api follows the target version", () => {
  const pdbLine = 3;
  const served = fixture("deprecated-api", "served-1.22.yaml");
  const severityAt = (r: LintResult, line: number) => of(r, "deprecated-api").find((f) => f.line === line)?.severity;

  it("policy/v1beta1 PodDisruptionBudget: silent on 1.20, a warning on 1.22, an error from 1.25", () => {
    expect(severityAt(lintFixture(served, { kubeVersion: "1.20" }), pdbLine)).toBeUndefined();
    expect(severityAt(lintFixture(served), pdbLine)).toBe("warning");
    expect(severityAt(lintFixture(served, { kubeVersion: "1.25" }), pdbLine)).toBe("error");
  });

  it("names the removing release and the replacement", () => {
    const f = of(lintFixture(served, { kubeVersion: "1.25" }), "deprecated-api").find((x) => x.line === pdbLine)!;
    expect(f.message).toContain("removed in Kubernetes 1.25");
    expect(f.message).toContain("use policy/v1");
    expect(f.path).toBe("apiVersion");
  });

  it("seccomp annotations warn while honoured and are errors once the kubelet ignores them (1.27)", () => {
    const removed = of(lintFixture(fixture("deprecated-api", "removed.yaml")), "deprecated-api");
    const seccomp = removed.find((f) => f.message.includes("seccomp.security.alpha"))!;
    expect(seccomp.severity).toBe("error");
    expect(seccomp.message).toContain("spec.securityContext.seccompProfile");
    const old = of(lintFixture(fixture("deprecated-api", "served-1.22.yaml")), "deprecated-api").find((f) => f.message.includes("seccomp"))!;
    expect(old.severity).toBe("warning");
  });

  it("CLI: the same manifest fails on 1.25 and passes with warnings on 1.22", () => {
    const file = fixture("deprecated-api", "valid-old-cluster.yaml");
    expect(k8slint(["--kube-version", "1.22", "--fail-on", "error", file], ROOT).status).toBe(0);
    const r = k8slint(["--kube-version", "1.25", "-f", "json", file], ROOT);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout) as { results: Array<{ ruleId: string; severity: string }>; summary: { notValidated?: number } };
    expect(json.results.filter((f) => f.ruleId === "deprecated-api").map((f) => f.severity)).toEqual(["error"]);
    expect(json.summary.notValidated).toBe(0);
  });
});

describe("deprecated-api: fields newer than the target", () => {
  const tooNew = fixture("deprecated-api", "fields-too-new-1.22.yaml");
  const findings = (kubeVersion: string) => of(lintFixture(tooNew, { kubeVersion }), "deprecated-api");

  it("every path of the table is a field the bundled schemas define, on one of the kinds it names", () => {
    const holders: Record<string, { apiVersion: string; kind: string; base: string[] }> = {
      pod: { apiVersion: "v1", kind: "Pod", base: ["spec"] },
      container: { apiVersion: "v1", kind: "Pod", base: ["spec", "containers", "*"] },
      appContainer: { apiVersion: "v1", kind: "Pod", base: ["spec", "containers", "*"] },
      initContainer: { apiVersion: "v1", kind: "Pod", base: ["spec", "initContainers", "*"] },
      job: { apiVersion: "batch/v1", kind: "Job", base: ["spec"] },
    };
    // The unknown fields of an object of the place with only that path set.
    const unknownFields = (place: { apiVersion: string; kind: string }, definition: string, segs: readonly string[], value: unknown) => {
      const object: Record<string, unknown> = { apiVersion: place.apiVersion, kind: place.kind, metadata: { name: "x" } };
      let at: Record<string, unknown> | unknown[] = object;
      segs.forEach((k, i) => {
        const last = i === segs.length - 1;
        const next: unknown = last ? value : segs[i + 1] === "*" ? [] : {};
        if (k === "*") (at as unknown[]).push(next);
        else (at as Record<string, unknown>)[k] = next;
        if (!last) at = next as Record<string, unknown> | unknown[];
      });
      return validateBuiltin(object, definition).filter((v) => v.message.startsWith("unknown field")).map((v) => v.message);
    };
    // Each alternative key alone.
    const expand = (segs: readonly string[]): string[][] => (segs.length === 0 ? [[]] : segs[0].split("|").flatMap((k) => expand(segs.slice(1)).map((rest) => [k, ...rest])));
    let checked = 0;
    for (const entry of FIELD_INTRODUCTIONS) {
      const places = typeof entry.on === "string" ? [holders[entry.on]] : entry.on.kinds.map((kind) => ({ apiVersion: (typeof entry.on === "object" && entry.on.apiVersions?.at(-1)) || stableApiVersionsOf(kind)[0], kind, base: [] as string[] }));
      const defined = new Set<string>();
      for (const place of places) {
        const definition = builtinKind(place.apiVersion, place.kind);
        expect(definition, `${place.apiVersion} ${place.kind}`).toBeDefined();
        for (const pattern of entry.paths) {
          for (const segs of expand([...place.base, ...pattern])) {
            if (unknownFields(place, definition!, segs, entry.value ?? "x").length === 0) {
              defined.add(segs.slice(place.base.length).join("."));
              checked++;
            }
          }
        }
      }
      for (const pattern of entry.paths) for (const segs of expand(pattern)) expect(defined.has(segs.join(".")), `${entry.field}: ${segs.join(".")}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(60);
  });

  it("versions are consistent: a gate's alpha before its default, all after the oldest target", () => {
    for (const e of FIELD_INTRODUCTIONS) {
      expect(e.onIn, e.field).toBeGreaterThan(16);
      if (e.alphaIn !== undefined) {
        expect(e.gate, e.field).toBeDefined();
        expect(e.alphaIn, e.field).toBeLessThan(e.onIn);
      }
    }
  });

  it("unknown to the target: an error at the field, naming the release that serves it", () => {
    const f = findings("1.22");
    const traffic = f.find((x) => x.path === "spec.trafficDistribution")!;
    expect(traffic).toMatchObject({ line: 13, column: 3, severity: "error" });
    expect(traffic.message).toBe("spec.trafficDistribution is served from Kubernetes 1.31 (target 1.22): older API servers refuse or drop the field");
    const sidecar = f.find((x) => x.path === "spec.template.spec.initContainers[0].restartPolicy")!;
    expect(sidecar).toMatchObject({ line: 45, column: 11, severity: "error" });
    expect(sidecar.message).toMatch(/^restartPolicy of init container "proxy" is served from Kubernetes 1\.29 \(target 1\.22\): .*a sidecar that never exits holds the pod in Init$/);
    expect(f.find((x) => x.path === "spec.jobTemplate.spec.podFailurePolicy")?.severity).toBe("error");
    // The custom resource of kind Service, and the startup probe (on by default from 1.18), are not reported.
    expect(f.filter((x) => x.resource?.kind === "Service").map((x) => x.resource?.name)).toEqual(["api"]);
    expect(f.some((x) => x.path?.includes("startupProbe"))).toBe(false);
  });

  it("known but gated: a warning that names the feature gate", () => {
    const minReady = findings("1.22").find((x) => x.path === "spec.minReadySeconds")!;
    expect(minReady.severity).toBe("warning");
    expect(minReady.message).toBe("spec.minReadySeconds is served from Kubernetes 1.23 (target 1.22): before it, API servers drop the field unless the feature gate StatefulSetMinReadySeconds is on");
    const f = findings("1.28");
    expect(f.find((x) => x.path === "spec.template.spec.initContainers[0].restartPolicy")?.message).toContain("unless the feature gate SidecarContainers is on");
    expect(f.map((x) => x.severity).sort()).toEqual(["error", "warning"]);
  });

  it("from the release that serves each field on, nothing", () => {
    expect(findings("1.31")).toEqual([]);
    expect(findings("1.36")).toEqual([]);
    expect(findings("1.30").map((x) => `${x.path} ${x.severity}`)).toEqual(["spec.trafficDistribution warning"]);
  });

  it("rules whose advice writes such a field stay silent, or offer no fix, where the target drops it", () => {
    const text = [
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: once, namespace: jobs}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox:1.36}]\n",
    ].join("");
    const settings = settingsFor({ rules: { "job-ttl": { severity: "warning" } } });
    const run = (kubeVersion: string) => lint({ sources: [{ name: "job.yaml", text }], cwd: ROOT, kubeVersion, fixes: true, settings });
    expect(run("1.21").findings.filter((f) => f.ruleId === "job-ttl")).toHaveLength(1);
    expect(run("1.20").findings.filter((f) => f.ruleId === "job-ttl")).toEqual([]);
    const seccomp = (kubeVersion: string) => run(kubeVersion).findings.find((f) => f.ruleId === "seccomp-profile");
    expect(seccomp("1.19")?.fix).toBeDefined();
    expect(seccomp("1.18")).toBeDefined();
    expect(seccomp("1.18")?.fix).toBeUndefined();
  });
});

describe("schema", () => {
  it("counts resources without a schema in a notice and in the summary", () => {
    const r = lintFixture(fixture("schema", "unknown-kind.yaml"));
    expect(r.summary.notValidated).toBe(1);
    expect(r.notices.some((n) => n.includes("monitoring.coreos.com/v1/ServiceMonitor (1)"))).toBe(true);
    expect(r.notices.find((n) => n.startsWith("schema:"))).toContain("(custom resources whose CRD is neither in the set nor given with --crds)");
  });

  it("says that a built-in group's version without a bundled schema is not a custom resource", () => {
    const text = "apiVersion: admissionregistration.k8s.io/v1alpha1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: demo\nspec:\n  validations:\n    - expression: \"true\"\n";
    const r = lint({ sources: [{ name: "policy.yaml", text }], cwd: ROOT });
    expect(r.notices.find((n) => n.startsWith("schema:"))).toContain("(built-in API versions the bundled schemas do not have)");
  });

  it("says nothing about coverage when the rule is off", () => {
    const r = lint({ paths: [fixture("schema", "unknown-kind.yaml")], cwd: ROOT, rules: builtinRules.filter((x) => x.meta.id !== "schema") });
    expect(r.summary.notValidated).toBeUndefined();
    expect(r.notices.some((n) => n.startsWith("schema:"))).toBe(false);
  });

  it("points an unknown field at its own key and suggests the closest field", () => {
    const r = lintFixture(fixture("schema", "unknown-field.yaml"));
    const f = of(r, "schema").find((x) => x.message.includes("contianers"))!;
    expect(f.message).toBe('unknown field "contianers" in spec.template.spec (did you mean "containers"?)');
    expect([f.line, f.column]).toEqual([14, 7]);
    expect(f.path).toBe("spec.template.spec.contianers");
  });

  it("a required field written under a misspelt key is one finding, the rename; an unrelated unknown key leaves it missing", () => {
    const text = [
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  contaners:\n    - {name: app, image: app:1.0}\n",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - prot: 80\n",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb}\nrolRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: [{kind: ServiceAccount, name: default}]\n",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  workers:\n    - {name: app, image: app:1.0}\n",
    ].join("---\n");
    const r = lint({ sources: [{ name: "typos.yaml", text }], cwd: ROOT, rules: builtinRules.filter((x) => x.meta.id === "schema") });
    expect(of(r, "schema").map((f) => `${f.line} ${f.message}`)).toEqual([
      '5 unknown field "contaners" in spec (did you mean "containers"?)',
      '13 unknown field "prot" in spec.ports[0] (did you mean "port"?)',
      '18 unknown field "rolRef" at the top level (did you mean "roleRef"?)',
      '24 missing required field "containers" in spec',
      '25 unknown field "workers" in spec',
    ]);
  });

  it("validates custom resources against the CRD in the set, with the same messages", () => {
    const r = lintFixture(fixture("schema", "crd-and-resources"));
    const msgs = of(r, "schema").map((f) => `${path.basename(f.file)}:${f.line} ${f.message}`);
    expect(msgs).toContain('30-unknown-field.yaml:7 unknown field "schedual" in spec (did you mean "schedule"?)');
    expect(msgs).toContain("20-wrong-type.yaml:7 spec.retentionDays must be an integer, not a string");
    expect(msgs.some((m) => m.startsWith("10-valid.yaml"))).toBe(false);
    expect(r.summary.notValidated).toBe(0);
  });

  it("never prints a value of a wrongly typed field (it may be a credential)", () => {
    const r = lint({
      sources: [{ name: "secret-env.yaml", text: "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      env:\n        - name: DB_PASSWORD\n          value: 918273645\n" }],
      cwd: ROOT,
    });
    const f = of(r, "schema");
    expect(f).toHaveLength(1);
    expect(f[0].message).not.toContain("918273645");
  });

  it("the committed schema file is what the generator makes from the pinned kubernetes-models", () => {
    const out = path.join(testTempDir("k8slint-schemas-"), "kubernetes.json");
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts/generate-kube-schemas.mjs"), out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(path.join(ROOT, "kube-schemas/kubernetes.json"), "utf8"));
  }, 60_000);
});

if (!hasCorpus()) console.warn(`SKIPPED: schema and API rules on ../shared/corpus: ${CORPUS} not found (a fresh clone without ../shared)`);

describe.skipIf(!hasCorpus())("schema and API rules on ../shared/corpus", () => {
  const systems = hasCorpus() ? fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory()) : [];
  const results = new Map<string, LintResult>();
  const run = (system: string) => {
    let r = results.get(system);
    if (!r) results.set(system, (r = lint({ paths: [path.join(CORPUS, system)], cwd: CORPUS })));
    return r;
  };

  for (const system of systems) {
    it(`${system}: the API server would accept every built-in resource (no schema findings)`, () => {
      const r = run(system);
      expect(of(r, "schema").map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
      expect(r.notices.filter((n) => n.includes("failed"))).toEqual([]);
    });
  }

  it.skipIf(!systems.includes("continuum"))("continuum: the policy/v1beta1 PodSecurityPolicy is removed (error at apiVersion), its CRs are counted", () => {
    const r = run("continuum");
    const psp = of(r, "deprecated-api").filter((f) => f.resource?.kind === "PodSecurityPolicy");
    expect(psp).toHaveLength(1);
    expect(psp[0].severity).toBe("error");
    const line = fs.readFileSync(path.join(CORPUS, psp[0].file), "utf8").split("\n")[psp[0].line - 1];
    expect(line).toMatch(/^apiVersion:\s*policy\/v1beta1/);
    expect(r.summary.notValidated).toBeGreaterThan(0);
    expect(r.notices.some((n) => n.includes("monitoring.coreos.com/v1/ServiceMonitor"))).toBe(true);
  });
});
