// `sparkify-wizard mirror`'s engine: lists the source's prefixes page by page and, while it lists,
// downloads what the mirror does not already hold, a bounded number at a time. Each file is
// written under DIR/.sparkify-mirror/ first and renamed into place once whole and checked, so a
// file under DIR/BUCKET/ is always a whole object, whatever stops the run. It reports what it does
// as events and draws nothing.

import { setMaxListeners } from 'node:events';
import { constants } from 'node:fs';
import { access, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_RETRY, type RetryPolicy } from '../pipeline/retryPolicy.js';
import { Downloader } from './download.js';
import { failureOf, keyProblem, MirrorError, type MirrorRetryReason, type MirrorTotals } from './failures.js';
import { MirrorRecord, STATE_DIR } from './record.js';
import { s3Calls, type S3Access } from './s3Client.js';
import { describeSource, localPath, type Source } from './source.js';

export type { MirrorTotals } from './failures.js';
export { MirrorError } from './failures.js';

export interface MirrorOptions extends S3Access {
  source: Source;
  /** The mirror's root: s3://BUCKET/KEY lands in outDir/BUCKET/KEY. */
  outDir: string;
  /** Downloads in flight at most. */
  concurrency?: number;
  retry?: RetryPolicy;
}

export type MirrorEvent =
  /** A page of the listing was read; totals so far (`done` once every prefix is listed). */
  | { type: 'listed'; totals: MirrorTotals; done: boolean }
  | { type: 'copied'; key: string; bytes: number; totals: MirrorTotals }
  | { type: 'retry'; key: string; reason: MirrorRetryReason; attempt: number; delayMs: number }
  /** An object that cannot be copied; the run goes on without it. */
  | { type: 'refused'; key: string; why: string };

export const DEFAULT_CONCURRENCY = 16;
/** The record is appended at most this often while the run goes on (and once at its end). */
const RECORD_FLUSH_MS = 1000;

/** Copies the source into outDir; throws MirrorError when the run ends early (Ctrl-C included). */
export async function mirror(options: MirrorOptions, signal: AbortSignal, onEvent: (event: MirrorEvent) => void): Promise<MirrorTotals> {
  const { source, outDir } = options;
  const totals: MirrorTotals = { files: 0, bytes: 0, skipped: 0, skippedBytes: 0, copied: 0, copiedBytes: 0, refused: 0 };
  const where = { source: describeSource(source), bucket: source.bucket, outDir, unsigned: Boolean(options.noSignRequest) };
  // The first failure that ends the run stops every other download at once.
  const stop = new AbortController();
  const running = AbortSignal.any([signal, stop.signal]);
  setMaxListeners(0, running); // each download in flight listens to it
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    stop.abort();
  };

  let record: MirrorRecord | undefined;
  let partial: string | undefined;
  let flusher: NodeJS.Timeout | undefined;
  try {
    const s3 = await s3Calls(options);
    // Said before anything is fetched: a folder that cannot be written (EROFS, EACCES).
    await mkdir(outDir, { recursive: true });
    await access(outDir, constants.W_OK);
    record = await MirrorRecord.open(outDir, source.bucket);
    partial = await partialDir(outDir);
    const queue = new Queue<{ key: string; path: string }>();
    const downloader = new Downloader(s3, source.bucket, partial, record, options.retry ?? DEFAULT_RETRY, running, (retry) => onEvent({ type: 'retry', ...retry }));
    const recordNow = record;
    flusher = setInterval(() => recordNow.flush().catch(fail), RECORD_FLUSH_MS);

    const refuse = (key: string, why: string) => {
      totals.refused++;
      onEvent({ type: 'refused', key, why });
    };
    const listing = (async () => {
      for (const prefix of source.prefixes) {
        const pages = s3.sdk.paginateListObjectsV2({ client: s3.client, pageSize: 1000 }, { Bucket: source.bucket, Prefix: prefix });
        for await (const page of pages) {
          running.throwIfAborted();
          await Promise.all((page.Contents ?? []).map(async ({ Key: key = '', Size: size = 0, ETag: etag }) => {
            if (key.endsWith('/') && size === 0) return; // a folder marker, as the S3 console makes them
            totals.files++;
            totals.bytes += size;
            const target = localPath(outDir, source.bucket, key);
            if ('refused' in target) return refuse(key, `it cannot be a file under ${outDir}: ${target.refused}`);
            const stats = await lstat(target.path).catch(() => undefined);
            if (await recordNow.holds(key, size, etag, target.path, stats)) {
              totals.skipped++;
              totals.skippedBytes += size;
            } else queue.push({ key, path: target.path });
          }));
          onEvent({ type: 'listed', totals: { ...totals }, done: false });
        }
      }
      onEvent({ type: 'listed', totals: { ...totals }, done: true });
    })().finally(() => queue.close());

    const worker = async () => {
      for (let item = await queue.next(); item && !running.aborted; item = await queue.next()) {
        try {
          const bytes = await downloader.fetch(item.key, item.path);
          totals.copied++;
          totals.copiedBytes += bytes;
          onEvent({ type: 'copied', key: item.key, bytes, totals: { ...totals } });
        } catch (error) {
          const problem = running.aborted ? undefined : keyProblem(error);
          if (problem === undefined) throw error;
          refuse(item.key, problem);
        }
      }
    };
    const workers = Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, () => worker().catch(fail));
    await Promise.all([listing.catch(fail), ...workers]);
  } catch (error) {
    fail(error);
  } finally {
    clearInterval(flusher);
    await record?.flush().catch(fail);
    if (partial) await rm(partial, { recursive: true, force: true }).catch(() => undefined);
  }
  if (signal.aborted) throw new MirrorError('cancelled', 'Cancelled.', totals);
  if (failure !== undefined) throw failureOf(failure, where, totals);
  return totals;
}

/**
 * This run's folder of files being written, in DIR/.sparkify-mirror/ (the same file system as the
 * mirror, so a rename is atomic). Folders of runs that died (their process is gone) are removed.
 */
async function partialDir(outDir: string): Promise<string> {
  const state = join(outDir, STATE_DIR);
  for (const name of await readdir(state)) {
    const pid = /^partial-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !alive(Number(pid))) await rm(join(state, name), { recursive: true, force: true });
  }
  const dir = join(state, `partial-${process.pid}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Work handed from the listing to the downloads; `next` waits for more until the queue is closed. */
class Queue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private closed = false;
  private waiting: ((item: T | undefined) => void)[] = [];

  push(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
  }

  next(): Promise<T | undefined> {
    if (this.head < this.items.length) {
      const item = this.items[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.items.length) this.items.splice(0, this.head), (this.head = 0);
      return Promise.resolve(item);
    }
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
