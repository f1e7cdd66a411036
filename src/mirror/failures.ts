// Why a mirror run ends early, in words a person can act on: each failure of S3 or of the disk is
// matched by its name or code, never by its text.

import { transientReason } from '../pipeline/retryPolicy.js';

export type MirrorFailure = 'cancelled' | 'no-such-bucket' | 'access-denied' | 'disk-full' | 'unwritable' | 'failed';

export interface MirrorTotals {
  /** Objects listed so far, and their bytes. */
  files: number;
  bytes: number;
  /** Already in the mirror (same size and ETag): not fetched. */
  skipped: number;
  skippedBytes: number;
  copied: number;
  copiedBytes: number;
  /** Objects that could not be copied (their keys and why are in the `refused` events). */
  refused: number;
}

/** A run that ended early; `totals` say what was done (every file counted as copied is whole). */
export class MirrorError extends Error {
  constructor(
    readonly failure: MirrorFailure,
    message: string,
    readonly totals: MirrorTotals,
  ) {
    super(message);
  }
}

/** The download's body ended before its Content-Length, or its bytes do not match the ETag's MD5. */
export class BadBody extends Error {
  constructor(readonly reason: 'body cut short' | 'checksum mismatch', message: string) {
    super(message);
  }
}

export type MirrorRetryReason = NonNullable<ReturnType<typeof transientReason>> | BadBody['reason'];

/** What makes one download worth trying again, or undefined when it is not. */
export function retryReason(error: unknown): MirrorRetryReason | undefined {
  if (error instanceof BadBody) return error.reason;
  return transientReason(error);
}

const ACCESS = new Set(['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AllAccessDisabled', 'ExpiredToken', 'InvalidToken', 'AccountProblem']);
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const UNWRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);

/** Failures that concern one key only (the run goes on without it). */
export function keyProblem(error: unknown): string | undefined {
  const e = error as { name?: string; code?: string };
  if (e.name === 'NoSuchKey') return 'the object was deleted after it was listed';
  if (e.code === 'ENOTDIR' || e.code === 'EISDIR' || e.code === 'EEXIST') return 'another key holds its place as a file or as a folder';
  if (e.code === 'ENAMETOOLONG') return 'its name is too long for this file system';
  return undefined;
}

/** The run-ending failure, said for the bucket and folder at hand. */
export function failureOf(error: unknown, where: { source: string; bucket: string; outDir: string; unsigned: boolean }, totals: MirrorTotals): MirrorError {
  if (error instanceof MirrorError) return error;
  const e = error as { name?: string; code?: string; message?: string; path?: string; $metadata?: { httpStatusCode?: number } };
  const kept = totals.copied > 0 ? ` The ${totals.copied.toLocaleString('en-US')} files already copied are whole and kept; the next run skips them.` : '';
  if (e.name === 'NoSuchBucket') {
    return new MirrorError('no-such-bucket', `The bucket ${where.bucket} does not exist (NoSuchBucket): check the name in --from.`, totals);
  }
  if (e.name === 'CredentialsProviderError') {
    return new MirrorError('access-denied', `No AWS credentials were found for ${where.source}: give --profile NAME, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or, for a public bucket such as udacity-dend, --no-sign-request.`, totals);
  }
  if ((e.name && ACCESS.has(e.name)) || e.$metadata?.httpStatusCode === 403) {
    const fix = where.unsigned
      ? 'the bucket does not allow anonymous reads: leave out --no-sign-request and give credentials (--profile NAME)'
      : 'check the credentials or --profile, and that they allow s3:ListBucket and s3:GetObject there; a public bucket such as udacity-dend needs --no-sign-request';
    return new MirrorError('access-denied', `Access to ${where.source} was denied (${e.name ?? 'HTTP 403'}): ${fix}.${kept}`, totals);
  }
  if (e.code && DISK_FULL.has(e.code)) {
    return new MirrorError('disk-full', `The disk of ${where.outDir} is full (${e.code}): free some space, or choose another --out, and run mirror again.${kept}`, totals);
  }
  if (e.code && UNWRITABLE.has(e.code)) {
    return new MirrorError('unwritable', `Cannot write under ${where.outDir} (${e.code}${e.path ? ` on ${e.path}` : ''}): choose a folder you can write to with --out.${kept}`, totals);
  }
  const reason = transientReason(error);
  return new MirrorError('failed', `Copying ${where.source} failed${reason ? ` (${reason}, after every retry)` : ''}: ${e.message ?? String(error)}.${kept}`, totals);
}
