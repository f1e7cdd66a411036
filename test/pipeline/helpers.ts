// The pipeline tests' warehouse: the local harness (test/local/helpers.ts) on a generated Sparkify
// dataset and a temp DuckDB file, with the pipeline's DataApi on top. Plus a reading of the generated files in plain JS, independent of any SQL, so the
// pipeline's results can be checked against it.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { Target } from '../../src/config/target.js';
import type { LocalEndpoint } from '../../src/local/server.js';
import { parseFaults } from '../../src/local/faults.js';
import { startHarness, type Plain } from '../local/helpers.js';
import { writeSample, type SampleOptions, type SampleSummary } from '../../src/local/sample/generate.js';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import type { Plan } from '../../src/pipeline/plan.js';
import { runPlan, type RunSummary } from '../../src/pipeline/runner.js';

// As the CLI does: the SDK's notice about its own future Node requirement is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface Warehouse {
  dataDir: string;
  dbPath: string;
  endpoint: LocalEndpoint;
  client: RedshiftDataClient;
  api: DataApi;
  target: Target;
  sample: SampleSummary;
  /** Runs one SQL statement through the client and returns its rows as plain values. */
  query(sql: string): Promise<Plain[][]>;
  close(): Promise<void>;
}

export type { Plain };

/** Generates a dataset into a temp dir and starts the harness on it, with a temp DuckDB file. */
export async function startWarehouse(name: string, sample: SampleOptions, options: { faults?: string } = {}): Promise<Warehouse> {
  const root = await mkdtemp(join(tmpdir(), `sparkify-pipeline-${name}-`));
  const dataDir = join(root, 'mirror');
  const dbPath = join(root, 'warehouse.duckdb');
  const summary = writeSample(dataDir, sample);
  const h = await startHarness(name, { dataDir, dbPath, faults: options.faults === undefined ? undefined : parseFaults(options.faults) });
  const target: Target = { kind: 'local', dbPath, dataDir };
  return {
    dataDir, dbPath, endpoint: h.ep, client: h.client, api: new DataApi(h.client, target), target, sample: summary, query: h.query,
    async close() {
      await h.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Runs a plan on the warehouse and keeps every event it emits, in order. */
export async function runCollecting(
  wh: Warehouse,
  plan: Plan,
  options: { concurrency?: number; signal?: AbortSignal; onEvent?: (e: PipelineEvent) => void; failOnCheck?: boolean } = {},
): Promise<{ summary: RunSummary; events: PipelineEvent[] }> {
  const events: PipelineEvent[] = [];
  const summary = await runPlan(plan, {
    api: wh.api,
    target: 'local test warehouse',
    concurrency: options.concurrency ?? 4,
    signal: options.signal,
    failOnCheck: options.failOnCheck,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return { summary, events };
}

// ---- The generated files, read with plain JS ----

export interface SongFile {
  key: string;
  song: {
    song_id: string;
    artist_id: string;
    artist_name: string;
    artist_location: string;
    artist_latitude: number | null;
    artist_longitude: number | null;
    title: string;
    duration: number;
    year: number;
  };
}

export interface LogLine {
  /** s3:// URI of the file, as a COPY reports it. */
  uri: string;
  line: number;
  event: {
    artist: string | null;
    song: string | null;
    firstName: string | null;
    lastName: string | null;
    gender: string | null;
    location: string | null;
    userAgent: string | null;
    length: number | null;
    level: string;
    page: string;
    sessionId: number;
    itemInSession: number;
    ts: number;
    userId: string;
  };
}

export interface Dataset {
  songs: SongFile[];
  logLines: LogLine[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out.sort();
}

const uriOf = (dataDir: string, path: string) => `s3://${relative(dataDir, path).split(sep).join('/')}`;

/** Every song file and every log line under DATA_DIR/udacity-dend, parsed with JSON.parse. */
export async function readDataset(dataDir: string, logPrefix = 'log_data'): Promise<Dataset> {
  const bucket = join(dataDir, 'udacity-dend');
  const songs: SongFile[] = [];
  for (const path of await filesUnder(join(bucket, 'song_data'))) {
    songs.push({ key: uriOf(dataDir, path), song: JSON.parse(await readFile(path, 'utf8')) });
  }
  const logLines: LogLine[] = [];
  for (const path of await filesUnder(join(bucket, logPrefix))) {
    const text = await readFile(path, 'utf8');
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      logLines.push({ uri: uriOf(dataDir, path), line: i + 1, event: JSON.parse(raw) });
    });
  }
  return { songs, logLines };
}

/** Epoch milliseconds of a warehouse TIMESTAMP as the Data API returns it ("2018-11-01 21:01:46.796"). */
export function epochMs(timestamp: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$/.exec(timestamp);
  if (!m) throw new Error(`not a timestamp: '${timestamp}'`);
  const [, y, mo, d, h, mi, s, fraction = ''] = m;
  const ms = Number(fraction.padEnd(9, '0')) / 1e6; // nanoseconds to milliseconds, exact for whole ms
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + ms;
}

/** The events of one step, in the order they were emitted, with their index in the whole stream. */
export function stepEvents(events: PipelineEvent[], step: string): { index: number; event: PipelineEvent }[] {
  return events.map((event, index) => ({ index, event })).filter(({ event }) => 'step' in event && event.step === step);
}

/** Index of the first event for STEP that satisfies the predicate, or -1. */
export function indexOf(events: PipelineEvent[], step: string, predicate: (e: PipelineEvent) => boolean): number {
  return events.findIndex((e) => 'step' in e && e.step === step && predicate(e));
}

export const isSubmitted = (e: PipelineEvent) => e.type === 'status' && e.status === 'submitted';
export const isFinished = (e: PipelineEvent) => e.type === 'finished';
