import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempRepo, k8slint } from "./helpers/temp-repo.js";
import { builtinRules } from "../rules/index.js";

// End-to-end: bin/k8slint (dist/, built by `npm test`) in a temporary repository.

const ROOTLESS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0
          securityContext:
            runAsUser: 0
`;

interface JsonReport {
  results: Array<{ ruleId: string; line: number; message: string }>;
}
interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; partialFingerprints: Record<string, string> }> }>;
}

let repo: TempRepo;
beforeAll(() => {
  repo = new TempRepo({ "k8s/api.yaml": ROOTLESS }, "k8slint-cli-");
});
afterAll(() => repo.cleanup());

describe("baseline", () => {
  it("records today's findings and fails only on new ones, whatever moved", () => {
    const before = k8slint(["k8s"], repo.dir);
    expect(before.status).toBe(1);
    const w = k8slint(["k8s", "--write-baseline", ".k8slint-baseline.json"], repo.dir);
    expect(w.status).toBe(0);
    expect(w.stderr).toMatch(/wrote \d+ findings to \.k8slint-baseline\.json/);
    const baseline = JSON.parse(repo.read(".k8slint-baseline.json")) as { version: number; entries: Array<Record<string, unknown>> };
    expect(baseline.version).toBe(2);
    expect(baseline.entries.length).toBeGreaterThan(0);
    expect(baseline.entries.map((e) => e.path)).toContain("spec.template.spec.containers[name=api].securityContext.runAsUser");
    for (const e of baseline.entries) {
      expect(Object.keys(e).sort()).toEqual(["count", "file", "path", "resource", "rule"]);
      expect(e.file).toBe("k8s/api.yaml");
    }
    expect(JSON.stringify(baseline)).not.toMatch(/"line"/);

    // A licence header shifts every line: the baseline still holds.
    repo.write({ "k8s/api.yaml": "# Copyright the shop authors\n# SPDX-License-Identifier: Apache-2.0\n" + ROOTLESS });
    const after = k8slint(["k8s", "--baseline", ".k8slint-baseline.json"], repo.dir);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/no problems in 1 file, 1 resource, \d+ in baseline/);

    // A new container with the same mistakes is new: it is reported, the old ones are not.
    repo.write({ "k8s/api.yaml": ROOTLESS + "        - name: worker\n          image: registry.example.com/worker:1.0\n" });
    const more = k8slint(["k8s", "--baseline", ".k8slint-baseline.json", "-f", "json"], repo.dir);
    expect(more.status).toBe(1);
    const json = JSON.parse(more.stdout) as { results: Array<{ message: string }>; summary: { baselined: number } };
    expect(json.results.length).toBeGreaterThan(0);
    for (const r of json.results) expect(r.message).toContain('"worker"');
    expect(json.summary.baselined).toBe(baseline.entries.reduce((n, e) => n + (e.count as number), 0));
    const sarif = JSON.parse(k8slint(["k8s", "--baseline", ".k8slint-baseline.json", "-f", "sarif"], repo.dir).stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    expect(sarif.runs[0].results.length).toBe(json.results.length);
    for (const r of sarif.runs[0].results) expect(r.message.text).toContain('"worker"');
    repo.write({ "k8s/api.yaml": ROOTLESS });
  });

  it("follows a container and a capability by name when another is added in front of it", () => {
    const tracer = (adds: string, containers: string) => `apiVersion: v1
kind: Pod
metadata:
  name: tracer
  namespace: obs
spec:
  containers:
${containers}    - name: app
      image: registry.example.com/app:1.2.3
      securityContext:
        capabilities:
          add: [${adds}]
`;
    const sidecar = "    - name: sidecar\n      image: registry.example.com/sidecar:1.0\n";
    repo.write({ "obs/tracer.yaml": tracer("NET_RAW", "") });
    expect(k8slint(["obs", "--write-baseline", "obs.baseline.json"], repo.dir).status).toBe(0);
    const sarifBefore = JSON.parse(k8slint(["obs", "-f", "sarif"], repo.dir).stdout) as SarifLog;

    // SYS_ADMIN in front of the accepted NET_RAW: SYS_ADMIN is new, NET_RAW stays accepted.
    repo.write({ "obs/tracer.yaml": tracer("SYS_ADMIN, NET_RAW", "") });
    const caps = JSON.parse(k8slint(["obs", "--baseline", "obs.baseline.json", "-f", "json"], repo.dir).stdout) as JsonReport;
    expect(caps.results.map((r) => [r.ruleId, r.line, r.message])).toEqual([["dangerous-capabilities", 12, 'container "app" adds capability SYS_ADMIN (mount, namespaces and most of root\'s powers)']]);
    // The accepted finding's SARIF fingerprint is the same at its new place in the list.
    const sarifAfter = JSON.parse(k8slint(["obs", "-f", "sarif"], repo.dir).stdout) as SarifLog;
    const fingerprintOf = (log: SarifLog, text: string) => log.runs[0].results.filter((r) => r.ruleId === "dangerous-capabilities" && r.message.text.includes(text)).map((r) => r.partialFingerprints["k8slint/v2"]);
    expect(fingerprintOf(sarifAfter, "NET_RAW")).toEqual(fingerprintOf(sarifBefore, "NET_RAW"));
    expect(fingerprintOf(sarifAfter, "NET_RAW")).toHaveLength(1);
    expect(fingerprintOf(sarifBefore, "SYS_ADMIN")).toEqual([]);

    // A sidecar in front of the accepted container: the sidecar's findings are new, the container's are not.
    repo.write({ "obs/tracer.yaml": tracer("NET_RAW", sidecar) });
    const front = JSON.parse(k8slint(["obs", "--baseline", "obs.baseline.json", "-f", "json"], repo.dir).stdout) as JsonReport;
    expect(front.results.length).toBeGreaterThan(0);
    for (const r of front.results) expect(r.message).toContain('"sidecar"');

    // A version 1 baseline (items by position) is read as it was written: the same entries by index.
    const v2 = JSON.parse(repo.read("obs.baseline.json")) as { entries: Array<{ path: string }> };
    const v1 = { version: 1, entries: v2.entries.map((e) => ({ ...e, path: e.path.replace("containers[name=app]", "containers[0]").replace("add[value=NET_RAW]", "add[0]") })) };
    repo.write({ "v1.baseline.json": JSON.stringify(v1), "obs/tracer.yaml": tracer("NET_RAW", "") });
    expect(k8slint(["obs", "--baseline", "v1.baseline.json"], repo.dir).stdout).toMatch(/no problems in 1 file, 1 resource, \d+ in baseline/);
    expect(v1.entries.map((e) => e.path)).toContain("spec.containers[0].securityContext.capabilities.add[0]");
    fs.rmSync(repo.path("obs"), { recursive: true });
  });

  it("a policies: or crds: path of the config that is not there is said as the config's, not as a flag's", () => {
    repo.write({ "cfg/.k8slint.yaml": "policies: [adm/]\n" });
    const policies = k8slint(["../k8s", "-c", ".k8slint.yaml"], repo.path("cfg"));
    expect([policies.status, policies.stderr]).toEqual([2, "k8slint: policies: adm/: no such file or directory (relative to .)\n"]);
    repo.write({ "cfg/.k8slint.yaml": "crds: [vendor/crds/]\n" });
    const crds = k8slint(["k8s", "-c", "cfg/.k8slint.yaml"], repo.dir);
    expect([crds.status, crds.stderr]).toEqual([2, "k8slint: crds: vendor/crds/: no such file or directory (relative to cfg)\n"]);
    fs.rmSync(repo.path("cfg"), { recursive: true });
  });

  it("says so when the baseline file is missing or not a baseline", () => {
    const missing = k8slint(["k8s", "--baseline", "nope.json"], repo.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe("k8slint: nope.json: cannot read baseline: no such file (create it with --write-baseline)");
    repo.write({ "bad.json": '{"hello": 1}' });
    expect(k8slint(["k8s", "--baseline", "bad.json"], repo.dir).stderr).toMatch(/bad\.json: not a k8slint baseline/);
  });
});

describe("exit codes and flags", () => {
  it("--fail-on and --max-warnings decide the exit code; --disable and --rule change what counts", () => {
    expect(k8slint(["k8s", "--disable", "run-as-non-root"], repo.dir).status).toBe(0);
    expect(k8slint(["k8s", "--disable", "run-as-non-root", "--fail-on", "warning"], repo.dir).status).toBe(1);
    expect(k8slint(["k8s", "--disable", "run-as-non-root", "--max-warnings", "0"], repo.dir).status).toBe(1);
    expect(k8slint(["k8s", "--disable", "run-as-non-root", "--max-warnings", "1000"], repo.dir).status).toBe(0);
    expect(k8slint(["k8s", "--rule", "run-as-non-root=warning"], repo.dir).status).toBe(0);
    const unknown = k8slint(["k8s", "--disable", "run-as-nonroot"], repo.dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe("k8slint: --disable run-as-nonroot: unknown rule (did you mean run-as-non-root?)");
  });

  it("--namespace and --external are refused as the config file refuses them, in one line", () => {
    const NS = "must match the pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    const EXTERNAL = "must match the pattern ^[A-Za-z][A-Za-z0-9]*/[^/\\s]+(/[^/\\s]+)?$";
    const cases: Array<[string[], string]> = [
      [["-n", "Bad_NS"], `--namespace Bad_NS: ${NS}`],
      [["--namespace", ""], `--namespace "": ${NS}`],
      [["--external", "Secret/shop/db", "--external", "Secret default/db"], `--external "Secret default/db": ${EXTERNAL}`],
      [["--print-config", "k8s/api.yaml", "--external", "Secret/a/b/c"], `--external Secret/a/b/c: ${EXTERNAL}`],
    ];
    for (const [args, message] of cases) {
      const r = k8slint(["k8s", ...args], repo.dir);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`k8slint: ${message}\n`);
    }
    // The same words as for the config file's keys.
    repo.write({ "bad-ns.yaml": "namespace: Bad_NS\n" });
    expect(k8slint(["k8s", "-c", "bad-ns.yaml"], repo.dir).stderr).toBe(`k8slint: bad-ns.yaml:1:1: namespace: ${NS}\n`);
    expect(k8slint(["k8s", "-n", "shop", "--external", "Secret/shop/db", "--disable", "run-as-non-root"], repo.dir).status).toBe(0);
  });

  it("--quiet shows errors only; --stats times every rule", () => {
    const quiet = k8slint(["k8s", "--quiet", "-f", "json"], repo.dir);
    const results = (JSON.parse(quiet.stdout) as { results: Array<{ severity: string }> }).results;
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.severity === "error")).toBe(true);
    const quietText = k8slint(["k8s", "--quiet"], repo.dir).stdout;
    expect(quietText).not.toMatch(/^\s+\d+:\d+\s+(warning|info)\s/m);
    expect(quietText).toMatch(/, \d+ below error not shown \(--quiet\)$/m);
    const stats = k8slint(["k8s", "--stats"], repo.dir);
    expect(stats.stderr).toMatch(/^rule\s+time \(ms\)\s+findings$/m);
    expect(stats.stderr).toMatch(/^run-as-non-root\s+\d+\.\d\s+1$/m);
  });

  it("reads the config file found from the working directory; --no-config ignores it; a bad one exits 2 in one line", () => {
    repo.write({ ".k8slint.yaml": "rules:\n  run-as-non-root: warning\n" });
    expect(k8slint(["k8s"], repo.dir).status).toBe(0);
    expect(k8slint(["api.yaml"], repo.path("k8s")).status).toBe(0);
    expect(k8slint(["k8s", "--no-config"], repo.dir).status).toBe(1);
    repo.write({ "strict.yaml": "failOn: warning\n" });
    expect(k8slint(["k8s", "--config", "strict.yaml"], repo.dir).status).toBe(1);
    repo.write({ ".k8slint.yaml": "rules:\n  run-as-non-rot: warning\n" });
    const bad = k8slint(["k8s"], repo.dir);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe("k8slint: .k8slint.yaml:2:3: rules.run-as-non-rot: unknown rule (did you mean run-as-non-root?)\n");
    // Two config files side by side: one would be silently unused.
    repo.write({ ".k8slint.yaml": "failOn: warning\n", "k8slint.config.yaml": "rules:\n  no-such-rule: off\n" });
    const two = k8slint(["k8s"], repo.dir);
    expect([two.status, two.stderr]).toEqual([2, "k8slint: . holds .k8slint.yaml and k8slint.config.yaml: k8slint reads one config file per directory; merge them into .k8slint.yaml\n"]);
    fs.rmSync(repo.path("k8slint.config.yaml"));
    // Two documents: said to the config's author, not in the YAML library's words.
    repo.write({ ".k8slint.yaml": "failOn: warning\n---\nnamespace: shop\n" });
    const twoDocs = k8slint(["k8s"], repo.dir);
    expect([twoDocs.status, twoDocs.stderr]).toEqual([2, "k8slint: .k8slint.yaml:2:1: a config file is one YAML document: remove this `---` and what follows, or merge it into the first\n"]);
    repo.write({ ".k8slint.yaml": "{}\n" });
  });
});

describe("what the config file decided is named in its message", () => {
  it("a named path that the config ignores says so, with the pattern, instead of 'no manifest found'", () => {
    const ignoring = new TempRepo({
      ".k8slint.yaml": "ignore: ['k8s/generated/', 'only.yaml']\n",
      ".k8slintignore": "# old\nlegacy/\n",
      "only.yaml": ROOTLESS,
      "k8s/generated/api.yaml": ROOTLESS,
      "legacy/api.yaml": ROOTLESS,
    });
    try {
      const cases: Array<[string[], string, string]> = [
        [["only.yaml"], ".", 'only.yaml is ignored by "only.yaml" (ignore: in .k8slint.yaml)'],
        [["k8s/generated/api.yaml"], ".", 'k8s/generated/api.yaml is ignored by "k8s/generated/" (ignore: in .k8slint.yaml)'],
        [["generated"], "k8s", 'generated is ignored by "k8s/generated/" (ignore: in ../.k8slint.yaml)'],
        [["legacy/api.yaml"], ".", 'legacy/api.yaml is ignored by "legacy/" (.k8slintignore)'],
      ];
      for (const [args, dir, message] of cases) {
        const r = k8slint(args, ignoring.path(dir));
        expect(r.status, args.join(" ")).toBe(2);
        expect(r.stderr).toBe(`k8slint: ${message}; check the paths, or pass --allow-empty to accept it\n`);
      }
    } finally {
      ignoring.cleanup();
    }
  });

  it("a warning limit from the config file is named as the config's, not as --max-warnings", () => {
    const limited = new TempRepo({ ".k8slint.yaml": "maxWarnings: 0\n", "k8s/api.yaml": ROOTLESS });
    try {
      const fromConfig = k8slint(["k8s", "--disable", "run-as-non-root"], limited.dir);
      expect(fromConfig.status).toBe(1);
      expect(fromConfig.stderr).toMatch(/^k8slint: \d+ warnings, more than maxWarnings: 0 \(\.k8slint\.yaml\)\n$/);
      const fromFlag = k8slint(["k8s", "--disable", "run-as-non-root", "--max-warnings", "1"], limited.dir);
      expect(fromFlag.status).toBe(1);
      expect(fromFlag.stderr).toMatch(/^k8slint: \d+ warnings, more than --max-warnings 1\n$/);
    } finally {
      limited.cleanup();
    }
  });
});

describe("rules and explain", () => {
  it("lists every rule as text, JSON and markdown", () => {
    const text = k8slint(["rules"], repo.dir);
    expect(text.status).toBe(0);
    for (const r of builtinRules) expect(text.stdout).toMatch(new RegExp(`^${r.meta.id}\\s+${r.meta.category}\\s+(${r.meta.severity}|off)\\s`, "m"));
    const json = JSON.parse(k8slint(["rules", "--format", "json"], repo.dir).stdout) as Array<{ id: string; remediation: string; helpUri: string }>;
    expect(json.map((r) => r.id)).toEqual(expect.arrayContaining(builtinRules.map((r) => r.meta.id)));
    for (const r of json) {
      expect(r.remediation.length).toBeGreaterThan(10);
      expect(r.helpUri).toMatch(new RegExp(`/docs/rules/${r.id}\\.md$`));
    }
    const md = k8slint(["rules", "-f", "markdown"], repo.dir).stdout;
    expect(md.split("\n").filter((l) => l.startsWith("| ["))).toHaveLength(json.length);
  });

  it("explains a rule, and suggests the closest id for a typo", () => {
    const meta = builtinRules.find((r) => r.meta.id === "resource-limits")!.meta;
    const out = k8slint(["explain", "resource-limits"], repo.dir);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(meta.title);
    expect(out.stdout.replace(/\s+/g, " ")).toContain(meta.remediation.replace(/\s+/g, " "));
    expect(out.stdout).toContain("cpu (boolean, default true)");
    expect(out.stdout).toContain("kube-linter:");
    const typo = k8slint(["explain", "resource-limit"], repo.dir);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain("did you mean resource-limits?");
  });
});
