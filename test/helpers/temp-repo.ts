import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "./fixtures.js";

/** A throwaway directory with a .git marker (the top of a repository for config discovery), removed by cleanup(). */
export class TempRepo {
  readonly dir: string;
  constructor(files: Record<string, string> = {}, prefix = "k8slint-") {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.mkdirSync(path.join(this.dir, ".git"));
    this.write(files);
  }
  write(files: Record<string, string>): this {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(this.dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(this.dir, rel), text);
    }
    return this;
  }
  path(rel: string): string {
    return path.join(this.dir, rel);
  }
  read(rel: string): string {
    return fs.readFileSync(path.join(this.dir, rel), "utf8");
  }
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export const BIN = path.join(ROOT, "bin/k8slint");

/** Runs bin/k8slint (built into dist/) in a directory. */
export function k8slint(args: string[], cwd: string, input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
