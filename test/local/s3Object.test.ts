// The endpoint's S3 side answers GetObject and HeadObject over the mirror, through the SDK's own S3
// client, with the ETag S3 gives an object uploaded in one part (the MD5 of its bytes); and no key,
// however it is written, reads a file outside the mirror.

import { createHash } from 'node:crypto';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/http.js';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
let s3: S3Client;
/** A file beside the mirror, which no request may read. */
let secretFile: string;
const SECRET = 'not for the endpoint to serve';
const LOG = '{"ts":1}\n{"ts":2}';

const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

beforeAll(async () => {
  h = await startHarness('s3-object');
  await h.put('songs-bucket/log_data/2018-11-01-events.json', LOG);
  await h.put('songs-bucket/big/file.bin', Buffer.alloc(9 * 1024 * 1024, 7)); // above the size read whole
  const outside = await mkdtemp(join(tmpdir(), 'sparkify-outside-'));
  secretFile = join(outside, 'secret.txt');
  await writeFile(secretFile, SECRET);
  await symlink(secretFile, join(h.dataDir, 'songs-bucket', 'log_data', 'link-out.json'));
  await symlink(outside, join(h.dataDir, 'songs-bucket', 'dir-out'));
  await symlink(join(h.dataDir, 'songs-bucket', 'log_data', '2018-11-01-events.json'), join(h.dataDir, 'songs-bucket', 'log_data', 'link-in.json'));
  s3 = new S3Client({ endpoint: h.ep.url, region: 'us-west-2', forcePathStyle: true, credentials: h.ep.credentials, maxAttempts: 1 });
});
afterAll(async () => {
  s3?.destroy();
  await h?.close();
});

const get = async (Key: string, Bucket = 'songs-bucket') => {
  const out = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return { ...out, text: await out.Body!.transformToString() };
};

describe('GetObject and HeadObject', () => {
  it('GetObject gives the bytes, their length, the MD5 ETag and the modification time', async () => {
    const out = await get('log_data/2018-11-01-events.json');
    expect(out.text).toBe(LOG);
    expect(out.ContentLength).toBe(Buffer.byteLength(LOG));
    expect(out.ETag).toBe(`"${md5(LOG)}"`);
    expect(out.LastModified).toBeInstanceOf(Date);
  });

  it('HeadObject gives the same headers and no body; a large file is streamed with its MD5 too', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'songs-bucket', Key: 'log_data/2018-11-01-events.json' }));
    expect(head).toMatchObject({ ContentLength: Buffer.byteLength(LOG), ETag: `"${md5(LOG)}"` });
    const big = await s3.send(new GetObjectCommand({ Bucket: 'songs-bucket', Key: 'big/file.bin' }));
    const bytes = Buffer.from(await big.Body!.transformToByteArray());
    expect(bytes.length).toBe(9 * 1024 * 1024);
    expect(big.ETag).toBe(`"${md5(bytes)}"`);
  });

  it('the listing gives each object the ETag GetObject gives', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'songs-bucket', Prefix: 'log_data/2018' }));
    expect(listed.Contents).toEqual([expect.objectContaining({ Key: 'log_data/2018-11-01-events.json', ETag: `"${md5(LOG)}"` })]);
  });

  it('a missing key is NoSuchKey, a missing bucket NoSuchBucket, as S3 names them', async () => {
    await expect(get('log_data/nothing.json')).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    await expect(get('log_data/2018-11-01-events.json', 'no-such-bucket')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(get('log_data')).rejects.toMatchObject({ name: 'NoSuchKey' }); // a folder is no object
  });

  it('a link that stays inside the mirror is followed', async () => {
    expect((await get('log_data/link-in.json')).text).toBe(LOG);
  });
});

describe('no key reads a file outside the mirror', () => {
  it('links that lead out are refused and are not listed', async () => {
    await expect(get('log_data/link-out.json')).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(get('dir-out/secret.txt')).rejects.toMatchObject({ name: 'AccessDenied' });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'songs-bucket' }));
    expect(listed.Contents!.map((c) => c.Key)).not.toContain('log_data/link-out.json');
    expect(listed.Contents!.map((c) => c.Key)).not.toContain('dir-out/secret.txt');
  });

  // Raw paths, signed as S3 signs them, so that nothing on the client side rewrites them first.
  const hostile = (secret: string) => [
    '/songs-bucket/../../../../../../etc/passwd',
    `/songs-bucket/log_data/../../../../../..${secret}`,
    `/songs-bucket/${secret}`,
    `/songs-bucket/${encodeURIComponent(secret)}`,
    '/songs-bucket/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/songs-bucket/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    '/songs-bucket//etc/passwd',
    '/..%2F..%2F..%2F..%2Fetc/passwd',
    '/%2e%2e/etc/passwd',
    '/songs-bucket/log_data%5C..%5C..%5Csecret.txt',
    '/songs-bucket/log_data/2018-11-01-events.json%00.txt',
  ];
  it('hostile keys (.., absolute paths, encoded slashes and dots, backslashes, NUL) read nothing outside the mirror', async () => {
    // The same signed raw request for an honest key is answered: the refusals below are not the signature's.
    const honest = await rawRequest(h.ep.url, { method: 'GET', path: '/songs-bucket/log_data/2018-11-01-events.json', credentials: h.ep.credentials, service: 's3' });
    expect(honest).toMatchObject({ status: 200, text: LOG });
    for (const path of hostile(secretFile)) {
      for (const method of ['GET', 'HEAD']) {
        const res = await rawRequest(h.ep.url, { method, path, credentials: h.ep.credentials, service: 's3' });
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        expect(res.text).not.toContain('SignatureDoesNotMatch');
        expect(res.text).not.toContain('root:');
        expect(res.text).not.toContain(SECRET);
      }
    }
  });

  it('an unsigned GetObject is refused', async () => {
    const res = await rawRequest(h.ep.url, { method: 'GET', path: '/songs-bucket/log_data/2018-11-01-events.json' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>AccessDenied</Code>');
    expect(res.text).not.toContain('"ts"');
  });
});

