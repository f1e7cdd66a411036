// The wizard's flow as a table: from a phase, an intent leads to the next phase, and on the way
// out to an exit code and a message. Every phase is a starting point at least once.

import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/config/problem.js';
import type { Settings } from '../../src/config/target.js';
import type { RunEnd, RunResult } from '../../src/pipeline/outcome.js';
import type { PlanKind } from '../../src/pipeline/plan.js';
import type { StepOutcome } from '../../src/pipeline/runner.js';
import { hasErrors, initialState, wizardReducer, type Intent, type Phase, type WizardState } from '../../src/ui/wizard/state.js';

const sources = { logData: 's3://b/log_data', logJsonPath: 's3://b/p.json', songData: 's3://b/song_data', iamRole: 'arn:aws:iam::000000000000:role/r' };
const local: Settings = { target: { kind: 'local', dbPath: '/tmp/w.duckdb', dataDir: '/tmp/data' }, sources };
const redshift: Settings = { target: { kind: 'cluster', clusterIdentifier: 'dwh', database: 'dev', region: 'us-west-2', dbUser: 'awsuser' }, sources };
const portProblem: Problem = { severity: 'error', file: 'sparkify.cfg', line: 4, section: 'CLUSTER', key: 'DB_PORT', message: "'x' is not a port", fix: 'use 5439' };

const flow = (kind: PlanKind, yes: boolean) => (...intents: Intent[]) => intents.reduce(wizardReducer, initialState({ kind, yes }));
const asked = flow('run', false);
const withYes = flow('run', true);
const etl = flow('etl', false);

const loaded = (settings?: Settings, problems: Problem[] = []): Intent => ({ type: 'config-loaded', settings, problems, noConfig: false });
const noConfig: Intent = { type: 'config-loaded', problems: [], noConfig: true };
const checked: Intent = { type: 'preflight-finished' };
const unreachable: Intent = { type: 'probe-changed', row: { id: 'target', title: 'the target answers', status: 'error', detail: 'no route' } };
const paused: Intent = { type: 'probe-changed', row: { id: 'available', title: 'cluster dwh is available', status: 'error', detail: 'cluster dwh is paused', fix: 'aws redshift resume-cluster --cluster-identifier dwh --region us-west-2' } };
const uncheckable: Intent = { type: 'probe-changed', row: { id: 'role-trust', title: 'r trusts redshift.amazonaws.com', status: 'unchecked', detail: 'could not check: missing permission iam:GetRole' } };
const confirmed: Intent = { type: 'reset-confirmed' };
const quit: Intent = { type: 'quit-requested' };
const ctrlC: Intent = { type: 'cancel-requested' };

/** A run's end, with a summary that agrees with it. */
function ended(end: RunEnd, timeoutMs?: number): Intent {
  const built = end === 'ok' || end === 'untrusted';
  const step: StepOutcome = { status: built ? 'finished' : end === 'not-built' ? 'failed' : 'aborted' };
  const result: RunResult = {
    end,
    timeoutMs,
    failedSteps: end === 'not-built' ? ['COPY staging_events'] : [],
    liveUnchanged: false,
    summary: {
      ok: end === 'ok',
      cancelled: end === 'cancelled' || end === 'timed-out',
      durationMs: 1,
      counts: {},
      failed: end === 'not-built' ? ['staging_events'] : [],
      outcomes: new Map([['reset', { status: 'finished' }], ['staging_events', step]]),
    },
  };
  return { type: 'run-finished', result };
}

const toRunning = [loaded(local), checked, confirmed];
const STATES = {
  loading: asked(),
  menu: asked(noConfig),
  creating: asked(noConfig, { type: 'menu-chosen', choice: 'create' }),
  checking: asked(loaded(local)),
  'checking with --yes': withYes(loaded(local)),
  'checking for etl': etl(loaded(local)),
  'checks failed': asked(loaded(local), unreachable),
  'a setup check found a problem': asked(loaded(redshift), paused),
  'a setup check found a problem, with --yes': withYes(loaded(redshift), paused),
  'a setup check could not be made': asked(loaded(redshift), uncheckable),
  'config broken': asked(loaded(undefined, [portProblem])),
  confirm: asked(loaded(local), checked),
  'confirm on Redshift': asked(loaded(redshift), checked),
  'typed dev': asked(loaded(redshift), checked, confirmed, { type: 'name-typed', text: 'dev' }),
  'typed de': asked(loaded(redshift), checked, confirmed, { type: 'name-typed', text: 'de' }),
  running: asked(...toRunning),
  'running with --yes': withYes(loaded(local), checked),
  cancelling: asked(...toRunning, ctrlC),
  failure: asked(...toRunning, ended('not-built')),
  summary: asked(...toRunning, ended('ok')),
  'summary, a check failed': asked(...toRunning, ended('untrusted')),
  exiting: asked(ctrlC),
} satisfies Record<string, WizardState>;

interface Next {
  phase: Phase;
  exitCode?: number;
  message?: string;
  atOnce?: boolean;
}

const NOTHING_CHANGED = 'Cancelled: nothing was changed.';
const GONE = (exitCode: number, message?: string): Next => ({ phase: 'exiting', exitCode, message, atOnce: false });

const TABLE: [keyof typeof STATES, string, Intent, Next][] = [
  ['loading', 'a config is read', loaded(local), { phase: 'check' }],
  ['loading', 'there is no config', noConfig, { phase: 'menu' }],
  ['loading', 'reading fails', { type: 'failed', message: 'EACCES' }, GONE(1, 'EACCES')],
  ['loading', 'Ctrl-C', ctrlC, GONE(130, NOTHING_CHANGED)],
  ['menu', 'local is chosen', { type: 'menu-chosen', choice: 'local' }, { phase: 'loading' }],
  ['menu', 'create is chosen', { type: 'menu-chosen', choice: 'create' }, { phase: 'creating' }],
  ['menu', 'quit is chosen', { type: 'menu-chosen', choice: 'quit' }, GONE(0)],
  ['creating', 'the config is written', { type: 'config-created', path: '/x/sparkify.cfg', keys: [] }, GONE(0)],
  ['creating', 'writing fails', { type: 'failed', message: 'EEXIST' }, GONE(1, 'EEXIST')],
  ['checking', 'every check passes', checked, { phase: 'confirm' }],
  ['checking with --yes', 'every check passes', checked, { phase: 'running' }],
  ['checking for etl', 'every check passes', checked, { phase: 'running' }],
  ['checking', 'r while the checks pass', { type: 'recheck-requested' }, { phase: 'check' }],
  ['checking', 'q while the checks pass', quit, { phase: 'check' }],
  ['checking', 'Ctrl-C', ctrlC, GONE(130, NOTHING_CHANGED)],
  ['checks failed', 'the checks end', checked, { phase: 'check' }],
  ['checks failed', 'r', { type: 'recheck-requested' }, { phase: 'loading' }],
  ['checks failed', 'q', quit, GONE(1)],
  // Nothing is dropped while a check of the setup stands; one that could not be made blocks nothing.
  ['a setup check found a problem', 'the checks end', checked, { phase: 'check' }],
  ['a setup check found a problem, with --yes', 'the checks end', checked, { phase: 'check' }],
  ['a setup check found a problem', 'q', quit, GONE(1)],
  ['a setup check could not be made', 'the checks end', checked, { phase: 'confirm' }],
  ['config broken', 'q', quit, GONE(2)],
  ['confirm', 'the rows are counted', { type: 'rows-counted', counts: { users: 3 } }, { phase: 'confirm' }],
  ['confirm', 'drop is chosen (local)', confirmed, { phase: 'running' }],
  ['confirm', 'cancel, Esc or q', quit, GONE(130, NOTHING_CHANGED)],
  ['confirm on Redshift', 'drop is chosen: the name is asked for', confirmed, { phase: 'confirm' }],
  ['typed dev', 'Enter on the right name', { type: 'name-entered' }, { phase: 'running' }],
  ['typed de', 'Enter on a wrong name', { type: 'name-entered' }, { phase: 'confirm' }],
  ['running', 'the run ends built', ended('ok'), { phase: 'summary' }],
  ['running', 'the run ends built, a data check failed', ended('untrusted'), { phase: 'summary' }],
  ['running', 'a step fails', ended('not-built'), { phase: 'failure' }],
  ['running', 'the run ends cancelled', ended('cancelled'), GONE(130, 'Cancelled: no statement is left running.')],
  ['running', 'the run passes its time limit', ended('timed-out', 5000), GONE(1, 'The run did not finish within 5 s (--timeout): its statements were cancelled.')],
  ['running', 'the run cannot start', { type: 'failed', message: 'socket hang up' }, GONE(1, 'socket hang up')],
  ['running', 'a key other than Ctrl-C', quit, { phase: 'running' }],
  ['running', 'Ctrl-C: the statements are cancelled', ctrlC, { phase: 'running' }],
  ['running with --yes', 'the run ends built', ended('ok'), GONE(0)],
  ['running with --yes', 'the run ends built, a data check failed', ended('untrusted'), GONE(1, 'A data check failed: the warehouse cannot be trusted yet (see above).')],
  ['running with --yes', 'a step fails', ended('not-built'), { phase: 'failure' }],
  ['cancelling', 'a second Ctrl-C', ctrlC, { phase: 'exiting', exitCode: 130, message: undefined, atOnce: true }],
  ['cancelling', 'the run ends cancelled', ended('cancelled'), GONE(130, 'Cancelled: no statement is left running.')],
  ['failure', 'retry', { type: 'retry-requested' }, { phase: 'running' }],
  ['failure', 'quit', quit, GONE(1)],
  ['failure', 'Ctrl-C', ctrlC, GONE(130, NOTHING_CHANGED)],
  ['summary', 'any key', quit, GONE(0)],
  ['summary, a check failed', 'any key', quit, GONE(1)],
  ['exiting', 'anything', loaded(local), GONE(130, NOTHING_CHANGED)],
];

/** Where the state stands: its phase, and on the way out how it leaves. */
function outcome({ phase, exitCode, message, atOnce }: WizardState): Next {
  return phase === 'exiting' ? { phase, exitCode, message, atOnce } : { phase };
}

describe('the wizard flow', () => {
  it.each(TABLE)('%s, then %s', (from, _when, intent, next) => {
    expect(outcome(wizardReducer(STATES[from], intent))).toEqual(next);
  });

  it('starts from every phase at least once', () => {
    const phases: Phase[] = ['loading', 'menu', 'creating', 'check', 'confirm', 'running', 'failure', 'summary', 'exiting'];
    expect(new Set(TABLE.map(([from]) => STATES[from].phase))).toEqual(new Set(phases));
  });

  it('changes nothing once it is exiting', () => {
    for (const intent of [loaded(local), checked, quit, ctrlC, ended('ok')]) expect(wizardReducer(STATES.exiting, intent)).toBe(STATES.exiting);
  });

  it('retries only what did not finish: the steps that finished are kept for the next attempt', () => {
    expect([...STATES.failure.finished.keys()]).toEqual(['reset']);
    expect(wizardReducer(STATES.failure, { type: 'retry-requested' }).finished).toBe(STATES.failure.finished);
  });

  it('reads the local settings after the menu, and the config again after r', () => {
    expect(wizardReducer(STATES.menu, { type: 'menu-chosen', choice: 'local' }).source).toBe('local');
    expect(wizardReducer(STATES['checks failed'], { type: 'recheck-requested' }).source).toBe('config');
  });

  it('keeps the written config to show on the way out', () => {
    const state = wizardReducer(STATES.creating, { type: 'config-created', path: '/x/sparkify.cfg', keys: ['[CLUSTER] HOST (line 7)'] });
    expect(state.createdConfig).toEqual({ path: '/x/sparkify.cfg', keys: ['[CLUSTER] HOST (line 7)'] });
    // "No config file found" was the menu's reason: it is not shown under the config just written.
    expect(state.problems).toEqual([]);
  });

  it('leaves the menu without showing the missing config as an error', () => {
    // As the CLI loads it: no config file, said as a problem of the file it looked for.
    const missing = { severity: 'error' as const, file: '/x/sparkify.cfg', message: 'no config file found (looked for sparkify.cfg and dwh.cfg)', fix: 'create one' };
    const menu = wizardReducer(initialState({ kind: 'run', yes: false }), { type: 'config-loaded', problems: [missing], noConfig: true });
    expect(menu.phase).toBe('menu');
    for (const choice of ['quit', 'create'] as const) {
      const next = wizardReducer(menu, { type: 'menu-chosen', choice });
      expect(next.problems).toEqual([]);
      expect(hasErrors(next)).toBe(false);
    }
  });

  it('asks for the database name on Redshift, and counts the rows a reset would drop', () => {
    expect(wizardReducer(STATES['confirm on Redshift'], confirmed)).toMatchObject({ typing: true, typed: '' });
    expect(wizardReducer(STATES.confirm, { type: 'rows-counted', error: 'denied' })).toMatchObject({ counts: undefined, countsError: 'denied' });
  });
});
