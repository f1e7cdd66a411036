// Live load progress against the real local endpoint: each COPY is watched through the load
// history (SYS_LOAD_HISTORY, SYS_LOAD_DETAIL) while it runs, its rows come from there and not
// from ResultRows (0 after a COPY, on Redshift and here), and a warehouse that will not answer
// the progress queries changes nothing but the display.

import { DescribeStatementCommand } from '@aws-sdk/client-redshift-data';
import { afterEach, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { runPlan } from '../../src/pipeline/runner.js';
import { runCollecting, startWarehouse, type Warehouse } from './helpers.js';

const plan = buildPlan('run', UDACITY_SOURCES);
type Progress = Extract<PipelineEvent, { type: 'progress' }>;

let wh: Warehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

describe('a run that watches its COPYs', () => {
  it('hears each COPY move, in order, bounded by its totals, between its start and its end', async () => {
    // 300 song files read at 10 ms each: about 3 s of COPY, several samples at two a second.
    wh = await startWarehouse('progress', { songs: 300, events: 500, seed: 7 }, { faults: 'file-latency=10' });
    const { summary, events } = await runCollecting(wh, plan);
    expect(summary.ok).toBe(true);

    const songs = events.filter((e): e is Progress => e.type === 'progress' && e.step === 'staging_songs');
    expect(songs.length).toBeGreaterThanOrEqual(3);
    for (const [i, p] of songs.entries()) {
      expect(p.filesTotal).toBe(300);
      expect(p.filesDone).toBeLessThanOrEqual(p.filesTotal);
      // Many small files are sized as they are read: their bytes are known (not 0) once all are.
      expect(p.bytesTotal === 0 || p.filesDone === p.filesTotal).toBe(true);
      if (p.bytesTotal > 0) expect(p.bytesDone).toBe(p.bytesTotal);
      if (i > 0) {
        expect(p.filesDone).toBeGreaterThanOrEqual(songs[i - 1]!.filesDone);
        expect(p.bytesDone).toBeGreaterThanOrEqual(songs[i - 1]!.bytesDone);
        expect(p.at).toBeGreaterThanOrEqual(songs[i - 1]!.at);
      }
    }
    // Some sample saw the COPY part way: the bar moved rather than jumping from nothing to all.
    expect(songs.some((p) => p.filesDone > 0 && p.filesDone < p.filesTotal)).toBe(true);

    const at = (predicate: (e: PipelineEvent) => boolean) => events.findIndex((e) => 'step' in e && e.step === 'staging_songs' && predicate(e));
    const started = at((e) => e.type === 'status' && e.status === 'started');
    const finished = at((e) => e.type === 'finished');
    expect(started).toBeGreaterThanOrEqual(0);
    expect(events.indexOf(songs[0]!)).toBeGreaterThan(started);
    expect(events.indexOf(songs.at(-1)!)).toBeLessThan(finished);
  });

  it("takes each COPY's rows from the load history: they equal the staging counts while ResultRows says 0", async () => {
    wh = await startWarehouse('copy-rows', { songs: 40, events: 300, seed: 3 });
    const { summary, events } = await runCollecting(wh, plan);
    expect(summary.ok).toBe(true);
    for (const table of ['staging_events', 'staging_songs']) {
      const done = events.find((e): e is Extract<PipelineEvent, { type: 'finished' }> => e.type === 'finished' && e.step === table)!;
      expect(done.rows).toBe(summary.counts[table]);
      expect(done.rows).toBeGreaterThan(0);
      const described = await wh.client.send(new DescribeStatementCommand({ Id: done.statementId }));
      expect(described.ResultRows).toBe(0);
    }
  });
});

describe('a warehouse that does not answer the progress queries', () => {
  it('still builds everything: the progress is left out, the run is the same', async () => {
    // Every statement that reads the load history fails, as it would without the permission.
    wh = await startWarehouse('no-progress', { songs: 60, events: 300, seed: 5 }, { faults: 'file-latency=5,fail=sys_load_history' });
    const { summary, events } = await runCollecting(wh, plan);
    expect(summary.ok).toBe(true);
    expect(events.filter((e) => e.type === 'progress')).toEqual([]);
    expect(summary.counts.staging_songs).toBe(60);
    expect(summary.counts.staging_events).toBe(300);
    // Not known, rather than a wrong figure.
    expect(events.find((e) => e.type === 'finished' && e.step === 'staging_songs')).toMatchObject({ rows: -1 });
  });

  it('asks the load history only for the rows, once per COPY after it ended and not its files, when told not to watch', async () => {
    wh = await startWarehouse('progress-off', { songs: 30, events: 100, seed: 9 }, { faults: 'file-latency=5' });
    const summary = await runPlan(plan, { api: wh.api, target: 'local', concurrency: 4, loadProgress: false, onEvent: () => undefined });
    expect(summary.ok).toBe(true);
    const asked = (text: string) => wh!.query(`SELECT count(*) FROM sys_query_history WHERE query_text LIKE '%${text}%' AND query_text NOT LIKE '%sys_query_history%'`);
    expect(await asked('sys_load_history')).toEqual([[2]]);
    expect(await asked('sys_load_detail')).toEqual([[0]]);
  });
});
