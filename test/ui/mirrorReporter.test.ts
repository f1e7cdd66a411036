// What `mirror` shows: the progress line (a bar, files, megabytes, rate, time left) as the
// engine's totals grow, and the summary; on a terminal the line is redrawn in place.

import { describe, expect, it } from 'vitest';
import type { MirrorTotals } from '../../src/mirror/copy.js';
import { mirrorScreen, progressLine, summaryLine } from '../../src/ui/mirrorReporter.js';

const totals = (over: Partial<MirrorTotals>): MirrorTotals => ({ files: 0, bytes: 0, skipped: 0, skippedBytes: 0, copied: 0, copiedBytes: 0, refused: 0, ...over });

describe('the progress line', () => {
  it('while listing: no bar and no time left, as the total is not known yet', () => {
    expect(progressLine(totals({ files: 3000, bytes: 800_000, copied: 120, copiedBytes: 30_000 }), false)).toBe('listing · 120/3,000 files · 0.0/0.8 MB');
  });

  it('once listed: the bar and share of files done (copied or already there), the rate of downloads and the time left', () => {
    const line = progressLine(totals({ files: 10_000, bytes: 10_000_000, skipped: 1000, skippedBytes: 1_000_000, copied: 3200, copiedBytes: 3_200_000 }), true, { bytesPerSecond: 580_000, filesPerSecond: 580 });
    expect(line).toBe('██████░░░░░░░░░░  42% · 4,200/10,000 files · 4.2/10.0 MB · 580 files/s, 0.6 MB/s · 10 s left');
  });

  it('a share shown as 100% only when every file is done, and then no time left', () => {
    expect(progressLine(totals({ files: 1000, bytes: 1000, copied: 999, copiedBytes: 999 }), true)).toMatch(/^█{15}░ {2}99% · /);
    expect(progressLine(totals({ files: 1000, bytes: 1000, copied: 1000, copiedBytes: 1000 }), true, { bytesPerSecond: 10, filesPerSecond: 10 })).not.toContain('left');
  });

  it('the summary says what was copied, what was already there and what was refused', () => {
    expect(summaryLine(totals({ files: 5, copied: 3, copiedBytes: 2_400_000, skipped: 1, refused: 1 }), 1234)).toBe(
      'Copied 3 files (2.4 MB); 1 already there (same size and ETag), skipped; 1 refused in 1.23 s.',
    );
  });
});

describe('on a terminal', () => {
  it('a retry is printed above the line, which is then drawn again; stop clears the line', () => {
    const out: string[] = [];
    const screen = mirrorScreen((text) => out.push(text), { live: true, width: () => 60 });
    screen.onEvent({ type: 'listed', totals: totals({ files: 10, bytes: 100 }), done: true });
    screen.onEvent({ type: 'retry', key: 'song_data/A/x.json', reason: 'throttled', attempt: 1, delayMs: 800 });
    screen.stop();
    expect(out.join('')).toBe(
      'RETRY     song_data/A/x.json: throttled, retrying in 0.8 s (attempt 2)\n' +
        '\r\x1b[2K░░░░░░░░░░░░░░░░   0% · 0/10 files · 0.0/0.0 MB' +
        '\r\x1b[2K',
    );
  });
});
