// The wizard's state: which screen, what the checks found, what the user typed, and the run's
// progress. Effects (loading, checking, running) live in App; this is only how state changes.

import type { Problem } from '../../config/problem.js';
import type { Settings } from '../../config/target.js';
import type { CheckResult } from '../../pipeline/dataChecks.js';
import type { PipelineEvent } from '../../pipeline/events.js';
import type { Insights } from '../../pipeline/insights.js';
import { initialProgress, progressReducer, type ProgressState } from './progress.js';

export type Phase = 'loading' | 'menu' | 'created' | 'check' | 'confirm' | 'running' | 'failure' | 'summary' | 'exiting';

export interface CheckRow {
  id: string;
  title: string;
  status: 'waiting' | 'running' | 'ok' | 'error';
  detail?: string;
}

/** A finished screen, printed once above the live region (Ink's <Static>) so that it stays small. */
export type Printed =
  | { key: string; kind: 'checks'; checks: CheckRow[]; problems: Problem[] }
  | { key: string; kind: 'progress'; progress: ProgressState }
  | { key: string; kind: 'results'; checks?: CheckResult[]; insights?: Insights };

export interface WizardState {
  phase: Phase;
  printed: Printed[];
  settings?: Settings;
  problems: Problem[];
  checks: CheckRow[];
  /** Current row counts for the confirmation (null: the table is absent). */
  counts?: Record<string, number | null>;
  countsError?: string;
  /** Asking for the database name to be typed (a reset of a target that is not local). */
  typing: boolean;
  /** What the user typed to confirm. */
  typed: string;
  progress: ProgressState;
  createdConfig?: { path: string; keys: string[] };
  exitCode?: number;
  /** Why the wizard stopped, when it stopped on an error. */
  message?: string;
}

export type Action =
  | { type: 'loaded'; settings?: Settings; problems: Problem[]; noConfig: boolean }
  | { type: 'check'; row: CheckRow }
  | { type: 'counts'; counts?: Record<string, number | null>; error?: string }
  | { type: 'typing' }
  | { type: 'typed'; text: string }
  | { type: 'phase'; phase: Exclude<Phase, 'exiting'> }
  | { type: 'pipeline'; event: PipelineEvent; now: number }
  | { type: 'created'; path: string; keys: string[] }
  | { type: 'exit'; code: number; message?: string };

export const initialState: WizardState = { phase: 'loading', printed: [], problems: [], checks: [], typing: false, typed: '', progress: initialProgress };

export function wizardReducer(state: WizardState, action: Action): WizardState {
  if (state.phase === 'exiting') return state; // nothing changes once the wizard is leaving
  switch (action.type) {
    case 'loaded': {
      const errors = action.problems.filter((p) => p.severity === 'error').length;
      const file = action.settings?.file ?? action.problems[0]?.file;
      const config: CheckRow = file
        ? { id: 'config', title: `${file} parses and every key is well formed`, status: errors ? 'error' : 'ok', detail: errors ? `${errors} problem${errors === 1 ? '' : 's'}` : undefined }
        : { id: 'config', title: 'no config needed for the local warehouse', status: 'ok' };
      return {
        ...state,
        phase: action.noConfig ? 'menu' : 'check',
        settings: action.settings,
        problems: action.problems,
        checks: [config],
      };
    }
    case 'check': {
      const exists = state.checks.some((c) => c.id === action.row.id);
      return { ...state, checks: exists ? state.checks.map((c) => (c.id === action.row.id ? action.row : c)) : [...state.checks, action.row] };
    }
    case 'counts':
      return { ...state, counts: action.counts, countsError: action.error };
    case 'typing':
      return { ...state, typing: true, typed: '' };
    case 'typed':
      return { ...state, typed: action.text };
    case 'phase':
      return { ...leave(state, action.phase), phase: action.phase };
    case 'pipeline':
      return { ...state, progress: progressReducer(state.progress, action.event, action.now) };
    case 'created':
      return { ...state, phase: 'created', createdConfig: { path: action.path, keys: action.keys } };
    case 'exit':
      return { ...leave(state, 'exiting'), phase: 'exiting', exitCode: action.code, message: action.message };
  }
}

/** Leaving the checks or a run prints that screen for good, as it was at the end. */
function leave(state: WizardState, next: Phase): WizardState {
  const printed = [...state.printed];
  if (state.phase === 'check' && next !== 'check' && next !== 'loading') {
    printed.push({ key: `checks-${printed.length}`, kind: 'checks', checks: state.checks, problems: state.problems });
  }
  if (state.phase === 'running' && next !== 'running' && state.progress.steps.length > 0) {
    printed.push({ key: `progress-${printed.length}`, kind: 'progress', progress: state.progress });
    // The data checks and the insights are long: printed above, the live summary stays short.
    const { checks, insights } = state.progress;
    if (checks || insights) printed.push({ key: `results-${printed.length}`, kind: 'results', checks, insights });
  }
  return { ...state, printed };
}

export function hasErrors(state: WizardState): boolean {
  return state.problems.some((p) => p.severity === 'error') || state.checks.some((c) => c.status === 'error');
}
