#!/usr/bin/env node
// bin/k8slint for the build under measurement (K8SLINT_BENCH_DIST, else dist/).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = process.env.K8SLINT_BENCH_DIST ? path.resolve(process.env.K8SLINT_BENCH_DIST) : path.join(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const { run } = await import(pathToFileURL(path.join(dist, "k8slint.js")).href);
run();
