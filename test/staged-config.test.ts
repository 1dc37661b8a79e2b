import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { gitRepo } from "./helpers/git-repo.js";

// `k8slint --staged` (the pre-commit hook) honours the configuration as a normal run does: the config
// file, found or given with -c, and the paths it and --policy/--crds name, read from the index (what the
// commit will contain), in a real repository with a staged edit. test/pre-commit.test.ts drives the
// hook itself through pre-commit; these run the CLI directly, which is what the hook's entry does.

const BIN = path.join(ROOT, "bin/k8slint");

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27.0
`;
const TEAM_RULE = `id: need-team
title: Deployments name their team
severity: error
message: has no team label
remediation: Add a team label.
match:
  kinds: [Deployment]
schema:
  required: [metadata]
  properties:
    metadata: {required: [labels]}
`;
const MAX_REPLICAS = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: max-replicas}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: "object.spec.replicas <= 1"
      message: too many replicas
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: max-replicas}
spec:
  policyName: max-replicas
  validationActions: [Deny]
`;
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Backup, plural: backups, singular: backup}
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
              x-kubernetes-validations:
                - rule: "self.keep <= 30"
                  message: keeps at most 30 backups
              properties:
                keep: {type: integer}
`;
const BACKUP = "apiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\n  namespace: shop\nspec:\n  keep: 90\n";

interface Repo {
  dir: string;
  write(rel: string, text: string): void;
  git(...args: string[]): string;
  k8slint(args: string[], cwd?: string): { status: number | null; stderr: string; findings: Array<{ file: string; ruleId: string; message: string }> };
}

/** A repository whose first commit holds `files`, then the Deployment edited and staged (the commit being made). */
function repo(files: Record<string, string>): Repo {
  const { dir, env, git, write } = gitRepo("k8slint-staged-config-");
  write("k8s/deploy.yaml", DEPLOY);
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  git("add", ".");
  git("commit", "-q", "-m", "base");
  write("k8s/deploy.yaml", DEPLOY.replace("nginx:1.27.0", "nginx:1.27.1"));
  git("add", "k8s/deploy.yaml");
  return {
    dir,
    write,
    git,
    k8slint(args, cwd = dir) {
      const r = spawnSync(process.execPath, [BIN, "-f", "json", ...args], { cwd, encoding: "utf8", env, timeout: 60_000 });
      const findings = r.stdout ? (JSON.parse(r.stdout) as { results: Array<{ file: string; ruleId: string; message: string }> }).results : [];
      return { status: r.status, stderr: r.stderr, findings };
    },
  };
}

const rulesOf = (r: ReturnType<Repo["k8slint"]>) => r.findings.map((f) => `${f.file} ${f.ruleId}`);

describe("--staged reads the configuration from the index", () => {
  it("customRules: the config's custom rule runs on the staged manifest (the README's example)", () => {
    const r = repo({ ".k8slint.yaml": "customRules: [policies/]\n", "policies/team.yaml": TEAM_RULE }).k8slint(["--staged"]);
    expect(r.stderr).toBe("");
    expect(rulesOf(r)).toContain("k8s/deploy.yaml need-team");
    expect(r.status).toBe(1);
  });

  it("policies: the config's admission policies are enforced", () => {
    const r = repo({ ".k8slint.yaml": "policies: [adm/]\n", "adm/max-replicas.yaml": MAX_REPLICAS }).k8slint(["--staged"]);
    expect(r.stderr).toBe("");
    expect(r.findings.find((f) => f.ruleId === "admission-policy")?.message).toMatch(/max-replicas.*too many replicas/);
    expect(r.status).toBe(1);
  });

  it("crds: custom resources are validated against the config's CRDs", () => {
    const t = repo({ ".k8slint.yaml": "crds: [vendor/crds/]\n", "vendor/crds/backup.yaml": CRD, "k8s/backup.yaml": BACKUP });
    t.write("k8s/backup.yaml", BACKUP.replace("keep: 90", "keep: 60"));
    t.git("add", "k8s/backup.yaml");
    const r = t.k8slint(["--staged"]);
    expect(r.stderr).toBe("");
    expect(r.findings.find((f) => f.ruleId === "crd-validation")?.message).toMatch(/at most 30 backups/);
  });

  it("-c: a config file in a subdirectory, and the paths it names relative to it, from the top and from a subdirectory", () => {
    const t = repo({ "ci/k8slint.yaml": "customRules: [rules/]\npolicies: [../adm/]\n", "ci/rules/team.yaml": TEAM_RULE, "adm/max-replicas.yaml": MAX_REPLICAS });
    for (const [args, cwd] of [
      [["--staged", "-c", "ci/k8slint.yaml"], t.dir],
      [["--staged", "--config", "../ci/k8slint.yaml"], path.join(t.dir, "k8s")],
    ] as const) {
      const r = t.k8slint([...args], cwd);
      expect(r.stderr).toBe("");
      expect(r.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["need-team", "admission-policy"]));
    }
  });

  it("--policy and --crds: the flags' paths, relative to the working directory", () => {
    const t = repo({ "adm/max-replicas.yaml": MAX_REPLICAS, "vendor/crds/backup.yaml": CRD, "k8s/backup.yaml": BACKUP });
    t.write("k8s/backup.yaml", BACKUP.replace("keep: 90", "keep: 60"));
    t.git("add", "k8s/backup.yaml");
    const r = t.k8slint(["--staged", "--no-config", "--policy", "../adm", "--crds", "../vendor/crds/"], path.join(t.dir, "k8s"));
    expect(r.stderr).toBe("");
    expect(r.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["admission-policy", "crd-validation"]));
  });

  it("--baseline: a committed baseline in a subdirectory hides the findings it records", () => {
    const t = repo({ "policies/team.yaml": TEAM_RULE, ".k8slint.yaml": "customRules: [policies/]\n" });
    expect(t.k8slint(["k8s/", "--write-baseline", "ci/baseline.json"]).status).toBe(0);
    // Committed on its own: staged with the commit, its directory would be context already.
    t.git("add", "ci/baseline.json");
    t.git("commit", "-q", "-m", "baseline", "--", "ci/baseline.json");
    const r = t.k8slint(["--staged", "--baseline", "ci/baseline.json"]);
    expect(r.stderr).toBe("");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it("the index's version of the configuration, not the working tree's", () => {
    const t = repo({ ".k8slint.yaml": "customRules: [policies/]\n", "policies/team.yaml": TEAM_RULE });
    // Unstaged edits: a config without the rules, and a rule that no longer matches Deployments.
    t.write(".k8slint.yaml", "rules: {}\n");
    t.write("policies/team.yaml", TEAM_RULE.replace("[Deployment]", "[StatefulSet]"));
    expect(rulesOf(t.k8slint(["--staged"]))).toContain("k8s/deploy.yaml need-team");
  });

  it("a path the index lacks is read from the working tree (an ignored download); one that is nowhere is a normal run's error", () => {
    const t = repo({ ".gitignore": "vendor/\n", ".k8slint.yaml": "crds: [vendor/crds/]\npolicies: [adm/]\n", "k8s/backup.yaml": BACKUP });
    t.write("vendor/crds/backup.yaml", CRD);
    t.write("k8s/backup.yaml", BACKUP.replace("keep: 90", "keep: 60"));
    t.git("add", "k8s/backup.yaml");
    const staged = t.k8slint(["--staged"]);
    const normal = t.k8slint(["k8s/"]);
    expect(staged.stderr).toBe("k8slint: policies: adm/: no such file or directory (relative to .)\n");
    expect(staged.stderr).toBe(normal.stderr);
    expect(staged.status).toBe(2);
    t.write("adm/max-replicas.yaml", MAX_REPLICAS);
    const found = t.k8slint(["--staged"]);
    expect(found.stderr).toBe("");
    expect(found.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["admission-policy", "crd-validation"]));
  });
});
