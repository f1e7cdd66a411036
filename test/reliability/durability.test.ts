// A run killed with SIGKILL mid-load leaves the local warehouse file usable, and the next run
// succeeds; a rebuild beside the live tables killed so leaves them as they were.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSample } from '../../src/local/sample/generate.js';
import { TABLES } from '../../src/sql/schema.js';
import { startHarness } from '../local/helpers.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

describe('a run killed with SIGKILL during its COPYs', () => {
  it('leaves the warehouse file openable, and the next run succeeds with full counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kill-'));
    const data = join(dir, 'data');
    const db = join(dir, 'w.duckdb');
    writeSample(data, { songs: 100, events: 400, seed: 9 });
    const args = [CLI, 'run', '--local', '--yes', '--plain', '--data-dir', data, '--db', db];

    await killOnceCopying(args, { ...process.env, CI: 'true' });

    const again = spawnSync(process.execPath, [...args, '--json'].filter((a) => a !== '--plain'), { env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const summary = JSON.parse(again.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ type: 'summary', ok: true });
    expect(summary.counts.staging_songs).toBe(100);
    expect(summary.counts.staging_events).toBe(400);
  }, 60_000);
});

describe('a rebuild beside the live tables killed with SIGKILL mid-build', () => {
  it('leaves the live tables as they were, and the next run drops what it built, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kill-swap-'));
    const data = join(dir, 'data');
    const db = join(dir, 'w.duckdb');
    writeSample(data, { songs: 100, events: 400, seed: 11 });
    const args = [CLI, 'run', '--local', '--yes', '--plain', '--data-dir', data, '--db', db];
    const env = { ...process.env, CI: 'true' };
    expect(spawnSync(process.execPath, args, { env, encoding: 'utf8' }).status).toBe(0);
    const live = await tablePrints(data, db);

    await killOnceCopying([...args, '--swap'], env);
    const afterKill = await tablePrints(data, db);
    expect(afterKill.live).toEqual(live.live);
    expect(afterKill.helpers).toHaveLength(7); // what the killed run built, still there

    const again = spawnSync(process.execPath, [...args, '--swap'], { env, encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/A rebuild that did not end left 7 tables beside the live ones: they are dropped first\./);
    expect(again.stderr).toMatch(/OK\s+DROP 7 tables left behind/);
    expect((await tablePrints(data, db)).helpers).toEqual([]);
  }, 120_000);
});

/** Each live table's row count and a hash of its rows, and the helper tables there, read through the local endpoint. */
async function tablePrints(dataDir: string, dbPath: string): Promise<{ live: Record<string, string>; helpers: string[] }> {
  const h = await startHarness('kill-swap', { dataDir, dbPath });
  try {
    const live: Record<string, string> = {};
    for (const t of TABLES) {
      const rows = (await h.query(`SELECT * FROM ${t.name}`)).map((r) => JSON.stringify(r)).sort();
      live[t.name] = `${rows.length} rows, ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`;
    }
    const helpers = (await h.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'sparkify_swap_%'")).map(([n]) => String(n));
    return { live, helpers };
  } finally {
    await h.close();
  }
}

/** Starts the CLI with every statement slowed, and kills it with SIGKILL once its song COPY has started. */
async function killOnceCopying(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, args, { env: { ...env, SPARKIFY_LOCAL_FAULTS: 'slow=1500' }, stdio: ['ignore', 'ignore', 'pipe'] });
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
}
