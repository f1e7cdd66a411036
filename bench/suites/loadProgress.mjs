// Live load progress costs nothing visible: the whole run with the COPYs' progress sampled from
// the load history, beside the same run without; and the pipeline's own time under the wizard
// (which draws every sample) beside --plain, on 100,000 song files and 1,000,000 events.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, dataset, figure, median, probe, sideBySide } from '../lib.mjs';

const node = process.execPath;

/** Runs a command in bash to its end; rejects unless it exits 0. */
function shell(command, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${command}`))));
  });
}

/** The pipeline's own time of one run by this front end, from the warehouse file's query history. */
async function pipelineTime(data, frontEnd) {
  const db = join(mkdtempSync(join(tmpdir(), `bench-${frontEnd}-`)), 'w.duckdb');
  if (frontEnd === 'wizard') {
    const { CI: _ci, ...env } = process.env;
    await shell(`script -qfec "stty cols 100 rows 30; '${node}' '${CLI}' --local --yes --data-dir '${data}' --db '${db}'" /dev/null`, { ...env, TERM: 'xterm-256color' });
  } else {
    await shell(`'${node}' '${CLI}' run --local --yes --plain --data-dir '${data}' --db '${db}'`, { ...process.env, CI: 'true' });
  }
  return probe('pipelineTime', db).ms;
}

export async function loadProgress() {
  const data = dataset('progress-100k-1m', { songs: 100_000, events: 1_000_000 });
  const label = '100,000 song files, 1,000,000 events';

  const calls = { on: [], off: [] };
  const events = [];
  const runs = sideBySide(
    () => {
      const r = probe('progress', data, 'on');
      calls.on.push(r.calls);
      events.push(r.progressEvents);
      return r.ms;
    },
    () => {
      const r = probe('progress', data, 'off');
      calls.off.push(r.calls);
      return r.ms;
    },
  );
  const ours = median(runs.ours);
  const baseline = median(runs.baseline);
  const figures = [
    figure({
      name: `Whole local run with load progress sampled, ${label}`, value: ours, unit: 'ms', baseline,
      baselineName: 'the same run, --no-progress', target: '<= 1.05x', met: ours <= 1.05 * baseline,
    }),
    figure({
      name: '  Data API calls of that run (median)', value: median(calls.on), unit: 'calls', baseline: median(calls.off),
      baselineName: 'without progress', target: 'reported', met: true,
    }),
    figure({ name: '  progress events heard (median)', value: median(events), unit: 'events', target: '> 0', met: median(events) > 0 }),
  ];

  const wizard = [];
  const plain = [];
  await pipelineTime(data, 'plain');
  await pipelineTime(data, 'wizard');
  for (let i = 0; i < Number(process.env.BENCH_RUNS ?? 5); i++) {
    plain.push(await pipelineTime(data, 'plain'));
    wizard.push(await pipelineTime(data, 'wizard'));
  }
  figures.push(figure({
    name: `The pipeline's own time under the wizard (--yes), ${label}`, value: median(wizard), unit: 'ms', baseline: median(plain),
    baselineName: 'under run --plain (first submit to last step)', target: '<= 1.05x', met: median(wizard) <= 1.05 * median(plain),
  }));
  return figures;
}
