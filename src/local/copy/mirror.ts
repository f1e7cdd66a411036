// The S3 mirror: s3://bucket/key is the file DIR/bucket/key. A COPY's FROM is a key prefix, not a
// folder or a glob: every object whose key starts with it is loaded, in key order.
//
// Listing and reading happen in a worker thread with synchronous I/O: that is the fastest way to
// walk and open many small files (song_data holds one song per file), and it keeps the endpoint's
// event loop free to answer other requests. Many small objects are joined into one
// newline-delimited file for DuckDB, whose reader pays a high price per file.

import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { UnsupportedSql } from '../unsupported.js';

export interface MirrorObject {
  /** The object's s3:// URI, as load errors report it. */
  uri: string;
  path: string;
}

export interface Listing {
  objects: MirrorObject[];
  /** True when the objects were also joined into the requested file. */
  joined: boolean;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new UnsupportedSql(`'${uri}' is not an s3:// location (expected s3://bucket/prefix)`);
  const [, bucket = '', key = ''] = m;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new UnsupportedSql(`'${uri}': '${bucket}' is not a valid S3 bucket name`);
  }
  if (key.split('/').some((part) => part === '..' || part === '.') || key.includes('\\') || key.includes('\0')) {
    throw new UnsupportedSql(`'${uri}': the key may not contain '.' or '..' segments`);
  }
  return { bucket, key };
}

/** The mirror file of one object (the jsonpaths file, say). */
export function mirrorPath(dataDir: string, uri: string): string {
  const { bucket, key } = parseS3Uri(uri);
  return join(dataDir, bucket, ...key.split('/'));
}

// Plain JavaScript, run with `eval` so the worker needs no build output of its own.
const WORKER_SOURCE = `
const { readdirSync, readFileSync, statSync, openSync, writeSync, closeSync } = require('node:fs');
const { join } = require('node:path');
const { workerData, parentPort } = require('node:worker_threads');
const { folder, folderKey, namePrefix, joinInto, joinAbove, cancel } = workerData;
const cancelled = () => Atomics.load(new Int32Array(cancel), 0) !== 0;

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

let joined = false;
if (joinInto && found.length > joinAbove) {
  const fd = openSync(joinInto, 'w');
  const CHUNK = 4 * 1024 * 1024;
  const newline = Buffer.from('\\n');
  let pending = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pendingBytes > 0) writeSync(fd, Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  for (let i = 0; i < found.length && !(i % 1024 === 0 && cancelled()); i++) {
    const data = readFileSync(found[i][1]);
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
  joined = true;
}
parentPort.postMessage({ keys: found.map((f) => f[0]), paths: found.map((f) => f[1]), joined });
`;

/**
 * Every object under the prefix, in key order. With `join`, more than `above` objects are also
 * written, in that order and one newline after each, into the file `into`.
 */
export async function listPrefix(
  dataDir: string,
  uri: string,
  signal: AbortSignal,
  join_?: { into: string; above: number },
): Promise<Listing> {
  const { bucket, key } = parseS3Uri(uri);
  const slash = key.lastIndexOf('/');
  const folderKey = slash === -1 ? '' : key.slice(0, slash + 1);
  const cancel = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      folder: join(dataDir, bucket, ...folderKey.split('/').filter(Boolean)),
      folderKey,
      namePrefix: key.slice(slash + 1),
      joinInto: join_?.into,
      joinAbove: join_?.above ?? 0,
      cancel,
    },
  });
  const onAbort = () => Atomics.store(new Int32Array(cancel), 0, 1);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const { keys, paths, joined } = await new Promise<{ keys: string[]; paths: string[]; joined: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`listing ${uri} stopped (worker exit code ${code})`)));
    });
    signal.throwIfAborted();
    if (keys.length === 0) throw new UnsupportedSql(`The specified S3 prefix '${key}' does not exist`);
    return { objects: keys.map((k, i) => ({ uri: `s3://${bucket}/${k}`, path: paths[i]! })), joined };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
