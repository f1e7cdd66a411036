// The one harness for "a local warehouse, a client, a query": a real endpoint (real DuckDB), the
// real RedshiftDataClient pointed at it, and an S3 mirror (a temp one per test file, or given).
// The pipeline tests build on it (test/pipeline/helpers.ts).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type DescribeStatementCommandOutput,
  type ExecuteStatementCommandInput,
  type Field,
  type GetStatementResultCommandOutput,
} from '@aws-sdk/client-redshift-data';
import type { FaultSpec } from '../../src/local/faults.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';
import { dataApiRequest, rawRequest } from '../support/http.js';

/** Every request addresses the local "cluster". */
export const TARGET = { ClusterIdentifier: 'local', Database: 'dev' } as const;

export const TERMINAL = ['FINISHED', 'FAILED', 'ABORTED'] as const;

/** The digits 0 to 9, in Redshift SQL. */
const DIGITS = `(${Array.from({ length: 10 }, (_, i) => `SELECT ${i} AS i`).join(' UNION ALL ')})`;

/** A query of the numbers 0 to count - 1, in column n, in Redshift SQL (Redshift has no range()). */
export function numbers(count: number): string {
  const places = Math.max(1, Math.ceil(Math.log10(count)));
  const terms = Array.from({ length: places }, (_, p) => (p === 0 ? 'd0.i' : `${10 ** p} * d${p}.i`)).join(' + ');
  return `SELECT ${terms} AS n FROM ${Array.from({ length: places }, (_, p) => `${DIGITS} d${p}`).join(', ')} WHERE ${terms} < ${count}`;
}

/** Work for the engine: every combination of `places` digits tested, none counted (about 20 ns each here). */
export function busyWork(places: number): string {
  const tables = Array.from({ length: places }, (_, p) => `${DIGITS} d${p}`).join(', ');
  const sum = Array.from({ length: places }, (_, p) => `d${p}.i`).join(' + ');
  return `SELECT count(*) FROM ${tables} WHERE (${sum}) % 7 = 99`;
}

/** A statement that keeps the engine busy for hours: only ever used with CancelStatement. */
export const LONG_SQL = busyWork(12);

/** About 0.2 s of work. */
export const SHORT_WORK_SQL = busyWork(7);

/** About 1 to 3 s of work. */
export const ONE_SECOND_SQL = busyWork(8);

/** A plain JS value for one Field union member. */
export type Plain = string | number | boolean | null;

export interface Harness {
  ep: LocalEndpoint;
  client: RedshiftDataClient;
  /** Root of the S3 mirror: s3://bucket/key is dataDir/bucket/key. */
  dataDir: string;
  /** Submits one statement; returns its Id at once. */
  submit(sql: string, extra?: Partial<ExecuteStatementCommandInput>): Promise<string>;
  /** Long-polls DescribeStatement until the statement is FINISHED, FAILED or ABORTED. */
  wait(id: string): Promise<DescribeStatementCommandOutput>;
  /** Submits and waits: the final description. */
  run(sql: string): Promise<DescribeStatementCommandOutput>;
  /** Submits and waits; throws with the engine's Error unless FINISHED. */
  ok(sql: string): Promise<DescribeStatementCommandOutput>;
  /** Every record of a finished statement, across all pages. */
  rows(id: string): Promise<Field[][]>;
  /** Runs a query and returns its rows as plain values. */
  query(sql: string): Promise<Plain[][]>;
  /** Writes an object of the S3 mirror: key is "bucket/path/to/object". */
  put(key: string, content: string | Buffer): Promise<string>;
  /** A raw awsJson1_1 call with fetch. */
  raw(target: string, body: string | object): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * A harness on a temp mirror, or on `dataDir` (kept at close) with the warehouse in `dbPath`, and
 * the endpoint injecting `faults` if given.
 */
export async function startHarness(name: string, where: { dataDir?: string; dbPath?: string; faults?: FaultSpec } = {}): Promise<Harness> {
  const dataDir = where.dataDir ?? (await mkdtemp(join(tmpdir(), `sparkify-${name}-`)));
  const ep = await startLocalEndpoint({ dataDir, dbPath: where.dbPath, faults: where.faults });
  const client = new RedshiftDataClient({
    endpoint: ep.url,
    region: 'us-west-2',
    credentials: ep.credentials,
  });

  const submit: Harness['submit'] = async (sql, extra = {}) => {
    const out = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql, ...extra }));
    if (!out.Id) throw new Error('ExecuteStatement returned no Id');
    return out.Id;
  };

  const wait: Harness['wait'] = async (id) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const d = await client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 30 }));
      if ((TERMINAL as readonly string[]).includes(d.Status ?? '')) return d;
    }
    throw new Error(`statement ${id} did not complete within 300 s`);
  };

  const run: Harness['run'] = async (sql) => wait(await submit(sql));

  const ok: Harness['ok'] = async (sql) => {
    const d = await run(sql);
    if (d.Status !== 'FINISHED') throw new Error(`${d.Status}: ${d.Error} (SQL: ${sql.slice(0, 200)})`);
    return d;
  };

  const rows: Harness['rows'] = async (id) => {
    const all: Field[][] = [];
    let token: string | undefined;
    do {
      const page: GetStatementResultCommandOutput = await client.send(new GetStatementResultCommand({ Id: id, NextToken: token }));
      all.push(...(page.Records ?? []));
      token = page.NextToken;
    } while (token);
    return all;
  };

  const query: Harness['query'] = async (sql) => {
    const d = await ok(sql);
    return (await rows(d.Id!)).map((r) => r.map(plain));
  };

  const put: Harness['put'] = async (key, content) => {
    const path = join(dataDir, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    return `s3://${key}`;
  };

  const raw: Harness['raw'] = async (target, body) => {
    const res = await rawRequest(ep.url, dataApiRequest(target.replace(/^RedshiftData\./, ''), body, { credentials: ep.credentials }));
    return { status: res.status, json: JSON.parse(res.text) as Record<string, unknown> };
  };

  return {
    ep, client, dataDir, submit, wait, run, ok, rows, query, put, raw,
    async close() {
      client.destroy();
      await ep.close();
      if (!where.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The rows a COPY loaded, from sys_load_history under its RedshiftQueryId: DescribeStatement's
 * ResultRows is 0 for a COPY, as on Redshift.
 */
export async function loadedRows(h: Harness, statement: { RedshiftQueryId?: number }): Promise<number> {
  const rows = await h.query(`SELECT loaded_rows FROM sys_load_history WHERE query_id = ${statement.RedshiftQueryId}`);
  if (rows.length !== 1) throw new Error(`query ${statement.RedshiftQueryId} has ${rows.length} rows in sys_load_history`);
  return Number(rows[0]![0]);
}

/** The value a Field carries, as a plain JS value. */
export function plain(field: Field): Plain {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  throw new Error(`unexpected field ${JSON.stringify(field)}`);
}

/** Newline-delimited JSON without a trailing newline, as the Sparkify log files are. */
export function ndjson(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n');
}

/** The error an SDK call rejects with (fails the test when it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * Resolves once the statement is STARTED and has had a moment to get going inside the engine. This
 * is the one place a short sleep is used: the status turns STARTED just before DuckDB picks the query
 * up, and an interrupt that arrives before then is lost (a product bug, pinned in lifecycle.test.ts).
 */
export async function running(h: Harness, id: string): Promise<void> {
  await until(() => h.ep.store.get(id).status === 'STARTED');
  await new Promise((r) => setTimeout(r, 300));
}

/** Resolves once `predicate` holds, checking the in-process store (no sleeps of fixed length to wait for completion). */
export async function until(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
