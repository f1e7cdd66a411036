// The wizard's flow: which screen, what the preflight probes found, what the user typed, the run's progress
// and how the wizard ends. Actions are intents (what happened, what the user asked for); this
// reducer alone decides the next phase, the exit code and the message. The effects
// (useWizardEffects) do what a phase asks for and answer with intents.

import type { Problem } from '../../config/problem.js';
import type { Settings } from '../../config/target.js';
import type { CheckResult } from '../../pipeline/dataChecks.js';
import type { PipelineEvent } from '../../pipeline/events.js';
import { EXIT, type ExitCode } from '../../pipeline/exitCodes.js';
import type { Insights } from '../../pipeline/insights.js';
import { endMessage, EXIT_CODE, isBuilt, type RunEnd, type RunResult } from '../../pipeline/outcome.js';
import type { PlanKind } from '../../pipeline/plan.js';
import type { StepOutcome } from '../../pipeline/runner.js';
import { initialProgress, progressReducer, type ProgressState } from './progress.js';

/**
 * loading: reading the settings; menu: there is no config, what now; creating: writing
 * sparkify.cfg; check: the config, the target and the data; confirm: what a reset destroys;
 * running; failure: a step failed, retry or quit; summary: built; exiting: letting go.
 */
export type Phase = 'loading' | 'menu' | 'creating' | 'check' | 'confirm' | 'running' | 'failure' | 'summary' | 'exiting';

export type MenuChoice = 'local' | 'create' | 'quit';

export interface ProbeRow {
  id: string;
  title: string;
  /** unchecked: the probe could not be made; it blocks nothing. */
  status: 'waiting' | 'running' | 'ok' | 'error' | 'unchecked';
  detail?: string;
  /** What to do about an error: a command or a console step. */
  fix?: string;
}

/** A finished screen, printed once above the live region (Ink's <Static>) so that it stays small. */
export type Printed =
  | { key: string; kind: 'probes'; file?: string; probes: ProbeRow[]; problems: Problem[] }
  | { key: string; kind: 'progress'; progress: ProgressState }
  | { key: string; kind: 'results'; checks?: CheckResult[]; insights?: Insights };

export interface WizardState {
  phase: Phase;
  /** The plan to run: etl resets nothing, so there is nothing to confirm. */
  kind: PlanKind;
  /** --yes: no confirmation, and no key press at the end. */
  yes: boolean;
  /** How run rebuilds: in place, or beside the live tables and swapped in (--swap, or chosen). */
  strategy: 'reset' | 'swap';
  /** Where the loading phase reads the settings from: the config, or the local warehouse's defaults. */
  source: 'config' | 'local';
  printed: Printed[];
  settings?: Settings;
  problems: Problem[];
  probes: ProbeRow[];
  /** Current row counts for the confirmation (null: the table is absent). */
  counts?: Record<string, number | null>;
  countsError?: string;
  /** Asking for the database name to be typed (a reset of a target that is not local). */
  typing: boolean;
  /** What the user typed to confirm. */
  typed: string;
  progress: ProgressState;
  /** Steps that finished in an earlier attempt: a retry runs only the rest. */
  finished: ReadonlyMap<string, StepOutcome>;
  /** How the last run ended. */
  end?: RunEnd;
  /** A rebuild beside the live tables that did not swap: what stopped it (the live tables are as they were). */
  unchanged?: string;
  /** Ctrl-C during the run: its statements are being cancelled. */
  cancelRequested: boolean;
  createdConfig?: { path: string; keys: string[] };
  exitCode?: ExitCode;
  /** Why the wizard stopped, when it stopped on an error or a cancel. */
  message?: string;
  /** Leave without waiting for the warehouse to let go: a second Ctrl-C during a run. */
  atOnce: boolean;
}

export type Intent =
  | { type: 'config-loaded'; settings?: Settings; problems: Problem[]; noConfig: boolean }
  | { type: 'menu-chosen'; choice: MenuChoice }
  | { type: 'config-created'; path: string; keys: string[] }
  | { type: 'probe-changed'; row: ProbeRow }
  | { type: 'preflight-finished' }
  | { type: 'recheck-requested' }
  | { type: 'rows-counted'; counts?: Record<string, number | null>; error?: string }
  | { type: 'reset-confirmed' }
  | { type: 'swap-confirmed' }
  | { type: 'name-typed'; text: string }
  | { type: 'name-entered' }
  | { type: 'run-progressed'; event: PipelineEvent; now: number }
  | { type: 'run-finished'; result: RunResult }
  | { type: 'retry-requested' }
  | { type: 'quit-requested' }
  | { type: 'cancel-requested' }
  | { type: 'failed'; message: string };

export function initialState({ kind, yes, swap = false }: { kind: PlanKind; yes: boolean; swap?: boolean }): WizardState {
  return {
    phase: 'loading', kind, yes, strategy: swap && kind === 'run' ? 'swap' : 'reset', source: 'config', printed: [], problems: [], probes: [], typing: false, typed: '',
    progress: initialProgress, finished: new Map(), cancelRequested: false, atOnce: false,
  };
}

const NOTHING_CHANGED = 'Cancelled: nothing was changed.';

/** What each phase does with an intent; undefined: the intent means nothing there. */
const TRANSITIONS: Record<Exclude<Phase, 'exiting'>, (state: WizardState, intent: Intent) => WizardState | undefined> = {
  loading(state, intent) {
    if (intent.type === 'config-loaded') return loaded(state, intent);
  },
  menu(state, intent) {
    if (intent.type !== 'menu-chosen') return;
    // The menu answers the missing config: its problem is not shown again on the way out.
    const answered = { ...state, problems: [], probes: [] };
    if (intent.choice === 'quit') return exit(answered, EXIT.ok);
    return intent.choice === 'create' ? goTo(answered, 'creating') : goTo({ ...answered, source: 'local' }, 'loading');
  },
  creating(state, intent) {
    if (intent.type === 'config-created') return exit({ ...state, createdConfig: { path: intent.path, keys: intent.keys } }, EXIT.ok);
  },
  check(state, intent) {
    switch (intent.type) {
      case 'probe-changed':
        return { ...state, probes: upsert(state.probes, intent.row) };
      case 'preflight-finished':
        if (hasErrors(state)) return;
        return goTo(state, state.kind === 'etl' || state.yes ? 'running' : 'confirm');
      // r and q answer only once something is wrong; until then the checks run.
      case 'recheck-requested':
        if (hasErrors(state)) return goTo({ ...state, source: 'config' }, 'loading');
        return;
      case 'quit-requested':
        if (hasErrors(state)) return exit(state, hasConfigErrors(state) ? EXIT.usage : EXIT.failed);
        return;
    }
  },
  confirm(state, intent) {
    switch (intent.type) {
      case 'rows-counted':
        return { ...state, counts: intent.counts, countsError: intent.error };
      case 'reset-confirmed':
        // A Redshift database is named, typed out, before it is reset.
        if (state.settings?.target.kind === 'local') return goTo({ ...state, strategy: 'reset' }, 'running');
        return { ...state, strategy: 'reset', typing: true, typed: '' };
      case 'swap-confirmed':
        // Nothing live changes unless the new tables are built and pass every check.
        return state.kind === 'run' && !state.typing ? goTo({ ...state, strategy: 'swap' }, 'running') : undefined;
      case 'name-typed':
        return state.typing ? { ...state, typed: intent.text } : undefined;
      case 'name-entered':
        return state.typing && state.settings?.target.kind !== 'local' && state.typed === state.settings?.target.database ? goTo(state, 'running') : undefined;
      case 'quit-requested':
        return exit(state, EXIT.cancelled, NOTHING_CHANGED);
    }
  },
  running(state, intent) {
    if (intent.type === 'run-progressed') return { ...state, progress: progressReducer(state.progress, intent.event, intent.now) };
    if (intent.type === 'run-finished') return runFinished(state, intent.result);
  },
  failure(state, intent) {
    // A data check that failed fails again on the same tables: only a step that failed is retried.
    if (intent.type === 'retry-requested' && state.end === 'not-built') return goTo(state, 'running');
    if (intent.type === 'quit-requested') return exit(state, EXIT.failed, state.unchanged);
  },
  summary(state, intent) {
    // Any key leaves; a failed data check leaves with 1, unless the run was told not to fail on it.
    if (intent.type === 'quit-requested') return exit(state, EXIT_CODE[state.end ?? 'ok']);
  },
};

export function wizardReducer(state: WizardState, intent: Intent): WizardState {
  if (state.phase === 'exiting') return state; // nothing changes once the wizard is leaving
  if (intent.type === 'failed') return exit(state, EXIT.failed, intent.message);
  if (intent.type === 'cancel-requested') {
    if (state.phase !== 'running') return exit(state, EXIT.cancelled, NOTHING_CHANGED);
    // The first Ctrl-C cancels the statements and waits for them; a second does not wait.
    return state.cancelRequested ? exit(state, EXIT.cancelled, undefined, true) : { ...state, cancelRequested: true };
  }
  return TRANSITIONS[state.phase](state, intent) ?? state;
}

function loaded(state: WizardState, { settings, problems, noConfig }: Extract<Intent, { type: 'config-loaded' }>): WizardState {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const file = settings?.file ?? problems[0]?.file;
  const config: ProbeRow = file
    ? { id: 'config', title: `${file} parses and every key is well formed`, status: errors ? 'error' : 'ok', detail: errors ? `${errors} problem${errors === 1 ? '' : 's'}` : undefined }
    : { id: 'config', title: 'no config needed for the local warehouse', status: 'ok' };
  return { ...goTo(state, noConfig ? 'menu' : 'check'), settings, problems, probes: [config] };
}

function runFinished(state: WizardState, result: RunResult): WizardState {
  const { summary, end } = result;
  const next: WizardState = {
    ...state,
    end,
    unchanged: result.liveUnchanged ? endMessage(result) : undefined,
    cancelRequested: false,
    finished: new Map([...summary.outcomes].filter(([, o]) => o.status === 'finished')),
  };
  // The time limit and Ctrl-C end the wizard, and so does a built run under --yes: nobody waits.
  if (end === 'timed-out' || end === 'cancelled' || (state.yes && isBuilt(summary))) return exit(next, EXIT_CODE[end], endMessage(result, '--timeout'));
  // A failed data check is shown in the summary, not retried.
  return goTo(next, isBuilt(summary) ? 'summary' : 'failure');
}

function upsert(rows: ProbeRow[], row: ProbeRow): ProbeRow[] {
  return rows.some((r) => r.id === row.id) ? rows.map((r) => (r.id === row.id ? row : r)) : [...rows, row];
}

function goTo(state: WizardState, next: Exclude<Phase, 'exiting'>): WizardState {
  return { ...leave(state, next), phase: next };
}

function exit(state: WizardState, exitCode: ExitCode, message?: string, atOnce = false): WizardState {
  return { ...leave(state, 'exiting'), phase: 'exiting', exitCode, message, atOnce };
}

/** Leaving the checks or a run prints that screen for good, as it was at the end. */
function leave(state: WizardState, next: Phase): WizardState {
  const printed = [...state.printed];
  if (state.phase === 'check' && next !== 'check' && next !== 'loading') {
    printed.push({ key: `probes-${printed.length}`, kind: 'probes', file: configFile(state), probes: state.probes, problems: state.problems });
  }
  if (state.phase === 'running' && next !== 'running' && state.progress.steps.length > 0) {
    printed.push({ key: `progress-${printed.length}`, kind: 'progress', progress: state.progress });
    // The data checks and the insights are long: printed above, the live summary stays short.
    const { checks, insights } = state.progress;
    if (checks || insights) printed.push({ key: `results-${printed.length}`, kind: 'results', checks, insights });
  }
  return { ...state, printed };
}

/** The config file the checks are about: the one loaded, else the one with problems. */
export function configFile(state: WizardState): string | undefined {
  return state.settings?.file ?? state.problems[0]?.file;
}

export function hasConfigErrors(state: WizardState): boolean {
  return state.problems.some((p) => p.severity === 'error');
}

export function hasErrors(state: WizardState): boolean {
  return hasConfigErrors(state) || state.probes.some((c) => c.status === 'error');
}
