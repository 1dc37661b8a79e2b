import fs from "node:fs";

const CHUNK = 1 << 16;

/**
 * Reads standard input to its end, or up to `limit` bytes. `fs.readFileSync(0)` fails with EAGAIN
 * when stdin is a non-blocking pipe (`kustomize build | k8slint -` with a large output): this waits a
 * moment and reads on instead. Stopping at the limit keeps an endless stream from filling memory.
 * Also for any descriptor whose size is unknown in advance (a named pipe, /dev/zero named by mistake).
 */
export function readStdin(limit = Number.POSITIVE_INFINITY, fd = 0): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(CHUNK);
  while (total < limit) {
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, CHUNK, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      // Windows reports the end of a closed pipe as an error.
      if (code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks);
}
