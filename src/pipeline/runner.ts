// Runs a plan through the Data API: each step as soon as its inputs are loaded, at most
// `concurrency` statements in flight; waits by long-polling DescribeStatement; on cancel, stops
// every statement in flight and reports what became of each.

import { setTimeout as sleep } from 'node:timers/promises';
import { loadErrorsQuery } from '../sql/statements.js';
import { fieldValue, LONG_POLL_SECONDS, TERMINAL, type DataApi, type DataApiStatus, type Description } from './dataApi.js';
import type { EventListener, LoadErrorRow, PipelineEvent, StepStatus } from './events.js';
import type { Plan, Step } from './plan.js';

export interface RunOptions {
  api: DataApi;
  /** The target in words, for the start event. */
  target: string;
  concurrency: number;
  onEvent: EventListener;
  signal?: AbortSignal;
  /** How long statements in flight get to stop after a cancel. */
  cancelTimeoutMs?: number;
  /** Steps that finished in an earlier attempt: not run again (a retry redoes only what failed). */
  alreadyDone?: Map<string, StepOutcome>;
}

export interface StepOutcome {
  status: StepStatus;
  statementId?: string;
  rows?: number;
  durationMs?: number;
  error?: string;
  records?: (string | number | boolean | null)[][];
}

export interface RunSummary {
  ok: boolean;
  cancelled: boolean;
  durationMs: number;
  counts: Record<string, number>;
  failed: string[];
  outcomes: Map<string, StepOutcome>;
}

const MAX_BACKOFF_MS = 2000;
const FIRST_LOOK_SECONDS = 1;

class Cancelled extends Error {}

export async function runPlan(plan: Plan, options: RunOptions): Promise<RunSummary> {
  const began = performance.now();
  const emit = (event: DistributiveOmit<PipelineEvent, 'at'>) => options.onEvent({ ...event, at: Math.round(performance.now() - began) } as PipelineEvent);
  const signal = options.signal ?? new AbortController().signal;
  const outcomes = new Map<string, StepOutcome>(options.alreadyDone);
  const pending = new Set(plan.steps.filter((s) => !outcomes.has(s.id)));
  const running = new Set<Promise<void>>();

  emit({ type: 'start', target: options.target, steps: plan.steps.map(({ id, kind, title, table, dependsOn }) => ({ id, kind, title, table, dependsOn })) });
  for (const step of pending) emit({ type: 'status', step: step.id, status: 'queued' });

  const onAbort = () => emit({ type: 'cancelling', running: running.size });
  signal.addEventListener('abort', onAbort, { once: true });

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (signal.aborted) {
        for (const step of pending) {
          outcomes.set(step.id, { status: 'queued' });
          emit({ type: 'cancelled', step: step.id, status: 'queued' });
        }
        pending.clear();
      }
      // Steps whose inputs failed will never run; that may in turn stop their dependents.
      for (let changed = true; changed; ) {
        changed = false;
        for (const step of pending) {
          const blocker = step.dependsOn.find((d) => outcomes.has(d) && outcomes.get(d)!.status !== 'finished');
          if (blocker === undefined) continue;
          pending.delete(step);
          outcomes.set(step.id, { status: 'skipped' });
          emit({ type: 'skipped', step: step.id, because: `${blocker} did not finish` });
          changed = true;
        }
      }
      for (const step of pending) {
        if (running.size >= options.concurrency) break;
        if (!step.dependsOn.every((d) => outcomes.get(d)?.status === 'finished')) continue;
        pending.delete(step);
        const run = runStep(step, options.api, signal, emit, options.cancelTimeoutMs ?? 10_000).then((outcome) => {
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

  const counts = Object.fromEntries(
    plan.steps
      .filter((s) => s.kind === 'count')
      .flatMap((s) => outcomes.get(s.id)?.records ?? [])
      .map(([table, rows]) => [String(table), Number(rows)]),
  );
  if (Object.keys(counts).length > 0) emit({ type: 'counts', counts });
  const failed = plan.steps.filter((s) => outcomes.get(s.id)?.status === 'failed').map((s) => s.id);
  const ok = plan.steps.every((s) => outcomes.get(s.id)?.status === 'finished');
  const summary = { ok, cancelled: signal.aborted, durationMs: Math.round(performance.now() - began), counts, failed };
  emit({ type: 'summary', ...summary });
  return { ...summary, outcomes };
}

async function runStep(
  step: Step,
  api: DataApi,
  signal: AbortSignal,
  emit: (event: DistributiveOmit<PipelineEvent, 'at'>) => void,
  cancelTimeoutMs: number,
): Promise<StepOutcome> {
  let statementId: string | undefined;
  try {
    // Not abortable: a statement submitted without our knowing its Id could not be cancelled.
    statementId = await api.submit(step.sql, `sparkify-wizard ${step.id}`);
    emit({ type: 'status', step: step.id, status: 'submitted', statementId });
    if (signal.aborted) throw new Cancelled();
    const done = await waitFor(api, statementId, signal, (status) => emit({ type: 'status', step: step.id, status, statementId }));
    if (done.status === 'FINISHED') {
      const records = done.hasResultSet ? (await api.records(statementId)).map((r) => r.map(fieldValue)) : undefined;
      emit({ type: 'finished', step: step.id, rows: done.resultRows, durationMs: Math.round(done.durationMs), statementId, queryId: done.queryId });
      return { status: 'finished', statementId, rows: done.resultRows, durationMs: done.durationMs, records };
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
    const message = (error as Error).message;
    emit({ type: 'failed', step: step.id, error: message, statementId });
    return { status: 'failed', statementId, error: message };
  }
}

/**
 * Waits for a statement to complete. The first call is held for a second: a short statement is
 * done by then, a longer one shows itself started. Then each call is held until completion
 * (long-polling), so completion is seen at once, with 1 + ceil(duration / 30 s) calls at most.
 * An endpoint that does not hold calls is polled with backoff.
 */
async function waitFor(api: DataApi, id: string, signal: AbortSignal, onStatus: (status: 'picked' | 'started') => void): Promise<Description> {
  let seen: DataApiStatus = 'SUBMITTED';
  const report = (d: Description) => {
    for (const status of ['PICKED', 'STARTED'] as const) {
      if (rank(d.status) >= rank(status) && rank(seen) < rank(status) && !TERMINAL.has(d.status)) onStatus(status === 'PICKED' ? 'picked' : 'started');
    }
    if (rank(d.status) > rank(seen)) seen = d.status;
  };
  let d = await api.describe(id, FIRST_LOOK_SECONDS, signal);
  report(d);
  let backoff = 100;
  while (!TERMINAL.has(d.status)) {
    const asked = performance.now();
    d = await api.describe(id, LONG_POLL_SECONDS, signal);
    report(d);
    if (!TERMINAL.has(d.status) && performance.now() - asked < (LONG_POLL_SECONDS * 1000) / 2) {
      await sleep(backoff, undefined, { signal });
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
  return d;
}

const ORDER: DataApiStatus[] = ['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'FAILED', 'ABORTED'];
function rank(status: DataApiStatus): number {
  return Math.min(ORDER.indexOf(status), 3); // the three endings rank alike
}

/** Cancels a statement and waits, bounded, until it has stopped; returns how it ended. */
async function stop(api: DataApi, id: string, timeoutMs: number): Promise<StepStatus> {
  try {
    await api.cancel(id);
  } catch {
    // Already complete: the description below says how it ended.
  }
  const deadline = performance.now() + timeoutMs;
  let status: DataApiStatus = 'STARTED';
  while (performance.now() < deadline) {
    try {
      status = (await api.describe(id, Math.max(1, Math.min(LONG_POLL_SECONDS, Math.floor((deadline - performance.now()) / 1000))))).status;
    } catch {
      break;
    }
    if (TERMINAL.has(status)) break;
  }
  return status.toLowerCase() as StepStatus;
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
