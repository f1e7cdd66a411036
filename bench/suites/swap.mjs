// A rebuild beside the live tables costs little more than the reset: `run --swap` against
// `run` on a warehouse that already holds the same data, alternately; and how long the swap's one
// transaction holds the live tables (each ALTER TABLE locks its table until the transaction ends).

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, dataset, figure, median, sideBySide } from '../lib.mjs';

/** One `run` as a process, its wall time, and how long its swap step ran (DescribeStatement's Duration). */
function rebuild(data, db, swap) {
  const args = [CLI, 'run', '--local', '--yes', '--json', '--data-dir', data, '--db', db, ...(swap ? ['--swap'] : [])];
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`run${swap ? ' --swap' : ''} exited ${run.status}: ${run.stderr}`);
  const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const swapped = events.find((e) => e.type === 'finished' && e.step === 'swap');
  if (swap && !swapped) throw new Error('run --swap swapped nothing in');
  return { ms, lockMs: swapped?.durationMs };
}

export function swap() {
  const data = dataset('sample-1x', { songs: 14_896, events: 8_056 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-swap-'));
  const [resetDb, swapDb] = [join(dir, 'reset.duckdb'), join(dir, 'swap.duckdb')];
  // Both warehouses hold the data before they are measured: a rebuild, not a first load.
  rebuild(data, resetDb, false);
  rebuild(data, swapDb, false);
  const locks = [];
  const runs = sideBySide(
    () => {
      const r = rebuild(data, swapDb, true);
      locks.push(r.lockMs);
      return r.ms;
    },
    () => rebuild(data, resetDb, false).ms,
  );
  const ours = median(runs.ours);
  const baseline = median(runs.baseline);
  return [
    figure({
      name: 'Rebuild beside the live tables and swap (run --swap), 14,896 song files, 8,056 events', value: ours, unit: 'ms', baseline,
      baselineName: 'the reset rebuild (run) on the same data', target: '<= 1.15x', met: ours <= 1.15 * baseline,
    }),
    figure({ name: '  the live tables locked by the swap (median)', value: median(locks), unit: 'ms', target: 'reported', met: true }),
  ];
}
