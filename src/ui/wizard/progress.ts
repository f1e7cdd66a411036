// The progress screen's state, from pipeline events. Pure: the time of each event comes with it.
// A step's status only moves forward, so repeated or late events change nothing.

import { seconds } from '../../format.js';
import type { CheckResult } from '../../pipeline/dataChecks.js';
import type { LoadErrorRow, PipelineEvent, StepStatus } from '../../pipeline/events.js';
import type { Insights } from '../../pipeline/insights.js';
import type { LoadProgress } from '../../pipeline/loadProgress.js';
import { isBuilt } from '../../pipeline/outcome.js';
import { rateStart } from '../loadLine.js';

export interface StepRow {
  id: string;
  title: string;
  table?: string;
  status: StepStatus;
  statementId?: string;
  queryId?: number;
  /** Wall-clock ms when the statement was submitted, and when it ended. */
  startedAt?: number;
  endedAt?: number;
  rows?: number;
  durationMs?: number;
  error?: string;
  loadErrors?: LoadErrorRow[];
  /** A transient problem being retried, until the next status: "throttled, retrying in 0.8 s". */
  note?: string;
  /** How far a running COPY is, from the warehouse's load history. */
  load?: LoadWatch;
}

/** The latest load sample, and the first, to tell the rate. */
export interface LoadWatch {
  latest: LoadProgress;
  at: number;
  first: LoadProgress;
  firstAt: number;
}

export interface ProgressState {
  target: string;
  /** What the plan says about how it builds. */
  notes?: string[];
  steps: StepRow[];
  /** Wall-clock ms when the run (its first attempt) began. */
  startedAt?: number;
  endedAt?: number;
  cancelling?: { running: number };
  counts: Record<string, number>;
  /** What the data checks and the insights found, once the run is over. */
  checks?: CheckResult[];
  insights?: Insights;
  /**
   * ok: the run succeeded (its exit code is 0); built: every step finished, though a data check
   * may have failed.
   */
  outcome?: { ok: boolean; cancelled: boolean; built: boolean };
}

export const initialProgress: ProgressState = { target: '', steps: [], counts: {} };

const RANK: Record<StepStatus, number> = {
  queued: 0, submitted: 1, picked: 2, started: 3, finished: 4, failed: 4, aborted: 4, skipped: 4,
};

export function isTerminal(status: StepStatus): boolean {
  return RANK[status] === 4;
}

export function progressReducer(state: ProgressState, event: PipelineEvent, now: number): ProgressState {
  // The same state back when nothing changed, so a late or repeated event renders nothing.
  const update = (id: string, change: (row: StepRow) => StepRow | undefined) => {
    const steps = state.steps.map((row) => (row.id === id ? (change(row) ?? row) : row));
    return steps.every((row, i) => row === state.steps[i]) ? state : { ...state, steps };
  };
  switch (event.type) {
    case 'start': {
      // A retry starts again: what finished stays, the rest is queued anew.
      const earlier = new Map(state.steps.map((row) => [row.id, row]));
      return {
        ...state,
        target: event.target,
        notes: event.notes,
        startedAt: state.startedAt ?? now,
        endedAt: undefined,
        cancelling: undefined,
        outcome: undefined,
        checks: undefined,
        insights: undefined,
        steps: event.steps.map((s) => {
          const row = earlier.get(s.id);
          return row?.status === 'finished' ? row : { id: s.id, title: s.title, table: s.table, status: 'queued' };
        }),
      };
    }
    case 'status':
      return update(event.step, (row) =>
        RANK[event.status] > RANK[row.status] || (event.status === 'queued' && !isTerminal(row.status))
          ? { ...row, status: event.status, note: undefined, statementId: event.statementId ?? row.statementId, startedAt: row.startedAt ?? (event.status === 'queued' ? undefined : now) }
          : undefined,
      );
    case 'progress':
      return update(event.step, (row) => {
        if (isTerminal(row.status)) return undefined;
        const { type: _type, step: _step, at: _at, ...latest } = event;
        return { ...row, load: { latest, at: now, ...rateStart(row.load, latest, now) } };
      });
    case 'finished':
      return update(event.step, (row) => (isTerminal(row.status) ? undefined : {
        ...row, status: 'finished', note: undefined, rows: event.rows, durationMs: event.durationMs, statementId: event.statementId,
        queryId: event.queryId, startedAt: row.startedAt ?? now, endedAt: now,
      }));
    case 'failed':
      return update(event.step, (row) => (isTerminal(row.status) ? undefined : {
        ...row, status: 'failed', note: undefined, error: event.error, loadErrors: event.loadErrors, statementId: event.statementId ?? row.statementId,
        queryId: event.queryId, endedAt: now,
      }));
    case 'skipped':
      return update(event.step, (row) => (isTerminal(row.status) ? undefined : { ...row, status: 'skipped', error: event.because, endedAt: now }));
    case 'cancelled':
      return update(event.step, (row) => (isTerminal(row.status) ? undefined : {
        ...row, status: event.status === 'finished' ? 'finished' : event.status === 'queued' ? 'queued' : 'aborted', endedAt: now,
      }));
    case 'retry':
      return update(event.step, (row) => (isTerminal(row.status) ? undefined : { ...row, note: `${event.reason}, retrying in ${seconds(event.delayMs, 1)}` }));
    case 'cancelling':
      return { ...state, cancelling: { running: event.running } };
    case 'counts':
      return { ...state, counts: { ...state.counts, ...event.counts } };
    case 'summary':
      return {
        ...state,
        endedAt: now,
        outcome: { ok: event.ok, cancelled: event.cancelled, built: isBuilt(event) },
        checks: event.checks,
        insights: event.insights,
      };
  }
}

export function stepsDone(state: ProgressState): number {
  return state.steps.filter((s) => s.status === 'finished').length;
}

export function running(state: ProgressState): StepRow[] {
  return state.steps.filter((s) => RANK[s.status] > 0 && !isTerminal(s.status));
}
