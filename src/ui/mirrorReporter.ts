// What `mirror` shows while it copies, from the engine's events. On a terminal, one line redrawn
// in place a few times a second:
//   ██████░░░░░░░░░░  42% · 4,120/9,800 files · 3.2/11.5 MB · 310 files/s, 1.1 MB/s · 8 s left
// elsewhere the same figures as a plain line every few seconds. Retries and refused keys get a
// line of their own in both.

import { count, megabytes, percent, plural, roughly, seconds } from '../format.js';
import type { MirrorEvent, MirrorTotals } from '../mirror/copy.js';
import { filesAndBytes, loadShare, rateBetween, timeLeft, type Transfer } from './loadLine.js';
import { truncate } from './text.js';

/** How often the live line is redrawn, and how often a plain line is printed. */
const REDRAW_MS = 125;
export const PLAIN_EVERY_MS = 5000;
/** The rate is measured over about this much of the recent past. */
const RATE_WINDOW_MS = 5000;
const BAR_WIDTH = 16;

export interface MirrorScreen {
  onEvent(event: MirrorEvent): void;
  /** Stops drawing and clears the live line, so that the last words are printed on a clean line. */
  stop(): void;
}

export interface ScreenOptions {
  /** A terminal: one line redrawn in place. */
  live: boolean;
  /** The terminal's width in columns. */
  width?: () => number;
  now?: () => number;
}

export function mirrorScreen(write: (text: string) => void, options: ScreenOptions): MirrorScreen {
  const now = options.now ?? Date.now;
  let totals: MirrorTotals = { files: 0, bytes: 0, skipped: 0, skippedBytes: 0, copied: 0, copiedBytes: 0, refused: 0 };
  let listed = false;
  let drawn = false;
  // Samples of what was copied, for the rate: it counts downloads, not files found already there.
  const samples: { at: number; copied: Transfer }[] = [];
  let printedAt = now();

  const line = () => {
    const at = now();
    const copied: Transfer = { filesDone: totals.copied, filesTotal: 0, bytesDone: totals.copiedBytes, bytesTotal: 0 };
    samples.push({ at, copied });
    while (samples.length > 2 && at - samples[1]!.at >= RATE_WINDOW_MS) samples.shift();
    return progressLine(totals, listed, rateBetween(samples[0]!.copied, samples[0]!.at, copied, at));
  };
  const clear = () => {
    if (drawn) write('\r\x1b[2K');
    drawn = false;
  };
  const draw = () => {
    const width = Math.max(20, (options.width?.() ?? 80) - 1);
    write(`\r\x1b[2K${truncate(line(), width)}`);
    drawn = true;
  };
  const say = (text: string) => {
    clear();
    write(`${text}\n`);
    if (options.live) draw();
  };
  const timer = setInterval(() => {
    if (options.live) draw();
    else if (now() - printedAt >= PLAIN_EVERY_MS) {
      printedAt = now();
      write(`MIRROR    ${line()}\n`);
    }
  }, options.live ? REDRAW_MS : 250);
  timer.unref();

  return {
    onEvent(event) {
      switch (event.type) {
        case 'listed':
          totals = event.totals;
          listed = event.done;
          break;
        case 'copied':
          totals = event.totals;
          break;
        case 'retry':
          say(`RETRY     ${event.key}: ${event.reason}, retrying in ${seconds(event.delayMs, 1)} (attempt ${event.attempt + 1})`);
          break;
        case 'refused':
          say(`REFUSED   ${event.key}: ${event.why}`);
          break;
      }
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}

/** "██████░░░░  42% · 4,120/9,800 files · 3.2/11.5 MB · 310 files/s, 1.1 MB/s · 8 s left", or "listing · ..." before the total is known. */
export function progressLine(totals: MirrorTotals, listed: boolean, rate?: { bytesPerSecond: number; filesPerSecond: number }): string {
  const done: Transfer = {
    filesDone: totals.copied + totals.skipped + totals.refused,
    filesTotal: totals.files,
    bytesDone: totals.copiedBytes + totals.skippedBytes,
    bytesTotal: totals.bytes,
  };
  const share = loadShare(done) ?? 0;
  // Floored, as the wizard's bars are: full only when the work is.
  const filled = Math.floor(share * BAR_WIDTH);
  const head = listed ? `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${percent(Math.floor(share * 100) / 100).padStart(4)}` : 'listing';
  const facts = [head, ...filesAndBytes(done, 'copied')];
  // Song files are small: the files a second say more than the megabytes.
  if (rate && rate.filesPerSecond > 0) facts.push(`${count(Math.round(rate.filesPerSecond))} files/s, ${megabytes(rate.bytesPerSecond)}/s`);
  const left = listed ? timeLeft(done, rate) : undefined;
  if (left !== undefined && left > 0) facts.push(`${roughly(left)} left`);
  return facts.join(' · ');
}

/** The last line of a run: what was copied, what was already there, and how long it took. */
export function summaryLine(totals: MirrorTotals, ms: number): string {
  const parts = [`Copied ${plural(totals.copied, 'file')} (${megabytes(totals.copiedBytes)})`];
  if (totals.skipped > 0) parts.push(`${count(totals.skipped)} already there (same size and ETag), skipped`);
  if (totals.refused > 0) parts.push(`${count(totals.refused)} refused`);
  return `${parts.join('; ')} in ${seconds(ms)}.`;
}
