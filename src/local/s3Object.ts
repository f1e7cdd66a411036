// S3's GetObject and HeadObject (path style) over the mirror: GET or HEAD /BUCKET/KEY answers the
// file DIR/BUCKET/KEY with its size, modification time and ETag. The ETag is the MD5 of the bytes,
// in quotes, as S3 gives it for an object uploaded in one part: clients that check a download
// against it (the AWS CLI, `sparkify-wizard mirror`) find it true.
//
// The key comes from a client that may be hostile. It is decoded one path segment at a time from
// the raw request path (URL normalisation would quietly resolve `..` and `%2e%2e`), refused when a
// segment is empty (`//`, a leading `/`), `.` or `..`, or holds a backslash or NUL, and the file's
// real path, symbolic links resolved, must lie inside the mirror. The file is then opened without
// following a link, by that real path.

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** S3's rule for bucket names (lower-case letters, digits, dots and hyphens; 3 to 63 characters). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Files up to this size are read whole; larger ones are hashed, then streamed. */
const WHOLE_READ_BYTES = 8 * 1024 * 1024;

/** The bucket and key of a path-style request, or undefined when the path has no bucket. */
export function bucketAndKey(rawUrl: string): { bucket: string; key: string | undefined } | undefined {
  const path = rawUrl.split('?')[0] ?? '/';
  const slash = path.indexOf('/', 1);
  const bucket = decode(slash === -1 ? path.slice(1) : path.slice(1, slash));
  if (bucket === undefined || bucket === '') return undefined;
  if (slash === -1 || slash === path.length - 1) return { bucket, key: undefined };
  const segments = path.slice(slash + 1).split('/').map(decode);
  if (segments.some((s) => s === undefined)) throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  return { bucket, key: segments.join('/') };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A file of the mirror, checked to lie inside it. */
export interface ObjectFile {
  handle: FileHandle;
  stats: Stats;
}

/**
 * Opens the file of `bucket/key`, or throws the S3 error a client should hear: InvalidBucketName,
 * NoSuchBucket, NoSuchKey, or AccessDenied for a key whose file lies outside the mirror.
 */
export async function openObject(dataDir: string, bucket: string, key: string): Promise<ObjectFile> {
  const root = await mirrorRoot(dataDir);
  const bucketDir = await bucketDirectory(root, bucket);
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\0'))) {
    throw new S3Error(404, 'NoSuchKey', `The key '${key}' cannot be a file of the S3 mirror: it has an empty, '.' or '..' segment, a backslash or a NUL`);
  }
  let real: string;
  try {
    real = await realpath(join(bucketDir, ...segments));
  } catch {
    throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  if (!inside(root, real)) throw new S3Error(403, 'AccessDenied', `The key '${key}' leads outside the S3 mirror (a symbolic link): refused`);
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
  }
  return { handle, stats };
}

/** The bucket's folder, by its real path; NoSuchBucket unless it is a folder inside the mirror. */
export async function bucketDirectory(root: string, bucket: string): Promise<string> {
  if (!BUCKET_NAME.test(bucket)) throw new S3Error(400, 'InvalidBucketName', `The specified bucket is not valid: '${bucket}'`);
  try {
    const dir = await realpath(join(root, bucket));
    if (inside(root, dir) && (await stat(dir)).isDirectory()) return dir;
  } catch {
    // said below
  }
  throw new S3Error(404, 'NoSuchBucket', `The specified bucket does not exist: '${bucket}'`);
}

const roots = new Map<string, string>();

/** The mirror's real path (the folder given may be reached through a link, as /tmp is on macOS). */
export async function mirrorRoot(dataDir: string): Promise<string> {
  let root = roots.get(dataDir);
  if (root === undefined) {
    root = await realpath(dataDir);
    roots.set(dataDir, root);
  }
  return root;
}

export function inside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Answers GET (the bytes) or HEAD (the headers alone) for one object; `cutShort` loses the body's second half. */
export async function answerObject(req: IncomingMessage, res: ServerResponse, dataDir: string, bucket: string, key: string, cutShort = false): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new S3Error(501, 'NotImplemented', 'The local endpoint answers GetObject and HeadObject on objects (GET or HEAD /BUCKET/KEY) only');
  }
  const { handle, stats } = await openObject(dataDir, bucket, key);
  try {
    const body = req.method === 'GET' && stats.size <= WHOLE_READ_BYTES ? await handle.readFile() : undefined;
    const etag = body ? md5(body) : await etagOf(handle, stats);
    res.writeHead(200, {
      'Content-Type': 'binary/octet-stream',
      'Content-Length': stats.size,
      ETag: `"${etag}"`,
      'Last-Modified': stats.mtime.toUTCString(),
      'Accept-Ranges': 'bytes',
    });
    if (req.method === 'HEAD') res.end();
    else if (cutShort) {
      const half = Math.floor(stats.size / 2);
      const bytes = body ?? (await handle.read({ buffer: Buffer.alloc(half), position: 0 })).buffer;
      res.write(bytes.subarray(0, half), () => res.destroy());
    } else if (body) res.end(body);
    else await pipeline(handle.createReadStream({ start: 0, autoClose: false }), res);
  } finally {
    await handle.close();
  }
}

/** A file of a listing as ListObjectsV2 describes it. */
export interface ListedObject {
  /** Without quotes. */
  etag: string;
  size: number;
  /** Last modification, in epoch milliseconds. */
  modified: number;
}

/**
 * A file of a listing: its ETag, size and time; undefined if it is not a file inside the mirror.
 * Synchronous: a page's thousand small files are read in a few milliseconds this way, against a
 * good part of a second through the thread pool.
 */
export function listedObject(root: string, path: string): ListedObject | undefined {
  let fd: number | undefined;
  try {
    const real = realpathSync(path);
    if (!inside(root, real)) return undefined;
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    const id = fileId(stats);
    const listed = (etag: string) => ({ etag, size: stats.size, modified: stats.mtimeMs });
    const known = largeEtags.get(id);
    if (known) return listed(known);
    if (stats.size <= WHOLE_READ_BYTES) return listed(md5(readFileSync(fd)));
    const hash = createHash('md5');
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
    return listed(remember(id, hash.digest('hex')));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// Large files' ETags are kept while the file is unchanged (same inode, size and modification time).
const largeEtags = new Map<string, string>();
const LARGE_ETAGS_KEPT = 1000;

async function etagOf(handle: FileHandle, stats: Stats): Promise<string> {
  if (stats.size <= WHOLE_READ_BYTES) return md5(await handle.readFile());
  const id = fileId(stats);
  const known = largeEtags.get(id);
  if (known) return known;
  const hash = createHash('md5');
  for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) hash.update(chunk as Buffer);
  return remember(id, hash.digest('hex'));
}

function fileId(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

function remember(id: string, etag: string): string {
  if (largeEtags.size >= LARGE_ETAGS_KEPT) largeEtags.delete(largeEtags.keys().next().value!);
  largeEtags.set(id, etag);
  return etag;
}

function md5(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}
