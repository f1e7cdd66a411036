// S3's ListObjectsV2 and GetBucketLocation (path style) over the mirror, so that a Redshift-mode
// config pointed at this endpoint (AWS_ENDPOINT_URL_REDSHIFT_DATA and AWS_ENDPOINT_URL_S3) can
// check its prefixes and its buckets' region too.

import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ClusterSetup } from './clusterSetup.js';
import { listPrefix, type MirrorObject } from './copy/mirror.js';

const MAX_KEYS = 1000;

/**
 * Answers GET /BUCKET?list-type=2&prefix=P[&max-keys=N][&continuation-token=T|&start-after=K];
 * anything else is answered NotImplemented.
 */
export async function answerListObjects(req: IncomingMessage, res: ServerResponse, dataDir: string, setup: ClusterSetup): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const bucket = decodeURIComponent(url.pathname.replace(/^\/|\/$/g, ''));
  if (req.method === 'GET' && url.searchParams.has('location') && !bucket.includes('/')) {
    answerBucketLocation(res, dataDir, bucket, setup);
    return;
  }
  if (req.method !== 'GET' || url.searchParams.get('list-type') !== '2' || !bucket || bucket.includes('/')) {
    sendS3Error(res, { status: 501, code: 'NotImplemented', message: 'The local endpoint answers ListObjectsV2 (GET /BUCKET?list-type=2) only' });
    return;
  }
  const prefix = url.searchParams.get('prefix') ?? '';
  const maxKeys = Math.min(MAX_KEYS, Number(url.searchParams.get('max-keys') ?? MAX_KEYS) || MAX_KEYS);
  let objects: MirrorObject[] = [];
  try {
    objects = (await listPrefix(dataDir, `s3://${bucket}/${prefix}`, new AbortController().signal)).objects;
  } catch {
    objects = []; // no such prefix (or bucket): an empty listing, as S3 gives
  }
  // Keys come in key order; a page starts after the key its token (or start-after) names.
  const token = url.searchParams.get('continuation-token');
  const after = token !== null ? Buffer.from(token, 'base64url').toString('utf8') : (url.searchParams.get('start-after') ?? '');
  const rest = objects.filter((o) => o.uri.slice(`s3://${bucket}/`.length) > after);
  const truncated = rest.length > maxKeys;
  // Sizes and times come with the listing (whole milliseconds, as fs.Stats rounds them).
  const page = rest.slice(0, maxKeys).map((o) => ({ key: o.uri.slice(`s3://${bucket}/`.length), size: o.size, modified: new Date(Math.round(o.modified)).toISOString() }));
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
    token !== null ? `<ContinuationToken>${xml(token)}</ContinuationToken>` : ''}${
    truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!.key).toString('base64url')}</NextContinuationToken>` : ''}${page
    .map((o) => `<Contents><Key>${xml(o.key)}</Key><LastModified>${o.modified}</LastModified><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
    .join('')}</ListBucketResult>`;
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** GET /BUCKET?location: the region of a bucket of the mirror (us-east-1 is an empty constraint). */
function answerBucketLocation(res: ServerResponse, dataDir: string, bucket: string, setup: ClusterSetup): void {
  if (setup.isDenied('s3:GetBucketLocation')) {
    sendS3Error(res, { status: 403, code: 'AccessDenied', message: 'Access Denied' });
    return;
  }
  if (!BUCKET_NAME.test(bucket) || !isDirectory(join(dataDir, bucket))) {
    sendS3Error(res, { status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' });
    return;
  }
  const region = setup.mistakes.bucketRegion;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region === 'us-east-1' ? '' : xml(region)}</LocationConstraint>`;
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** S3's rule for bucket names, which also keeps a name from leaving the mirror ('.', '..'). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
