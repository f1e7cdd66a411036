// The local Data API endpoint: awsJson1_1 over HTTP on loopback. Requests may carry any SigV4
// signature; credentials are not checked. It also lists the S3 mirror (s3Listing.ts).

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, dataApi, type Operation } from './dataApi.js';
import { FaultInjector, NO_FAULTS, type FaultSpec } from './faults.js';
import { answerListObjects } from './s3Listing.js';
import { StatementStore } from './statements.js';
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
}

export interface LocalEndpoint {
  url: string;
  store: StatementStore;
  warehouse: Warehouse;
  faults: FaultInjector;
  /** Aborts statements in flight, stops listening, flushes and closes the database. */
  close(): Promise<void>;
}

/** Large enough for a batch of 40 statements of 100 KB each. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const TARGET_PREFIX = 'RedshiftData.';

export async function startLocalEndpoint(options: EndpointOptions): Promise<LocalEndpoint> {
  const warehouse = await Warehouse.open({ dbPath: options.dbPath, dataDir: options.dataDir });
  const faults = new FaultInjector(options.faults ?? NO_FAULTS, options.seed);
  const store = new StatementStore(warehouse, faults);
  const operations = dataApi(store);
  const closing = new AbortController();

  const server = createServer((req, res) => {
    void answerListObjects(req, res, options.dataDir).then((answered) => {
      if (!answered) return handle(req, res, operations, faults, closing.signal);
    });
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  operations: Record<string, Operation>,
  faults: FaultInjector,
  closing: AbortSignal,
): Promise<void> {
  const requestId = randomUUID();
  try {
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      throw new ApiError('UnknownOperationException', 'The Data API takes POST / with an X-Amz-Target header', 404);
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? operations[target.slice(TARGET_PREFIX.length)] : undefined;
    if (!operation) {
      throw new ApiError('UnknownOperationException', `Unknown operation '${target}'. Supported: ${Object.keys(operations).map((o) => TARGET_PREFIX + o).join(', ')}`);
    }
    const input = parseBody(await readBody(req));
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

function readBody(req: IncomingMessage): Promise<string> {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
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
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
  });
  res.end(text);
}
