// S3's ListObjectsV2 (path style) over the mirror, so that a Redshift-mode config pointed at this
// endpoint (AWS_ENDPOINT_URL_REDSHIFT_DATA and AWS_ENDPOINT_URL_S3) can check its prefixes too.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { listPrefix, type MirrorObject } from './copy/mirror.js';

const MAX_KEYS = 1000;

/**
 * Answers GET /BUCKET?list-type=2&prefix=P[&max-keys=N][&continuation-token=T|&start-after=K];
 * anything else is answered NotImplemented.
 */
export async function answerListObjects(req: IncomingMessage, res: ServerResponse, dataDir: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const bucket = decodeURIComponent(url.pathname.replace(/^\/|\/$/g, ''));
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

/** An S3 error document. */
export function sendS3Error(res: ServerResponse, error: { status: number; code: string; message: string }): void {
  if (res.headersSent || res.destroyed) return;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error>`;
  res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
