import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

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
  const res = spawnSync(bin, args, {
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
