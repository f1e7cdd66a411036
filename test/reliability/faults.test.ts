// The pipeline survives the faults the Data API really has, and runs each statement once.

import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import { parseFaults } from '../../src/local/faults.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint } from '../../src/local/server.js';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { runPlan } from '../../src/pipeline/runner.js';

const FAULTS = 'throttle=0.2,error5xx=0.1,drop=0.05,latency=20';
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
let data: string;
let expected: Record<string, number>;
const tally = { runs: 0, exact: 0, throttle: 0, error5xx: 0, drop: 0, retries: 0, statementsRunTwice: 0 };

/** Row counts from the files themselves, not from the pipeline's SQL. */
function countFromFiles(root: string): Record<string, number> {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const songs = walk(join(root, 'udacity-dend', 'song_data')).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const events = walk(join(root, 'udacity-dend', 'log_data')).flatMap((f) => readFileSync(f, 'utf8').split('\n').map((l) => JSON.parse(l)));
  const plays = events.filter((e) => e.page === 'NextSong');
  return {
    staging_events: events.length,
    staging_songs: songs.length,
    songplays: plays.length,
    users: new Set(plays.map((e) => e.userId)).size,
    songs: new Set(songs.map((s) => s.song_id)).size,
    artists: new Set(songs.map((s) => s.artist_id)).size,
    time: new Set(plays.map((e) => e.ts)).size,
  };
}

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'faults-data-'));
  writeSample(data, { songs: 120, events: 500, seed: 77 });
  expected = countFromFiles(data);
});

afterAll(() => {
  // The figures for the record: runs, faults injected by kind, retries, counts exact.
  console.log(`fault runs (${FAULTS}): ${JSON.stringify(tally)}`);
});

describe(`the whole pipeline against an endpoint injecting ${FAULTS}`, () => {
  it.each(SEEDS)('seed %i: finishes with exactly the expected counts, each statement run once', async (seed) => {
    const endpoint = await startLocalEndpoint({ dataDir: data, faults: parseFaults(FAULTS), seed });
    try {
      const target = { kind: 'local' as const, dbPath: ':memory:', dataDir: data };
      const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
      const events: PipelineEvent[] = [];
      const plan = buildPlan('run', UDACITY_SOURCES);
      // Unwatched, so that every call is a step's and its retries are all reported (the watching is
      // tested under these faults below).
      const summary = await runPlan(plan, { api, target: 'faulty endpoint', concurrency: 4, loadProgress: false, onEvent: (e) => events.push(e) });
      api.client.destroy();

      tally.runs++;
      tally.retries += events.filter((e) => e.type === 'retry').length;
      for (const kind of ['throttle', 'error5xx', 'drop'] as const) tally[kind] += endpoint.faults.injected[kind];
      expect(summary.ok, JSON.stringify(events.filter((e) => e.type === 'failed'))).toBe(true);
      expect(summary.counts).toEqual(expected);
      tally.exact++;

      // The statement log: every step's SQL was executed by exactly one statement.
      const executed = endpoint.store.list().map((s) => s.submission.sqls.join(';\n'));
      for (const step of plan.steps) {
        const runs = executed.filter((sql) => sql === step.sql.join(';\n')).length;
        if (runs !== 1) tally.statementsRunTwice++;
        expect(runs, step.id).toBe(1);
      }
    } finally {
      await endpoint.close();
    }
  });

  it('injected every kind of fault over the seeds, and retried them', () => {
    expect(tally.runs).toBe(SEEDS.length);
    expect(tally.throttle).toBeGreaterThan(0);
    expect(tally.error5xx).toBeGreaterThan(0);
    expect(tally.drop).toBeGreaterThan(0);
    expect(tally.retries).toBeGreaterThanOrEqual(tally.throttle + tally.error5xx);
  });
});

describe(`the COPYs watched while the endpoint injects ${FAULTS}`, () => {
  it('a sample that meets a fault is retried or given up, and the run is the same', async () => {
    for (const seed of [3, 11]) {
      const endpoint = await startLocalEndpoint({ dataDir: data, faults: parseFaults(`${FAULTS},file-latency=3`), seed });
      try {
        const target = { kind: 'local' as const, dbPath: ':memory:', dataDir: data };
        const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
        const summary = await runPlan(buildPlan('run', UDACITY_SOURCES), { api, target: 'faulty endpoint', concurrency: 4, onEvent: () => undefined });
        api.client.destroy();
        expect(summary.ok).toBe(true);
        expect(summary.counts).toEqual(expected);
      } finally {
        await endpoint.close();
      }
    }
  });
});

describe('the active-statements limit', () => {
  it('waits and resubmits with fewer statements in flight, and still finishes', async () => {
    const endpoint = await startLocalEndpoint({ dataDir: data, faults: parseFaults('active-limit=1,slow=100') });
    try {
      const target = { kind: 'local' as const, dbPath: ':memory:', dataDir: data };
      const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
      const events: PipelineEvent[] = [];
      const summary = await runPlan(buildPlan('run', UDACITY_SOURCES), { api, target: 't', concurrency: 4, onEvent: (e) => events.push(e) });
      api.client.destroy();
      expect(summary.ok).toBe(true);
      expect(summary.counts).toEqual(expected);
      expect(events.some((e) => e.type === 'retry' && e.reason === 'too many active statements')).toBe(true);
      expect(endpoint.faults.injected['active-limit']).toBeGreaterThan(0);
    } finally {
      await endpoint.close();
    }
  });
});

describe('a statement that fails', () => {
  it('fails its step and what depends on it, while independent steps finish', async () => {
    const endpoint = await startLocalEndpoint({ dataDir: data, faults: parseFaults('fail=^INSERT INTO songs\\b') });
    try {
      const target = { kind: 'local' as const, dbPath: ':memory:', dataDir: data };
      const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
      const summary = await runPlan(buildPlan('run', UDACITY_SOURCES), { api, target: 't', concurrency: 4, onEvent: () => undefined });
      api.client.destroy();
      expect(summary.ok).toBe(false);
      expect(summary.failed).toEqual(['songs']);
      const status = (id: string) => summary.outcomes.get(id)?.status;
      expect(['users', 'artists', 'songplays', 'time'].map(status)).toEqual(['finished', 'finished', 'finished', 'finished']);
      expect(status('counts')).toBe('skipped');
    } finally {
      await endpoint.close();
    }
  });
});
