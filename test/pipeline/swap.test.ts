// A rebuild beside the live tables, on the real local endpoint: a reader querying all along sees
// the old tables whole, then the new ones whole, never a missing or half-loaded table; and a
// rebuild that fails (a COPY, a data check, a cancel) leaves the live tables exactly as they were
// and no helper table behind.
//
// Redshift facts relied on, as the local warehouse reproduces them:
// - BatchExecuteStatement runs its statements as one transaction by default: "If any SQL statement
//   fails, all work is rolled back" (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html);
// - ALTER TABLE ... RENAME TO and DROP TABLE are transactional, and ALTER TABLE holds its table
//   locked until the transaction ends (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html);
// - identifiers are at most 127 bytes (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES, type Sources } from '../../src/config/target.js';
import { runToEnd, type RunResult } from '../../src/pipeline/outcome.js';
import { buildPlan, type Plan } from '../../src/pipeline/plan.js';
import { discardHelpers, rebuildFrom } from '../../src/pipeline/rebuild.js';
import type { RunOptions } from '../../src/pipeline/runner.js';
import { TABLES } from '../../src/sql/schema.js';
import { helperNames, isHelperName, MAX_IDENTIFIER_BYTES } from '../../src/sql/swapSql.js';
import { startWarehouse, type Warehouse } from './helpers.js';

let wh: Warehouse;

// The first build loads the first nine days of events; rebuilds load the whole month, so a
// reader can tell the old tables from the new ones.
const FIRST_DAYS: Sources = { ...UDACITY_SOURCES, logData: 's3://udacity-dend/log_data/2018/11/2018-11-0' };

beforeAll(async () => {
  wh = await startWarehouse('swap', { songs: 150, events: 1200, seed: 1414 });
  const first = await rebuild(FIRST_DAYS, false);
  expect(first.end).toBe('ok');
});
afterAll(async () => {
  await wh?.close();
});

/** A run of `run` on the warehouse as it is, as the command line does it, helpers dropped after. */
async function rebuild(sources: Sources, swap = true, options: Partial<RunOptions> & { plan?: Plan } = {}): Promise<RunResult & { discarded?: string; plan: Plan }> {
  const plan = options.plan ?? buildPlan('run', sources, await rebuildFrom(wh.api, swap));
  const result = await runToEnd(plan, { api: wh.api, target: 'test', concurrency: 4, onEvent: () => undefined, ...options });
  return { ...result, discarded: await discardHelpers(wh.api, plan, result.summary), plan };
}

/** Each table's row count and a hash of its rows, in a stable order. */
async function fingerprint(): Promise<Record<string, string>> {
  const prints: Record<string, string> = {};
  for (const t of TABLES) {
    const rows = (await wh.query(`SELECT * FROM ${t.name}`)).map((r) => JSON.stringify(r)).sort();
    prints[t.name] = `${rows.length} rows, ${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return prints;
}

/** The run says the live tables are unchanged, their rows are as they were, and no helper table is left. */
async function expectLiveAsBefore(result: RunResult, live: Record<string, string>): Promise<void> {
  expect(result.liveUnchanged).toBe(true);
  expect(await fingerprint()).toEqual(live);
  expect(await helperTables()).toEqual([]);
}

async function helperTables(): Promise<string[]> {
  const rows = await wh.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'sparkify_%'");
  return rows.map(([name]) => String(name));
}

describe('helper table names', () => {
  it('stay within 127 bytes, say whose they are, and are never a live name', () => {
    const names = helperNames('0123abcd');
    for (const t of TABLES) {
      expect(Buffer.byteLength(names[t.name])).toBeLessThanOrEqual(MAX_IDENTIFIER_BYTES);
      expect(isHelperName(names[t.name])).toBe(true);
      expect(isHelperName(t.name)).toBe(false);
    }
    expect(isHelperName('sparkify_swap_0123abcd_my_table')).toBe(false);
  });
});

describe('a reader during a rebuild beside the live tables', () => {
  it('sees the old tables whole until the swap commits, then the new ones whole', async () => {
    const read = async () => {
      const [row] = await wh.query(`SELECT (SELECT COUNT(*) FROM songplays), (SELECT COUNT(*) FROM users),
        (SELECT COUNT(*) FROM songplays p JOIN time t ON t.start_time = p.start_time)`);
      return row!.map(Number);
    };
    const before = await read();
    const seen: number[][] = [];
    const errors: string[] = [];
    let running = true;
    const reader = (async () => {
      while (running) {
        await read().then((r) => seen.push(r), (e: Error) => errors.push(e.message));
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    const result = await rebuild(UDACITY_SOURCES);
    running = false;
    await reader;
    const after = await read();

    expect(result.end).toBe('ok');
    expect(result.summary.outcomes.get('swap')?.status).toBe('finished');
    expect(errors).toEqual([]);
    expect(after[0]).toBeGreaterThan(before[0]!); // the whole month, not its first days
    expect(before[2]).toBe(before[0]); // every play joins its time
    expect(after[2]).toBe(after[0]);
    // It read all along, never held up by the rebuild: a read takes tens of milliseconds, the
    // rebuild most of a second (20 to 27 reads here, fewer on a busy machine).
    expect(seen.length).toBeGreaterThanOrEqual(8);
    const shapes = new Set(seen.map((r) => r.join('/')));
    expect([...shapes].every((s) => s === before.join('/') || s === after.join('/'))).toBe(true);
    expect(shapes).toContain(before.join('/'));
    expect(await helperTables()).toEqual([]);
  }, 120_000);
});

describe('a rebuild that fails leaves the live tables as they were, and no helper table', () => {
  it('when a COPY fails', async () => {
    const live = await fingerprint();
    const result = await rebuild({ ...UDACITY_SOURCES, logData: 's3://udacity-dend/no_such_prefix' });
    expect(result.end).toBe('not-built');
    expect(result.failedSteps).toEqual(['COPY staging_events']);
    expect(result.discarded).toMatch(/7 tables built beside the live ones were dropped/);
    await expectLiveAsBefore(result, live);
  }, 120_000);

  it('when a data check fails on the new tables (a duplicated user seeded into them)', async () => {
    const live = await fingerprint();
    const plan = buildPlan('run', UDACITY_SOURCES, await rebuildFrom(wh.api, true));
    // Built up to the checks, then a defect seeded into the new users table, then the rest.
    const built = await runToEnd({ steps: plan.steps.filter((s) => !['counts', 'checks', 'swap', 'insights'].includes(s.id)) }, {
      api: wh.api, target: 'test', concurrency: 4, onEvent: () => undefined,
    });
    const users = plan.helpers!.users;
    await wh.api.query(`INSERT INTO ${users} SELECT * FROM ${users} WHERE user_id = (SELECT MIN(user_id) FROM ${users})`, 'seed a defect');
    const result = await rebuild(UDACITY_SOURCES, true, { plan, alreadyDone: built.summary.outcomes });

    expect(result.summary.checks!.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['unique.users.user_id']);
    expect(result.summary.outcomes.get('swap')?.status).toBe('skipped');
    expect(result.end).toBe('untrusted');
    await expectLiveAsBefore(result, live);
  }, 120_000);

  it('when the run is cancelled mid-build (Ctrl-C)', async () => {
    const live = await fingerprint();
    const cancel = new AbortController();
    const result = await rebuild(UDACITY_SOURCES, true, {
      signal: cancel.signal,
      onEvent: (e) => e.type === 'status' && e.step === 'staging_events' && e.status === 'submitted' && cancel.abort(),
    });
    expect(result.end).toBe('cancelled');
    await expectLiveAsBefore(result, live);
  }, 120_000);

  it('and the next run drops what a rebuild left behind, saying so first', async () => {
    const token = 'feedf00d';
    const leftover = helperNames(token);
    await wh.api.query(`CREATE TABLE ${leftover.users} (user_id INTEGER)`, 'leave a helper behind');
    const plan = buildPlan('run', UDACITY_SOURCES, await rebuildFrom(wh.api, true));
    expect(plan.notes?.[0]).toMatch(/left 1 table beside the live ones: they are dropped first/);
    expect(plan.steps[0]).toMatchObject({ id: 'cleanup', sql: [`DROP TABLE IF EXISTS ${leftover.users}`] });
    const result = await rebuild(UDACITY_SOURCES, true, { plan });
    expect(result.end).toBe('ok');
    expect(await helperTables()).toEqual([]);
  }, 120_000);
});
