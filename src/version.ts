import fs from "node:fs";
import path from "node:path";
import { packageRoot } from "./config/package-root.js";

let cached: string | undefined;

/** The package version, read once from package.json (from src/ in development, from the bundle in dist/ once built). */
export function toolVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string };
    cached = pkg.version ?? "0.0.0";
  } catch {
    cached = "0.0.0";
  }
  return cached;
}
