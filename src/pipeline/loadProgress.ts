// How far a running COPY is, asked of the warehouse's own bookkeeping while it runs: its row of
// SYS_LOAD_HISTORY and its files in SYS_LOAD_DETAIL, which provisioned clusters and Serverless
// both keep (STV_LOAD_STATE is provisioned-only and moves once per million records). Each sample
// is one small statement of its own; the next starts when it has ended, so at most one is in
// flight per COPY. Progress is a help: a sample that fails or is refused ends the watch, and the
// COPY goes on as if nobody had asked.

import { setTimeout as sleep } from 'node:timers/promises';
import { loadProgressQuery } from '../sql/pipelineSql.js';
import type { DataApi } from './dataApiClient.js';
import type { CallOptions } from './retryPolicy.js';
import type { ResultRow } from './results.js';

export interface LoadProgress {
  filesDone: number;
  /** 0 while the warehouse has not yet said how many files the COPY reads. */
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Rows read so far; the rows loaded once the COPY has completed. */
  rows: number;
}

/** What a sample says: the COPY's status in the load history and how far it is. */
export interface LoadSample {
  status: string;
  progress: LoadProgress;
}

/** A sample every half second while a COPY runs, or as soon as the previous one ended if slower. */
export const SAMPLE_EVERY_MS = 500;

/** The one row of loadProgressQuery, or undefined while the warehouse has no row for the COPY. */
export function readLoadSample(rows: readonly ResultRow[]): LoadSample | undefined {
  const row = rows[0];
  if (!row) return undefined;
  const [status, loaded, filesTotal, bytesTotal, filesDone, bytesDone, lines] = row.map((v, i) => (i === 0 ? v : Number(v ?? 0))) as [
    string, number, number, number, number, number, number,
  ];
  const running = String(status) === 'running';
  return {
    status: String(status),
    progress: { filesDone, filesTotal, bytesDone, bytesTotal, rows: running ? Math.max(loaded, lines) : loaded },
  };
}

/** One sample of the COPY with this query id. */
async function sampleLoad(api: DataApi, queryId: number, options: CallOptions = {}): Promise<LoadSample | undefined> {
  return readLoadSample(await api.query(loadProgressQuery(queryId), 'sparkify-wizard load progress', options));
}

/**
 * Samples the COPY until `signal` aborts, calling `onProgress` with each sample that moved.
 * Resolves, never rejects: a failed sample ends the watch quietly.
 */
export async function watchLoad(
  api: DataApi,
  queryId: number,
  onProgress: (progress: LoadProgress) => void,
  signal: AbortSignal,
  everyMs = SAMPLE_EVERY_MS,
): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    const asked = performance.now();
    try {
      const sample = await sampleLoad(api, queryId, { signal });
      const key = sample ? JSON.stringify(sample.progress) : '';
      if (sample && key !== last && !signal.aborted) onProgress(sample.progress);
      last = key;
      await sleep(Math.max(0, everyMs - (performance.now() - asked)), undefined, { signal });
    } catch {
      return;
    }
  }
}
