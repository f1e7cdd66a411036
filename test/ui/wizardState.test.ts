import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/config/problem.js';
import type { Settings } from '../../src/config/target.js';
import type { RunResult } from '../../src/pipeline/outcome.js';
import { initialState, wizardReducer, type Intent, type WizardState } from '../../src/ui/wizard/state.js';
import { checksWith, sampleInsights } from './fixtures.js';

const settings: Settings = {
  target: { kind: 'local', dbPath: '/tmp/w.duckdb', dataDir: '/tmp/data' },
  sources: { logData: 's3://b/log_data', logJsonPath: 's3://b/p.json', songData: 's3://b/song_data', iamRole: 'arn:aws:iam::000000000000:role/r' },
};
const run = (intents: Intent[], from: WizardState = initialState({ kind: 'run', yes: false })) => intents.reduce(wizardReducer, from);
/** Checked, confirmed, running: a local reset needs no typing. */
const toRunning: Intent[] = [{ type: 'config-loaded', settings, problems: [], noConfig: false }, { type: 'preflight-finished' }, { type: 'reset-confirmed' }];
const ended = (failed: string[]): Intent => ({
  type: 'run-finished',
  result: {
    end: failed.length ? 'not-built' : 'ok',
    failedSteps: failed,
    liveUnchanged: false,
    summary: { ok: !failed.length, cancelled: false, durationMs: 1, counts: {}, failed, outcomes: new Map([['reset', { status: failed.length ? 'failed' : 'finished' }]]) },
  } satisfies RunResult,
});
const portProblem: Problem = { severity: 'error', file: 'sparkify.cfg', line: 4, section: 'CLUSTER', key: 'DB_PORT', message: "'x' is not a port", fix: 'use 5439' };

describe('the wizard reducer', () => {
  it('opens the menu when there is no config', () => {
    expect(run([{ type: 'config-loaded', problems: [portProblem], noConfig: true }]).phase).toBe('menu');
  });

  it('goes to the checks with a config, marking the config row by its problems', () => {
    const ok = run([{ type: 'config-loaded', settings, problems: [], noConfig: false }]);
    expect(ok.phase).toBe('check');
    expect(ok.probes).toEqual([{ id: 'config', title: 'no config needed for the local warehouse', status: 'ok' }]);
    const bad = run([{ type: 'config-loaded', problems: [portProblem], noConfig: false }]);
    expect(bad.probes[0]).toMatchObject({ status: 'error', detail: '1 problem', title: 'sparkify.cfg parses and every key is well formed' });
  });

  it('updates a check row in place', () => {
    const state = run([
      { type: 'config-loaded', settings, problems: [], noConfig: false },
      { type: 'probe-changed', row: { id: 'target', title: 'the target answers', status: 'running' } },
      { type: 'probe-changed', row: { id: 'target', title: 'the target answers', status: 'ok', detail: 'SELECT 1 in 3 ms' } },
    ]);
    expect(state.probes.map((c) => [c.id, c.status])).toEqual([['config', 'ok'], ['target', 'ok']]);
  });

  it('prints the checks for good when it leaves them, and the progress when a run ends', () => {
    const state = run([
      ...toRunning,
      { type: 'run-progressed', now: 1, event: { type: 'start', at: 0, target: 't', steps: [{ id: 'reset', kind: 'reset', title: 'Reset', dependsOn: [] }] } },
      ended([]),
    ]);
    expect(state.printed.map((p) => p.kind)).toEqual(['probes', 'progress']);
  });

  it('prints the data checks and the insights after the progress when a run that checked the data ends', () => {
    const checks = checksWith();
    const insights = sampleInsights();
    const state = run([
      ...toRunning,
      { type: 'run-progressed', now: 1, event: { type: 'start', at: 0, target: 't', steps: [{ id: 'checks', kind: 'check', title: 'Check the data', dependsOn: [] }] } },
      { type: 'run-progressed', now: 2, event: { type: 'summary', at: 1, ok: true, cancelled: false, durationMs: 1, counts: {}, checks, insights, failed: [] } },
      ended([]),
    ]);
    expect(state.printed.map((p) => p.kind)).toEqual(['probes', 'progress', 'results']);
    expect(state.printed[2]).toMatchObject({ kind: 'results', checks, insights });
  });

  it('prints no results when the run that ends checked nothing', () => {
    const state = run([
      ...toRunning,
      { type: 'run-progressed', now: 1, event: { type: 'start', at: 0, target: 't', steps: [{ id: 'reset', kind: 'reset', title: 'Reset', dependsOn: [] }] } },
      { type: 'run-progressed', now: 2, event: { type: 'summary', at: 1, ok: false, cancelled: false, durationMs: 1, counts: {}, failed: ['reset'] } },
      ended(['reset']),
    ]);
    expect(state.printed.map((p) => p.kind)).toEqual(['probes', 'progress']);
  });

  it('keeps what was typed to confirm, and starts typing afresh', () => {
    const redshift: Settings = { ...settings, target: { kind: 'cluster', clusterIdentifier: 'dwh', database: 'dev', region: 'us-west-2', dbUser: 'awsuser' } };
    const confirming = run([{ type: 'config-loaded', settings: redshift, problems: [], noConfig: false }, { type: 'preflight-finished' }]);
    const state = run([{ type: 'reset-confirmed' }, { type: 'name-typed', text: 'de' }], confirming);
    expect(state).toMatchObject({ typing: true, typed: 'de' });
    expect(run([{ type: 'reset-confirmed' }], state).typed).toBe('');
  });

  it('changes nothing once it is exiting', () => {
    const exiting = run([{ type: 'cancel-requested' }]);
    expect(run([{ type: 'config-loaded', settings, problems: [], noConfig: false }], exiting)).toBe(exiting);
    expect(exiting).toMatchObject({ phase: 'exiting', exitCode: 130, message: 'Cancelled: nothing was changed.' });
  });
});

describe('the rebuild beside the live tables', () => {
  const toConfirm: Intent[] = [{ type: 'config-loaded', settings, problems: [], noConfig: false }, { type: 'preflight-finished' }];
  const notSwapped = (end: 'not-built' | 'untrusted'): Intent => ({
    type: 'run-finished',
    result: {
      end,
      failedSteps: end === 'not-built' ? ['COPY staging_events'] : [],
      liveUnchanged: true,
      summary: { ok: false, cancelled: false, durationMs: 1, counts: {}, failed: end === 'not-built' ? ['staging_events'] : [], outcomes: new Map([['swap', { status: 'skipped' }]]) },
    } satisfies RunResult,
  });

  it('is chosen on the confirmation, or in advance with --swap, and runs without typing a name', () => {
    expect(run([...toConfirm, { type: 'swap-confirmed' }])).toMatchObject({ phase: 'running', strategy: 'swap' });
    expect(initialState({ kind: 'run', yes: false, swap: true }).strategy).toBe('swap');
    expect(initialState({ kind: 'create-tables', yes: false, swap: true }).strategy).toBe('reset');
  });

  it('that failed a step says the live warehouse is unchanged, and can be retried', () => {
    const failed = run([...toConfirm, { type: 'swap-confirmed' }, notSwapped('not-built')]);
    expect(failed).toMatchObject({ phase: 'failure', unchanged: 'COPY staging_events failed: nothing was swapped in. The live warehouse is unchanged.' });
    expect(wizardReducer(failed, { type: 'retry-requested' }).phase).toBe('running');
    expect(wizardReducer(failed, { type: 'quit-requested' })).toMatchObject({ phase: 'exiting', exitCode: 1, message: failed.unchanged });
  });

  it('that failed a data check is not retried: the same tables would fail it again', () => {
    const failed = run([...toConfirm, { type: 'swap-confirmed' }, notSwapped('untrusted')]);
    expect(failed.phase).toBe('failure');
    expect(wizardReducer(failed, { type: 'retry-requested' }).phase).toBe('failure');
  });
});
