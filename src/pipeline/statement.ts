// What the pipeline knows of a Data API statement: its statuses, its description, retries and
// field values. No SDK here: front ends import this without loading the AWS SDK.

import type { Field } from '@aws-sdk/client-redshift-data';
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
