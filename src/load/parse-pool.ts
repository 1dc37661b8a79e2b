import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { parseSource, type ParsedFile, type ParserChoice } from "./parse.js";
import { fromWire, type WireFile } from "./parsed-wire.js";
import type { SourceFile } from "./source-file.js";

/** What parseSource takes: a file's path, display path and text. */
export type ParseInput = Omit<SourceFile, "lineCounter">;

/** What a parse worker gets at start: the counter of the next file to take, shared by every thread. */
export interface PoolData {
  counter: SharedArrayBuffer;
  parser: ParserChoice;
}

/** To a worker: more files (appended to those it has), and whether they are the last. */
export interface PoolInputs {
  inputs: ParseInput[];
  end: boolean;
}

/** From a worker: parses (a file without `wire` is left to the main thread), or that it has no more to take. */
export type PoolMessage = { results: Array<{ index: number; wire?: WireFile }> } | { done: true };

/**
 * Workers start only when asked for (--jobs N, N >= 2). With the fast parse path, parsing is about a
 * quarter of a run, and a worker costs more CPU than it takes off the main thread: starting it, a cold
 * JIT there, and cloning values and position tables back (bench/README.md, 2026-12-05).
 */
const MAX_JOBS = 64;
/** Files sent to workers at a time while the main thread reads. */
const SEND_BATCH = 64;

const WORKER_URL = new URL("./parse-worker.js", import.meta.url);

export interface ParseAllOptions {
  /** Threads that parse, the main thread included (0 or 1, the default: no workers). */
  jobs?: number;
  /** The worker module (tests point it at one that fails). */
  workerUrl?: URL;
  /** False: the main thread leaves every file to the workers (tests, so that workers surely parse some). */
  mainParses?: boolean;
  /** Told how many workers ran and how many files they parsed (tests). */
  onWorkers?: (info: { workers: number; parsedByWorkers: number }) => void;
  /** The parser workers use (src/load/parse.ts useParser). */
  parser?: ParserChoice;
}

/**
 * parseSource of every file, in order, on the main thread and worker threads. Files are added as they
 * are read; workers (with --jobs) start with the first file, so they load while the main thread reads,
 * and take files from one shared counter as the main thread does (a slow worker takes fewer). The
 * results are those of parseSource on the main thread: a worker sends values and position tables, and
 * a file a worker could not parse or send (every file, when the worker module is missing or a worker
 * fails) is parsed on the main thread.
 */
export class ParsePool {
  private readonly inputs: ParseInput[] = [];
  private readonly results: Array<ParsedFile | undefined> = [];
  private readonly workers: Worker[] = [];
  private readonly finished: Array<Promise<void>> = [];
  private readonly counter = new SharedArrayBuffer(4);
  private readonly url: URL;
  private readonly threads: number | undefined;
  private sent = 0;
  private started = false;
  private open = true;
  private parsedByWorkers = 0;

  constructor(private readonly options: ParseAllOptions = {}) {
    this.url = options.workerUrl ?? WORKER_URL;
    const jobs = options.jobs;
    this.threads = jobs === undefined ? undefined : Math.max(1, Math.min(Math.floor(jobs), MAX_JOBS));
  }

  /** The next file, as soon as it is read. */
  add(input: ParseInput): void {
    this.inputs.push(input);
    if (!this.started) this.maybeStart();
    if (this.workers.length > 0 && this.inputs.length - this.sent >= SEND_BATCH) this.send(false);
  }

  /** Every file added, parsed. */
  async parseAll(): Promise<ParsedFile[]> {
    const inputs = this.inputs;
    if (this.workers.length === 0) return inputs.map((input) => parseSource(input));
    this.send(true);
    const next = new Int32Array(this.counter);
    if (this.options.mainParses !== false) {
      for (let i = Atomics.add(next, 0, 1); i < inputs.length; i = Atomics.add(next, 0, 1)) this.results[i] = parseSource(inputs[i]);
    }
    await Promise.all(this.finished);
    this.open = false;
    for (const w of this.workers) void w.terminate();
    this.options.onWorkers?.({ workers: this.workers.length, parsedByWorkers: this.parsedByWorkers });
    return inputs.map((input, i) => this.results[i] ?? parseSource(input));
  }

  private maybeStart(): void {
    const threads = this.threads ?? 1;
    this.started = true;
    // Under vitest the sources are TypeScript and there is no compiled worker beside them.
    if (threads <= 1 || !workerExists(this.url)) return;
    // Taken here, not imported: most runs start no worker, and loading node:worker_threads costs every run.
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    for (let k = 1; k < threads; k++) {
      let worker: Worker;
      try {
        worker = new Worker(this.url, { workerData: { counter: this.counter, parser: this.options.parser ?? "fast" } satisfies PoolData });
      } catch {
        break;
      }
      this.workers.push(worker);
      this.finished.push(
        new Promise<void>((resolve) => {
          worker.on("message", (m: PoolMessage) => {
            if (!this.open) return;
            if ("done" in m) return resolve();
            for (const r of m.results) {
              if (!r.wire) continue;
              try {
                this.results[r.index] = fromWire(r.wire, this.inputs[r.index]);
                this.parsedByWorkers++;
              } catch {
                // Left for the main thread.
              }
            }
          });
          // A worker that fails leaves its files to the main thread: none is lost.
          worker.on("error", () => resolve());
          worker.on("exit", () => resolve());
        }),
      );
    }
  }

  private send(end: boolean): void {
    const batch: PoolInputs = { inputs: this.inputs.slice(this.sent), end };
    this.sent = this.inputs.length;
    for (const w of this.workers) {
      try {
        w.postMessage(batch);
      } catch {
        // A worker that is gone: its files are parsed by the others or the main thread.
      }
    }
  }
}

function workerExists(url: URL): boolean {
  try {
    return url.protocol === "file:" && fs.statSync(fileURLToPath(url)).isFile();
  } catch {
    return false;
  }
}
