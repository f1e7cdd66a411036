// One object into its file: GetObject, the bytes written to a file of this run's partial folder,
// checked (the length S3 announced, and the MD5 a single-part ETag states), renamed into place,
// then written down in the record. Transient failures are tried again with exponential backoff
// and full jitter, each retry reported.

import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RetryPolicy } from '../pipeline/retryPolicy.js';
import { BadBody, retryReason, type MirrorRetryReason } from './failures.js';
import { md5OfEtag, type MirrorRecord } from './record.js';
import type { S3Calls } from './s3Client.js';

export interface DownloadRetry {
  key: string;
  reason: MirrorRetryReason;
  attempt: number;
  delayMs: number;
}

export class Downloader {
  private serial = 0;
  /** Folders known to exist, so that each is made once. */
  private readonly folders = new Set<string>();

  constructor(
    private readonly s3: S3Calls,
    private readonly bucket: string,
    private readonly partialDir: string,
    private readonly record: MirrorRecord,
    private readonly retry: RetryPolicy,
    private readonly signal: AbortSignal,
    private readonly onRetry: (retry: DownloadRetry) => void,
  ) {}

  /** Downloads `key` into `path`; the bytes written. */
  async fetch(key: string, path: string): Promise<number> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fetchOnce(key, path);
      } catch (error) {
        const reason = this.signal.aborted ? undefined : retryReason(error);
        const delayMs = Math.round(Math.random() * Math.min(this.retry.capMs, this.retry.baseMs * 2 ** (attempt - 1)));
        if (!reason || attempt >= this.retry.maxAttempts || Date.now() - started + delayMs > this.retry.totalMs) throw error;
        this.onRetry({ key, reason, attempt, delayMs });
        await sleep(delayMs, undefined, { signal: this.signal });
      }
    }
  }

  private async fetchOnce(key: string, path: string): Promise<number> {
    const partial = join(this.partialDir, String(++this.serial));
    try {
      const out = await this.s3.client.send(new this.s3.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: this.signal });
      const md5 = md5OfEtag(out.ETag);
      const hash = md5 === undefined ? undefined : createHash('md5');
      const file = await open(partial, 'wx');
      let size = 0;
      let stats;
      try {
        try {
          for await (const chunk of out.Body as Readable) {
            hash?.update(chunk as Buffer);
            size += (chunk as Buffer).length;
            await file.write(chunk as Buffer);
          }
        } catch (error) {
          // A socket closed in the middle of the body: the bytes written are dropped and fetched again.
          if (this.signal.aborted || isDiskError(error)) throw error;
          throw new BadBody('body cut short', `the connection closed in the middle of ${key}: ${(error as Error).message}`);
        }
        stats = await file.stat();
      } finally {
        await file.close();
      }
      if (out.ContentLength !== undefined && size !== out.ContentLength) {
        throw new BadBody('body cut short', `${key}: ${size} of ${out.ContentLength} bytes arrived`);
      }
      if (hash && hash.digest('hex') !== md5) throw new BadBody('checksum mismatch', `${key}: the bytes do not match the object's ETag ${out.ETag}`);
      await this.folder(dirname(path));
      await rename(partial, path);
      this.record.add(key, out.ETag ?? '', stats);
      return size;
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  private async folder(dir: string): Promise<void> {
    if (this.folders.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.folders.add(dir);
  }
}

function isDiskError(error: unknown): boolean {
  return ['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO'].includes((error as { code?: string }).code ?? '');
}
