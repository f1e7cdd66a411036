// The mirror's worker thread (see mirror.ts), as plain JavaScript run with `eval`, so it needs no
// build output of its own. It posts two messages: `listed` (keys, sizes, whether it joins the
// files, and the shared arrays it will fill) and `finished`. While it reads, it writes each file's
// lines and time into shared memory, then advances filesRead[0]: whoever wants the progress reads
// it when it wants it, and no message is sent per file.

export const MIRROR_WORKER_SOURCE = `
const { readdirSync, statSync, openSync, readSync, writeSync, closeSync } = require('node:fs');
const { join } = require('node:path');
const { workerData, parentPort } = require('node:worker_threads');
const { folder, folderKey, namePrefix, read, joinInto, joinAbove, fileLatencyMs, cancel } = workerData;
const stop = new Int32Array(cancel);
const cancelled = () => Atomics.load(stop, 0) !== 0;
const shared = (Type, length) => new Type(new SharedArrayBuffer(Type.BYTES_PER_ELEMENT * length));

const found = [];
const kindOf = (entry, path) => {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
  try {
    const target = statSync(path);
    return target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
};
const walk = (dir, keyPrefix, entries) => {
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const kind = kindOf(entry, path);
    if (kind === 'file') found.push([keyPrefix + entry.name, path]);
    else if (kind === 'dir') walk(path, keyPrefix + entry.name + '/', readdirSync(path, { withFileTypes: true }));
  }
};
let top = [];
try {
  top = readdirSync(folder, { withFileTypes: true });
} catch {}
walk(folder, folderKey, top.filter((entry) => entry.name.startsWith(namePrefix)));
found.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const count = found.length;
const sizes = shared(Float64Array, count);
const modified = shared(Float64Array, count);
let totalBytes = 0;
for (let i = 0; i < count; i++) {
  const info = statSync(found[i][1]);
  sizes[i] = info.size;
  modified[i] = info.mtimeMs;
  totalBytes += info.size;
}
const progress = { filesRead: shared(Int32Array, 1), lines: shared(Int32Array, count), times: shared(Float64Array, count + 1) };
const joins = read && Boolean(joinInto) && count > joinAbove;
parentPort.postMessage({ listed: { keys: found.map((f) => f[0]), sizes, modified, totalBytes, progress, joins } });

// Files are read into one buffer; joining writes it out whenever it fills, scanning drops it.
const CHUNK = 4 * 1024 * 1024;
const NEWLINE = 10;
const now = () => performance.timeOrigin + performance.now();
if (read) {
  const out = joins ? openSync(joinInto, 'w') : -1;
  const buffer = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  const flush = () => {
    if (out !== -1 && used > 0) writeSync(out, buffer, 0, used);
    used = 0;
  };
  const linesIn = (from, to) => {
    const view = buffer.subarray(from, to);
    let lines = 0;
    for (let at = view.indexOf(NEWLINE); at !== -1; at = view.indexOf(NEWLINE, at + 1)) lines++;
    return lines;
  };
  progress.times[0] = now();
  for (let i = 0; i < count; i++) {
    if (fileLatencyMs > 0) Atomics.wait(stop, 0, 0, fileLatencyMs);
    if (cancelled()) break;
    const fd = openSync(found[i][1], 'r');
    const listedSize = sizes[i];
    let bytes = 0;
    let lines = 0;
    let last = NEWLINE;
    try {
      // Up to the listed size (no extra read to find the end), or less if the file shrank.
      while (bytes < listedSize) {
        if (used === CHUNK) flush();
        const got = readSync(fd, buffer, used, Math.min(CHUNK - used, listedSize - bytes), null);
        if (got === 0) break;
        lines += linesIn(used, used + got);
        last = buffer[used + got - 1];
        used += got;
        bytes += got;
      }
    } finally {
      closeSync(fd);
    }
    // A last line without a newline is a line; joined files each end with one.
    if (bytes > 0 && last !== NEWLINE) lines++;
    if (last !== NEWLINE || bytes === 0) {
      if (used === CHUNK) flush();
      buffer[used++] = NEWLINE;
    }
    sizes[i] = bytes;
    progress.lines[i] = lines;
    progress.times[i + 1] = now();
    Atomics.store(progress.filesRead, 0, i + 1);
  }
  flush();
  if (out !== -1) closeSync(out);
}
parentPort.postMessage({ finished: true });
`;
