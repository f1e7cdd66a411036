// The S3 client of a mirror run, loaded only when a mirror runs: on AWS through the default
// credential chain or a profile, unsigned for a public bucket, or on an endpoint of its own
// (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or the endpoint given), which takes buckets in the path.

import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { requireCommonJs } from '../commonJs.js';

export interface S3Access {
  profile?: string;
  /** Anonymous requests, as a public bucket such as udacity-dend allows. */
  noSignRequest?: boolean;
  /** An S3 endpoint of its own; AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL are honoured otherwise. */
  endpoint?: string;
  credentials?: S3ClientConfig['credentials'];
  region?: string;
}

/** udacity-dend's region: where a run with no region of its own looks first. */
const FALLBACK_REGION = 'us-west-2';

export interface S3Calls {
  client: S3Client;
  sdk: typeof import('@aws-sdk/client-s3');
}

export async function s3Calls(access: S3Access, env = process.env): Promise<S3Calls> {
  const sdk = requireCommonJs('@aws-sdk/client-s3') as S3Calls['sdk'];
  const overridden = Boolean(access.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  const unsigned: Partial<S3ClientConfig> = access.noSignRequest
    ? // No signature and no credentials to look for: the request goes out as it is.
      { signer: { sign: async (request) => request }, credentials: { accessKeyId: '', secretAccessKey: '' } }
    : {};
  const client = new sdk.S3Client({
    region: access.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? FALLBACK_REGION,
    followRegionRedirects: true,
    forcePathStyle: overridden || undefined,
    // Retries are the mirror's own, so that each is reported and a body cut short is retried too.
    maxAttempts: 1,
    ...(access.endpoint ? { endpoint: access.endpoint } : {}),
    ...(access.profile ? { profile: access.profile } : {}),
    ...(access.credentials ? { credentials: access.credentials } : {}),
    ...unsigned,
  });
  return { client, sdk };
}
