// A run that is cancelled, and a run whose COPY fails: what becomes of each step, what the events
// say, and that nothing is left running on the warehouse.

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import type { PipelineEvent, StepStatus } from '../../src/pipeline/events.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import type { RunSummary } from '../../src/pipeline/runner.js';
import { isSubmitted, runCollecting, startWarehouse, type Warehouse } from './helpers.js';

const ACTIVE = ['SUBMITTED', 'PICKED', 'STARTED'];

describe('cancelling a run right after the first COPY is submitted', () => {
  let wh: Warehouse;
  let summary: RunSummary;
  let events: PipelineEvent[];
  const plan = buildPlan('run', UDACITY_SOURCES);

  beforeAll(async () => {
    wh = await startWarehouse('cancel', { songs: 300, events: 2000, seed: 99 });
    const controller = new AbortController();
    ({ summary, events } = await runCollecting(wh, plan, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'status' && e.status === 'submitted' && e.step === 'staging_events') controller.abort();
      },
    }));
  });
  afterAll(async () => {
    await wh?.close();
  });

  it('ends with a summary that says cancelled and not ok', () => {
    expect(events.at(-1)).toMatchObject({ type: 'summary', cancelled: true, ok: false });
    expect(summary).toMatchObject({ cancelled: true, ok: false });
  });

  it('says it is cancelling once, after the COPY was submitted', () => {
    const cancelling = events.filter((e) => e.type === 'cancelling');
    expect(cancelling).toHaveLength(1);
    expect(events.indexOf(cancelling[0]!)).toBeGreaterThan(events.findIndex((e) => 'step' in e && e.step === 'staging_events' && isSubmitted(e)));
  });

  it('leaves every step in a state that ends a cancelled run', () => {
    const allowed: StepStatus[] = ['finished', 'aborted', 'queued', 'skipped'];
    for (const step of plan.steps) {
      const outcome = summary.outcomes.get(step.id);
      expect(outcome, step.id).toBeDefined();
      expect(allowed, `${step.id} ended ${outcome?.status}`).toContain(outcome!.status);
    }
  });

  it('reports the end of every step: each gets exactly one finished, failed, skipped or cancelled event', () => {
    for (const step of plan.steps) {
      const endings = events.filter((e) => 'step' in e && e.step === step.id && ['finished', 'failed', 'skipped', 'cancelled'].includes(e.type));
      expect(endings, step.id).toHaveLength(1);
    }
  });

  it('finished the reset, which ran before the cancel', () => {
    expect(summary.outcomes.get('reset')?.status).toBe('finished');
  });

  it('never submits a step after the cancel', () => {
    const cancelledAt = events.findIndex((e) => e.type === 'cancelling');
    const laterSubmissions = events.slice(cancelledAt).filter((e) => isSubmitted(e) && 'step' in e && !e.step.startsWith('staging_'));
    expect(laterSubmissions).toEqual([]);
    for (const step of ['users', 'songs', 'artists', 'songplays', 'time', 'counts']) {
      expect(summary.outcomes.get(step)?.status, step).toBe('queued');
    }
  });

  it('leaves no statement running on the warehouse', () => {
    const statements = wh.endpoint.store.list();
    expect(statements.length).toBeGreaterThanOrEqual(2); // the reset and at least one COPY reached it
    expect(statements.filter((s) => ACTIVE.includes(s.status)).map((s) => `${s.sql?.slice(0, 30)}: ${s.status}`)).toEqual([]);
  });

  it('stops at least one COPY in the warehouse (the cancel reached it, rather than the COPYs simply finishing)', () => {
    const copies = ['staging_events', 'staging_songs'].map((step) => summary.outcomes.get(step)?.status);
    expect(copies).toContain('aborted');
  });

  it('reports for each submitted COPY the status the warehouse gave it', () => {
    for (const step of ['staging_events', 'staging_songs']) {
      const outcome = summary.outcomes.get(step)!;
      if (outcome.statementId === undefined) continue;
      const status = wh.endpoint.store.get(outcome.statementId).status.toLowerCase();
      expect(outcome.status, step).toBe(status);
    }
  });
});

describe('cancelling a run while a COPY runs in the warehouse', () => {
  let wh: Warehouse;
  let summary: RunSummary;
  let events: PipelineEvent[];
  let abortedAt = 0;
  let endedAt = 0;
  let statusAtAbort: string | undefined;
  const plan = buildPlan('run', UDACITY_SOURCES);

  beforeAll(async () => {
    // Large enough that the COPYs take a good part of a second.
    wh = await startWarehouse('cancel-running', { songs: 3000, events: 20000, seed: 12 });
    const controller = new AbortController();
    const running = runCollecting(wh, plan, { signal: controller.signal, concurrency: 4 });
    // Cancel once the warehouse says a COPY has started (watching the endpoint's own statement list).
    const copyStarted = () => wh.endpoint.store.list().find((s) => s.sql?.startsWith('COPY') && s.status === 'STARTED');
    while (!copyStarted()) {
      if (wh.endpoint.store.list().some((s) => s.sql?.startsWith('COPY') && s.terminal)) break; // too late: the assertions will say so
      await new Promise((r) => setTimeout(r, 2));
    }
    statusAtAbort = copyStarted()?.status;
    abortedAt = performance.now();
    controller.abort();
    ({ summary, events } = await running);
    endedAt = performance.now();
  });
  afterAll(async () => {
    await wh?.close();
  });

  it('caught a COPY running (precondition of the checks below)', () => {
    expect(statusAtAbort).toBe('STARTED');
  });

  it('ends with a summary that says cancelled', () => {
    expect(events.at(-1)).toMatchObject({ type: 'summary', cancelled: true, ok: false });
  });

  it('returns promptly after the cancel (the wait for the statements to stop is bounded)', () => {
    expect(endedAt - abortedAt).toBeLessThan(5000);
  });

  it('leaves every step finished, aborted, queued or skipped', () => {
    for (const step of plan.steps) expect(['finished', 'aborted', 'queued', 'skipped'], step.id).toContain(summary.outcomes.get(step.id)?.status);
  });

  it('leaves no statement running on the warehouse', () => {
    expect(wh.endpoint.store.list().filter((s) => ACTIVE.includes(s.status)).map((s) => `${s.sql?.slice(0, 30)}: ${s.status}`)).toEqual([]);
  });
});

describe('a run whose events COPY meets a malformed JSON line', () => {
  let wh: Warehouse;
  let summary: RunSummary;
  let events: PipelineEvent[];
  const BAD_FILE = '2018-11-07-events.json';
  const BAD_LINE = 3;

  beforeAll(async () => {
    wh = await startWarehouse('copyfail', { songs: 300, events: 2000, seed: 7 });
    // A mirror of log_data with one line broken, under a prefix of its own.
    const from = join(wh.dataDir, 'udacity-dend', 'log_data', '2018', '11');
    const to = join(wh.dataDir, 'udacity-dend', 'broken_log_data', '2018', '11');
    await mkdir(to, { recursive: true });
    for (const name of await readdir(from)) {
      let text = await readFile(join(from, name), 'utf8');
      if (name === BAD_FILE) {
        const lines = text.split('\n');
        expect(lines.length).toBeGreaterThan(BAD_LINE);
        lines[BAD_LINE - 1] = lines[BAD_LINE - 1]!.replace(/,"auth":/, ',"auth": ,');
        text = lines.join('\n');
      }
      await writeFile(join(to, name), text);
    }
    const sources = { ...UDACITY_SOURCES, logData: 's3://udacity-dend/broken_log_data' };
    ({ summary, events } = await runCollecting(wh, buildPlan('run', sources)));
  });
  afterAll(async () => {
    await wh?.close();
  });

  const failed = () => events.find((e) => e.type === 'failed' && e.step === 'staging_events') as Extract<PipelineEvent, { type: 'failed' }> | undefined;

  it('fails the staging_events COPY with the engine\'s error', () => {
    expect(failed()).toBeDefined();
    expect(failed()!.error).toMatch(/\S/);
  });

  it('carries the load errors, naming the s3:// file and the line of the bad record', () => {
    expect(failed()!.loadErrors).toBeDefined();
    expect(failed()!.loadErrors).toContainEqual(
      expect.objectContaining({ file: `s3://udacity-dend/broken_log_data/2018/11/${BAD_FILE}`, line: BAD_LINE }),
    );
  });

  it('loads nothing into staging_events (a failed COPY loads nothing)', async () => {
    const [[n]] = (await wh.query('SELECT COUNT(*) FROM staging_events')) as [[number]];
    expect(Number(n)).toBe(0);
  });

  it.each(['users', 'songplays', 'time', 'counts'])('skips %s, which needs staging_events', (step) => {
    expect(summary.outcomes.get(step)?.status).toBe('skipped');
    expect(events).toContainEqual(expect.objectContaining({ type: 'skipped', step }));
  });

  it.each(['reset', 'staging_songs', 'songs', 'artists'])('still finishes %s, which does not need staging_events', (step) => {
    expect(summary.outcomes.get(step)?.status).toBe('finished');
  });

  it('ends with a summary that is not ok and names the failed step', () => {
    expect(events.at(-1)).toMatchObject({ type: 'summary', ok: false, cancelled: false, failed: ['staging_events'] });
  });

  it('reports no counts, since the count step never ran', () => {
    expect(events.some((e) => e.type === 'counts')).toBe(false);
    expect(summary.counts).toEqual({});
  });
});
