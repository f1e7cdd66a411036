// Shared helpers for the benchmark suites: medians, timed commands, probes in fresh processes,
// and generated datasets (kept in bench/out/ between runs).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'bench', 'out');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of a shell command, in milliseconds. */
export function timeShell(command) {
  const start = performance.now();
  const result = spawnSync('bash', ['-c', command], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`benchmark baseline failed: ${command}`);
  return performance.now() - start;
}

/** Runs bench/probes/NAME.mjs in a fresh process; it prints one JSON object. */
export function probe(name, ...args) {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench', 'probes', `${name}.mjs`), ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

/** A dataset written by `sparkify-wizard sample-data`, generated once per scale. */
export function dataset(name, { songs, events, seed = 7 }) {
  const dir = join(OUT, name);
  if (!existsSync(join(dir, 'udacity-dend'))) {
    process.stderr.write(`generating ${name} (${songs} songs, ${events} events)...\n`);
    execFileSync(process.execPath, [CLI, 'sample-data', '--out', dir, '--songs', String(songs), '--events', String(events), '--seed', String(seed)], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

/** Measures ours and the baseline alternately (so drift hits both alike): one warm-up, then RUNS. */
export function sideBySide(measureOurs, measureBaseline) {
  measureBaseline();
  measureOurs();
  const ours = [];
  const baseline = [];
  for (let i = 0; i < RUNS; i++) {
    baseline.push(measureBaseline());
    ours.push(measureOurs());
  }
  return { ours, baseline };
}

export function figure({ name, value, unit, baseline, baselineName, target, met, note }) {
  const ratio = baseline ? value / baseline : undefined;
  return { name, value: round(value), unit, baseline: baseline === undefined ? undefined : round(baseline), baselineName, ratio: ratio === undefined ? undefined : round(ratio, 2), target, met, note };
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
