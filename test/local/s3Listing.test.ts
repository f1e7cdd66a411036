// The endpoint's S3 side, ListObjectsV2 over the mirror, as the SDK's S3 client pages through it:
// every key once, in key order, with the Size and LastModified that `aws s3 ls` prints.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
let s3: S3Client;
const SONGS = 2_345;

beforeAll(async () => {
  h = await startHarness('s3-listing');
  for (let i = 0; i < SONGS; i++) await h.put(`songs-bucket/song_data/A/${String(i).padStart(5, '0')}.json`, `{"n":${i}}`);
  await h.put('songs-bucket/log_data/2018-11-01-events.json', '{"ts":1}\n');
  s3 = new S3Client({ endpoint: h.ep.url, region: 'us-west-2', forcePathStyle: true, credentials: h.ep.credentials });
});
afterAll(async () => {
  s3?.destroy();
  await h?.close();
});

describe('ListObjectsV2', () => {
  it('pages past 1,000 keys with continuation tokens: every key once, in key order', async () => {
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'songs-bucket', Prefix: 'song_data/' })) {
      pages++;
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    }
    expect(keys).toHaveLength(SONGS);
    expect(new Set(keys).size).toBe(SONGS);
    expect([...keys].sort()).toEqual(keys);
    expect(pages).toBe(Math.ceil(SONGS / 1000));
  });

  it("lists in S3's key order where a folder and a file share a stem ('A-1.json' before 'A/...', 'A0.json' after)", async () => {
    for (const key of ['song_data/A-1.json', 'song_data/A0.json', 'song_data/A.json']) await h.put(`stem-bucket/${key}`, '{"n":1}');
    await h.put('stem-bucket/song_data/A/B.json', '{"n":2}');
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'stem-bucket', Prefix: 'song_data/A' }));
    expect(out.Contents!.map((c) => c.Key)).toEqual(['song_data/A-1.json', 'song_data/A.json', 'song_data/A/B.json', 'song_data/A0.json']);
  });

  it('gives each object its size and modification time, as the mirror file has them', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'songs-bucket', Prefix: 'log_data/' }));
    const file = join(h.dataDir, 'songs-bucket', 'log_data', '2018-11-01-events.json');
    expect(out.Contents).toEqual([
      expect.objectContaining({ Key: 'log_data/2018-11-01-events.json', Size: statSync(file).size, LastModified: statSync(file).mtime, StorageClass: 'STANDARD' }),
    ]);
  });

  it('honours MaxKeys and StartAfter', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'songs-bucket', Prefix: 'song_data/', MaxKeys: 3, StartAfter: 'song_data/A/00010.json' }));
    expect(out.Contents!.map((c) => c.Key)).toEqual(['song_data/A/00011.json', 'song_data/A/00012.json', 'song_data/A/00013.json']);
    expect(out.IsTruncated).toBe(true);
  });

  it('answers an empty listing for a prefix with no objects', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'songs-bucket', Prefix: 'nothing/' }));
    expect(out.KeyCount).toBe(0);
    expect(readdirSync(join(h.dataDir, 'songs-bucket'))).not.toContain('nothing');
  });
});
