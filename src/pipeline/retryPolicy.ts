// When a Data API call is tried again: which failures are transient (throttling, server errors,
// lost connections, the active-statement quota), and the backoff between attempts.

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
