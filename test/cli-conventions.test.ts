import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, TempRepo } from "./helpers/temp-repo.js";
import { ROOT } from "./helpers/fixtures.js";
import { STARTER_CONFIG } from "../src/cli/init-command.js";

// The conventions people type from habit (ESLint's where there is one), through the real CLI.

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** bin/k8slint with exactly this environment on top of ours, colour variables removed unless given. */
function cli(args: string[], cwd: string, opts: { env?: Record<string, string>; input?: string } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["FORCE_COLOR", "NO_COLOR", "CI", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"]) delete env[k];
  Object.assign(env, opts.env);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env, input: opts.input ?? "", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
if (!hasScript) console.warn("cli-conventions: `script` (util-linux) is missing: the terminal cases are skipped");

/** Runs the CLI on a pseudo-terminal (util-linux `script`): stdout and stderr arrive together. */
function onTerminal(args: string[], cwd: string, env: Record<string, string>): string {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["FORCE_COLOR", "NO_COLOR", "CI", "GITHUB_ACTIONS"]) delete base[k];
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { cwd, encoding: "utf8", env: { ...base, ...env }, timeout: 60_000 });
  return r.stdout;
}

const ESC = "\x1b[";
const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n";
let repo: TempRepo;
beforeAll(() => {
  repo = new TempRepo({
    "k8s/pod.yaml": POD,
    "compose/docker-compose.yaml": "services:\n  web:\n    image: nginx\n",
    "empty/README.md": "nothing\n",
    "strict.json": '{"failOn": "warning"}\n',
  });
});
afterAll(() => repo.cleanup());

const oneLine = (r: Run) => {
  expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^k8slint: /);
};

describe("help, typos and completion", () => {
  it("-h is --help", () => {
    const r = cli(["-h"], repo.dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("--fail-on");
    expect(r.stdout).toBe(cli(["--help"], repo.dir).stdout);
  });

  it("a mistyped flag or command gets the closest one, in one line with exit 2", () => {
    const flag = cli(["--formt", "json", "k8s"], repo.dir);
    expect(flag.status).toBe(2);
    oneLine(flag);
    expect(flag.stderr).toContain("--formt (did you mean --format?)");
    const command = cli(["ruls"], repo.dir);
    expect(command.status).toBe(2);
    oneLine(command);
    expect(command.stderr).toContain("did you mean `k8slint rules`?");
    // A path in a directory is never taken for a command.
    expect(cli(["k8s/ruls"], repo.dir).stderr).not.toContain("did you mean");
  });

  it("completion prints a bash or a zsh script whose completions come from the CLI", () => {
    const bash = cli(["completion", "bash"], repo.dir);
    expect(bash.status).toBe(0);
    expect(bash.stdout).toContain("complete -o bashdefault -o default -F _k8slint_yargs_completions k8slint");
    const zsh = cli(["completion", "zsh"], repo.dir);
    expect(zsh.status).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef k8slint/);
    expect(cli(["completion", "fish"], repo.dir).status).toBe(2);
    // What the scripts ask for as you type (the words of the command line, its name first).
    const asked = (...words: string[]) => cli(["--get-yargs-completions", "k8slint", ...words], repo.dir).stdout.trim().split("\n");
    // The shell keeps those that start with what is typed.
    expect(asked("--form")).toEqual(expect.arrayContaining(["--format", "--fail-on", "--stdin-filename"]));
    expect(asked("--form")).not.toContain("--f");
    expect(asked("--fail-on", "")).toEqual(["error", "warning", "warn", "info", "never"]);
    expect(asked("")).toEqual(expect.arrayContaining(["rules", "explain", "init", "completion"]));
    expect(asked("").some((c) => c.startsWith("$0") || c.startsWith("__"))).toBe(false);
  });

  it("the bash script completes a flag in bash itself", (ctx) => {
    if (spawnSync("bash", ["--version"]).status !== 0) return ctx.skip("no bash");
    const script = path.join(repo.dir, "completion.bash");
    fs.writeFileSync(script, cli(["completion", "bash"], repo.dir).stdout);
    const shim = path.join(repo.dir, "bin");
    fs.mkdirSync(shim, { recursive: true });
    fs.writeFileSync(path.join(shim, "k8slint"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const r = spawnSync("bash", ["-c", `source ${script}; COMP_WORDS=(k8slint --max-w); COMP_CWORD=1; _k8slint_yargs_completions; echo "\${COMPREPLY[@]}"`], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${shim}${path.delimiter}${process.env.PATH}` },
    });
    expect(r.stdout.trim()).toBe("--max-warnings");
  });
});

describe("exit codes", () => {
  // Nine warnings, no error.
  const warningsOnly = ["--disable", "run-as-non-root", "k8s/pod.yaml"];

  it("--max-warnings -1 is no limit; a non-integer is a usage error", () => {
    expect(cli(["--max-warnings", "0", ...warningsOnly], repo.dir).status).toBe(1);
    expect(cli(["--max-warnings", "-1", ...warningsOnly], repo.dir).status).toBe(0);
    for (const bad of ["abc", "1.5", "-2"]) {
      const r = cli(["--max-warnings", bad, ...warningsOnly], repo.dir);
      expect(r.status, bad).toBe(2);
      oneLine(r);
    }
    // -1 on the command line lifts the config file's limit.
    const configured = new TempRepo({ ".k8slint.yaml": "maxWarnings: 0\n", "pod.yaml": POD });
    try {
      expect(cli(["--disable", "run-as-non-root", "pod.yaml"], configured.dir).status).toBe(1);
      expect(cli(["--max-warnings", "-1", "--disable", "run-as-non-root", "pod.yaml"], configured.dir).status).toBe(0);
    } finally {
      configured.cleanup();
    }
  });

  it("--fail-on never reports and exits 0; usage errors still exit 2", () => {
    const r = cli(["--fail-on", "never", "k8s"], repo.dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("run-as-non-root");
    expect(cli(["--fail-on", "never", "--max-warnings", "0", "k8s"], repo.dir).status).toBe(0);
    expect(cli(["--fail-on", "never", "no-such-dir"], repo.dir).status).toBe(2);
  });

  it("warn is accepted wherever warning is: --fail-on, --rule, rules:, failOn:, custom rules", () => {
    expect(cli(["--fail-on", "warn", ...warningsOnly], repo.dir).status).toBe(1);
    const r = cli(["--rule", "run-as-non-root=warn", "--fail-on", "error", "-f", "json", "k8s/pod.yaml"], repo.dir);
    expect(r.status).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: Array<{ ruleId: string; severity: string }> }).results;
    expect(results.find((f) => f.ruleId === "run-as-non-root")?.severity).toBe("warning");
    const configured = new TempRepo({
      ".k8slint.yaml": "rules:\n  run-as-non-root: warn\n  image-tag: {severity: warn}\nfailOn: warn\ncustomRules: [policy.yaml]\n",
      "policy.yaml": "id: pods-have-labels\ntitle: Pods have labels\nseverity: warn\nmessage: has no labels\nremediation: Add labels.\nmatch: {kinds: [Pod]}\nschema:\n  properties:\n    metadata: {required: [labels]}\n",
      "pod.yaml": POD,
    });
    try {
      const json = cli(["-f", "json", "pod.yaml"], configured.dir);
      expect(json.stderr).toBe("");
      expect(json.status).toBe(1);
      const found = (JSON.parse(json.stdout) as { results: Array<{ ruleId: string; severity: string }> }).results;
      expect(found.find((f) => f.ruleId === "run-as-non-root")?.severity).toBe("warning");
      expect(found.find((f) => f.ruleId === "pods-have-labels")?.severity).toBe("warning");
    } finally {
      configured.cleanup();
    }
  });

  it("a run that finds no manifest or no Kubernetes object exits 2 in one line, unless --allow-empty", () => {
    for (const dir of ["empty", "compose"]) {
      const r = cli([dir], repo.dir);
      expect(r.status, dir).toBe(2);
      expect(r.stdout).toBe("");
      oneLine(r);
      expect(r.stderr).toContain("--allow-empty");
      expect(cli(["--allow-empty", dir], repo.dir).status, dir).toBe(0);
    }
    expect(cli(["-"], repo.dir, { input: "" }).status).toBe(2);
  });
});

describe("repeated flags", () => {
  it("the last value of a single-value flag wins, as in an action that adds flags before the user's", () => {
    const exit = (...args: string[]) => {
      const r = cli([...args, "k8s"], repo.dir);
      expect(r.stderr, args.join(" ")).toBe("");
      return r.status;
    };
    expect(exit("--fail-on", "never", "--fail-on", "never")).toBe(0);
    expect(exit("--fail-on", "error", "--fail-on", "never")).toBe(0);
    expect(exit("--fail-on", "never", "--fail-on", "error")).toBe(1);
    expect(exit("--disable", "run-as-non-root", "--max-warnings", "0", "--max-warnings", "-1")).toBe(0);
    expect(exit("--no-config", "-c", "strict.json", "--disable", "run-as-non-root")).toBe(1);
    expect(exit("-c", "none.json", "-c", "strict.json", "--disable", "run-as-non-root")).toBe(1);
    expect(exit("-c", "strict.json", "--no-config", "--disable", "run-as-non-root")).toBe(0);
    const baseline = cli(["--baseline", "a.json", "--baseline", "b.json", "k8s"], repo.dir);
    expect(baseline.status).toBe(2);
    expect(baseline.stderr).toBe("k8slint: b.json: cannot read baseline: no such file (create it with --write-baseline)\n");

    const printed = cli(["--print-config", "a.yaml", "--print-config", "b.yaml", "--kube-version", "1.30", "--kube-version", "1.31", "-n", "a", "--namespace", "b"], repo.dir);
    expect(printed.stderr).toBe("");
    expect(JSON.parse(printed.stdout)).toMatchObject({ file: "b.yaml", kubeVersion: "1.31", namespace: "b" });

    const piped = cli(["-f", "sarif", "--sarif-category", "a", "--sarif-category", "b", "--stdin-filename", "a.yaml", "--stdin-filename", "b.yaml", "-"], repo.dir, { input: POD });
    expect(piped.stderr).toBe("");
    const sarif = JSON.parse(piped.stdout) as { runs: Array<{ automationDetails: { id: string }; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(sarif.runs[0].automationDetails.id).toBe("b/");
    expect(new Set(sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set(["b.yaml"]));
  });
});

describe("output", () => {
  it("an --output name that contradicts its --format is a usage error, and nothing is written", () => {
    const r = cli(["-f", "json", "-o", "out.sarif", "k8s"], repo.dir);
    expect(r.status).toBe(2);
    oneLine(r);
    expect(fs.existsSync(repo.path("out.sarif"))).toBe(false);
    for (const [format, file] of [["text", "out.json"], ["github", "out.sarif"]]) expect(cli(["-f", format, "-o", file, "k8s"], repo.dir).status).toBe(2);
    // SARIF is JSON; a name without a format's extension takes any format; -o alone takes the name's.
    expect(cli(["-f", "sarif", "-o", "out.json", "k8s"], repo.dir).status).toBe(1);
    expect(cli(["-f", "json", "-o", "report.txt", "k8s"], repo.dir).status).toBe(1);
    expect(cli(["-o", "auto.sarif", "k8s"], repo.dir).status).toBe(1);
    expect(JSON.parse(repo.read("auto.sarif")).version).toBe("2.1.0");
    // GitLab's Code Quality report is JSON (its usual name is gl-code-quality-report.json); .xml is JUnit's.
    expect(cli(["-f", "gitlab", "-o", "gl-code-quality-report.json", "k8s"], repo.dir).status).toBe(1);
    expect(Array.isArray(JSON.parse(repo.read("gl-code-quality-report.json")))).toBe(true);
    for (const [format, file] of [["json", "report.xml"], ["junit", "report.json"], ["gitlab", "report.xml"]]) {
      const r = cli(["-f", format, "-o", file, "k8s"], repo.dir);
      expect(r.status, `${format} ${file}`).toBe(2);
      oneLine(r);
      expect(fs.existsSync(repo.path(file))).toBe(false);
    }
    expect(cli(["-o", "auto.xml", "k8s"], repo.dir).status).toBe(1);
    expect(repo.read("auto.xml")).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="k8slint" /);
  });

  it("-o pairs with the --format before it on the command line, whichever way the flags are written", () => {
    const run = (...args: string[]) => {
      const r = cli([...args, "k8s"], repo.dir);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.status, args.join(" ")).toBe(1);
      return r.stdout;
    };
    const isText = (s: string) => expect(s).toMatch(/^k8s\/pod\.yaml\n {2}Pod default\/web\n/);
    // -o before any --format: the name decides; the --format after it goes to standard output.
    expect(JSON.parse(run("-o", "order/report.txt", "-f", "json")).version).toBe(1);
    isText(repo.read("order/report.txt"));
    expect(run("-o", "order/k8slint.sarif", "-f", "github")).toMatch(/^::error file=k8s\/pod\.yaml,/);
    expect(JSON.parse(repo.read("order/k8slint.sarif")).version).toBe("2.1.0");
    // The --format just before -o is its own; an earlier one goes to standard output.
    expect(JSON.parse(run("-f", "json", "-f", "text", "-o", "order/out.txt")).version).toBe(1);
    isText(repo.read("order/out.txt"));
    // --format=, --output=, -o=, a short group: as yargs reads them.
    isText(run("--format=sarif", "--output=order/eq.json", "-vf", "junit", "-o=order/eq.xml", "-f", "text"));
    expect(JSON.parse(repo.read("order/eq.json")).version).toBe("2.1.0");
    expect(repo.read("order/eq.xml")).toMatch(/^<\?xml /);
    // A value attached to its letter, as getopt reads it: -fjson is -f json, -oFILE is -o FILE.
    expect(JSON.parse(run("-fjson")).version).toBe(1);
    isText(run("-qfsarif", "-oorder/attached.sarif", "-ftext"));
    expect(JSON.parse(repo.read("order/attached.sarif")).version).toBe("2.1.0");
    // After --, a name is a path, even one that looks like attached flags.
    repo.write({ "dash/-fjson.yaml": POD });
    const dashed = cli(["-f", "json", "--", "-fjson.yaml"], repo.path("dash"));
    expect(dashed.stderr).toBe("");
    expect((JSON.parse(dashed.stdout) as { results: Array<{ file: string }> }).results[0].file).toBe("-fjson.yaml");
    // As many as the README's GitLab job writes, in its order.
    isText(run("--format", "gitlab", "--output", "order/gl.json", "--format", "junit", "--output", "order/junit.xml", "--format", "text"));
    expect(Array.isArray(JSON.parse(repo.read("order/gl.json")))).toBe(true);
    expect(repo.read("order/junit.xml")).toMatch(/^<\?xml /);
  });

  it("an --output that is a file the run lints is refused before anything is written", () => {
    const refused = (args: string[], file: string) => {
      const r = cli(args, repo.dir);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`k8slint: --output ${file} is a file this run lints: the report would replace it; write it outside the linted paths\n`);
      expect(repo.read("k8s/pod.yaml")).toBe(POD);
    };
    refused(["k8s", "-o", "k8s/pod.yaml", "-f", "text"], "k8s/pod.yaml");
    refused(["k8s/pod.yaml", "-o", "./k8s/../k8s/pod.yaml"], "./k8s/../k8s/pod.yaml");
    refused([".", "--fix", "-f", "json", "-o", "k8s/pod.yaml"], "k8s/pod.yaml");
    // A file the walk does not read is not an input: a report beside the manifests is fine.
    expect(cli(["k8s", "-o", "k8s/report.txt"], repo.dir).status).toBe(1);
    expect(repo.read("k8s/report.txt")).toMatch(/^k8s\/pod\.yaml\n/);
    fs.rmSync(repo.path("k8s/report.txt"));
    // An earlier run's JSON report in the walked tree is no manifest: the next run writes over it.
    for (let run = 0; run < 2; run++) {
      const r = cli(["k8s", "-f", "json", "-o", "k8s/report.json"], repo.dir);
      expect(r.stderr, `run ${run}`).toBe("");
      expect(r.status, `run ${run}`).toBe(1);
    }
    fs.rmSync(repo.path("k8s/report.json"));
  });

  it("colour follows chalk's detection (FORCE_COLOR) and NO_COLOR; --color and --no-color win", () => {
    const colored = (args: string[], env: Record<string, string> = {}) => cli([...args, "k8s"], repo.dir, { env }).stdout.includes(ESC);
    expect(colored([])).toBe(false);
    expect(colored([], { FORCE_COLOR: "1" })).toBe(true);
    expect(colored([], { FORCE_COLOR: "0" })).toBe(false);
    expect(colored(["--no-color"], { FORCE_COLOR: "1" })).toBe(false);
    expect(colored(["--color"])).toBe(true);
    expect(colored(["--color"], { NO_COLOR: "1" })).toBe(true);
  });

  it("on a terminal: colour unless TERM=dumb, NO_COLOR or FORCE_COLOR=0", (ctx) => {
    if (!hasScript) return ctx.skip("no `script` for a pseudo-terminal");
    expect(onTerminal(["k8s"], repo.dir, { TERM: "xterm-256color" })).toContain(ESC);
    expect(onTerminal(["k8s"], repo.dir, { TERM: "dumb" })).not.toContain(ESC);
    expect(onTerminal(["k8s"], repo.dir, { TERM: "xterm-256color", NO_COLOR: "1" })).not.toContain(ESC);
    expect(onTerminal(["k8s"], repo.dir, { TERM: "xterm-256color", FORCE_COLOR: "0" })).not.toContain(ESC);
    expect(onTerminal(["--no-color", "k8s"], repo.dir, { TERM: "xterm-256color" })).not.toContain(ESC);
  });

  it("--stdin-filename gives piped text its path in every format, and config overrides match it", () => {
    const configured = new TempRepo({ ".k8slint.yaml": "overrides:\n  - files: ['k8s/jobs/**']\n    rules: {run-as-non-root: off}\n" });
    try {
      const named = (format: string, name = "k8s/web/pod.yaml") => cli(["-f", format, "--stdin-filename", name, "-"], configured.dir, { input: POD });
      expect(named("text").stdout).toMatch(/^k8s\/web\/pod\.yaml$/m);
      expect((JSON.parse(named("json").stdout) as { results: Array<{ file: string }> }).results.every((f) => f.file === "k8s/web/pod.yaml")).toBe(true);
      const sarif = JSON.parse(named("sarif").stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("k8s/web/pod.yaml");
      expect(named("github").stdout).toContain("file=k8s/web/pod.yaml,");
      const inJobs = JSON.parse(named("json", "k8s/jobs/pod.yaml").stdout) as { results: Array<{ ruleId: string }> };
      expect(inJobs.results.some((f) => f.ruleId === "run-as-non-root")).toBe(false);
      expect(cli(["--stdin-filename", "a.yaml", "pod.yaml"], configured.dir).status).toBe(2);
    } finally {
      configured.cleanup();
    }
  });
});

describe("glob patterns among the paths (a shell that does not expand them, a quoted argument)", () => {
  let globs: TempRepo;
  beforeAll(() => {
    globs = new TempRepo({
      "k8s/apps/web.yaml": POD,
      "k8s/apps/README.md": "# not a manifest\n",
      "k8s/jobs/migrate.yml": POD.replace("name: web", "name: migrate"),
      "k8s/legacy/old.yaml": POD.replace("name: web", "name: old"),
      "k8s/[draft].yaml": POD.replace("name: web", "name: draft"),
      ".k8slintignore": "k8s/legacy/\n",
    });
  });
  afterAll(() => globs.cleanup());
  const files = (...args: string[]) => {
    const r = cli(["-f", "json", ...args], globs.dir);
    return [...new Set((JSON.parse(r.stdout) as { results: Array<{ file: string }> }).results.map((f) => f.file))];
  };

  it("expands them with fast-glob: manifests and directories, in byte order, ignore files applied", () => {
    // k8s/legacy/ is in .k8slintignore.
    expect(files("k8s/*/*.y*ml")).toEqual(["k8s/apps/web.yaml", "k8s/jobs/migrate.yml"]);
    expect(files("k8s/**/*.yaml")).toEqual(["k8s/[draft].yaml", "k8s/apps/web.yaml"]);
    // Directories are walked as named ones; a README a pattern matches is not a manifest.
    expect(files("k8s/*")).toEqual(["k8s/[draft].yaml", "k8s/apps/web.yaml", "k8s/jobs/migrate.yml"]);
    expect(files("k8s/apps/*")).toEqual(["k8s/apps/web.yaml"]);
  });

  it("a file whose name looks like a pattern is read as named; a pattern that matches nothing is a missing path", () => {
    expect(files("k8s/[draft].yaml")).toEqual(["k8s/[draft].yaml"]);
    const none = cli(["k8s/*.json"], globs.dir);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("k8slint: k8s/*.json: no such file or directory\n");
  });
});

describe("init and --print-config", () => {
  it("init writes a commented starter config with the $schema line that changes nothing, and never overwrites", () => {
    const fresh = new TempRepo({ "pod.yaml": POD });
    try {
      const defaults = cli(["--print-config", "pod.yaml"], fresh.dir);
      expect(defaults.status).toBe(0);
      const r = cli(["init"], fresh.dir);
      expect(r.status).toBe(0);
      const text = fresh.read(".k8slint.yaml");
      expect(text).toBe(STARTER_CONFIG);
      expect(text).toMatch(/^\$schema: https:\/\/github\.com\/k8slint\/k8slint\/raw\/main\/schema\/config\.json$/m);
      expect(text).toMatch(/^# yaml-language-server: \$schema=/m);
      // The config is valid and, commented out, sets nothing: the settings are the defaults.
      const after = cli(["--print-config", "pod.yaml"], fresh.dir);
      expect(after.stderr).toBe("");
      expect({ ...JSON.parse(after.stdout), configFile: null }).toEqual(JSON.parse(defaults.stdout));
      fs.writeFileSync(fresh.path(".k8slint.yaml"), "rules: {image-tag: error}\n");
      const again = cli(["init"], fresh.dir);
      expect(again.status).toBe(2);
      oneLine(again);
      expect(fresh.read(".k8slint.yaml")).toBe("rules: {image-tag: error}\n");
      expect(cli(["init", "--force"], fresh.dir).status).toBe(0);
      expect(fresh.read(".k8slint.yaml")).toBe(STARTER_CONFIG);
    } finally {
      fresh.cleanup();
    }
  });

  it("--print-config shows the settings for one file: overrides, flags, ignore", () => {
    const configured = new TempRepo({
      ".k8slint.yaml": "rules:\n  image-tag: error\n  resource-limits: {options: {cpu: false}}\noverrides:\n  - files: ['k8s/jobs/**']\n    rules: {liveness-probe: off}\nignore: ['generated/']\nfailOn: warning\ncrds: [vendor/crds/]\n",
      // The config's paths must be there (a missing one is the config's error, for every command).
      "vendor/crds/.gitkeep": "",
    });
    try {
      const of = (file: string, ...flags: string[]) => JSON.parse(cli(["--print-config", file, ...flags], configured.dir).stdout);
      const job = of("k8s/jobs/migrate.yaml");
      expect(job).toMatchObject({ file: "k8s/jobs/migrate.yaml", configFile: ".k8slint.yaml", ignored: false, failOn: "warning", namespace: "default" });
      expect(job.rules["liveness-probe"]).toEqual({ severity: "off" });
      expect(job.rules["image-tag"]).toEqual({ severity: "error" });
      expect(job.rules["resource-limits"].options).toMatchObject({ cpu: false });
      expect(job.rules["image-digest"]).toEqual({ severity: "off" }); // opt-in
      expect(of("k8s/web.yaml").rules["liveness-probe"]).toEqual({ severity: "warning" });
      expect(of("generated/x.yaml").ignored).toBe(true);
      expect(of("k8s/web.yaml", "--rule", "liveness-probe=info", "--fail-on", "never").rules["liveness-probe"]).toEqual({ severity: "info" });
      expect(of("k8s/web.yaml", "--fail-on", "never").failOn).toBe("never");
      // Context paths: the config's (relative to it) then the flags'.
      expect(of("k8s/web.yaml", "--crds", "cluster/crds.yaml", "--policy", "policies").crds).toEqual(["vendor/crds", "cluster/crds.yaml"]);
      expect(of("k8s/web.yaml", "--policy", "policies").policies).toEqual(["policies"]);
    } finally {
      configured.cleanup();
    }
  });
});

it("the examples the README runs still pass through the CLI from the repository root", () => {
  expect(cli(["fixtures/examples/hardened"], ROOT).status).toBe(0);
});
