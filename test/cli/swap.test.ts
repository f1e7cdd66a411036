// run --swap as a user meets it: the built CLI, not on a terminal, on a small local warehouse.
// The first load, a rebuild that swaps, one whose COPY fails and one cancelled with Ctrl-C (each
// leaving the live tables and no helper behind), the dry run, and the usage errors.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../src/local/sample/generate.js';
import { startHarness } from '../local/helpers.js';

const CLI = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'cli.js');
let tmp: string;
let data: string;
let db: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cli-swap-'));
  data = join(tmp, 'data');
  db = join(tmp, 'w.duckdb');
  writeSample(data, { songs: 80, events: 300, seed: 31 });
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const env = (faults?: string) => ({ ...process.env, CI: 'true', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...(faults ? { SPARKIFY_LOCAL_FAULTS: faults } : {}) });
const args = (...extra: string[]) => [CLI, 'run', '--local', '--data-dir', data, '--db', db, ...extra];
const run = (extra: string[], faults?: string) => spawnSync(process.execPath, args(...extra), { cwd: tmp, env: env(faults), encoding: 'utf8' });
/**
 * Each table's engine id (a table swapped in is another table) and row count, and the tables
 * there whose names are not the seven's, read from the warehouse file once the CLI has let go.
 */
async function tables(): Promise<{ live: string[][]; others: string[][] }> {
  const h = await startHarness('cli-swap', { dataDir: data, dbPath: db });
  try {
    const live = await h.query('SELECT "table", table_id, tbl_rows FROM svv_table_info ORDER BY 1');
    const others = await h.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
      AND table_name NOT IN ('staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time')`);
    return { live: live.map((r) => r.map(String)), others: others.map((r) => r.map(String)) };
  } finally {
    await h.close();
  }
}

describe('run --swap', () => {
  it('on a warehouse without tables is a first load, and says so', () => {
    const r = run(['--swap', '--yes', '--plain']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('there is nothing to swap out, so this first load builds them in place');
    expect(r.stderr).toMatch(/OK\s+Reset 7 tables/);
  }, 60_000);

  it('rebuilds beside the live tables and swaps them in', async () => {
    const before = await tables();
    const r = run(['--swap', '--yes', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; step?: string; ok?: boolean; counts?: Record<string, number> });
    expect(events.find((e) => e.type === 'finished' && e.step === 'swap')).toBeDefined();
    expect(events.at(-1)).toMatchObject({ type: 'summary', ok: true, counts: { staging_events: 300, staging_songs: 80 } });
    const after = await tables();
    expect(after.live.map(([name, , rows]) => [name, rows])).toEqual(before.live.map(([name, , rows]) => [name, rows]));
    expect(after.live.every(([, id], i) => id !== before.live[i]![1])).toBe(true); // every table is a new one
    expect(after.others).toEqual([]);
  }, 60_000);

  it('whose COPY fails exits 1, names it, says the live warehouse is unchanged and drops what it built', async () => {
    const before = await tables();
    const r = run(['--swap', '--yes', '--plain'], 'fail=^COPY sparkify_swap_[0-9a-f]+_staging_songs');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('COPY staging_songs failed: nothing was swapped in. The live warehouse is unchanged.');
    expect(r.stderr).toContain('The 7 tables built beside the live ones were dropped.');
    expect(await tables()).toEqual(before);
  }, 120_000);

  it('cancelled with Ctrl-C exits 130 and leaves the live tables as they were', async () => {
    const before = await tables();
    const child = spawn(process.execPath, args('--swap', '--yes', '--plain'), { cwd: tmp, env: env('slow=1500'), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (/START\s+COPY staging_songs/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('The live warehouse is unchanged.');
    expect(stderr).toContain('The 7 tables built beside the live ones were dropped.');
    expect(await tables()).toEqual(before);
  }, 120_000);
});

describe('run --swap, refused or only shown', () => {
  it('needs --yes when not on a terminal, and is for run only', () => {
    const r = run(['--swap', '--plain']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('run --swap replaces all 7 tables of the local warehouse with new ones, once they are built and checked: confirm with --yes');
    for (const command of ['etl', 'create-tables']) {
      const refused = spawnSync(process.execPath, [CLI, command, '--local', '--swap', '--yes'], { cwd: tmp, env: env(), encoding: 'utf8' });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('--swap is for run');
    }
  });

  it('--dry-run prints the whole plan, the swap transaction included, and touches nothing', () => {
    const fresh = join(tmp, 'never.duckdb');
    const r = spawnSync(process.execPath, [CLI, 'run', '--local', '--data-dir', data, '--db', fresh, '--swap', '--dry-run'], { cwd: tmp, env: env(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-- run --swap on a warehouse with all 7 tables/);
    expect(r.stdout).toMatch(/-- 1 of 12: CREATE 7 new tables \(one transaction\)\nCREATE TABLE sparkify_swap_[0-9a-f]{8}_staging_events/);
    expect(r.stdout).toMatch(/SWAP 7 tables in \(one transaction\)[^\n]*\nALTER TABLE staging_events RENAME TO sparkify_old_/);
    expect(r.stdout).toMatch(/DROP TABLE sparkify_old_[0-9a-f]{8}_time;/);
    expect(existsSync(fresh)).toBe(false);
  });
});
