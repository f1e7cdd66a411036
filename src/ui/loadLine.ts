// A running COPY in words, from its load samples: files and megabytes read of the total, rows
// so far, the rate and the time left. The wizard and --plain print the same facts, and `mirror`
// the same figures of its downloads (a Transfer: files and bytes, without rows).

import { count, megabytes, percent, plural, roughly } from '../format.js';
import type { LoadProgress } from '../pipeline/loadProgress.js';

/** Files and bytes done of a total (0 while the total is not known). */
export interface Transfer {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Bytes and files per second between two samples; undefined until time has passed between them. */
export interface LoadRate {
  bytesPerSecond: number;
  filesPerSecond: number;
}

/** The sample a rate counts from, with its time. */
export interface RateStart<T extends Transfer> {
  first: T;
  firstAt: number;
}

/**
 * Where the rate counts from once `latest` is heard: the first sample, or the latest while no
 * file is read yet (listing a prefix is not reading it).
 */
export function rateStart<T extends Transfer>(start: RateStart<T> | undefined, latest: T, at: number): RateStart<T> {
  return !start || latest.filesDone === 0 ? { first: latest, firstAt: at } : { first: start.first, firstAt: start.firstAt };
}

export function rateBetween(first: Transfer, firstAt: number, latest: Transfer, at: number): LoadRate | undefined {
  const seconds = (at - firstAt) / 1000;
  if (seconds <= 0 || latest.filesDone <= first.filesDone) return undefined;
  return { bytesPerSecond: (latest.bytesDone - first.bytesDone) / seconds, filesPerSecond: (latest.filesDone - first.filesDone) / seconds };
}

/** The share of the files read, when the total is known. */
export function loadShare(p: Transfer): number | undefined {
  return p.filesTotal > 0 ? Math.min(1, p.filesDone / p.filesTotal) : undefined;
}

/** "4,120/14,896 files · 3.2/11.5 MB · 52,300 rows · 1.1 MB/s · 8 s left" */
export function loadFacts(p: LoadProgress, rate?: LoadRate): string {
  const facts = [...filesAndBytes(p, 'read'), plural(p.rows, 'row')];
  const left = timeLeft(p, rate);
  // Once every file is read, the rate is history: what is left is the engine's load.
  if (left === 0) return [...facts, 'all read, loading'].join(' · ');
  if (rate && rate.bytesPerSecond > 0) facts.push(`${megabytes(rate.bytesPerSecond)}/s`);
  if (left !== undefined) facts.push(`${roughly(left)} left`);
  return facts.join(' · ');
}

/** "4,120/14,896 files", "3.2/11.5 MB"; without a total, "4,120 files <done>", "3.2 MB". */
export function filesAndBytes(p: Transfer, done: string): [string, string] {
  return [
    p.filesTotal > 0 ? `${count(p.filesDone)}/${plural(p.filesTotal, 'file')}` : `${plural(p.filesDone, 'file')} ${done}`,
    p.bytesTotal > 0 ? `${megabytes(p.bytesDone).replace(' MB', '')}/${megabytes(p.bytesTotal)}` : megabytes(p.bytesDone),
  ];
}

/** Milliseconds left at the current rate, by bytes when the total is known, else by files. */
export function timeLeft(p: Transfer, rate?: LoadRate): number | undefined {
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
