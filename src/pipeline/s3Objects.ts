// Counting objects under an S3 prefix, for the checks before a run: on AWS, or on the local
// endpoint's S3 API (the same calls; the mirror is read by the endpoint, never by the pipeline).

import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { ObjectCounter } from './preflight.js';

export interface S3Access {
  region?: string;
  profile?: string;
  /** An S3 endpoint of its own (the local endpoint's); AWS_ENDPOINT_URL_S3 is honoured otherwise. */
  endpoint?: string;
  credentials?: S3ClientConfig['credentials'];
}

export function s3ObjectCounter(access: S3Access): ObjectCounter {
  // An endpoint override (such as sparkify-wizard serve) takes bucket names in the path.
  const overridden = Boolean(access.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  // The S3 client loads on the first count: a run that checks nothing before it never pays for it.
  let client: Promise<{ s3: S3Client; List: typeof import('@aws-sdk/client-s3').ListObjectsV2Command }> | undefined;
  return async (uri, signal) => {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!m) throw new Error(`'${uri}' is not an s3:// location`);
    client ??= import('@aws-sdk/client-s3').then(({ S3Client, ListObjectsV2Command }) => ({
      s3: new S3Client({ ...access, forcePathStyle: overridden || undefined }),
      List: ListObjectsV2Command,
    }));
    const { s3, List } = await client;
    try {
      // One page is enough to tell that data is there; counting a large prefix in full is not cheap.
      const page = await s3.send(new List({ Bucket: m[1], Prefix: m[2], MaxKeys: 1000 }), { abortSignal: signal });
      return { objects: page.KeyCount ?? 0, more: page.IsTruncated ?? false };
    } catch (error) {
      // A bucket that is not there holds no data; any other failure (access, network) is said as it is.
      if ((error as Error).name === 'NoSuchBucket') return { objects: 0, more: false };
      throw error;
    }
  };
}
