// A parse worker (src/load/parse-pool.ts): takes files from the shared counter, as the main thread
// does, as they arrive, parses each exactly as parseSource does on the main thread, and sends the
// results back in batches.
import { parentPort, workerData } from "node:worker_threads";
import { parseSource, useParser } from "./parse.js";
import { toWire, type WireFile } from "./parsed-wire.js";
import type { PoolData, PoolInputs, PoolMessage } from "./parse-pool.js";

const next = new Int32Array((workerData as PoolData).counter);
useParser((workerData as PoolData).parser);
const inputs: PoolInputs["inputs"] = [];
let ended = false;
const BATCH = 32;
let batch: Array<{ index: number; wire?: WireFile }> = [];
let transfer: ArrayBuffer[] = [];

const post = (results: Array<{ index: number; wire?: WireFile }>, moved: ArrayBuffer[] = []) => parentPort!.postMessage({ results } satisfies PoolMessage, moved);
const flush = () => {
  if (batch.length === 0) return;
  try {
    post(batch, transfer);
  } catch {
    // A value that cannot be cloned: send the others, and that file without its parse (the main thread parses it).
    for (const r of batch) {
      try {
        post([r]);
      } catch {
        post([{ index: r.index }]);
      }
    }
  }
  batch = [];
  transfer = [];
};

/** Takes files while there are some this worker has: a file is taken only if the counter is still at it. */
function work(): void {
  for (;;) {
    const i = Atomics.load(next, 0);
    if (i >= inputs.length) break;
    if (Atomics.compareExchange(next, 0, i, i + 1) !== i) continue;
    try {
      const out = toWire(parseSource(inputs[i]));
      batch.push({ index: i, wire: out.wire });
      for (const t of out.transfer) transfer.push(t);
    } catch {
      // The main thread parses it again and meets the same error where lint() would.
      batch.push({ index: i });
    }
    if (batch.length >= BATCH) flush();
  }
  flush();
  if (ended) {
    parentPort!.postMessage({ done: true } satisfies PoolMessage);
    parentPort!.close();
  }
}

parentPort!.on("message", (m: PoolInputs) => {
  for (const input of m.inputs) inputs.push(input);
  if (m.end) ended = true;
  work();
});
