// A run killed with SIGKILL mid-load leaves the local warehouse file usable, and the next run succeeds.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSample } from '../../src/local/sample/generate.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

describe('a run killed with SIGKILL during its COPYs', () => {
  it('leaves the warehouse file openable, and the next run succeeds with full counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kill-'));
    const data = join(dir, 'data');
    const db = join(dir, 'w.duckdb');
    writeSample(data, { songs: 100, events: 400, seed: 9 });
    const args = [CLI, 'run', '--local', '--yes', '--plain', '--data-dir', data, '--db', db];

    const child = spawn(process.execPath, args, { env: { ...process.env, CI: 'true', SPARKIFY_LOCAL_FAULTS: 'slow=1500' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/START\s+COPY staging_songs/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`the run ended before its COPYs:\n${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const again = spawnSync(process.execPath, [...args, '--json'].filter((a) => a !== '--plain'), { env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ type: 'summary', ok: true });
    expect(summary.counts.staging_songs).toBe(100);
    expect(summary.counts.staging_events).toBe(400);
  }, 60_000);
});
