// Counting objects under an S3 prefix, for the checks before a run against AWS.

import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { ObjectCounter } from './preflight.js';

export function s3ObjectCounter(region: string | undefined, profile: string | undefined): ObjectCounter {
  // An endpoint override (such as sparkify-wizard serve) takes bucket names in the path.
  const overridden = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  const client = new S3Client({ region, profile, forcePathStyle: overridden || undefined });
  return async (uri) => {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!m) throw new Error(`'${uri}' is not an s3:// location`);
    // One page is enough to tell that data is there; counting a large prefix in full is not cheap.
    const page = await client.send(new ListObjectsV2Command({ Bucket: m[1], Prefix: m[2], MaxKeys: 1000 }));
    return { objects: page.KeyCount ?? 0, more: page.IsTruncated ?? false };
  };
}
