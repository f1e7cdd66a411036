// The Redshift Data API as the pipeline uses it: every call addressed to the target, results
// paged through, timestamps and units made plain.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchExecuteStatementCommand, CancelStatementCommand, DescribeStatementCommand, ExecuteStatementCommand,
  GetStatementResultCommand, RedshiftDataClient, type Field, type RedshiftDataClientConfig,
} from '@aws-sdk/client-redshift-data';
import type { Target } from '../config/target.js';

export type DataApiStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

export interface Description {
  status: DataApiStatus;
  /** Rows affected, returned or loaded; -1 when not applicable. */
  resultRows: number;
  durationMs: number;
  error?: string;
  queryId?: number;
  hasResultSet: boolean;
}

/** The names the local warehouse answers to; any cluster identifier and database would do. */
export const LOCAL_ADDRESS = { ClusterIdentifier: 'local', Database: 'dev' };

export function addressOf(target: Target): Record<string, string | undefined> {
  switch (target.kind) {
    case 'cluster':
      return { ClusterIdentifier: target.clusterIdentifier, Database: target.database, DbUser: target.secretArn ? undefined : target.dbUser, SecretArn: target.secretArn };
    case 'serverless':
      return { WorkgroupName: target.workgroupName, Database: target.database, SecretArn: target.secretArn };
    case 'local':
      return LOCAL_ADDRESS;
  }
}

export const TERMINAL: ReadonlySet<DataApiStatus> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** The longest the Data API holds a DescribeStatement call (WaitTimeSeconds). */
export const LONG_POLL_SECONDS = 30;

/** Why a call is tried again. */
export type RetryReason = 'throttled' | 'server error' | 'connection lost' | 'too many active statements';

export interface Retry {
  operation: string;
  reason: RetryReason;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  delayMs: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Exponential backoff with full jitter: a delay drawn from 0 to min(capMs, baseMs * 2^n). */
  baseMs: number;
  capMs: number;
  /** No retry starts after this long since the first attempt. */
  totalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseMs: 250, capMs: 8_000, totalMs: 120_000 };

/** Per call: who hears of retries, and what ends the wait between them. */
export interface CallOptions {
  signal?: AbortSignal;
  onRetry?: (retry: Retry) => void;
}

export class DataApi {
  private readonly address: Record<string, string | undefined>;

  constructor(
    readonly client: RedshiftDataClient,
    target: Target,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.address = addressOf(target);
  }

  /** A client whose retries are this class's alone (observable, bounded), addressed to the target. */
  static connect(config: RedshiftDataClientConfig, target: Target, retry: RetryPolicy = DEFAULT_RETRY): DataApi {
    return new DataApi(new RedshiftDataClient({ ...config, maxAttempts: 1 }), target, retry);
  }

  /**
   * Submits one statement (or a batch run as one transaction); returns its Id. The ClientToken
   * stays the same across retries, so a submission whose answer was lost runs once.
   */
  async submit(sql: string[], name: string, options: CallOptions = {}): Promise<string> {
    const common = { ...this.address, StatementName: name, ClientToken: randomUUID() };
    const out = await this.call('ExecuteStatement', options, () =>
      sql.length === 1
        ? this.client.send(new ExecuteStatementCommand({ ...common, Sql: sql[0] }))
        : this.client.send(new BatchExecuteStatementCommand({ ...common, Sqls: sql })),
    );
    return out.Id!;
  }

  /** With waitSeconds > 0 the call is held until the statement completes or the time is up. */
  async describe(id: string, waitSeconds: number, options: CallOptions = {}): Promise<Description> {
    const d = await this.call('DescribeStatement', options, () =>
      this.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: waitSeconds || undefined }), { abortSignal: options.signal }),
    );
    return {
      status: d.Status as DataApiStatus,
      resultRows: d.ResultRows ?? -1,
      durationMs: (d.Duration ?? 0) / 1e6, // nanoseconds
      error: d.Error,
      queryId: d.RedshiftQueryId || undefined,
      hasResultSet: d.HasResultSet ?? false,
    };
  }

  async cancel(id: string): Promise<void> {
    await this.call('CancelStatement', {}, () => this.client.send(new CancelStatementCommand({ Id: id })));
  }

  /** Runs a query to completion and returns its rows as plain values; rejects with the statement's error. */
  async query(sql: string, name: string, options: CallOptions = {}): Promise<(string | number | boolean | null)[][]> {
    const id = await this.submit([sql], name, options);
    let d = await this.describe(id, LONG_POLL_SECONDS, options);
    while (!TERMINAL.has(d.status)) d = await this.describe(id, LONG_POLL_SECONDS, options);
    if (d.status !== 'FINISHED') throw new Error(d.error ?? `the statement ended ${d.status}`);
    return d.hasResultSet ? (await this.records(id, options)).map((r) => r.map(fieldValue)) : [];
  }

  /** All records of a finished statement, every page. */
  async records(id: string, options: CallOptions = {}): Promise<Field[][]> {
    const records: Field[][] = [];
    let token: string | undefined;
    do {
      const page = await this.call('GetStatementResult', options, () =>
        this.client.send(new GetStatementResultCommand({ Id: id, NextToken: token }), { abortSignal: options.signal }),
      );
      records.push(...(page.Records ?? []));
      token = page.NextToken;
    } while (token);
    return records;
  }

  /** Calls the API, trying again after a transient fault, within the policy's bounds. */
  private async call<T>(operation: string, options: CallOptions, send: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const reason = options.signal?.aborted ? undefined : transientReason(error);
        const delayMs = Math.round(Math.random() * Math.min(this.retry.capMs, this.retry.baseMs * 2 ** (attempt - 1)));
        if (!reason || attempt >= this.retry.maxAttempts || Date.now() - started + delayMs > this.retry.totalMs) throw error;
        options.onRetry?.({ operation, reason, attempt, delayMs });
        await sleep(delayMs, undefined, { signal: options.signal });
      }
    }
  }
}

const THROTTLING = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);
const SERVER = new Set(['InternalServerException', 'ServiceUnavailableException', 'ExecuteStatementException', 'BatchExecuteStatementException', 'DatabaseConnectionException']);
const NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** What makes a failed call worth trying again, or undefined when it is not. */
export function transientReason(error: unknown): RetryReason | undefined {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string }; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'ActiveStatementsExceededException') return 'too many active statements';
  if ((e.name && THROTTLING.has(e.name)) || status === 429) return 'throttled';
  if ((e.name && SERVER.has(e.name)) || (status !== undefined && status >= 500)) return 'server error';
  if (NETWORK.has(e.code ?? '') || NETWORK.has(e.cause?.code ?? '') || e.name === 'TimeoutError' || /socket hang up/i.test(e.message ?? '')) {
    return 'connection lost';
  }
  return undefined;
}

/** A Field as a plain value. */
export function fieldValue(field: Field): string | number | boolean | null {
  if (field.isNull) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
}
