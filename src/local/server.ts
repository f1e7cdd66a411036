// The local Data API endpoint: awsJson1_1 over HTTP on loopback, the S3 operations that list
// and read the mirror (s3Listing.ts, s3Object.ts), and the control-plane calls of a simulated cluster (controlPlane.ts).
// Each request is routed by the service it is signed for. Every request goes through three doors before anything runs: its
// caller (a loopback Host, not a web page: callers.ts), its size, and its SigV4 signature against
// the key pair the endpoint was started with (sigv4.ts).

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogApi } from './catalogApi.js';
import { allowedHostNames, foreignCaller, ForeignCaller } from './callers.js';
import { ClusterSetup, type ClusterSetupOptions } from './clusterSetup.js';
import { answerControlCall, CONTROL_SERVICES, ControlError, sendControlError, type ControlService } from './controlPlane.js';
import { ApiError, dataApi, type Operation } from './dataApiOperations.js';
import { JsonText, stringifyExact } from './exactJson.js';
import { FaultInjector, NO_FAULTS, type FaultSpec } from './faults.js';
import type { EngineLimits } from './sandbox.js';
import { answerBucketLocation, ObjectListings, sendS3Error } from './s3Listing.js';
import { answerObject, bucketAndKey, S3Error } from './s3Object.js';
import { AuthError, generateCredentials, verifySignature, type AuthFailure, type Credentials } from './sigv4.js';
import { StatementStore, type ResultMemory } from './statementStore.js';
import { Warehouse } from './warehouse.js';

export interface EndpointOptions {
  port?: number;
  host?: string;
  /** DuckDB file; in memory when absent. */
  dbPath?: string;
  /** Root of the S3 mirror. */
  dataDir: string;
  /** Faults to inject (tests, demos of resilience); none by default. */
  faults?: FaultSpec;
  /** Seed of the fault sequence, for a reproducible run. */
  seed?: number;
  /** The key pair requests must be signed with; a fresh random pair when absent. */
  credentials?: Credentials;
  /** The engine's memory and threads. */
  limits?: EngineLimits;
  /** The name of the warehouse's one database (default dev). */
  database?: string;
  /** Statements running at once before ActiveStatementsExceededException (default 200, as on Redshift). */
  maxActive?: number;
  /** What the results of finished statements may hold in all before the oldest are let go (default 1 GB). */
  resultMemory?: ResultMemory;
  /** The simulated cluster the control plane describes: its state, its roles, setup mistakes. */
  cluster?: ClusterSetupOptions;
  /**
   * Benchmarks only, to measure what the guards cost: no caller or signature checks and an engine
   * that is not locked down. No command or environment variable sets it.
   */
  unguarded?: boolean;
}

export interface LocalEndpoint {
  url: string;
  store: StatementStore;
  warehouse: Warehouse;
  faults: FaultInjector;
  cluster: ClusterSetup;
  /** The key pair that signs requests to this endpoint. */
  credentials: Credentials;
  /** Aborts statements in flight, stops listening, flushes and closes the database. */
  close(): Promise<void>;
}

/** Large enough for a batch of 40 statements of 100 KB each. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const TARGET_PREFIX = 'RedshiftData.';

export async function startLocalEndpoint(options: EndpointOptions): Promise<LocalEndpoint> {
  const warehouse = await Warehouse.open({
    dbPath: options.dbPath, dataDir: options.dataDir, limits: options.limits, database: options.database, sandboxed: !options.unguarded,
  });
  const faults = new FaultInjector(options.faults ?? NO_FAULTS, options.seed);
  const store = new StatementStore(warehouse, faults, options.maxActive, options.resultMemory);
  const operations = { ...dataApi(store), ...catalogApi(warehouse) };
  const closing = new AbortController();
  const credentials = options.credentials ?? generateCredentials();
  const hosts = allowedHostNames(options.host ?? '127.0.0.1');
  const cluster = new ClusterSetup(options.cluster);
  const listings = new ObjectListings(options.dataDir);

  const server = createServer((req, res) => {
    void (async () => {
      const service = serviceOf(req);
      try {
        const refused = options.unguarded ? undefined : foreignCaller(req, hosts);
        if (refused) throw new ForeignCaller(refused);
        const body = await readBody(req);
        if (!options.unguarded) verifySignature(req, body, credentials, service);
        if (service === 's3') await answerS3(req, res, options.dataDir, listings, cluster, faults);
        else if (service === 'redshift-data') await handle(req, res, body.toString('utf8'), operations, faults, closing.signal);
        else answerControlCall(service, req.headers, body.toString('utf8'), res, cluster);
      } catch (error) {
        if (service === 's3') sendS3Error(res, s3ErrorOf(error));
        else if (service === 'redshift-data') send(res, ...jsonErrorOf(error));
        else sendControlError(res, service, controlErrorOf(error, service));
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await warehouse.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    store,
    warehouse,
    faults,
    cluster,
    credentials,
    close() {
      closed ??= (async () => {
        closing.abort();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await store.close();
        server.closeAllConnections();
        await stopped;
        await warehouse.close();
      })();
      return closed;
    },
  };
}

/**
 * Path style: GET or HEAD /BUCKET/KEY is an object, GET /BUCKET?list-type=2 a listing, GET /BUCKET?location the bucket's region. An object's
 * answer meets the injected faults as S3's does: SlowDown, InternalError, or a body cut short.
 */
async function answerS3(req: IncomingMessage, res: ServerResponse, dataDir: string, listings: ObjectListings, cluster: ClusterSetup, faults: FaultInjector): Promise<void> {
  const target = bucketAndKey(req.url ?? '/');
  if (target?.key === undefined && req.method === 'GET' && new URL(req.url ?? '/', 'http://local').searchParams.has('location')) {
    return answerBucketLocation(res, dataDir, target?.bucket, cluster);
  }
  if (target?.key === undefined) return listings.answer(req, res, target?.bucket);
  const fault = faults.decide();
  if (fault.reject === 'throttle') throw new S3Error(503, 'SlowDown', 'Please reduce your request rate.');
  if (fault.reject === 'error5xx') throw new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again. (injected fault)');
  await delay(faults.spec.latencyMs);
  await answerObject(req, res, dataDir, target.bucket, target.key, fault.drop);
}

/**
 * The service a request is signed for (its credential scope): a control-plane service, else the
 * Data API (POST /) or S3 (everything else). The signature check then holds it to that service.
 */
function serviceOf(req: IncomingMessage): ControlService | 'redshift-data' | 's3' {
  const scope = /Credential=[^/,]+\/\d{8}\/[^/,]+\/([^/,]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''))?.[1];
  const control = CONTROL_SERVICES.find((s) => s === scope);
  if (control) return control;
  return req.method === 'POST' && (req.url ?? '/').split('?')[0] === '/' ? 'redshift-data' : 's3';
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  operations: Record<string, Operation>,
  faults: FaultInjector,
  closing: AbortSignal,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? operations[target.slice(TARGET_PREFIX.length)] : undefined;
    if (!operation) {
      throw new ApiError('UnknownOperationException', `Unknown operation '${target}'. Supported: ${Object.keys(operations).map((o) => TARGET_PREFIX + o).join(', ')}`);
    }
    const input = parseBody(body);
    const fault = faults.decide();
    if (fault.reject === 'throttle') throw new ApiError('ThrottlingException', 'Rate exceeded', 400);
    if (fault.reject === 'error5xx') throw new ApiError('InternalServerException', 'Internal server error (injected fault)', 500);
    // A long-poll ends early when the client goes away or the endpoint shuts down.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const output = await operation(input, AbortSignal.any([gone.signal, closing]));
    await delay(faults.spec.latencyMs);
    if (fault.drop) {
      req.socket.destroy(); // the call took effect; its answer is lost
      return;
    }
    send(res, 200, requestId, output);
  } catch (error) {
    const apiError =
      error instanceof ApiError ? error : new ApiError('InternalServerException', `The local endpoint failed: ${(error as Error).message}`, 500);
    await delay(faults.spec.latencyMs);
    send(res, apiError.httpStatus, requestId, { __type: apiError.type, message: apiError.message, ...apiError.extra });
  }
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Each refusal as AWS's JSON services name it: [HTTP status, type]. */
const JSON_AUTH_ERRORS: Record<AuthFailure | 'foreign-caller', [number, string]> = {
  'foreign-caller': [403, 'AccessDeniedException'],
  missing: [403, 'MissingAuthenticationTokenException'],
  malformed: [400, 'IncompleteSignatureException'],
  'unknown-key': [403, 'UnrecognizedClientException'],
  expired: [403, 'InvalidSignatureException'],
  'bad-signature': [403, 'InvalidSignatureException'],
};

/** ... and as S3 names it. */
const S3_AUTH_ERRORS: Record<AuthFailure | 'foreign-caller', [number, string]> = {
  'foreign-caller': [403, 'AccessDenied'],
  missing: [403, 'AccessDenied'],
  malformed: [400, 'AuthorizationHeaderMalformed'],
  'unknown-key': [403, 'InvalidAccessKeyId'],
  expired: [403, 'RequestTimeTooSkewed'],
  'bad-signature': [403, 'SignatureDoesNotMatch'],
};

function jsonErrorOf(error: unknown): [number, string, object] {
  const requestId = randomUUID();
  if (error instanceof AuthError || error instanceof ForeignCaller) {
    const [status, type] = JSON_AUTH_ERRORS[error instanceof AuthError ? error.reason : 'foreign-caller'];
    return [status, requestId, { __type: type, message: error.message }];
  }
  const apiError = error instanceof ApiError ? error : new ApiError('InternalServerException', `The local endpoint failed: ${(error as Error).message}`, 500);
  return [apiError.httpStatus, requestId, { __type: apiError.type, message: apiError.message, ...apiError.extra }];
}

/** ... and as the control-plane services name it. */
const CONTROL_AUTH_ERRORS: Record<AuthFailure | 'foreign-caller', [number, string]> = {
  'foreign-caller': [403, 'AccessDenied'],
  missing: [403, 'MissingAuthenticationToken'],
  malformed: [400, 'IncompleteSignature'],
  'unknown-key': [403, 'InvalidClientTokenId'],
  expired: [403, 'SignatureDoesNotMatch'],
  'bad-signature': [403, 'SignatureDoesNotMatch'],
};

function controlErrorOf(error: unknown, service: ControlService): ControlError {
  if (error instanceof AuthError || error instanceof ForeignCaller) {
    const [status, code] = CONTROL_AUTH_ERRORS[error instanceof AuthError ? error.reason : 'foreign-caller'];
    // The JSON services add Exception to the name.
    return new ControlError(service === 'redshift-serverless' && !code.endsWith('Exception') ? `${code}Exception` : code, error.message, status);
  }
  if (error instanceof ControlError) return error;
  if (error instanceof ApiError) return new ControlError(error.type, error.message, error.httpStatus);
  return new ControlError('InternalFailure', `The local endpoint failed: ${(error as Error).message}`, 500);
}

function s3ErrorOf(error: unknown): { status: number; code: string; message: string } {
  if (error instanceof AuthError || error instanceof ForeignCaller) {
    const [status, code] = S3_AUTH_ERRORS[error instanceof AuthError ? error.reason : 'foreign-caller'];
    return { status, code, message: error.message };
  }
  if (error instanceof S3Error) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ApiError) return { status: error.httpStatus, code: error.type, message: error.message };
  return { status: 500, code: 'InternalError', message: `The local endpoint failed: ${(error as Error).message}` };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('SerializationException', `Request body is over ${MAX_BODY_BYTES} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new ApiError('SerializationException', `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, requestId: string, body: object): void {
  if (res.headersSent || res.destroyed) return;
  // A BIGINT result keeps every digit; a page of records goes out as the bytes it is kept in.
  const pieces = (body instanceof JsonText ? body.pieces : [stringifyExact(body)]).map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece));
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': pieces.reduce((sum, piece) => sum + piece.length, 0),
    'x-amzn-RequestId': requestId,
  });
  for (const piece of pieces) res.write(piece);
  res.end();
}
