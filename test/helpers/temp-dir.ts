import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/**
 * A new directory under the system's temporary directory, removed when the test that made it finishes
 * (passed or failed): a suite run left ~450 directories in /tmp, most of them one per rule fixture.
 * Call it inside a test; a directory made in beforeAll is removed by that file's afterAll.
 */
export function testTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A testTempDir holding `files` (paths relative to it, their directories made). */
export function testTree(prefix: string, files: Record<string, string>): string {
  const dir = testTempDir(prefix);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
