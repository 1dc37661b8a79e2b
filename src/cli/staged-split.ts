import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

/**
 * pre-commit splits a long list of names over several runs of the hook (its xargs; one after another,
 * since the hook is require_serial), all children of the one pre-commit process. Each run reports its
 * own files; what the commit's deletions break, which no name stands for, is reported by the first
 * run only. The first leaves a mark in the git directory naming its parent process and the change:
 * a later run that finds the same mark is another part of the same list.
 */
export function firstOfSplit(gitPath: string, change: string): boolean {
  const mark = [process.ppid, startOf(process.ppid), createHash("sha256").update(JSON.stringify([flagArgs(), change])).digest("hex")].join(" ");
  let seen: string | undefined;
  try {
    seen = fs.readFileSync(gitPath, "utf8");
  } catch {
    seen = undefined;
  }
  if (seen === mark) return false;
  try {
    fs.mkdirSync(path.dirname(gitPath), { recursive: true });
    fs.writeFileSync(gitPath, mark);
  } catch {
    // Not writable: every run reports them, as before.
  }
  return true;
}

/** When the process started (Linux), so that a later pre-commit given the same id is not taken for this one. */
function startOf(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

/** The command line without the names: two hooks with other flags are not parts of one list. */
function flagArgs(): string[] {
  return process.argv.slice(2).filter((a) => a.startsWith("-"));
}
