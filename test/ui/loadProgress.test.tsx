// A running COPY on screen: the load line's figures, the bar's frames for fixed states, the
// progress reducer and the --plain lines, all from progress events.

import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { readLoadSample, type LoadProgress } from '../../src/pipeline/loadProgress.js';
import { loadFacts, loadLine, rateBetween } from '../../src/ui/loadLine.js';
import { plainReporter, PROGRESS_EVERY_MS } from '../../src/ui/plainReporter.js';
import { initialProgress, progressReducer, type ProgressState } from '../../src/ui/wizard/progress.js';
import { Progress } from '../../src/ui/wizard/views/Progress.js';
import { renderAt } from './ink.js';

const songs = (filesDone: number, bytesDone: number, rows: number): LoadProgress => ({
  filesDone, filesTotal: 14_896, bytesDone, bytesTotal: 11_500_000, rows,
});

describe('a load sample', () => {
  it('reads the row of the load history: rows read so far while running, rows loaded once completed', () => {
    expect(readLoadSample([['running', 0, 14896, 11500000, 4120, 3180000, 4120]])).toEqual({ status: 'running', progress: songs(4120, 3_180_000, 4120) });
    expect(readLoadSample([['completed', 14896, 14896, 11500000, 14896, 11500000, 14900]])?.progress.rows).toBe(14_896);
  });

  it('is nothing while the warehouse has no row for the COPY yet', () => {
    expect(readLoadSample([])).toBeUndefined();
  });
});

describe('the load line', () => {
  it('says files and megabytes of the total, rows, the rate and the time left', () => {
    const rate = rateBetween(songs(1000, 1_000_000, 1000), 0, songs(4120, 3_180_000, 4120), 2000);
    expect(loadFacts(songs(4120, 3_180_000, 4120), rate)).toBe('4,120/14,896 files · 3.2/11.5 MB · 4,120 rows · 1.1 MB/s · 8 s left');
  });

  it('starts with the share of files read, truncated so it says 100% only when reading is done', () => {
    expect(loadLine(songs(14_890, 11_490_000, 14_890))).toMatch(/^99% · /);
    expect(loadLine(songs(14_896, 11_500_000, 14_896))).toBe('100% · 14,896/14,896 files · 11.5/11.5 MB · 14,896 rows · all read, loading');
  });

  it('says what it knows when the warehouse has not given the totals', () => {
    expect(loadLine({ filesDone: 12, filesTotal: 0, bytesDone: 2_000_000, bytesTotal: 0, rows: 300 })).toBe('12 files read · 2.0 MB · 300 rows');
  });

  it('gives no rate before two samples apart in time', () => {
    expect(rateBetween(songs(10, 100, 10), 500, songs(10, 100, 10), 500)).toBeUndefined();
  });
});

type Ev = DistributiveOmit<PipelineEvent, 'at'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const start: Ev = {
  type: 'start', target: 'local warehouse', steps: [{ id: 'staging_songs', kind: 'copy', title: 'COPY staging_songs', table: 'staging_songs', dependsOn: [] }],
};
const progressEvent = (p: LoadProgress): Ev => ({ type: 'progress', step: 'staging_songs', ...p });

function screen(events: Ev[]): ProgressState {
  return events.reduce((state, e, n) => progressReducer(state, { ...e, at: n * 1000 } as PipelineEvent, 1000 * n), initialProgress);
}

describe('the wizard\'s COPY row', () => {
  const running = screen([
    start,
    { type: 'status', step: 'staging_songs', status: 'started', statementId: 'id-1' },
    progressEvent(songs(1000, 1_000_000, 1000)),
    progressEvent(songs(4120, 3_180_000, 4120)),
  ]);

  it('keeps the first and the latest sample, for the rate', () => {
    const row = running.steps[0]!;
    expect(row.load).toMatchObject({ first: { filesDone: 1000 }, firstAt: 2000, latest: { filesDone: 4120 }, at: 3000 });
  });

  it('counts the rate from the last sample before any file was read, not through the listing', () => {
    const listed = screen([
      start,
      { type: 'status', step: 'staging_songs', status: 'started', statementId: 'id-1' },
      progressEvent(songs(0, 0, 0)),
      progressEvent(songs(0, 0, 0)),
      progressEvent(songs(0, 0, 0)),
      progressEvent(songs(1000, 1_000_000, 1000)),
    ]);
    expect(listed.steps[0]!.load).toMatchObject({ first: { filesDone: 0 }, firstAt: 4000, latest: { filesDone: 1000 }, at: 5000 });
    const frame = renderAt(<Progress state={listed} />, 100).lastFrame();
    expect(frame).toContain('1.0 MB/s · 11 s left');
  });

  it('shows a bar under the running COPY with files, megabytes, rows, rate and time left', () => {
    const frame = renderAt(<Progress state={running} />, 100).lastFrame();
    const lines = frame.split('\n');
    const copy = lines.findIndex((l) => l.includes('COPY staging_songs'));
    expect(lines[copy + 1]).toMatch(/^ {4}█{4}░{12} {2}27% · 4,120\/14,896 files · 3\.2\/11\.5 MB · 4,120 rows · 2\.2 MB\/s · 4 s left$/);
  });

  it('keeps the bar on one line when the figures are long, cutting the figures instead', () => {
    const huge = { filesDone: 30, filesTotal: 30, bytesDone: 467_100_000, bytesTotal: 467_100_000, rows: 1_000_000 };
    const state = progressReducer(running, { type: 'progress', step: 'staging_songs', ...huge, at: 4000 }, 4000);
    const lines = renderAt(<Progress state={state} />, 80).lastFrame().split('\n');
    const copy = lines.findIndex((l) => l.includes('COPY staging_songs'));
    expect(lines[copy + 1]).toMatch(/^ {4}█{5} {2}100% · 30\/30 files · 467\.1\/467\.1 MB · 1,000,000 rows · .*…$/);
    expect(lines[copy + 2]).not.toContain('█');
  });

  it('fits 80 columns', () => {
    const { lastFrame, unmount } = renderAt(<Progress state={running} />, 80);
    const widest = Math.max(...lastFrame().split('\n').map((l) => l.length));
    unmount();
    expect(widest).toBeLessThanOrEqual(80);
  });

  it('drops the bar once the COPY has ended, and shows its rows', () => {
    const done = progressReducer(running, { type: 'finished', step: 'staging_songs', rows: 14_896, durationMs: 5000, statementId: 'id-1', at: 5000 }, 5000);
    const frame = render(<Progress state={done} />).lastFrame()!;
    expect(frame).not.toContain('░░░░░');
    expect(frame).toMatch(/COPY staging_songs\s+finished\s+5\.00 s\s+14,896 rows/);
  });

  it('ignores a late sample after the COPY ended', () => {
    const done = progressReducer(running, { type: 'finished', step: 'staging_songs', rows: 14_896, durationMs: 5000, statementId: 'id-1', at: 5000 }, 5000);
    expect(progressReducer(done, { type: 'progress', step: 'staging_songs', ...songs(14_000, 1, 1), at: 5100 }, 5100)).toBe(done);
  });
});

describe('--plain during a COPY', () => {
  it('counts the rate from the last sample before any file was read', () => {
    const lines: string[] = [];
    const on = plainReporter((l) => lines.push(l));
    on({ ...start, at: 0 } as PipelineEvent);
    // Listing for a while (no file read), then 1,000 files a second.
    for (let at = 0; at <= 3000; at += 500) on({ type: 'progress', step: 'staging_songs', ...songs(0, 0, 0), at });
    for (let at = 3500; at <= 3000 + PROGRESS_EVERY_MS; at += 500) on({ type: 'progress', step: 'staging_songs', ...songs(at - 3000, (at - 3000) * 1000, at - 3000), at });
    expect(lines.filter((l) => l.includes('LOADING')).at(-1)).toContain('1.0 MB/s');
  });


  it('prints a line per running COPY every few seconds, not one per sample', () => {
    const lines: string[] = [];
    const on = plainReporter((l) => lines.push(l));
    on({ ...start, at: 0 } as PipelineEvent);
    for (let at = 0; at <= 2 * PROGRESS_EVERY_MS; at += 500) {
      on({ type: 'progress', step: 'staging_songs', ...songs(at, at * 1000, at), at });
    }
    const loading = lines.filter((l) => l.includes('LOADING'));
    expect(loading).toEqual([
      '1 of 1 LOADING   COPY staging_songs     33% · 5,000/14,896 files · 5.0/11.5 MB · 5,000 rows · 1.0 MB/s · 7 s left',
      '1 of 1 LOADING   COPY staging_songs     67% · 10,000/14,896 files · 10.0/11.5 MB · 10,000 rows · 1.0 MB/s · 2 s left',
    ]);
  });
});
