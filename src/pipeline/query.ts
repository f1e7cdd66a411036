// A statement of the user's own, run through the Data API as the runner runs a step: submitted once
// (its ClientToken kept across retries), waited for by long-polling, cancelled on the warehouse when
// the signal aborts, and its result read one page at a time, so that a large one is never held whole.

import type { DataApi } from './dataApiClient.js';
import type { FieldValue } from './dataApiModel.js';
import type { StepStatus } from './events.js';
import { RowsSink, type RecordSink } from './resultRecords.js';
import type { Retry } from './retryPolicy.js';
import { stop, waitFor } from './statementWait.js';

export interface QueryColumn {
  name: string;
  /** The warehouse's type name: int4, int8, float8, numeric, varchar, timestamp, bool... */
  typeName: string;
}

export type QueryOutcome<Page = FieldValue[][]> =
  /** A result set: its columns, and its rows one page at a time (read them once). */
  | { status: 'rows'; columns: QueryColumn[]; totalRows: number; durationMs: number; pages: AsyncIterable<Page> }
  /** A statement without a result set: rows affected, -1 when that means nothing (DDL). */
  | { status: 'done'; resultRows: number; durationMs: number }
  /** The warehouse's message, and where in the SQL it points (1 for the first character), when it says. */
  | { status: 'failed'; error: string; position?: number }
  /** Cancelled: how the statement ended (aborted, or finished before the cancel reached it). */
  | { status: 'cancelled'; ended: StepStatus };

export interface QueryOptions {
  signal?: AbortSignal;
  onRetry?: (retry: Retry) => void;
  /** The statement is running on the warehouse (it can be cancelled from now on). */
  onStarted?: () => void;
  /** How long the statement gets to stop after a cancel. */
  cancelTimeoutMs?: number;
}

/** Runs one statement, a result's rows as plain values; rejects only when the Data API cannot be reached (after its retries). */
export async function runQuery(api: DataApi, sql: string, options: QueryOptions = {}): Promise<QueryOutcome> {
  const sink = new RowsSink();
  const outcome = await runQueryInto(api, sql, sink, options);
  if (outcome.status !== 'rows') return outcome;
  return {
    ...outcome,
    pages: (async function* () {
      for await (const _ of outcome.pages) yield sink.take();
    })(),
  };
}

/**
 * Runs one statement as runQuery does, each page of a result given to `sink`: the outcome's pages
 * are how many rows each gave it (read the sink's before asking for the next).
 */
export async function runQueryInto(api: DataApi, sql: string, sink: RecordSink, options: QueryOptions = {}): Promise<QueryOutcome<number>> {
  const signal = options.signal ?? new AbortController().signal;
  const calls = { signal, onRetry: options.onRetry };
  let id: string | undefined;
  try {
    // Not abortable: a statement submitted without our knowing its Id could not be cancelled.
    id = await api.submit([sql], 'sparkify-wizard query', { onRetry: options.onRetry });
    signal.throwIfAborted();
    const done = await waitFor(api, id, calls, undefined, (status) => status === 'started' && options.onStarted?.());
    if (done.status === 'FAILED') return failure(done.error ?? 'the statement failed without a message');
    if (done.status === 'ABORTED') return { status: 'cancelled', ended: 'aborted' };
    if (!done.hasResultSet) return { status: 'done', resultRows: done.resultRows, durationMs: done.durationMs };
    // The first page says what the columns are.
    const pages = api.pagesInto(id, sink, calls);
    const first = await pages.next();
    const page = first.done ? { rowCount: 0, columns: [], totalRows: 0 } : first.value;
    const columns = page.columns.map((c) => ({ name: c.label ?? c.name ?? '', typeName: c.typeName ?? '' }));
    return {
      status: 'rows',
      columns,
      totalRows: page.totalRows,
      durationMs: done.durationMs,
      pages: (async function* () {
        yield page.rowCount;
        for await (const next of pages) yield next.rowCount;
      })(),
    };
  } catch (error) {
    if (!signal.aborted) throw error;
    return { status: 'cancelled', ended: id ? await stop(api, id, options.cancelTimeoutMs ?? 10_000) : 'queued' };
  }
}

/** Redshift ends a message that points into the SQL with "Position: N" (1 for the first character). */
const POSITION = /\s*Position: (\d+)\s*$/i;

function failure(message: string): QueryOutcome<never> {
  const position = POSITION.exec(message);
  if (!position) return { status: 'failed', error: message };
  return { status: 'failed', error: message.slice(0, position.index), position: Number(position[1]) };
}
