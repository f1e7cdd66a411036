// The whole local run against the sum of its parts; memory at 10x.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, RUNS, dataset, figure, median, probe, sideBySide, timeShell } from '../lib.mjs';

const node = process.execPath;

/** Wall time of `run --local --yes --plain`, and the process's peak RSS (GNU time). */
async function plainRun(data) {
  const db = join(mkdtempSync(join(tmpdir(), 'bench-run-')), 'w.duckdb');
  const start = performance.now();
  const out = await timeShellCapture(`/usr/bin/time -f 'peak %M' '${node}' '${CLI}' run --local --yes --plain --data-dir '${data}' --db '${db}' 2>&1 >/dev/null | tail -1`);
  return { ms: performance.now() - start, peakMb: Number(/peak (\d+)/.exec(out)?.[1] ?? NaN) / 1024 };
}

function timeShellCapture(command) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn('bash', ['-c', command], { env: { ...process.env, CI: 'true' } });
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', () => resolve(out));
  });
}

async function alternate(measureOurs, measureBaseline) {
  await measureBaseline();
  await measureOurs();
  const ours = [];
  const baseline = [];
  for (let i = 0; i < RUNS; i++) {
    baseline.push(await measureBaseline());
    ours.push(await measureOurs());
  }
  return { ours: median(ours), baseline: median(baseline) };
}

export async function wholeRun() {
  const figures = [];
  const scales = [
    ['about the real size (14,896 songs, 8,056 events)', dataset('sample-1x', { songs: 14_896, events: 8_056 })],
    ['10x (148,960 songs, 80,560 events)', dataset('sample-10x', { songs: 148_960, events: 80_560 })],
  ];
  for (const [label, data] of scales) {
    let peak = 0;
    const { ours, baseline } = await alternate(
      async () => {
        const run = await plainRun(data);
        peak = Math.max(peak, run.peakMb);
        return run.ms;
      },
      async () => probe('parts', data).ms,
    );
    figures.push(figure({
      name: `Whole local run, ${label}`, value: ours, unit: 'ms', baseline, baselineName: 'its COPYs and INSERTs alone, summed',
      target: '<= 1.3x', met: ours <= 1.3 * baseline,
    }));
    if (!label.startsWith('10x')) figures.push(fixedCost(data));
    if (label.startsWith('10x')) {
      figures.push(figure({ name: 'Peak RSS of the whole local run at 10x', value: peak, unit: 'MB', target: '< 600 MB', met: peak < 600 }));
    }
  }
  return figures;
}

/**
 * What any local run pays besides its statements (Node, the modules, opening and closing the
 * warehouse): create-tables, whose one step takes about 0.1 s, as a process, against `node -e 0`.
 */
function fixedCost(data) {
  const db = join(mkdtempSync(join(tmpdir(), 'bench-fixed-')), 'w.duckdb');
  const q = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
  const { ours, baseline } = sideBySide(
    () => timeShell(`CI=true ${q(node)} ${q(CLI)} create-tables --local --yes --plain --data-dir ${q(data)} --db ${q(db)}`),
    () => timeShell(`${q(node)} -e 0`),
  );
  return figure({
    name: '  of which fixed: create-tables (one step of about 0.1 s) as a process', value: median(ours), unit: 'ms',
    baseline: median(baseline), baselineName: 'node -e 0', target: 'reported', met: true,
  });
}
