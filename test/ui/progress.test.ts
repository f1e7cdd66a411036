import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { initialProgress, progressReducer, running, stepsDone, type ProgressState } from '../../src/ui/wizard/progress.js';
import { checksWith, sampleInsights } from './fixtures.js';

const STEPS = [
  { id: 'reset', kind: 'reset' as const, title: 'Reset 7 tables', dependsOn: [] },
  { id: 'staging_events', kind: 'copy' as const, title: 'COPY staging_events', table: 'staging_events', dependsOn: ['reset'] },
  { id: 'users', kind: 'insert' as const, title: 'INSERT users', table: 'users', dependsOn: ['staging_events'] },
];

type Ev = DistributiveOmit<PipelineEvent, 'at'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Applies events in order, the n-th at time 1000 + 100n. */
function apply(events: Ev[], from: ProgressState = initialProgress): ProgressState {
  return events.reduce((state, e, n) => progressReducer(state, { ...e, at: n } as PipelineEvent, 1000 + 100 * n), from);
}

const start: Ev = { type: 'start', target: 'local warehouse w.duckdb', steps: STEPS };
const row = (s: ProgressState, id: string) => s.steps.find((r) => r.id === id)!;

describe('the progress reducer', () => {
  it('lists every step of the plan as queued when the run starts', () => {
    const state = apply([start]);
    expect(state.target).toBe('local warehouse w.duckdb');
    expect(state.steps.map((r) => [r.id, r.status])).toEqual([['reset', 'queued'], ['staging_events', 'queued'], ['users', 'queued']]);
  });

  it('follows a step through submitted, picked, started and finished, keeping its ids, rows and times', () => {
    const state = apply([
      start,
      { type: 'status', step: 'reset', status: 'submitted', statementId: 'id-1' },
      { type: 'status', step: 'reset', status: 'picked', statementId: 'id-1' },
      { type: 'status', step: 'reset', status: 'started', statementId: 'id-1' },
      { type: 'finished', step: 'reset', rows: -1, durationMs: 42, statementId: 'id-1', queryId: 1001 },
    ]);
    expect(row(state, 'reset')).toMatchObject({ status: 'finished', statementId: 'id-1', queryId: 1001, rows: -1, durationMs: 42, startedAt: 1100, endedAt: 1400 });
    expect(stepsDone(state)).toBe(1);
  });

  it('never moves a status backwards when events arrive late or twice', () => {
    const state = apply([
      start,
      { type: 'status', step: 'reset', status: 'started', statementId: 'id-1' },
      { type: 'status', step: 'reset', status: 'picked', statementId: 'id-1' },
      { type: 'status', step: 'reset', status: 'submitted', statementId: 'id-1' },
      { type: 'status', step: 'reset', status: 'started', statementId: 'id-1' },
    ]);
    expect(row(state, 'reset').status).toBe('started');
    expect(row(state, 'reset').startedAt).toBe(1100);
  });

  it('ignores a second ending: a finished step stays finished', () => {
    const state = apply([
      start,
      { type: 'finished', step: 'reset', rows: 3, durationMs: 5, statementId: 'a' },
      { type: 'failed', step: 'reset', error: 'late', statementId: 'a' },
      { type: 'finished', step: 'reset', rows: 99, durationMs: 9, statementId: 'a' },
    ]);
    expect(row(state, 'reset')).toMatchObject({ status: 'finished', rows: 3 });
  });

  it('keeps the error and the load errors of a failed COPY, and marks its dependents skipped', () => {
    const loadErrors = [{ file: 's3://b/log_data/x.json', line: 5, column: 'ts', code: 1207, reason: 'Invalid digit' }];
    const state = apply([
      start,
      { type: 'failed', step: 'staging_events', error: "Load into table 'staging_events' failed.", statementId: 'b', queryId: 7, loadErrors },
      { type: 'skipped', step: 'users', because: 'staging_events did not finish' },
    ]);
    expect(row(state, 'staging_events')).toMatchObject({ status: 'failed', queryId: 7, loadErrors });
    expect(row(state, 'users')).toMatchObject({ status: 'skipped', error: 'staging_events did not finish' });
  });

  it('counts the statements running at once', () => {
    const state = apply([
      start,
      { type: 'status', step: 'reset', status: 'started', statementId: 'a' },
      { type: 'status', step: 'staging_events', status: 'submitted', statementId: 'b' },
    ]);
    expect(running(state).map((r) => r.id)).toEqual(['reset', 'staging_events']);
  });

  it('on a retry keeps what finished and queues the rest anew', () => {
    const first = apply([
      start,
      { type: 'finished', step: 'reset', rows: -1, durationMs: 5, statementId: 'a' },
      { type: 'failed', step: 'staging_events', error: 'boom', statementId: 'b' },
      { type: 'skipped', step: 'users', because: 'x' },
      { type: 'summary', ok: false, cancelled: false, durationMs: 10, counts: {}, failed: ['staging_events'] },
    ]);
    const retried = progressReducer(first, { ...start, at: 0 } as PipelineEvent, 5000);
    expect(retried.steps.map((r) => r.status)).toEqual(['finished', 'queued', 'queued']);
    expect(retried.startedAt).toBe(first.startedAt);
    expect(retried.outcome).toBeUndefined();
  });

  it('keeps what the data checks and the insights found, and whether every step finished', () => {
    const checks = checksWith({ 'unique.users.user_id': [1, 97] });
    const insights = sampleInsights();
    const done = apply([start, { type: 'summary', ok: false, cancelled: false, durationMs: 10, counts: {}, checks, insights, failed: [] }]);
    expect(done).toMatchObject({ checks, insights, outcome: { ok: false, cancelled: false, built: true } });
    const broken = apply([start, { type: 'summary', ok: false, cancelled: false, durationMs: 10, counts: {}, failed: ['reset'] }]);
    expect(broken.outcome).toEqual({ ok: false, cancelled: false, built: false });
    expect(progressReducer(done, { ...start, at: 0 } as PipelineEvent, 5000)).toMatchObject({ checks: undefined, insights: undefined, outcome: undefined });
  });

  it('records the cancel in progress and how each step ended', () => {
    const state = apply([
      start,
      { type: 'status', step: 'staging_events', status: 'started', statementId: 'b' },
      { type: 'cancelling', running: 1 },
      { type: 'cancelled', step: 'staging_events', status: 'aborted', statementId: 'b' },
      { type: 'cancelled', step: 'users', status: 'queued' },
    ]);
    expect(state.cancelling).toEqual({ running: 1 });
    expect(row(state, 'staging_events').status).toBe('aborted');
    expect(row(state, 'users').status).toBe('queued');
  });
});
