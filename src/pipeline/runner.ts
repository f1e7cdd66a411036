// Runs a plan through the Data API: each step as soon as its inputs are loaded, at most
// `concurrency` statements in flight; waits by long-polling DescribeStatement; on cancel, stops
// every statement in flight and reports what became of each.

import { loadedRowsQuery, loadErrorsQuery } from '../sql/pipelineSql.js';
import type { DataApi } from './dataApiClient.js';
import type { Description } from './dataApiModel.js';
import type { CallOptions, Retry } from './retryPolicy.js';
import { StatementTimeout, stop, waitFor } from './statementWait.js';
import type { EventListener, LoadErrorRow, PipelineEvent, StepStatus } from './events.js';
import { watchLoad } from './loadProgress.js';
import type { Plan, Step } from './plan.js';
import { readResults, type ResultRow, type RunResults } from './results.js';

export interface RunOptions {
  api: DataApi;
  /** The target in words, for the start event. */
  target: string;
  concurrency: number;
  onEvent: EventListener;
  signal?: AbortSignal;
  /** How long statements in flight get to stop after a cancel. */
  cancelTimeoutMs?: number;
  /** A statement running longer than this is cancelled and its step fails. */
  statementTimeoutMs?: number;
  /** Steps that finished in an earlier attempt: not run again (a retry redoes only what failed). */
  alreadyDone?: ReadonlyMap<string, StepOutcome>;
  /** Whether a failed data check makes the run not ok (default true). */
  failOnCheck?: boolean;
  /** Whether running COPYs are sampled for progress events (default true). */
  loadProgress?: boolean;
}

export interface StepOutcome {
  status: StepStatus;
  statementId?: string;
  rows?: number;
  durationMs?: number;
  error?: string;
  records?: ResultRow[];
}

export interface RunSummary extends RunResults {
  /** Every step finished, and no data check failed (unless failOnCheck is false). */
  ok: boolean;
  cancelled: boolean;
  durationMs: number;
  /** The steps that failed (not the checks: those are in `checks`). */
  failed: string[];
  outcomes: Map<string, StepOutcome>;
}

class Cancelled extends Error {}

export async function runPlan(plan: Plan, options: RunOptions): Promise<RunSummary> {
  const began = performance.now();
  const emit = (event: DistributiveOmit<PipelineEvent, 'at'>) => options.onEvent({ ...event, at: Math.round(performance.now() - began) } as PipelineEvent);
  const signal = options.signal ?? new AbortController().signal;
  const outcomes = new Map<string, StepOutcome>(options.alreadyDone);
  const pending = new Set(plan.steps.filter((s) => !outcomes.has(s.id)));
  const running = new Set<Promise<void>>();

  const steps = plan.steps.map(({ id, kind, title, table, dependsOn }) => ({ id, kind, title, table, dependsOn }));
  emit({ type: 'start', target: options.target, steps, ...(plan.notes ? { notes: plan.notes } : {}) });
  for (const step of pending) emit({ type: 'status', step: step.id, status: 'queued' });

  const onAbort = () => emit({ type: 'cancelling', running: running.size });
  signal.addEventListener('abort', onAbort, { once: true });

  // Lowered when the warehouse says too many statements are active.
  let limit = options.concurrency;
  const failOnCheck = options.failOnCheck ?? true;
  const checksFailed = () => (readResults(plan.steps, (id) => outcomes.get(id)?.records).checks ?? []).some((c) => c.status === 'fail');
  const context: StepContext = {
    api: options.api,
    signal,
    emit,
    cancelTimeoutMs: options.cancelTimeoutMs ?? 10_000,
    statementTimeoutMs: options.statementTimeoutMs,
    loadProgress: options.loadProgress ?? true,
    lowerLimit: () => {
      limit = Math.max(1, Math.min(limit, running.size) - 1);
    },
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (signal.aborted) {
        for (const step of pending) {
          outcomes.set(step.id, { status: 'queued' });
          emit({ type: 'cancelled', step: step.id, status: 'queued' });
        }
        pending.clear();
      }
      // Steps whose inputs failed will never run, nor will a step kept for passing checks when one
      // failed; that may in turn stop their dependents.
      for (let changed = true; changed; ) {
        changed = false;
        for (const step of pending) {
          const blocker = step.dependsOn.find((d) => outcomes.has(d) && outcomes.get(d)!.status !== 'finished');
          const ready = blocker === undefined && step.dependsOn.every((d) => outcomes.has(d));
          const gated = ready && step.onlyIfChecksPass === true && failOnCheck && checksFailed();
          if (blocker === undefined && !gated) continue;
          pending.delete(step);
          outcomes.set(step.id, { status: 'skipped' });
          emit({ type: 'skipped', step: step.id, because: gated ? 'a data check failed' : `${blocker} did not finish` });
          changed = true;
        }
      }
      for (const step of pending) {
        if (running.size >= limit) break;
        if (!step.dependsOn.every((d) => outcomes.get(d)?.status === 'finished')) continue;
        pending.delete(step);
        const run = runStep(step, context).then((outcome) => {
          outcomes.set(step.id, outcome);
          running.delete(run);
          pump();
        });
        running.add(run);
      }
      if (running.size === 0 && pending.size === 0) resolve();
    };
    pump();
    signal.addEventListener('abort', pump, { once: true });
  });
  signal.removeEventListener('abort', onAbort);

  const results = readResults(plan.steps, (id) => outcomes.get(id)?.records);
  if (Object.keys(results.counts).length > 0) emit({ type: 'counts', counts: results.counts });
  const failed = plan.steps.filter((s) => outcomes.get(s.id)?.status === 'failed').map((s) => s.id);
  const checkFailed = failOnCheck && (results.checks ?? []).some((c) => c.status === 'fail');
  const ok = plan.steps.every((s) => outcomes.get(s.id)?.status === 'finished') && !checkFailed;
  const summary = { ok, cancelled: signal.aborted, durationMs: Math.round(performance.now() - began), ...results, failed };
  emit({ type: 'summary', ...summary });
  return { ...summary, outcomes };
}

interface StepContext {
  api: DataApi;
  signal: AbortSignal;
  emit: (event: DistributiveOmit<PipelineEvent, 'at'>) => void;
  cancelTimeoutMs: number;
  statementTimeoutMs: number | undefined;
  loadProgress: boolean;
  lowerLimit(): void;
}

async function runStep(step: Step, { api, signal, emit, cancelTimeoutMs, statementTimeoutMs, loadProgress, lowerLimit }: StepContext): Promise<StepOutcome> {
  let statementId: string | undefined;
  // A COPY is watched from the moment the warehouse gives its query id until it ends.
  const watching = new AbortController();
  let watch: Promise<void> | undefined;
  const onStarted = (d: Description) => {
    if (step.kind !== 'copy' || !loadProgress || watch || d.queryId === undefined) return;
    watch = watchLoad(api, d.queryId, (p) => emit({ type: 'progress', step: step.id, ...p }), AbortSignal.any([watching.signal, signal]));
  };
  const onRetry = (retry: Retry) => {
    if (retry.reason === 'too many active statements') lowerLimit();
    emit({ type: 'retry', step: step.id, ...retry });
  };
  try {
    // Not abortable: a statement submitted without our knowing its Id could not be cancelled.
    statementId = await api.submit(step.sql, `sparkify-wizard ${step.id}`, { onRetry });
    emit({ type: 'status', step: step.id, status: 'submitted', statementId });
    if (signal.aborted) throw new Cancelled();
    const deadline = statementTimeoutMs === undefined ? undefined : performance.now() + statementTimeoutMs;
    const done = await waitFor(api, statementId, { signal, onRetry }, deadline, (status, d) => {
      emit({ type: 'status', step: step.id, status, statementId });
      onStarted(d);
    }).finally(() => {
      watching.abort();
      return watch;
    });
    if (done.status === 'FINISHED') {
      const records = done.hasResultSet ? await api.rows(statementId, { onRetry }) : undefined;
      const rows = step.kind === 'copy' ? await copiedRows(api, done.queryId, { onRetry }) : done.resultRows;
      emit({ type: 'finished', step: step.id, rows, durationMs: Math.round(done.durationMs), statementId, queryId: done.queryId });
      return { status: 'finished', statementId, rows, durationMs: done.durationMs, records };
    }
    if (done.status === 'ABORTED') {
      emit({ type: 'cancelled', step: step.id, status: 'aborted', statementId });
      return { status: 'aborted', statementId };
    }
    const error = done.error ?? 'the statement failed without a message';
    const loadErrors = step.kind === 'copy' && done.queryId !== undefined ? await fetchLoadErrors(api, done.queryId) : undefined;
    emit({ type: 'failed', step: step.id, error, statementId, queryId: done.queryId, loadErrors });
    return { status: 'failed', statementId, error };
  } catch (error) {
    if (signal.aborted) {
      const status = statementId ? await stop(api, statementId, cancelTimeoutMs) : 'queued';
      emit({ type: 'cancelled', step: step.id, status, statementId });
      return { status, statementId };
    }
    let message = (error as Error).message;
    if (error instanceof StatementTimeout && statementId) {
      const ended = await stop(api, statementId, cancelTimeoutMs);
      message = `ran longer than the statement timeout (${statementTimeoutMs! / 1000} s): cancelled, now ${ended}`;
    }
    emit({ type: 'failed', step: step.id, error: message, statementId });
    return { status: 'failed', statementId, error: message };
  }
}

/**
 * The rows a finished COPY loaded, from the load history (its one row there, no files):
 * DescribeStatement's ResultRows is 0 after a COPY. -1 (not known) when it cannot be read.
 */
async function copiedRows(api: DataApi, queryId: number | undefined, calls: CallOptions): Promise<number> {
  if (queryId === undefined) return -1;
  try {
    const [row] = await api.query(loadedRowsQuery(queryId), 'sparkify-wizard rows loaded', calls);
    return row?.[0] === 'completed' ? Number(row[1]) : -1;
  } catch {
    return -1;
  }
}

async function fetchLoadErrors(api: DataApi, queryId: number): Promise<LoadErrorRow[] | undefined> {
  try {
    const rows = await api.query(loadErrorsQuery(queryId), 'sparkify-wizard load errors');
    return rows.map(([file, line, column, code, reason]) => ({
      file: String(file ?? ''), line: Number(line), column: String(column ?? ''), code: Number(code), reason: String(reason ?? ''),
    }));
  } catch {
    return undefined; // the load errors are a help, not a requirement
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
