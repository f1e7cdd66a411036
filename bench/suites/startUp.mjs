// Start-up: --version and --help against a bare `node -e 0`; the wizard's first frame (in a
// pseudo-terminal) against a minimal Ink app that renders one <Text>.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CLI, ROOT, dataset, figure, median, sideBySide, timeShell } from '../lib.mjs';

/**
 * Milliseconds until the text appears on a pseudo-terminal running the command (util-linux
 * script); then Ctrl-C is typed into it and the program is left to end.
 */
function untilOnScreen(command, text) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const { CI: _ci, ...env } = process.env; // Ink draws live frames only outside CI
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${command}`, '/dev/null'], {
      env: { ...env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'ignore'],
    });
    let seen = '';
    let ms;
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      if (ms === undefined && seen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').includes(text)) {
        ms = performance.now() - start;
        child.stdin.write('\x03');
      }
    });
    child.on('exit', () => (ms === undefined ? reject(new Error(`"${text}" never appeared; the screen showed:\n${seen}`)) : resolve(ms)));
  });
}

export async function startUp() {
  const node = process.execPath;
  const figures = [];
  for (const flag of ['--version', '--help']) {
    const { ours, baseline } = sideBySide(() => timeShell(`'${node}' '${CLI}' ${flag} > /dev/null`), () => timeShell(`'${node}' -e 0`));
    const value = median(ours);
    const base = median(baseline);
    figures.push(figure({ name: `sparkify-wizard ${flag}`, value, unit: 'ms', baseline: base, baselineName: 'node -e 0', target: '<= 1.5x', met: value <= 1.5 * base }));
  }

  const data = dataset('sample-small', { songs: 300, events: 1000 });
  const ours = [];
  const baseline = [];
  const cwd = join(ROOT, 'bench', 'out');
  for (let i = 0; i < 6; i++) {
    baseline.push(await untilOnScreen(`'${node}' '${join(ROOT, 'bench', 'probes', 'minimalInk.mjs')}'`, 'ready'));
    ours.push(await untilOnScreen(`cd '${cwd}' && '${node}' '${CLI}' --local --data-dir '${data}' --db '${join(cwd, `first-frame-${i}.duckdb`)}'`, 'Reading the config'));
  }
  ours.shift();
  baseline.shift(); // the first of each is a warm-up
  const value = median(ours);
  const base = median(baseline);
  figures.push(figure({ name: "The wizard's first frame (pseudo-terminal)", value, unit: 'ms', baseline: base, baselineName: 'an Ink app rendering one <Text>', target: '<= 1.3x', met: value <= 1.3 * base }));
  return figures;
}
