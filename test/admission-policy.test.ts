import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT, lintFixture } from "./helpers/fixtures.js";
import type { JsonFinding } from "./helpers/json-finding.js";

// End to end: the cluster's policies, given with --policy, fail a directory that passes without them.

const BIN = path.join(ROOT, "bin/k8slint");
const APP = path.join(ROOT, "fixtures/policies/app");
const CLUSTER = path.join(ROOT, "fixtures/policies/cluster");

function k8slint(args: string[]): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  const findings = r.stdout ? (JSON.parse(r.stdout) as { results: JsonFinding[] }).results : [];
  return { status: r.status, findings, stderr: r.stderr };
}

describe("--policy", () => {
  it("passes without the cluster's policies", () => {
    const r = k8slint([APP]);
    expect(r.status).toBe(0);
    expect(r.findings.filter((f) => f.ruleId === "admission-policy")).toEqual([]);
  });

  it("fails with them, at the field the validation names, and does not lint the policy files", () => {
    const r = k8slint(["--policy", CLUSTER, APP]);
    expect(r.status).toBe(1);
    const found = r.findings.filter((f) => f.ruleId === "admission-policy");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: "fixtures/policies/app/deployment.yaml", line: 19, severity: "error" });
    expect(found[0].message).toContain('ValidatingAdmissionPolicy "require-run-as-non-root" (binding "require-run-as-non-root")');
    expect(found[0].message).toContain("every container sets securityContext.runAsNonRoot: true");
    expect(r.findings.some((f) => f.file.includes("cluster"))).toBe(false);
  });

  it("reads policies: from .k8slint.yaml, relative to the config file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-policies-"));
    try {
      fs.cpSync(APP, path.join(dir, "app"), { recursive: true });
      fs.cpSync(CLUSTER, path.join(dir, "policies"), { recursive: true });
      fs.writeFileSync(path.join(dir, ".k8slint.yaml"), "policies:\n  - policies\n");
      const r = spawnSync(process.execPath, [BIN, "-f", "json", "app"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.status).toBe(1);
      const found = (JSON.parse(r.stdout) as { results: JsonFinding[] }).results.filter((f) => f.ruleId === "admission-policy");
      expect(found.map((f) => [f.file, f.line])).toEqual([["app/deployment.yaml", 19]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes --policy more than once: files from several places all apply", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-policies-"));
    try {
      const extra = path.join(dir, "replicas.yaml");
      fs.writeFileSync(
        extra,
        [
          "apiVersion: admissionregistration.k8s.io/v1",
          "kind: ValidatingAdmissionPolicy",
          "metadata: {name: two-replicas}",
          "spec:",
          "  matchConstraints:",
          '    resourceRules: [{apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}]',
          "  validations:",
          "    - expression: \"math.greatest(object.spec.replicas, 2) == object.spec.replicas\"",
          "      message: at least 2 replicas",
          "---",
          "apiVersion: admissionregistration.k8s.io/v1",
          "kind: ValidatingAdmissionPolicyBinding",
          "metadata: {name: two-replicas}",
          "spec: {policyName: two-replicas, validationActions: [Warn]}",
          "",
        ].join("\n"),
      );
      const r = k8slint(["--policy", path.join(CLUSTER, "require-probes.yaml"), "--policy", extra, APP]);
      const found = r.findings.filter((f) => f.ruleId === "admission-policy").map((f) => [f.line, f.severity, f.message.includes("at least 2 replicas")]);
      expect(found).toEqual([
        [4, "warning", true],
        [19, "error", false],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a policy path that does not exist with one line and exit 2", () => {
    const r = spawnSync(process.execPath, [BIN, "--no-config", "--policy", "fixtures/policies/none", APP], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("fixtures/policies/none");
  });
});

describe("an expression that reads a field the kind does not have", () => {
  const FIXTURE = path.join(ROOT, "fixtures/rules/admission-policy/undefined-fields.yaml");
  const docs = fs.readFileSync(FIXTURE, "utf8").replace(/ # expect: admission-policy/g, "").split(/^---\n/m);
  const [policy, binding, ...deployments] = docs;

  function lintTree(files: Record<string, string>, args: string[]): JsonFinding[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-typo-"));
    try {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      return (JSON.parse(r.stdout) as { results: JsonFinding[] }).results.filter((f) => f.ruleId === "admission-policy" && f.severity !== "info");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("with failurePolicy Ignore, a warning that the policy admits every object unchecked", () => {
    const ignoring = policy.replace("failurePolicy: Fail", "failurePolicy: Ignore");
    const found = lintTree({ "all.yaml": [ignoring, binding, ...deployments].join("---\n") }, ["all.yaml"]);
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [20, "warning", 'ValidatingAdmissionPolicy "replica-cap.example.com" reads object.spec.replica, which apps/v1 Deployment does not have (did you mean replicas?): the expression fails on every Deployment, and failurePolicy Ignore admits each unchecked'],
    ]);
  });

  it("a cluster's policy (--policy) is said at each object it denies, not in the cluster's files", () => {
    const found = lintTree({ "cluster/policy.yaml": [policy, binding].join("---\n"), "app/deployments.yaml": deployments.join("---\n") }, ["--policy", "cluster", "app"]);
    expect(found.map((f) => [f.file, f.line, f.severity])).toEqual([
      ["app/deployments.yaml", 4, "error"],
      ["app/deployments.yaml", 29, "error"],
    ]);
    expect(found[0].message).toBe('ValidatingAdmissionPolicy "replica-cap.example.com" (binding "replica-cap-binding.example.com") denies this Deployment: its expression reads object.spec.replica, which apps/v1 Deployment does not have (did you mean replicas?)');
  });
});

describe("an expression that reads a field a custom resource's CRD does not define", () => {
  it("is the policy's defect, said at the expression; the CRD's metadata, apiVersion and kind are the object's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-typo-cr-"));
    try {
      const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: pools.example.com
spec:
  group: example.com
  names: {kind: Pool, plural: pools, singular: pool, listKind: PoolList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
`;
      const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: pool-size
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [example.com]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [pools]
  validations:
    - expression: "object.metadata.name != '' && object.spec.sise <= 3"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: pool-size
spec:
  policyName: pool-size
  validationActions: [Warn]
`;
      const pool = "apiVersion: example.com/v1\nkind: Pool\nmetadata:\n  name: blue\n  namespace: shop\nspec:\n  size: 2\n";
      fs.writeFileSync(path.join(dir, "all.yaml"), [crd, policy, pool].join("---\n"));
      const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "all.yaml"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const found = (JSON.parse(r.stdout) as { results: JsonFinding[] }).results.filter((f) => f.ruleId === "admission-policy");
      expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
        [35, "warning", 'ValidatingAdmissionPolicy "pool-size" reads object.spec.sise, which example.com/v1 Pool does not have (did you mean size?): the expression fails on every Pool, and failurePolicy Fail warns about each'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("an evaluation error on a Secret", () => {
  it("is said at the policy without the value the expression read, in every format", () => {
    const tree = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: secret-shapes
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["secrets"]
  validations:
    - expression: "quantity(object.stringData.password).sign() > 0"
    - expression: "ip(object.stringData.password).family() == 4"
    - expression: "object.stringData.password"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: secret-shapes
spec:
  policyName: secret-shapes
  validationActions: [Deny]
---
apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
stringData:
  password: Hunter2SuperSecret
`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-policy-secret-"));
    try {
      fs.writeFileSync(path.join(dir, "policy.yaml"), tree);
      const json = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "policy.yaml"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const errors = (JSON.parse(json.stdout) as { results: JsonFinding[] }).results.filter((f) => f.ruleId === "admission-policy");
      expect(errors.map((f) => [f.line, f.message])).toEqual([
        [13, 'ValidatingAdmissionPolicy "secret-shapes" (binding "secret-shapes") fails on Secret shop/db: quantity: <value of 18 characters> is not a valid quantity'],
        [14, 'ValidatingAdmissionPolicy "secret-shapes" (binding "secret-shapes") fails on Secret shop/db: ip: <value of 18 characters> is not valid'],
        [15, 'ValidatingAdmissionPolicy "secret-shapes" (binding "secret-shapes") fails on Secret shop/db: validation 2 returned <value of 18 characters>, not a bool'],
      ]);
      for (const format of ["text", "json", "sarif", "github", "gitlab", "junit"]) {
        const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", format, "policy.yaml"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(r.stdout + r.stderr, format).not.toContain("Hunter2SuperSecret");
        expect(r.stdout, format).toContain("secret-shapes");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a value the expression changed before it reached the message", () => {
  it("is hidden: a decoded, upper-cased or cut Secret value, a params value, in messages and errors alike", () => {
    const tree = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: computed
spec:
  failurePolicy: Fail
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: ["v1"]
        operations: ["CREATE"]
        resources: ["secrets"]
  validations:
    - expression: "false"
      messageExpression: "'decoded ' + string(base64.decode(object.data.password))"
    - expression: "false"
      messageExpression: "'upper ' + object.stringData.token.upperAscii() + ' of db-credentials-v2'"
    - expression: "false"
      messageExpression: "'param ' + params.data.apikey"
    - expression: "quantity(string(base64.decode(object.data.password))).isInteger()"
    - expression: "semver(object.stringData.token.lowerAscii()).major() == 1"
    - expression: "object.stringData[object.stringData.token.upperAscii()] == 'x'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: computed
spec:
  policyName: computed
  validationActions: [Deny]
  paramRef: {name: limits, namespace: shop, parameterNotFoundAction: Deny}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: limits
  namespace: shop
data:
  apikey: ParamK3yValue777abc
---
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials-v2
  namespace: shop
data:
  password: ${Buffer.from("Hunter2SuperSecret").toString("base64")}
stringData:
  token: Tok3nValueXyz123
`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-policy-computed-"));
    try {
      fs.writeFileSync(path.join(dir, "policy.yaml"), tree);
      const json = spawnSync(process.execPath, [BIN, "--no-config", "-f", "json", "policy.yaml"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      const found = (JSON.parse(json.stdout) as { results: JsonFinding[] }).results.filter((f) => f.ruleId === "admission-policy");
      const head = 'ValidatingAdmissionPolicy "computed" (binding "computed")';
      expect(found.map((f) => [f.line, f.message]).sort()).toEqual([
        [21, `${head} fails on Secret shop/db-credentials-v2: quantity: <value of 18 characters> is not a valid quantity`],
        [22, `${head} fails on Secret shop/db-credentials-v2: semver: <value of 16 characters> is not a valid semantic version`],
        [45, `${head} denies this Secret: decoded <value of 18 characters>`],
        [45, `${head} denies this Secret: param <value of 19 characters>`],
        [45, `${head} denies this Secret: upper <value of 16 characters> of db-credentials-v2`],
        [45, `${head} was not evaluated for this Secret: it reads a field the object does not set (No such key: <value of 16 characters>), which the API server may default`],
      ]);
      for (const format of ["text", "json", "sarif"]) {
        const r = spawnSync(process.execPath, [BIN, "--no-config", "-f", format, "policy.yaml"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(r.stdout + r.stderr, format).not.toMatch(/Hunter2SuperSecret|ParamK3yValue777abc|TOK3NVALUEXYZ123|tok3nvaluexyz123/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a failed validation's message", () => {
  it("is the message or messageExpression result trimmed, as the API server says it", () => {
    const found = lintFixture(path.join(ROOT, "fixtures/rules/admission-policy/messages.yaml")).findings.filter((f) => f.ruleId === "admission-policy");
    const head = 'ValidatingAdmissionPolicy "messages" (binding "messages") denies this ConfigMap: ';
    expect(found.map((f) => f.message).sort()).toEqual([`${head}one line`, `${head}padded is padded`, `${head}padded message`]);
  });
});

describe("auditAnnotations", () => {
  it("deny when they fail under failurePolicy Fail or return another type, whatever the validationActions", () => {
    const found = lintFixture(path.join(ROOT, "fixtures/rules/admission-policy/audit-annotations.yaml")).findings.filter((f) => f.ruleId === "admission-policy");
    expect(found.map((f) => [f.line, f.severity, f.message])).toEqual([
      [16, "error", 'ValidatingAdmissionPolicy "audit-syntax" does not compile: Unexpected token: EOF'],
      [40, "error", 'ValidatingAdmissionPolicy "audit-fails" (binding "audit-fails") fails on ConfigMap policy-audit/ratios: division by zero'],
      [65, "error", 'ValidatingAdmissionPolicy "audit-ignored" (binding "audit-ignored") fails on ConfigMap policy-audit/ratios: auditAnnotation "labels" returned a map, not a string or null'],
      [87, "error", 'ValidatingAdmissionPolicy "audit-typo" reads object.spec, which v1 ConfigMap does not have: the expression fails on every ConfigMap, and failurePolicy Fail denies each'],
    ]);
  });
});

describe("paramRef", () => {
  const messages = (file: string) =>
    lintFixture(path.join(ROOT, "fixtures/rules/admission-policy", file))
      .findings.filter((f) => f.ruleId === "admission-policy")
      .map((f) => [f.line, f.severity, f.message]);

  it("one the API server refuses is said at the binding, which is not evaluated", () => {
    expect(messages("refused-param-refs.yaml")).toEqual([
      [22, "error", 'binding "no-action" sets no paramRef.parameterNotFoundAction (Allow or Deny): the API server refuses it'],
      [34, "error", 'binding "name-and-selector" sets both paramRef.name and paramRef.selector, which are mutually exclusive: the API server refuses it'],
      [45, "error", 'binding "neither" sets neither paramRef.name nor paramRef.selector: the API server refuses it'],
      [58, "error", 'binding "unknown-action" sets a paramRef.parameterNotFoundAction other than Allow or Deny: the API server refuses it'],
    ]);
  });

  it("without params for an object, Deny is not a denial: Ignore admits, and the cluster may hold them", () => {
    expect(messages("params-not-found.yaml")).toEqual([
      [62, "warning", 'binding "names-elsewhere": no ConfigMap params it refers to are in the set or among the policies given, so ValidatingAdmissionPolicy "names-fail" was not evaluated with it'],
      [79, "info", 'ValidatingAdmissionPolicy "names-fail" (binding "names-fail") was not evaluated for this ServiceAccount: no ConfigMap params for it are in the set or among the policies given (parameterNotFoundAction: Deny)'],
      [85, "error", 'ValidatingAdmissionPolicy "names-fail" (binding "names-fail") denies this ServiceAccount: failed expression: object.metadata.name != params.data.forbidden'],
      [85, "error", 'ValidatingAdmissionPolicy "names-ignore" (binding "names-ignore") denies this ServiceAccount: failed expression: object.metadata.name != params.data.forbidden'],
    ]);
  });
});
