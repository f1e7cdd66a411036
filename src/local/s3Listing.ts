// S3's ListObjectsV2 and GetBucketLocation (path style) over the mirror, so that a Redshift-mode
// config pointed at this endpoint (AWS_ENDPOINT_URL_REDSHIFT_DATA and AWS_ENDPOINT_URL_S3) can
// check its prefixes and its buckets' region, and `sparkify-wizard mirror` or `aws s3 sync` can
// copy them.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterSetup } from './clusterSetup.js';
import { KeyList, listKeys, objectPath } from './copy/mirror.js';
import { bucketDirectory, listedObject, mirrorRoot, S3Error } from './s3Object.js';

const MAX_KEYS = 1000;
/** A listing's later pages are served from the walk its first page made, for this long. */
const LISTING_KEPT_MS = 60_000;
const LISTINGS_KEPT = 8;

/**
 * The mirror's ListObjectsV2. Walking a prefix of 100,000 files takes a good part of a second, and
 * a client pages through it 1,000 keys at a time: the walk the first page made serves the pages
 * that follow it (those with a continuation token), so a listing costs one walk, not one a page.
 * The walk gives the keys only; a page's objects are sized (and their ETags computed) when it is
 * served, so the first page of a prefix of 1,000,000 files costs the walk and 1,000 files.
 */
export class ObjectListings {
  private readonly walks = new Map<string, { keys: KeyList; at: number }>();

  constructor(private readonly dataDir: string) {}

  /** Answers GET /BUCKET?list-type=2&prefix=P[&max-keys=N][&continuation-token=T|&start-after=K]. */
  async answer(req: IncomingMessage, res: ServerResponse, bucket: string | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET' || url.searchParams.get('list-type') !== '2' || bucket === undefined) {
      throw new S3Error(501, 'NotImplemented', 'The local endpoint answers ListObjectsV2 (GET /BUCKET?list-type=2), GetObject and HeadObject only');
    }
    const root = await mirrorRoot(this.dataDir);
    await bucketDirectory(root, bucket); // NoSuchBucket, as S3 says it
    const prefix = url.searchParams.get('prefix') ?? '';
    const maxKeys = Math.min(MAX_KEYS, Number(url.searchParams.get('max-keys') ?? MAX_KEYS) || MAX_KEYS);
    const token = url.searchParams.get('continuation-token');
    const keys = await this.walk(bucket, prefix, token !== null);
    // Keys come in key order; a page starts after the key its token (or start-after) names.
    const after = token !== null ? Buffer.from(token, 'base64url').toString('utf8') : (url.searchParams.get('start-after') ?? '');
    const first = firstAfter(keys, after);
    const truncated = keys.length - first > maxKeys;
    const page: string[] = [];
    for (let i = first; i < Math.min(keys.length, first + maxKeys); i++) page.push(keys.at(i));
    const contents = page.flatMap((key) => {
      // A file reached through a link that leads out of the mirror is not listed (nor served).
      const object = listedObject(root, objectPath(this.dataDir, bucket, key));
      if (!object) return [];
      // Whole milliseconds, as fs.Stats rounds them.
      const modified = new Date(Math.round(object.modified)).toISOString();
      return [`<Contents><Key>${xml(key)}</Key><LastModified>${modified}</LastModified><ETag>&quot;${object.etag}&quot;</ETag><Size>${object.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`];
    });
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${contents.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
      token !== null ? `<ContinuationToken>${xml(token)}</ContinuationToken>` : ''}${
      truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!).toString('base64url')}</NextContinuationToken>` : ''}${contents.join('')}</ListBucketResult>`;
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  /** The keys under the prefix, in key order: a fresh walk, or for a later page the first page's. */
  private async walk(bucket: string, prefix: string, laterPage: boolean): Promise<KeyList> {
    const id = `${bucket}/${prefix}`;
    const kept = this.walks.get(id);
    if (laterPage && kept && Date.now() - kept.at < LISTING_KEPT_MS) return kept.keys;
    let keys = KeyList.EMPTY;
    try {
      keys = await listKeys(this.dataDir, `s3://${bucket}/${prefix}`, new AbortController().signal);
    } catch {
      // no such prefix: an empty listing, as S3 gives
    }
    this.walks.delete(id);
    if (this.walks.size >= LISTINGS_KEPT) this.walks.delete(this.walks.keys().next().value!);
    this.walks.set(id, { keys, at: Date.now() });
    return keys;
  }
}

/** The index of the first key that sorts after `after`. */
function firstAfter(keys: KeyList, after: string): number {
  let [low, high] = [0, keys.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys.at(mid) > after) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** An S3 error document. */
export function sendS3Error(res: ServerResponse, error: { status: number; code: string; message: string }): void {
  if (res.headersSent || res.destroyed) return;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error>`;
  res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** GET /BUCKET?location: the region of a bucket of the mirror (us-east-1 is an empty constraint). */
export async function answerBucketLocation(res: ServerResponse, dataDir: string, bucket: string | undefined, setup: ClusterSetup): Promise<void> {
  if (setup.isDenied('s3:GetBucketLocation')) throw new S3Error(403, 'AccessDenied', 'Access Denied');
  if (bucket === undefined) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
  await bucketDirectory(await mirrorRoot(dataDir), bucket); // NoSuchBucket, as S3 says it
  const region = setup.mistakes.bucketRegion;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region === 'us-east-1' ? '' : xml(region)}</LocationConstraint>`;
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
