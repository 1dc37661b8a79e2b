import fs from "node:fs";

/**
 * Whether a SourceFile's path names the file the editor focuses on. A file read as written keeps the
 * path it was found by, but the files Kustomize output maps back to (kustomizations, bases, patches)
 * are read by their real path (src/render/source-cache.ts): under a symbolic link (a linked home or
 * checkout directory, macOS's /tmp) a keystroke in a kustomization.yaml lost its findings.
 */
export function focusedFile(file: string): (path: string) => boolean {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // A buffer not saved yet: only its own path names it.
  }
  return (p) => p === file || p === real;
}
