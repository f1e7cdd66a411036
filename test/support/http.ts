// Raw HTTP to the local endpoint, signed (or not) by the AWS SDK's own SigV4 signer, with every
// header under the test's control: for the protocol and attack tests that no SDK client can send.

import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawRequest {
  method?: string;
  /** Path and query, such as / or /udacity-dend?list-type=2 */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Signs the request when given. */
  credentials?: Credentials;
  service?: 'redshift-data' | 's3' | 'redshift' | 'redshift-serverless' | 'iam';
  signingDate?: Date;
  /** The Host header to send (default: the URL's host). */
  host?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The hash primitive the signer asks for; the signing itself is the SDK's. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The headers the request is sent with: signed by the SDK's signer when it has credentials. */
export async function requestHeaders(url: string, req: RawRequest): Promise<Record<string, string>> {
  const base = new URL(url);
  const headers: Record<string, string> = { host: req.host ?? base.host, ...req.headers };
  if (!req.credentials) return headers;
  const [pathname, search = ''] = (req.path ?? '/').split('?');
  const query = Object.fromEntries(new URLSearchParams(search));
  // S3 signs the path as sent (the SDK's S3 client turns the signer's escaping and normalising off).
  const signer = new SignatureV4({ service: req.service ?? 'redshift-data', region: 'us-west-2', credentials: req.credentials, sha256: Sha256, uriEscapePath: req.service !== 's3' });
  const signed = await signer.sign(
    { method: req.method ?? 'POST', protocol: 'http:', hostname: base.hostname, port: Number(base.port), path: pathname!, query, headers, body: req.body },
    { signingDate: req.signingDate },
  );
  return signed.headers;
}

export async function rawRequest(url: string, req: RawRequest): Promise<RawResponse> {
  const base = new URL(url);
  const method = req.method ?? 'POST';
  const path = req.path ?? '/';
  const headers = await requestHeaders(url, req);
  return new Promise((resolve, reject) => {
    const r = request({ host: base.hostname, port: base.port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    r.on('error', reject);
    r.end(req.body ?? '');
  });
}

/** A Data API call as awsJson1_1: POST / with X-Amz-Target. */
export function dataApiRequest(operation: string, body: string | object, extra: RawRequest = {}): RawRequest {
  return {
    method: 'POST',
    path: '/',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `RedshiftData.${operation}`, ...extra.headers },
  };
}
