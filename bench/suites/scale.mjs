// At scale (npm run bench -- --scale, not part of the default run): 1,000,000 song files and
// 10,000,000 events. The whole local run against the sum of its parts, its peak memory, and the
// progress events it printed along the way (--json), which must keep coming through both COPYs.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, dataset, figure, probe } from '../lib.mjs';

/** One `run --local --yes --json`: wall time, peak RSS (GNU time) and the progress events seen. */
function jsonRun(data) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const events = join(dir, 'events.jsonl');
  const command = `/usr/bin/time -f 'peak %M' -o '${dir}/time' '${process.execPath}' '${CLI}' run --local --yes --json --data-dir '${data}' --db '${dir}/w.duckdb' > '${events}'`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('bash', ['-c', command], { env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the run exited ${code}`));
      const ms = performance.now() - start;
      const lines = readFileSync(events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const progress = lines.filter((e) => e.type === 'progress');
      const peakMb = Number(/peak (\d+)/.exec(readFileSync(join(dir, 'time'), 'utf8'))?.[1] ?? NaN) / 1024;
      resolve({ ms, peakMb, progress });
    });
  });
}

export async function scale() {
  const data = dataset('scale-1m-10m', { songs: 1_000_000, events: 10_000_000 });
  const run = await jsonRun(data);
  const parts = probe('parts', data).ms;
  const byStep = (step) => run.progress.filter((e) => e.step === step);
  const songs = byStep('staging_songs');
  // Throughout: the longest silence between two samples of the song COPY, against its length.
  const gaps = songs.slice(1).map((e, i) => e.at - songs[i].at);
  // Where the longest silence is: the COPY lists the whole prefix (1,000,000 files, each with its
  // size) before it reads a file, and the load history has nothing new to show meanwhile.
  const listed = songs.find((e) => e.filesTotal > 0);
  const listingMs = listed ? listed.at - songs[0].at : NaN;
  const gapsOnceListed = listed ? songs.slice(songs.indexOf(listed) + 1).map((e, i) => e.at - songs[songs.indexOf(listed) + i].at) : [];
  return [
    figure({
      name: 'Whole local run at scale (1,000,000 song files, 10,000,000 events)', value: run.ms, unit: 'ms', baseline: parts,
      baselineName: 'its COPYs and INSERTs alone, summed', target: '<= 1.2x', met: run.ms <= 1.2 * parts,
    }),
    figure({ name: '  its peak RSS', value: run.peakMb, unit: 'MB', target: '< 1,536 MB', met: run.peakMb < 1536 }),
    figure({
      name: '  progress events (song COPY, event COPY)', value: songs.length, unit: `events, ${byStep('staging_events').length} for the events`,
      target: '> 0 each', met: songs.length > 0 && byStep('staging_events').length > 0,
    }),
    figure({
      name: '  longest wait between two song COPY samples', value: Math.max(0, ...gaps), unit: 'ms', target: '<= 5,000 ms',
      met: gaps.length > 0 && Math.max(...gaps) <= 5000,
    }),
    figure({ name: '    of which the prefix being listed, before any file is read', value: listingMs, unit: 'ms', target: 'reported', met: true }),
    figure({ name: '    longest wait once the files are listed', value: Math.max(0, ...gapsOnceListed), unit: 'ms', target: 'reported', met: true }),
  ];
}
