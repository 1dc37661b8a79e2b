import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/fixtures.js";
import { gitRepo } from "./helpers/git-repo.js";

// `k8slint --staged` on a commit that deletes or renames manifests: what it breaks in the files it
// leaves is reported wherever they are in the repository (a sibling directory's reference to a deleted
// object, an overlay whose base was deleted), and only that: old problems of the files it leaves are
// not the commit's. Real repositories, the CLI run as the hook's entry runs it.

const BIN = path.join(ROOT, "bin/k8slint");
const hasKubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;

const NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n";
const POLICY = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n`;
/** A Deployment that passes with --fail-on warning when its ConfigMap and Namespace exist; runAsUser 0 is an old problem. */
const deployment = (name: string, opts: { runAsUser?: number; configMap?: string; label?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop${opts.label ? `\n  labels: {config: ${opts.label}}` : ""}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: ${(opts.runAsUser ?? 10001) !== 0}
        runAsUser: ${opts.runAsUser ?? 10001}
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.4.2${opts.configMap ? `\n          envFrom:\n            - configMapRef: {name: ${opts.configMap}}` : ""}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          ports: [{containerPort: 8080, name: http}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
          livenessProbe: {httpGet: {path: /live, port: http}}
`;

interface Finding {
  file: string;
  ruleId: string;
  message: string;
}

/** A repository whose first commit holds `files` (committed without the hook). */
function repo(files: Record<string, string>) {
  const { dir, env, git, write } = gitRepo("k8slint-staged-deletions-");
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  git("add", ".");
  git("commit", "-q", "-m", "base");
  return {
    dir,
    git,
    write,
    /** `k8slint --staged --fail-on warning` (the README's hook arguments), its JSON findings and stderr. */
    staged(cwd = dir) {
      const r = spawnSync(process.execPath, [BIN, "--staged", "--fail-on", "warning", "-f", "json"], { cwd, encoding: "utf8", env, timeout: 120_000 });
      const findings: Finding[] = r.stdout ? (JSON.parse(r.stdout) as { results: Finding[] }).results : [];
      return { status: r.status, stderr: r.stderr, findings };
    },
    /** A normal run of the working tree, as after the commit. */
    lint(...args: string[]) {
      const r = spawnSync(process.execPath, [BIN, "--fail-on", "warning", "-f", "json", ...args], { cwd: dir, encoding: "utf8", env, timeout: 120_000 });
      const findings: Finding[] = r.stdout ? (JSON.parse(r.stdout) as { results: Finding[] }).results : [];
      return { status: r.status, stderr: r.stderr, findings };
    },
  };
}

const where = (findings: Finding[]) => findings.map((f) => `${f.file} ${f.ruleId}`);

/** The reviewer's tree A: the Namespace and policy in k8s/, the ConfigMap in k8s/config/, its user in k8s/apps/. */
const TREE_A = {
  "k8s/00-ns.yaml": NAMESPACE,
  "k8s/01-np.yaml": POLICY,
  "k8s/config/cm.yaml": configMap("api-config"),
  "k8s/apps/deploy.yaml": deployment("api", { configMap: "api-config" }),
  // An old problem in an untouched sibling: never the commit's.
  "k8s/apps/legacy.yaml": deployment("legacy", { runAsUser: 0 }),
};

describe("--staged: what a deletion breaks in another directory", () => {
  it("a ConfigMap deleted from k8s/config/ that k8s/apps/ uses fails the commit, at the reference", () => {
    const t = repo(TREE_A);
    t.git("rm", "-q", "k8s/config/cm.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(where(r.findings)).toEqual(["k8s/apps/deploy.yaml missing-reference"]);
    expect(r.findings[0].message).toMatch(/api-config/);
    expect(r.status).toBe(1);
  });

  it("so does deleting a Namespace that objects of other directories are in (an info, as a normal run says)", () => {
    // missing-reference judges namespaces when the set defines one (another is left), once per
    // namespace: at its first object, here in a sibling of the Namespace's directory.
    const { "k8s/01-np.yaml": policy, ...tree } = TREE_A;
    const t = repo({ ...tree, "k8s/policies/np.yaml": policy, "k8s/00-ns-ops.yaml": NAMESPACE.replace("shop", "ops") });
    t.git("rm", "-q", "k8s/00-ns.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.ruleId === "missing-reference" && /"shop"/.test(f.message) && /^k8s\/(apps|config)\//.test(f.file))).toBe(true);
    // What a normal run of the tree after the commit says about it; not legacy's old problem.
    t.git("commit", "-q", "-m", "drop shop");
    expect(where(r.findings)).toEqual(where(t.lint("k8s/").findings.filter((f) => f.ruleId === "missing-reference")));
  });

  it("a deletion that breaks nothing passes, though its name is written in a sibling with an old problem", () => {
    const t = repo({ ...TREE_A, "k8s/config/unused.yaml": configMap("feature-flags"), "k8s/apps/deploy.yaml": deployment("api", { configMap: "api-config", label: "feature-flags" }) });
    t.git("rm", "-q", "k8s/config/unused.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe(0);
    // The sibling's old problem is there: a normal run of k8s/apps reports it.
    expect(where(t.lint("k8s/").findings)).toContain("k8s/apps/legacy.yaml run-as-non-root");
  });

  it("moving the ConfigMap to another directory breaks nothing", () => {
    const t = repo(TREE_A);
    fs.mkdirSync(path.join(t.dir, "k8s/shared"));
    t.git("mv", "k8s/config/cm.yaml", "k8s/shared/cm.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it("deleting the last manifests of the commit's directories passes (nothing is left to break)", () => {
    const t = repo({ "k8s/only.yaml": configMap("alone"), "docs/notes.md": "notes\n" });
    t.git("rm", "-q", "k8s/only.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

const BASE_KUSTOMIZATION = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml, policy.yaml]\n";
const overlay = (base: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources: [${base}]\n`;
const TREE_B = {
  "deploy/base/kustomization.yaml": BASE_KUSTOMIZATION,
  "deploy/base/deploy.yaml": deployment("api"),
  "deploy/base/policy.yaml": POLICY,
  "deploy/overlays/prod/kustomization.yaml": overlay("../../base"),
  "deploy/overlays/prod/namespace.yaml": NAMESPACE,
};

describe.skipIf(!hasKubectl)("--staged: Kustomize roots that name a deleted path", () => {
  it("deleting a base that an overlay builds on fails the commit, at the overlay", () => {
    const t = repo(TREE_B);
    t.git("rm", "-q", "-r", "deploy/base");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(where(r.findings)).toEqual(["deploy/overlays/prod/kustomization.yaml kustomize-build"]);
    expect(r.status).toBe(1);
  });

  it("renaming the base fails until the overlay names the new path", () => {
    const t = repo({ ...TREE_B, "deploy/overlays/prod/legacy.yaml": deployment("legacy", { runAsUser: 0 }), "deploy/overlays/prod/kustomization.yaml": overlay("../../base, legacy.yaml") });
    t.git("mv", "deploy/base", "deploy/common");
    const broken = t.staged();
    expect(where(broken.findings)).toContain("deploy/overlays/prod/kustomization.yaml kustomize-build");
    expect(broken.status).toBe(1);
    t.write("deploy/overlays/prod/kustomization.yaml", overlay("../../common, legacy.yaml"));
    t.git("add", "deploy/overlays/prod/kustomization.yaml");
    const fixed = t.staged();
    expect(fixed.stderr).toBe("");
    // The overlay's old problem (legacy runs as root) is not the commit's.
    expect(where(fixed.findings)).toEqual([]);
    expect(fixed.status).toBe(0);
  });

  it("deleting a generator's env file (no manifest) fails the commit, at the kustomization that reads it", () => {
    const t = repo({ ...TREE_B, "deploy/overlays/prod/app.env": "LOG_LEVEL=info\n", "deploy/overlays/prod/kustomization.yaml": `${overlay("../../base")}configMapGenerator:\n  - name: app\n    envs: [app.env]\n` });
    t.git("rm", "-q", "deploy/overlays/prod/app.env");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(where(r.findings)).toEqual(["deploy/overlays/prod/kustomization.yaml kustomize-build"]);
    expect(r.status).toBe(1);
  });

  it("deleting a file no kustomization names passes", () => {
    const t = repo({ ...TREE_B, "deploy/base/unused.yaml": configMap("unused") });
    t.git("rm", "-q", "deploy/base/unused.yaml");
    const r = t.staged();
    expect(r.stderr).toBe("");
    expect(r.findings).toEqual([]);
    expect(r.status).toBe(0);
  });
});
