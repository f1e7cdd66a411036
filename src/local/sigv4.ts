// AWS Signature Version 4, checked as AWS checks it: the endpoint recomputes each request's
// signature with the secret key it was started with and compares. A request that is unsigned,
// signed with another key, altered after signing (its body, say), or signed more than 15 minutes
// from now is refused. The reasons map to each protocol's own error codes (see server.ts).

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests must carry it as X-Amz-Security-Token. */
  sessionToken?: string;
}

export type AuthFailure = 'missing' | 'malformed' | 'unknown-key' | 'expired' | 'bad-signature';

export class AuthError extends Error {
  constructor(
    readonly reason: AuthFailure,
    message: string,
  ) {
    super(message);
  }
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;

/** A fresh key pair, in the shapes AWS uses (20-character id, 40-character secret). */
export function generateCredentials(): Credentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(16)].map((b) => alphabet[b % 32]).join('');
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

/** Throws AuthError unless the request is signed for `service` with `credentials`. */
export function verifySignature(req: IncomingMessage, body: Buffer, credentials: Credentials, service: string, now = Date.now()): void {
  const header = req.headers.authorization;
  if (header === undefined) throw new AuthError('missing', 'Missing Authentication Token');
  const auth = parseAuthorization(header);

  const [keyId, day, region, scopeService, terminator] = auth.credential.split('/');
  if (!keyId || !day || !region || !scopeService || terminator !== 'aws4_request') {
    throw new AuthError('malformed', `Credential must have the form <key id>/<date>/<region>/<service>/aws4_request; got '${auth.credential}'`);
  }
  if (scopeService !== service) {
    throw new AuthError('bad-signature', `Credential should be scoped to correct service: '${service}'.`);
  }
  if (!safeEqual(keyId, credentials.accessKeyId)) {
    throw new AuthError('unknown-key', 'The security token included in the request is invalid.');
  }
  if (credentials.sessionToken !== undefined && !safeEqual(String(req.headers['x-amz-security-token'] ?? ''), credentials.sessionToken)) {
    throw new AuthError('unknown-key', 'The security token included in the request is invalid.');
  }

  const stamp = String(req.headers['x-amz-date'] ?? '');
  const signedAt = parseAmzDate(stamp);
  if (signedAt === undefined) throw new AuthError('malformed', 'X-Amz-Date is missing or not of the form YYYYMMDDTHHMMSSZ');
  if (now - signedAt > MAX_SKEW_MS) {
    throw new AuthError('expired', `Signature expired: ${stamp} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`);
  }
  if (signedAt - now > MAX_SKEW_MS) {
    throw new AuthError('expired', `Signature not yet current: ${stamp} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`);
  }
  if (stamp.slice(0, 8) !== day) throw new AuthError('bad-signature', `Credential date ${day} does not match X-Amz-Date ${stamp}`);
  if (!auth.signedHeaders.includes('host')) throw new AuthError('malformed', "SignedHeaders must include 'host'");

  const payloadHash = sha256(body);
  const declared = req.headers['x-amz-content-sha256'];
  if (typeof declared === 'string' && declared !== 'UNSIGNED-PAYLOAD' && declared !== payloadHash) {
    throw new AuthError('bad-signature', 'The provided x-amz-content-sha256 header does not match what was computed.');
  }
  const canonical = [
    req.method ?? 'GET',
    canonicalUri(req.url ?? '/', service),
    canonicalQuery(req.url ?? '/'),
    canonicalHeaders(req.rawHeaders, auth.signedHeaders),
    auth.signedHeaders.join(';'),
    typeof declared === 'string' ? declared : payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, stamp, scope, sha256(canonical)].join('\n');
  const key = [day, region, service, 'aws4_request'].reduce<Buffer>((k, part) => hmac(k, part), Buffer.from(`AWS4${credentials.secretAccessKey}`));
  const expected = hmac(key, stringToSign).toString('hex');
  if (!safeEqual(expected, auth.signature)) {
    throw new AuthError(
      'bad-signature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
}

function parseAuthorization(header: string): { credential: string; signedHeaders: string[]; signature: string } {
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw new AuthError('malformed', `Only ${ALGORITHM} signatures are accepted`);
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw new AuthError('malformed', "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters");
  }
  return { credential, signedHeaders: signedHeaders.split(';'), signature };
}

/** S3 signs the path as sent; other services encode each segment once more. */
function canonicalUri(url: string, service: string): string {
  const path = url.split('?')[0] || '/';
  if (service === 's3') return path;
  return path.split('/').map((segment) => strictEncode(segment)).join('/');
}

function canonicalQuery(url: string): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const [name, value] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      return [strictEncode(safeDecode(name)), strictEncode(safeDecode(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The signed headers, each `name:value` with repeated values joined by commas and spaces folded. */
function canonicalHeaders(raw: string[], signed: string[]): string {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!signed.includes(name)) continue;
    values.set(name, [...(values.get(name) ?? []), raw[i + 1]!.trim().replace(/\s+/g, ' ')]);
  }
  return signed.map((name) => `${name}:${(values.get(name) ?? []).join(',')}\n`).join('');
}

function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseAmzDate(stamp: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
