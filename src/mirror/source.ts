// What is copied, and where each object lands: s3://BUCKET/KEY becomes DIR/BUCKET/KEY, the layout
// the local warehouse reads with --data-dir DIR.

import { join } from 'node:path';

/** Sparkify's data in a bucket laid out as Udacity's: what `mirror` copies when no prefix is named. */
export const SPARKIFY_PREFIXES = ['song_data/', 'log_data/', 'log_json_path.json'] as const;
export const DEFAULT_BUCKET = 'udacity-dend';

export interface Source {
  bucket: string;
  /** Key prefixes, each listed in turn. */
  prefixes: readonly string[];
}

/** A location that is not s3://BUCKET[/PREFIX]. */
export class SourceError extends Error {}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** s3://BUCKET is Sparkify's three prefixes in that bucket; s3://BUCKET/PREFIX is that prefix alone. */
export function parseSource(uri: string | undefined): Source {
  if (uri === undefined) return { bucket: DEFAULT_BUCKET, prefixes: SPARKIFY_PREFIXES };
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(uri);
  if (!m) throw new SourceError(`'${uri}' is not an S3 location: write s3://BUCKET or s3://BUCKET/PREFIX`);
  const [, bucket = '', prefix = ''] = m;
  if (!BUCKET_NAME.test(bucket)) {
    throw new SourceError(`'${bucket}' is not a valid S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`);
  }
  return { bucket, prefixes: prefix === '' ? SPARKIFY_PREFIXES : [prefix] };
}

/** s3://BUCKET/PREFIX, as people write it. */
export function describeSource(source: Source): string {
  return source.prefixes.length === 1 ? `s3://${source.bucket}/${source.prefixes[0]}` : `s3://${source.bucket} (${source.prefixes.join(', ')})`;
}

/**
 * The file of one object under `outDir`, or why the key cannot be one: a key comes from the
 * server, which may be hostile, and `..`, an absolute path or a backslash must not lead the file
 * outside `outDir/BUCKET`.
 */
export function localPath(outDir: string, bucket: string, key: string): { path: string } | { refused: string } {
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return { refused: "it has an empty, '.' or '..' path segment" };
  if (/[\\\0]/.test(key)) return { refused: 'it holds a backslash or a NUL' };
  return { path: join(outDir, bucket, ...segments) };
}
