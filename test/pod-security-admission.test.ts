import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";
import { defaultRuleSettings, type RuleSettings } from "../src/engine/rule-settings.js";
import { findKustomizeTool } from "../src/render/kustomize.js";
import type { Finding } from "../src/engine/finding.js";
import { baselineMatcher, buildBaseline } from "../src/engine/baseline.js";
import { ROOT, RULE_FIXTURES, lintFixture } from "./helpers/fixtures.js";
import { testTempDir } from "./helpers/temp-dir.js";

// The fixture harness checks where findings are; these check how a namespace's enforced Pod Security
// level grades them: an error saying why, only for what the level refuses, one finding per setting.

const FIXTURES = path.join(RULE_FIXTURES, "pod-security-admission");
const RESTRICTED = ' (Pod Security "restricted" enforced on namespace "shop" refuses the pod)';
const BASELINE = ' (Pod Security "baseline" enforced on namespace "shop" refuses the pod)';

/** `line rule severity message` of the active findings of the Pod Security rules (and this one), in order. */
function graded(findings: readonly Finding[]): string[] {
  const pss = new Set(builtinRules.filter((r) => r.meta.references.pss).map((r) => r.meta.id));
  return findings.filter((f) => pss.has(f.ruleId) && !f.suppressed).map((f) => `${f.line} ${f.ruleId} ${f.severity} ${f.message}`);
}

describe("pod-security-admission", () => {
  it("restricted: every refused setting is one error at its field, the rule's own where it has one", () => {
    expect(graded(lintFixture(path.join(FIXTURES, "invalid-restricted")).findings)).toEqual([
      "18 run-as-non-root error pod runs its containers in the root group (runAsGroup: 0)",
      `22 allow-privilege-escalation error container "app" does not set allowPrivilegeEscalation to false${RESTRICTED}`,
      `22 pod-security-admission error container "app" is not set to runAsNonRoot${RESTRICTED}`,
      `22 seccomp-profile error container "app" has no seccomp profile${RESTRICTED}`,
      `24 drop-all-capabilities error container "app" does not drop ALL capabilities${RESTRICTED}`,
      `25 pod-security-admission error container "app" adds capability CHOWN${RESTRICTED}`,
      `25 dangerous-capabilities error container "app" adds capability SYS_TIME, which the Pod Security baseline does not allow${RESTRICTED}`,
      `28 host-port error container "app" binds host port 8080${RESTRICTED}`,
      `34 pod-security-admission error volume "data" is of type nfs${RESTRICTED}`,
      `36 host-path-volume error hostPath volume "logs" mounts the node's /var/log/web: writable by container "app"${RESTRICTED}`,
    ]);
  });

  it("baseline: what only restricted refuses keeps the rule's own severity and message", () => {
    const found = graded(lintFixture(path.join(FIXTURES, "invalid-baseline")).findings);
    expect(found.filter((f) => f.includes(BASELINE)).map((f) => f.split(" ").slice(0, 3).join(" "))).toEqual([
      "19 pod-security-admission error",
      "27 dangerous-capabilities error",
      "30 host-port error",
      "33 pod-security-admission error",
      "42 host-path-volume error",
    ]);
    expect(found.filter((f) => !f.includes(BASELINE))).toEqual([
      '24 allow-privilege-escalation warning container "app" does not set allowPrivilegeEscalation to false',
      '24 seccomp-profile warning container "app" has no seccomp profile',
      '26 drop-all-capabilities warning container "app" does not drop ALL capabilities',
    ]);
  });

  it("warn and audit labels, and a namespace without labels, change nothing", () => {
    const warnOnly = graded(lintFixture(path.join(FIXTURES, "valid-warn-only")).findings);
    const unlabelled = graded(lintFixture(path.join(FIXTURES, "valid-unlabelled")).findings);
    const shifted = unlabelled.map((f) => f.replace(/^\d+/, (n) => String(Number(n) + 1)));
    expect(warnOnly).toEqual(shifted);
    expect(warnOnly.filter((f) => f.includes("Pod Security \""))).toEqual([]);
    expect(warnOnly.map((f) => f.split(" ").slice(1, 3).join(" "))).toContain("host-port warning");
  });

  it("without the rule, the other rules' findings stay as they are", () => {
    const base = defaultRuleSettings();
    const settings: RuleSettings = { ...base, enabled: (r) => r.meta.id !== "pod-security-admission" && base.enabled(r) };
    const found = graded(lintFixture(path.join(FIXTURES, "invalid-restricted"), { settings }).findings);
    expect(found.filter((f) => f.includes("Pod Security \""))).toEqual([]);
    expect(found.filter((f) => f.includes(" error ")).map((f) => f.split(" ").slice(0, 3).join(" "))).toEqual(["18 run-as-non-root error"]);
  });

  it("a severity the configuration gives a rule grades its risk; the refusal is this rule's error", () => {
    const base = defaultRuleSettings();
    const settings: RuleSettings = { ...base, severityFor: (id) => (id === "host-port" ? "info" : undefined) };
    const found = graded(lintFixture(path.join(FIXTURES, "invalid-restricted"), { settings }).findings);
    expect(found.filter((f) => f.startsWith("28 "))).toEqual([
      `28 host-port info container "app" binds host port 8080`,
      `28 pod-security-admission error container "app" binds host port 8080${RESTRICTED}`,
    ]);
  });

  it("a rule turned off for the setting leaves the refusal to this rule, still once", () => {
    const base = defaultRuleSettings();
    const settings: RuleSettings = { ...base, severityFor: (id) => (id === "drop-all-capabilities" ? "off" : undefined) };
    const found = graded(lintFixture(path.join(FIXTURES, "invalid-restricted"), { settings }).findings);
    expect(found.filter((f) => f.startsWith("24 "))).toEqual([`24 pod-security-admission error container "app" does not drop ALL capabilities${RESTRICTED}`]);
  });

  it("a justification of the rule's finding accepts its risk, not the refusal; the refusal's own justification accepts that", () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: edge
  labels: {pod-security.kubernetes.io/enforce: baseline}
---
apiVersion: v1
kind: Pod
metadata:
  name: ingress
  namespace: edge
  annotations:
    justify.k8slint.io/host-port: "bare-metal edge nodes bind 80 directly"
spec:
  containers:
    - name: nginx
      image: nginx:1.27.3
      ports:
        - {containerPort: 80, hostPort: 80}
`;
    const states = (source: string) =>
      lint({ sources: [{ name: "edge.yaml", text: source }], cwd: ROOT, rules: builtinRules })
        .findings.filter((f) => f.ruleId === "host-port" || f.ruleId === "pod-security-admission")
        .map((f) => `${f.line} ${f.ruleId} ${f.severity} ${f.suppressed}`);
    // Admission refuses the pod whatever the risk is worth: that is still an error.
    expect(states(text)).toEqual(["19 host-port error true", "19 pod-security-admission error false"]);
    // A disable comment of the rule alike.
    const commented = text.replace('  annotations:\n    justify.k8slint.io/host-port: "bare-metal edge nodes bind 80 directly"\n', "").replace("        - {containerPort: 80", "        # k8slint-disable-next-line host-port -- bare-metal edge nodes bind 80 directly\n        - {containerPort: 80");
    expect(states(commented)).toEqual(["18 host-port error true", "18 pod-security-admission error false"]);
    // The cluster exempts the pod (an AdmissionConfiguration exemption): the refusal's own justification says so.
    const exempt = text.replace("    justify.k8slint.io/host-port:", '    justify.k8slint.io/pod-security-admission: "edge namespace exempt in the AdmissionConfiguration"\n    justify.k8slint.io/host-port:');
    expect(states(exempt)).toEqual(["20 host-port error true", "20 pod-security-admission error true"]);
  });

  it("a container with a written non-zero user is fixed by saying runAsNonRoot: true; one whose user the image decides is not", () => {
    const pod = (user: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}${user}
  containers:
    - name: web
      image: registry.example.com/web:1.2.3
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
`;
    const refusals = (text: string) =>
      lint({ sources: [{ name: "web.yaml", text }], cwd: ROOT, rules: builtinRules, fixes: true }).findings.filter((f) => f.message.includes("runAsNonRoot"));
    const [fixed] = refusals(pod("\n    runAsUser: 10001"));
    expect(`${fixed.ruleId} ${fixed.line} ${fixed.fix?.description}`).toBe("pod-security-admission 19 set runAsNonRoot: true");
    // Without a written user the image decides: run-as-non-root states the refusal, with its own remedies.
    const [unknown] = refusals(pod(""));
    expect(unknown.ruleId).toBe("run-as-non-root");
  });

  it("seccomp annotations: judged up to v1.18, copied into and from the fields as the API server's version does", () => {
    const seccomp = (fixture: string) =>
      lintFixture(path.join(FIXTURES, fixture))
        .findings.filter((f) => f.ruleId === "seccomp-profile" || f.ruleId === "pod-security-admission")
        .map((f) => `${f.line} ${f.ruleId} ${f.severity}`);
    // v1.18 reads the annotations, not the field, which the seccomp-profile rule still warns of.
    expect(seccomp("invalid-seccomp-annotations-v1.18.yaml")).toEqual(["17 pod-security-admission error", "18 pod-security-admission error", "24 seccomp-profile warning"]);
    // Before 1.25 an Unconfined field becomes the unconfined annotation v1.18 refuses; from 1.25 it does not.
    expect(seccomp("invalid-seccomp-field-copied-v1.18.yaml")).toEqual(["24 seccomp-profile error"]);
    expect(seccomp("valid-seccomp-before-v1.19.yaml")).toEqual(["24 seccomp-profile warning"]);
    // Before 1.27 an unconfined annotation becomes the Unconfined field the baseline refuses.
    expect(seccomp("invalid-seccomp-annotations-copied.yaml")).toEqual(["17 pod-security-admission error", "32 seccomp-profile error"]);
  });

  it("a namespace defined twice with different pins: only what both versions refuse, in the more lenient one's name", () => {
    const found = lintFixture(path.join(FIXTURES, "invalid-definitions-of-two-versions")).findings.filter((f) => f.ruleId === "unsafe-sysctls" || f.ruleId === "pod-security-admission");
    expect(found.map((f) => `${f.line} ${f.ruleId} ${f.severity} ${f.message}`)).toEqual([
      '13 unsafe-sysctls error sets unsafe sysctl kernel.msgmax (Pod Security "baseline:v1.27" enforced on namespace "tuning" refuses the pod)',
    ]);
  });

  it("a baseline entry recorded before the namespace enforced a level does not hide the refusal", () => {
    const dir = testTempDir("k8slint-psa-baseline-");
    const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {${labels}}\n`;
    fs.writeFileSync(
      path.join(dir, "app.yaml"),
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  securityContext: {runAsNonRoot: true, runAsUser: 10001}\n  containers:\n    - name: app\n      image: shop/app:1.0.0\n      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}\n",
    );
    const run = (labels: string) => {
      fs.writeFileSync(path.join(dir, "namespace.yaml"), namespace(labels));
      return lint({ paths: [dir], cwd: dir, rules: builtinRules }).findings.filter((f) => f.ruleId === "seccomp-profile");
    };
    const hidden = (baselineOf: Finding[], now: Finding[]) => now.filter(baselineMatcher(buildBaseline(baselineOf, dir, "baseline.json"), dir, "baseline.json")).length;
    const open = run("team: shop");
    const enforced = run("pod-security.kubernetes.io/enforce: restricted");
    expect(open.map((f) => f.severity)).toEqual(["warning"]);
    expect(enforced.map((f) => f.severity)).toEqual(["error"]);
    // Accepted as a warning; the namespace then enforces restricted: the pod is refused, the finding shows.
    expect(hidden(open, enforced)).toBe(0);
    // Accepted while enforced: hidden, and still hidden once the namespace enforces nothing.
    expect(hidden(enforced, enforced)).toBe(1);
    expect(hidden(enforced, open)).toBe(1);
    expect(hidden(open, open)).toBe(1);
  });

  it.skipIf(!findKustomizeTool())("an object two overlays render alike is graded by each overlay's own namespace", () => {
    const result = lint({ paths: ["fixtures/kustomize/pod-security"], cwd: ROOT, rules: builtinRules });
    const drop = result.findings.filter((f) => f.ruleId === "drop-all-capabilities").map((f) => `${f.line} ${f.severity} ${f.units?.join(",")} ${f.message}`);
    expect(drop).toEqual([
      '16 warning kustomize fixtures/kustomize/pod-security/overlays/open container "app" does not drop ALL capabilities',
      `16 error kustomize fixtures/kustomize/pod-security/overlays/restricted container "app" does not drop ALL capabilities${RESTRICTED}`,
    ]);
    expect(result.findings.filter((f) => f.ruleId === "pod-security-admission")).toEqual([]);
  });
});
