// What the checks before a run ask S3: how many objects are under a prefix, and where a bucket
// is. On AWS, or on the local endpoint's S3 API (the same calls; the mirror is read by the
// endpoint, never by the pipeline).

import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { requireCommonJs } from '../commonJs.js';
import { MissingPermission, type ObjectCounter } from './preflight.js';

export interface S3Access {
  region?: string;
  profile?: string;
  /** An S3 endpoint of its own (the local endpoint's); AWS_ENDPOINT_URL_S3 is honoured otherwise. */
  endpoint?: string;
  credentials?: S3ClientConfig['credentials'];
}

type S3Module = typeof import('@aws-sdk/client-s3');

/** The S3 client, loaded on first use: a run that checks nothing before it never pays for it. */
function lazyS3(access: S3Access): () => Promise<{ s3: S3Client; sdk: S3Module }> {
  // An endpoint override (such as sparkify-wizard serve) takes bucket names in the path.
  const overridden = Boolean(access.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  let client: { s3: S3Client; sdk: S3Module } | undefined;
  return async () => {
    if (!client) {
      const sdk = requireCommonJs('@aws-sdk/client-s3') as S3Module;
      client = { s3: new sdk.S3Client({ ...access, forcePathStyle: overridden || undefined }), sdk };
    }
    return client;
  };
}

function bucketAndKey(uri: string): [string, string] {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`'${uri}' is not an s3:// location`);
  return [m[1]!, m[2]!];
}

export function s3ObjectCounter(access: S3Access): ObjectCounter {
  const client = lazyS3(access);
  return async (uri, signal) => {
    const [bucket, prefix] = bucketAndKey(uri);
    const { s3, sdk } = await client();
    try {
      // One page is enough to tell that data is there; counting a large prefix in full is not cheap.
      const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }), { abortSignal: signal });
      return { objects: page.KeyCount ?? 0, more: page.IsTruncated ?? false };
    } catch (error) {
      // A bucket that is not there holds no data; any other failure (access, network) is said as it is.
      if ((error as Error).name === 'NoSuchBucket') return { objects: 0, more: false };
      throw error;
    }
  };
}

/** The region a bucket is in (GetBucketLocation); undefined when there is no such bucket. */
export type BucketLocator = (bucket: string, signal?: AbortSignal) => Promise<string | undefined>;

export function s3BucketLocator(access: S3Access): BucketLocator {
  const client = lazyS3(access);
  return async (bucket, signal) => {
    const { s3, sdk } = await client();
    try {
      const { LocationConstraint } = await s3.send(new sdk.GetBucketLocationCommand({ Bucket: bucket }), { abortSignal: signal });
      // No constraint is us-east-1; EU is the old name of eu-west-1.
      return !LocationConstraint ? 'us-east-1' : LocationConstraint === 'EU' ? 'eu-west-1' : LocationConstraint;
    } catch (error) {
      const { name } = error as Error;
      if (name === 'NoSuchBucket') return undefined;
      if (name === 'AccessDenied') throw new MissingPermission(`s3:GetBucketLocation on ${bucket}`);
      throw error;
    }
  };
}
