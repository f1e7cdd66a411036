// A running COPY in words, from its load samples: files and megabytes read of the total, rows
// so far, the rate and the time left. The wizard and --plain print the same facts.

import { count, megabytes, percent, plural, roughly } from '../format.js';
import type { LoadProgress } from '../pipeline/loadProgress.js';

/** Bytes and files per second between two samples; undefined until time has passed between them. */
export interface LoadRate {
  bytesPerSecond: number;
  filesPerSecond: number;
}

export function rateBetween(first: LoadProgress, firstAt: number, latest: LoadProgress, at: number): LoadRate | undefined {
  const seconds = (at - firstAt) / 1000;
  if (seconds <= 0 || latest.filesDone <= first.filesDone) return undefined;
  return { bytesPerSecond: (latest.bytesDone - first.bytesDone) / seconds, filesPerSecond: (latest.filesDone - first.filesDone) / seconds };
}

/** The share of the files read, when the total is known. */
export function loadShare(p: LoadProgress): number | undefined {
  return p.filesTotal > 0 ? Math.min(1, p.filesDone / p.filesTotal) : undefined;
}

/** "4,120/14,896 files · 3.2/11.5 MB · 52,300 rows · 1.1 MB/s · 8 s left" */
export function loadFacts(p: LoadProgress, rate?: LoadRate): string {
  const facts = [
    p.filesTotal > 0 ? `${count(p.filesDone)}/${plural(p.filesTotal, 'file')}` : `${plural(p.filesDone, 'file')} read`,
    p.bytesTotal > 0 ? `${megabytes(p.bytesDone).replace(' MB', '')}/${megabytes(p.bytesTotal)}` : megabytes(p.bytesDone),
    plural(p.rows, 'row'),
  ];
  const left = timeLeft(p, rate);
  // Once every file is read, the rate is history: what is left is the engine's load.
  if (left === 0) return [...facts, 'all read, loading'].join(' · ');
  if (rate && rate.bytesPerSecond > 0) facts.push(`${megabytes(rate.bytesPerSecond)}/s`);
  if (left !== undefined) facts.push(`${roughly(left)} left`);
  return facts.join(' · ');
}

/** Milliseconds left at the current rate, by bytes when the total is known, else by files. */
function timeLeft(p: LoadProgress, rate?: LoadRate): number | undefined {
  if (p.filesTotal > 0 && p.filesDone >= p.filesTotal) return 0;
  if (!rate) return undefined;
  if (p.bytesTotal > 0 && rate.bytesPerSecond > 0) return ((p.bytesTotal - p.bytesDone) / rate.bytesPerSecond) * 1000;
  if (p.filesTotal > 0 && rate.filesPerSecond > 0) return ((p.filesTotal - p.filesDone) / rate.filesPerSecond) * 1000;
  return undefined;
}

/** The plain line's facts with the share first: "28% · 4,120 of 14,896 files · ...". */
export function loadLine(p: LoadProgress, rate?: LoadRate): string {
  const share = loadShare(p);
  // A share shown as 100% would say the reading is done: it is truncated, never rounded up.
  return `${share === undefined ? '' : `${percent(Math.floor(share * 100) / 100)} · `}${loadFacts(p, rate)}`;
}
