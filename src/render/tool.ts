import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * node:child_process is taken when a tool runs: importing it at load cost every run ~1 ms of CPU at
 * start-up, and most runs render nothing (a pre-commit hook's one file).
 */
const childProcess = () => process.getBuiltinModule("node:child_process");

/** How long one render (kustomize build, helm template) may take before it is abandoned. */
export const DEFAULT_RENDER_TIMEOUT_MS = 60_000;

/** Rendered output larger than this is refused rather than held in memory. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export type ToolRun =
  | { ok: true; stdout: string; stderr: string }
  | { ok: false; reason: "missing" | "timeout" | "failed"; message: string; stderr: string };

/**
 * The full path of an executable: a name is looked up on PATH (without running anything), a path
 * containing a separator is taken as given. Undefined when there is no such executable file.
 */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = name.includes("/") || name.includes(path.sep) ? [path.resolve(name)] : (env.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, name));
  const exts = process.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""];
  for (const c of candidates) {
    for (const ext of exts) {
      try {
        const st = fs.statSync(c + ext);
        if (!st.isFile()) continue;
        fs.accessSync(c + ext, fs.constants.X_OK);
        return c + ext;
      } catch {
        // not here: try the next directory
      }
    }
  }
  return undefined;
}

/** Runs a tool with an argument array (never through a shell) and a time bound. */
export function runTool(bin: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): ToolRun {
  const res = childProcess().spawnSync(bin, args, {
    cwd: options.cwd,
    encoding: "utf8",
    timeout: options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS,
    maxBuffer: MAX_OUTPUT_BYTES,
    stdio: ["ignore", "pipe", "pipe"],
    windowsHide: true,
  });
  const stderr = res.stderr ?? "";
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES") return { ok: false, reason: "missing", message: `${bin}: not found or not executable`, stderr };
    if (code === "ETIMEDOUT") return { ok: false, reason: "timeout", message: `${path.basename(bin)} did not finish within ${Math.round((options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS) / 1000)}s`, stderr };
    return { ok: false, reason: "failed", message: res.error.message, stderr };
  }
  if (res.signal) return { ok: false, reason: "failed", message: `${path.basename(bin)} was killed by ${res.signal}`, stderr };
  if (res.status !== 0) return { ok: false, reason: "failed", message: firstMeaningfulLine(stderr) || `${path.basename(bin)} exited with status ${res.status}`, stderr };
  return { ok: true, stdout: res.stdout ?? "", stderr };
}

/**
 * runTool without blocking: lintAsync parses what is already built (and the plain files) while other
 * builds run. The outcomes and their messages are runTool's, so a failed build reads the same either way.
 */
export function runToolAsync(bin: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<ToolRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  return new Promise((resolve) => {
    let child: import("node:child_process").ChildProcess;
    try {
      child = childProcess().spawn(bin, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    } catch (e) {
      // As the concurrent runner reports it (PARALLEL_RUNNER), which builds several roots today.
      resolve(toolRun(bin, { error: (e as NodeJS.ErrnoException)?.code || String(e) }, timeoutMs));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let finished = false;
    let timedOut = false;
    let overflow = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const collect = (into: Buffer[]) => (d: Buffer) => {
      bytes += d.length;
      if (bytes > MAX_OUTPUT_BYTES && !overflow) {
        overflow = true;
        child.kill("SIGKILL");
      }
      if (!overflow) into.push(d);
    };
    child.stdout?.on("data", collect(out));
    child.stderr?.on("data", collect(err));
    const settle = (r: ToolRun) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve(r);
    };
    child.on("error", (e: NodeJS.ErrnoException) => settle(toolRun(bin, { error: e.code || e.message, stderr: Buffer.concat(err).toString("utf8") }, timeoutMs)));
    child.on("close", (status, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      // spawnSync's words for an output past the bound, as runTool reports it.
      if (overflow) settle({ ok: false, reason: "failed", message: `spawnSync ${bin} ENOBUFS`, stderr });
      else settle(toolRun(bin, { status, signal, timedOut, stdout: Buffer.concat(out).toString("utf8"), stderr }, timeoutMs));
    });
  });
}

/**
 * The line of a tool's error output that says what went wrong: warnings (`# Warning: …`) are
 * skipped, klog's prefix and Go's quoting (`E1121 … run.go:72] "command failed" err="…"`) removed.
 */
export function firstMeaningfulLine(stderr: string): string {
  const lines = stderr.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].trim();
    if (!line || line.startsWith("# Warning") || /^W\d{4} /.test(line) || /^(WARNING|walk\.go)/i.test(line)) continue;
    const klog = /^E\d{4} [\d:.]+\s+\d+ [\w.]+:\d+\] (.*)$/.exec(line);
    if (klog) {
      line = klog[1];
      if (/\berr=<$/.test(line)) {
        // klog's multi-line form: err=< … > with the message on the lines between.
        const body: string[] = [];
        for (i++; i < lines.length && lines[i].trim() !== ">"; i++) body.push(lines[i].trim());
        return body.join(" ").replace(/\s*:\s*$/, "").trim();
      }
      const err = /\berr="((?:[^"\\]|\\.)*)"/.exec(line);
      if (err) line = err[1].replace(/\\(["\\])/g, "$1");
    }
    return line.replace(/^Error: /, "");
  }
  return "";
}

export interface ToolJob {
  bin: string;
  args: string[];
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Runs independent jobs (the builds of several overlays) a few at a time. lint() is synchronous, so a
 * small Node process started with spawnSync runs them concurrently, each with an argument array and its
 * own time bound; if that process itself fails, the jobs run one after another instead.
 */
export function runTools(jobs: readonly ToolJob[], concurrency = defaultConcurrency()): ToolRun[] {
  if (jobs.length <= 1 || concurrency <= 1) return jobs.map((j) => runTool(j.bin, j.args, j));
  const timeouts = jobs.map((j) => j.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS);
  const res = childProcess().spawnSync(process.execPath, ["-e", PARALLEL_RUNNER], {
    input: JSON.stringify({ jobs: jobs.map((j, i) => ({ ...j, timeoutMs: timeouts[i] })), concurrency }),
    encoding: "utf8",
    maxBuffer: 2 * MAX_OUTPUT_BYTES,
    timeout: Math.max(...timeouts) * Math.ceil(jobs.length / concurrency) + 10_000,
    windowsHide: true,
  });
  let raw: RunnerResult[] | undefined;
  try {
    raw = res.status === 0 ? (JSON.parse(res.stdout) as RunnerResult[]) : undefined;
  } catch {
    raw = undefined;
  }
  if (!raw || raw.length !== jobs.length) return jobs.map((j) => runTool(j.bin, j.args, j));
  return raw.map((r, i) => toolRun(jobs[i].bin, r, timeouts[i]));
}

function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, cpuCount()));
}

export function cpuCount(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

interface RunnerResult {
  error?: string;
  status?: number | null;
  signal?: string | null;
  timedOut?: boolean;
  stdout?: string;
  stderr?: string;
}

function toolRun(bin: string, r: RunnerResult, timeoutMs: number): ToolRun {
  const stderr = r.stderr ?? "";
  const name = path.basename(bin);
  if (r.error) {
    if (r.error === "ENOENT" || r.error === "EACCES") return { ok: false, reason: "missing", message: `${bin}: not found or not executable`, stderr };
    return { ok: false, reason: "failed", message: r.error, stderr };
  }
  if (r.timedOut) return { ok: false, reason: "timeout", message: `${name} did not finish within ${Math.round(timeoutMs / 1000)}s`, stderr };
  if (r.signal) return { ok: false, reason: "failed", message: `${name} was killed by ${r.signal}`, stderr };
  if (r.status !== 0) return { ok: false, reason: "failed", message: firstMeaningfulLine(stderr) || `${name} exited with status ${r.status}`, stderr };
  return { ok: true, stdout: r.stdout ?? "", stderr };
}

/** The concurrent runner (CommonJS, run with node -e): jobs as JSON on stdin, results as JSON on stdout. */
const PARALLEL_RUNNER = `
const { spawn } = require("node:child_process");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const { jobs, concurrency } = JSON.parse(input);
  const results = new Array(jobs.length);
  let next = 0, running = 0, done = 0;
  const settle = (i, r) => {
    results[i] = r;
    running--;
    done++;
    if (done === jobs.length) process.stdout.write(JSON.stringify(results));
    else start();
  };
  const start = () => {
    while (running < concurrency && next < jobs.length) {
      const i = next++;
      const j = jobs[i];
      running++;
      let child;
      try {
        child = spawn(j.bin, j.args, { cwd: j.cwd, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
      } catch (e) {
        settle(i, { error: (e && e.code) || String(e) });
        continue;
      }
      const out = [], err = [];
      let finished = false, timedOut = false;
      const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, j.timeoutMs);
      child.stdout.on("data", (d) => out.push(d));
      child.stderr.on("data", (d) => err.push(d));
      child.on("error", (e) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        settle(i, { error: e.code || e.message });
      });
      child.on("close", (status, signal) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        settle(i, { status, signal, timedOut, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
      });
    }
  };
  if (jobs.length === 0) process.stdout.write("[]");
  else start();
});
`;
