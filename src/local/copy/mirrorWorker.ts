// The mirror's worker thread (see mirror.ts), as plain JavaScript run with `eval`, so it needs no
// build output of its own. It posts two messages: `listed` (the keys, whether it joins the files,
// and the shared arrays it fills) and `finished`. While it reads, it writes each file's size,
// lines and time into shared memory, then advances filesRead[0]: whoever wants the progress reads
// it when it wants it, and no message is sent per file.
//
// A million files must not cost a million strings held at once: the walk visits each folder's
// entries in key order (a folder sorts as its name and '/'), so the keys come out sorted, and it
// keeps them as UTF-8 bytes one after another with their offsets, shared with the caller. A file's
// path is made again from its key when it is read.

export const MIRROR_WORKER_SOURCE = `
const { readdirSync, statSync, openSync, fstatSync, readSync, writeSync, closeSync } = require('node:fs');
const { join } = require('node:path');
const { workerData, parentPort } = require('node:worker_threads');
const { bucketDir, folderKey, namePrefix, read, joinInto, joinAbove, fileLatencyMs, cancel } = workerData;
const stop = new Int32Array(cancel);
const cancelled = () => Atomics.load(stop, 0) !== 0;
const shared = (Type, length) => new Type(new SharedArrayBuffer(Type.BYTES_PER_ELEMENT * length));

let keyBytes = Buffer.allocUnsafe(1 << 16);
let keyEnd = 0;
let ends = new Int32Array(1 << 10);
let count = 0;
const addKey = (key) => {
  const length = Buffer.byteLength(key);
  if (keyEnd + length > keyBytes.length) {
    const grown = Buffer.allocUnsafe(Math.max(keyBytes.length * 2, keyEnd + length));
    keyBytes.copy(grown, 0, 0, keyEnd);
    keyBytes = grown;
  }
  if (count === ends.length) {
    const grown = new Int32Array(ends.length * 2);
    grown.set(ends);
    ends = grown;
  }
  keyEnd += keyBytes.write(key, keyEnd);
  ends[count++] = keyEnd;
};

const kindOf = (entry, dir) => {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
  try {
    const target = statSync(join(dir, entry.name));
    return target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
};
const walk = (dir, keyPrefix, entries) => {
  const names = [];
  for (const entry of entries) {
    const kind = kindOf(entry, dir);
    if (kind === 'file') names.push(entry.name);
    else if (kind === 'dir') names.push(entry.name + '/');
  }
  names.sort(); // by UTF-16 code unit, as the keys compare
  for (const name of names) {
    if (!name.endsWith('/')) addKey(keyPrefix + name);
    else walk(join(dir, name), keyPrefix + name, readdirSync(join(dir, name), { withFileTypes: true }));
  }
};
const folder = join(bucketDir, ...folderKey.split('/').filter(Boolean));
let top = [];
try {
  top = readdirSync(folder, { withFileTypes: true });
} catch {}
walk(folder, folderKey, top.filter((entry) => entry.name.startsWith(namePrefix)));

// The keys, shared: key i is the bytes from keyEnds[i - 1] (0 for the first) to keyEnds[i].
const keys = shared(Uint8Array, keyEnd);
keys.set(keyBytes.subarray(0, keyEnd));
const keyEnds = shared(Int32Array, count);
keyEnds.set(ends.subarray(0, count));
keyBytes = undefined;
ends = undefined;
const keyBuffer = Buffer.from(keys.buffer);
const pathOf = (i) => join(bucketDir, keyBuffer.toString('utf8', i === 0 ? 0 : keyEnds[i - 1], keyEnds[i]));

const sizes = shared(Float64Array, count);
const modified = shared(Float64Array, count);
const progress = { filesRead: shared(Int32Array, 1), lines: shared(Int32Array, count), times: shared(Float64Array, count + 1) };
const joins = read && Boolean(joinInto) && count > joinAbove;
// Files DuckDB reads itself are sized now, as a listing does; joined files as they are read (a stat
// of each before would be a second pass over a million files); a listing alone sizes none.
let totalBytes = null;
if (read && !joins) {
  totalBytes = 0;
  for (let i = 0; i < count; i++) {
    const info = statSync(pathOf(i));
    sizes[i] = info.size;
    modified[i] = info.mtimeMs;
    totalBytes += info.size;
  }
}
parentPort.postMessage({ listed: { keys, keyEnds, sizes, modified, totalBytes, progress, joins } });

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
    const fd = openSync(pathOf(i), 'r');
    let bytes = 0;
    let lines = 0;
    let last = NEWLINE;
    try {
      if (joins) {
        const info = fstatSync(fd);
        sizes[i] = info.size;
        modified[i] = info.mtimeMs;
      }
      const size = sizes[i];
      // Up to the size (no extra read to find the end), or less if the file shrank.
      while (bytes < size) {
        if (used === CHUNK) flush();
        const got = readSync(fd, buffer, used, Math.min(CHUNK - used, size - bytes), null);
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
