// `npm run bench`: every benchmark, each figure beside its baseline measured in the same run.
// Prints a table (or, with --json, one JSON object per figure) and writes BENCHMARKS.md.

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, RUNS } from './lib.mjs';
import { loadProgress } from './suites/loadProgress.mjs';
import { query } from './suites/query.mjs';
import { localWarehouse } from './suites/localWarehouse.mjs';
import { mirrorSuite } from './suites/mirror.mjs';
import { scale } from './suites/scale.mjs';
import { scheduling } from './suites/scheduling.mjs';
import { frontEnd } from './suites/frontEnd.mjs';
import { security } from './suites/security.mjs';
import { startUp } from './suites/startUp.mjs';
import { swap } from './suites/swap.mjs';
import { wholeRun } from './suites/wholeRun.mjs';

const SUITES = { 'start-up': startUp, 'local warehouse': localWarehouse, 'whole run': wholeRun, 'load progress': loadProgress, scheduling, security, 'front end': frontEnd, mirror: mirrorSuite, query, swap };
// The scale suite takes long and many gigabytes of disk: only with --scale, and then alone.
if (process.argv.includes('--scale')) {
  for (const name of Object.keys(SUITES)) delete SUITES[name];
  SUITES.scale = scale;
}
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const json = process.argv.includes('--json');

const results = [];
for (const [suite, run] of Object.entries(SUITES).filter(([name]) => !only || name === only)) {
  process.stderr.write(`running ${suite}...\n`);
  for (const f of await run()) {
    results.push({ suite, ...f });
    if (json) process.stdout.write(JSON.stringify({ name: f.name, value: f.value, unit: f.unit, baseline: f.baseline ?? null, ratio: f.ratio ?? null, target: f.target, met: f.met }) + '\n');
  }
}

const header = ['Figure', 'Value', 'Baseline', 'Ratio', 'Target', 'Met'];
const rows = results.map((r) => [
  r.name,
  `${r.value.toLocaleString('en-US')} ${r.unit}`,
  r.baseline === undefined ? '' : `${r.baseline.toLocaleString('en-US')} ${r.unit} (${r.baselineName})`,
  r.ratio === undefined ? '' : r.ratio < 0.01 ? '< 0.01x' : `${r.ratio}x`,
  r.target,
  r.met ? 'yes' : 'NO',
]);
const cell = (text) => String(text).replaceAll('|', '\\|');
const table = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.map(cell).join(' | ')} |`).join('\n');
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
if (!json) process.stdout.write(`${table}\n`);

const file = join(ROOT, 'BENCHMARKS.md');
const SCALE_HEADING = '## At scale';
const previous = readFileSync(file, 'utf8');
const scaleAt = previous.indexOf(SCALE_HEADING);
if (process.argv.includes('--scale')) {
  // Only the scale section is rewritten; the rest of the file keeps the last full run.
  const section = `${SCALE_HEADING}\n\nWritten by \`npm run bench -- --scale\` on ${new Date().toISOString().slice(0, 10)}: ${machine}; one run.\n\n${table}\n`;
  writeFileSync(file, `${(scaleAt === -1 ? previous : previous.slice(0, scaleAt)).trimEnd()}\n\n${section}`);
} else {
  writeFileSync(
    file,
    `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.
Each value is the median of ${RUNS} runs after a warm-up, measured alternately with its baseline in
the same run; the ratio is value / baseline. Datasets come from \`sparkify-wizard sample-data\`.

${table}

${readFileSync(join(ROOT, 'bench', 'notes.md'), 'utf8').trim()}
${scaleAt === -1 ? '' : `\n${previous.slice(scaleAt).trimEnd()}\n`}`,
  );
}
