// The S3 mirror: s3://bucket/key is the file DIR/bucket/key. A COPY's FROM is a key prefix, not a
// folder or a glob: every object whose key starts with it is loaded, in key order.
//
// Listing and reading happen in a worker thread with synchronous I/O: that is the fastest way to
// walk and open many small files (song_data holds one song per file), and it keeps the endpoint's
// event loop free to answer other requests. Then the worker reads every object once, in key
// order: many small objects are joined into one newline-delimited file for DuckDB, whose reader
// pays a high price per file, and are sized as they are read; a few large ones are sized by the
// listing, as S3's does, and only scanned (DuckDB reads them itself). Each file read is published
// in shared memory (mirrorWorker.ts), so the load history can show a COPY's progress without a
// message per file.

import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { UnsupportedSql } from '../unsupported.js';
import { MIRROR_WORKER_SOURCE } from './mirrorWorker.js';

/** Keys in key order, kept as UTF-8 bytes one after another (a million strings would not be small). */
export class KeyList implements Iterable<string> {
  private readonly text: Buffer;

  /** Key i is bytes[ends[i - 1] ..ends[i]] (from 0 for the first). */
  constructor(
    bytes: Uint8Array,
    private readonly ends: Int32Array,
  ) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.ends.length;
  }

  at(i: number): string {
    return this.text.toString('utf8', i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  static readonly EMPTY = new KeyList(new Uint8Array(0), new Int32Array(0));
}

export interface PrefixListing {
  bucket: string;
  keys: KeyList;
  /** Each object's size in bytes as listed (once read: the bytes read). */
  sizes: Float64Array;
  /** Each object's last modification, in epoch milliseconds. */
  modified: Float64Array;
  /** The objects' bytes as listed; null for joined objects, sized as they are read. */
  totalBytes: number | null;
}

/** What the worker publishes as it reads: entries below `filesRead[0]` are final. */
export interface ReadProgress {
  filesRead: Int32Array;
  /** Lines in each file read (a last line without a newline counts). */
  lines: Int32Array;
  /** times[0]: when reading began; times[i + 1]: when file i was read (epoch milliseconds). */
  times: Float64Array;
}

export interface PrefixRead extends PrefixListing {
  progress: ReadProgress;
  /** True when the files are being joined into the file the options named. */
  joins: boolean;
  /** Settles once every file is read, or the read was cancelled. */
  finished: Promise<void>;
}

export interface ReadOptions {
  /** More objects than `above` are joined, in key order and one newline after each, into `into`. */
  join?: { into: string; above: number };
  /** Each file waits this long before it is read (the file-latency fault); cancelling cuts it short. */
  fileLatencyMs?: number;
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
  return objectPath(dataDir, bucket, key);
}

/** The mirror file of a key a listing gave. */
export function objectPath(dataDir: string, bucket: string, key: string): string {
  return join(dataDir, bucket, ...key.split('/'));
}

/** Every key under the prefix, in key order; no object is read or sized. Fails when the prefix holds none. */
export async function listKeys(dataDir: string, uri: string, signal: AbortSignal): Promise<KeyList> {
  const { finished, keys } = await startWorker(dataDir, uri, signal, undefined);
  await finished;
  return keys;
}

/**
 * Lists the prefix, then reads every object in the worker. Resolves once the objects are listed;
 * `finished` settles when they are read. Fails when the prefix holds no object.
 */
export function readPrefix(dataDir: string, uri: string, signal: AbortSignal, options: ReadOptions = {}): Promise<PrefixRead> {
  return startWorker(dataDir, uri, signal, options);
}

interface Listed {
  keys: Uint8Array;
  keyEnds: Int32Array;
  sizes: Float64Array;
  modified: Float64Array;
  totalBytes: number | null;
  progress: ReadProgress;
  joins: boolean;
}

async function startWorker(dataDir: string, uri: string, signal: AbortSignal, read: ReadOptions | undefined): Promise<PrefixRead> {
  signal.throwIfAborted();
  const { bucket, key } = parseS3Uri(uri);
  const slash = key.lastIndexOf('/');
  const folderKey = slash === -1 ? '' : key.slice(0, slash + 1);
  const cancel = new SharedArrayBuffer(4);
  const worker = new Worker(MIRROR_WORKER_SOURCE, {
    eval: true,
    workerData: {
      bucketDir: join(dataDir, bucket),
      folderKey,
      namePrefix: key.slice(slash + 1),
      read: read !== undefined,
      joinInto: read?.join?.into,
      joinAbove: read?.join?.above ?? 0,
      fileLatencyMs: read?.fileLatencyMs ?? 0,
      cancel,
    },
  });
  // Setting the flag stops the worker at its next file; the notify ends a file-latency wait at once.
  const onAbort = () => {
    const flag = new Int32Array(cancel);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let onListed!: (listed: Listed) => void;
  let onFinished!: () => void;
  let onFailed!: (error: unknown) => void;
  const listed = new Promise<Listed>((resolve, reject) => {
    onListed = resolve;
    onFailed = reject;
  });
  const finished = new Promise<void>((resolve, reject) => {
    onFinished = resolve;
    const failListing = onFailed;
    onFailed = (error) => {
      failListing(error);
      reject(error);
    };
  });
  finished.catch(() => undefined); // awaited by the caller when it gets that far
  worker.on('message', (message: { listed?: Listed; finished?: true }) => {
    if (message.listed) onListed(message.listed);
    if (message.finished) onFinished();
  });
  worker.once('error', (error) => onFailed(error));
  worker.once('exit', (code) => onFailed(new Error(`reading ${uri} stopped (worker exit code ${code})`)));
  void finished.then(
    () => signal.removeEventListener('abort', onAbort),
    () => signal.removeEventListener('abort', onAbort),
  );

  const { keys, keyEnds, sizes, modified, totalBytes, progress, joins } = await listed;
  signal.throwIfAborted();
  if (keyEnds.length === 0) throw new UnsupportedSql(`The specified S3 prefix '${key}' does not exist`);
  return { bucket, keys: new KeyList(keys, keyEnds), sizes, modified, totalBytes, progress, joins, finished };
}
