// Many small objects (song_data holds one song per file) are joined into one newline-delimited
// file before DuckDB reads them: its reader pays a high price per file. The reading happens in a
// worker thread with synchronous I/O, the fastest way to open many files, without blocking the
// endpoint's event loop.

import { Worker } from 'node:worker_threads';

// Plain JavaScript, run with `eval` so the worker needs no separate build output.
const WORKER_SOURCE = `
const { readFileSync, openSync, writeSync, closeSync } = require('node:fs');
const { workerData, parentPort } = require('node:worker_threads');
const { paths, out } = workerData;
const fd = openSync(out, 'w');
const CHUNK = 4 * 1024 * 1024;
let pending = [];
let pendingBytes = 0;
let total = 0;
const newline = Buffer.from('\\n');
const flush = () => {
  if (pendingBytes === 0) return;
  writeSync(fd, Buffer.concat(pending, pendingBytes));
  total += pendingBytes;
  pending = [];
  pendingBytes = 0;
};
for (let i = 0; i < paths.length; i++) {
  if (i % 1024 === 0 && new Int32Array(workerData.cancel)[0] !== 0) break;
  const data = readFileSync(paths[i]);
  pending.push(data);
  pendingBytes += data.length;
  if (data.length === 0 || data[data.length - 1] !== 10) {
    pending.push(newline);
    pendingBytes += 1;
  }
  if (pendingBytes >= CHUNK) flush();
}
flush();
closeSync(fd);
parentPort.postMessage(total);
`;

/** Writes the files, in order, into `out` with one newline after each; resolves to the bytes written. */
export function concatenateFiles(paths: string[], out: string, signal: AbortSignal): Promise<number> {
  const cancel = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { paths, out, cancel } });
  const onAbort = () => Atomics.store(new Int32Array(cancel), 0, 1);
  signal.addEventListener('abort', onAbort, { once: true });
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (bytes: number) => resolve(bytes));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`reading the source files stopped (worker exit code ${code})`));
    });
  }).finally(() => signal.removeEventListener('abort', onAbort));
}
