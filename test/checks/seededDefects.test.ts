// The data checks against a warehouse seeded with known defects, on the real local endpoint: each
// defect is detected by exactly the check meant for it and by no other, and that check's query
// shows the offending rows. Each case starts from a freshly built warehouse.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import type { CheckResult } from '../../src/pipeline/dataChecks.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import type { RunSummary } from '../../src/pipeline/runner.js';
import { CHECKS, MATCH_RATE_WARN_BELOW } from '../../src/sql/dataChecks.js';
import { runCollecting, startWarehouse, type Warehouse } from '../pipeline/helpers.js';

let wh: Warehouse;

beforeAll(async () => {
  wh = await startWarehouse('checks', { songs: 200, events: 1500, seed: 808 });
});
afterAll(async () => {
  await wh?.close();
});

/** Rebuilds the warehouse from the files: every case starts clean. */
async function rebuild(): Promise<RunSummary> {
  const { summary } = await runCollecting(wh, buildPlan('run', UDACITY_SOURCES));
  expect(summary.failed).toEqual([]);
  return summary;
}

async function checkData(options: { failOnCheck?: boolean } = {}): Promise<RunSummary> {
  const { summary } = await runCollecting(wh, buildPlan('check-data', UDACITY_SOURCES), options);
  expect(summary.failed).toEqual([]);
  expect(summary.checks).toBeDefined();
  return summary;
}

const notPassing = (checks: CheckResult[]) => checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status]);
const check = (summary: RunSummary, id: string) => summary.checks!.find((c) => c.id === id)!;

// Each defect, made with SQL through the Data API, and the rows it leaves behind.
const DUPLICATE_USER = ['INSERT INTO users SELECT * FROM users WHERE user_id = (SELECT MIN(user_id) FROM users)'];
// start_time is NOT NULL in the model, as Redshift enforces; a warehouse whose songplays was
// created without it (Udacity's create_tables.py, say) can hold the defect the check looks for.
const NULL_START_TIME = [
  'ALTER TABLE songplays ALTER COLUMN start_time DROP NOT NULL',
  'UPDATE songplays SET start_time = NULL WHERE songplay_id = (SELECT MIN(songplay_id) FROM songplays)',
];
const ORPHAN_SONGPLAY = ['UPDATE songplays SET user_id = 999999 WHERE songplay_id = (SELECT MAX(songplay_id) FROM songplays)'];

async function seed(statements: string[]): Promise<void> {
  for (const sql of statements) await wh.api.query(sql, 'seed a defect');
}

describe('a warehouse built from clean files', () => {
  it('passes every check, and the run is ok', async () => {
    const summary = await rebuild();
    expect(summary.ok).toBe(true);
    expect(summary.checks!.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(notPassing(summary.checks!)).toEqual([]);
  });
});

describe('seeded defects', () => {
  beforeEach(async () => {
    await rebuild();
  });

  it.each([
    ['a duplicated user', DUPLICATE_USER, ['unique.users.user_id']],
    ['a songplay with a NULL start_time', NULL_START_TIME, ['not_null.songplays.start_time']],
    ['an orphan songplay (its user_id is in no row of users)', ORPHAN_SONGPLAY, ['relationship.songplays.user_id']],
    ['all three at once', [...DUPLICATE_USER, ...NULL_START_TIME, ...ORPHAN_SONGPLAY], ['not_null.songplays.start_time', 'unique.users.user_id', 'relationship.songplays.user_id']],
  ])('%s fails exactly the checks meant for it', async (_what, statements, expected) => {
    await seed(statements);
    const summary = await checkData();
    expect(notPassing(summary.checks!)).toEqual(expected.map((id) => [id, 'fail']));
    expect(summary.ok).toBe(false);
  });

  it('a duplicated user: the figure counts the extra row, and the query shows both copies', async () => {
    await seed(DUPLICATE_USER);
    const found = check(await checkData(), 'unique.users.user_id');
    expect(found).toMatchObject({ figure: 1, detail: expect.stringContaining('1 duplicate') });
    const rows = await wh.query(found.query);
    const [[minUser]] = (await wh.query('SELECT MIN(user_id) FROM users')) as [[number]];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r[0])).toEqual([minUser, minUser]);
  });

  it('a NULL start_time: the query shows that one songplay', async () => {
    await seed(NULL_START_TIME);
    const found = check(await checkData(), 'not_null.songplays.start_time');
    expect(found).toMatchObject({ figure: 1, detail: expect.stringMatching(/^1 NULL in [\d,]+ rows$/) });
    const rows = await wh.query(found.query);
    const [[first]] = (await wh.query('SELECT MIN(songplay_id) FROM songplays')) as [[number]];
    expect(rows.map((r) => r[0])).toEqual([first]);
  });

  it('an orphan songplay: the query shows that songplay, with its unknown user', async () => {
    await seed(ORPHAN_SONGPLAY);
    const found = check(await checkData(), 'relationship.songplays.user_id');
    expect(found).toMatchObject({ figure: 1, detail: expect.stringMatching(/^1 of [\d,]+ missing from users$/) });
    const rows = await wh.query(found.query);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(999999);
  });

  it('a failed check makes the run not ok, unless it is told not to fail on checks', async () => {
    await seed(ORPHAN_SONGPLAY);
    expect((await checkData()).ok).toBe(false);
    const tolerant = await checkData({ failOnCheck: false });
    expect(tolerant.ok).toBe(true);
    expect(check(tolerant, 'relationship.songplays.user_id').status).toBe('fail'); // still reported
  });

  it('a songplay for no NextSong event fails only the one-row-per-event check', async () => {
    await seed(['INSERT INTO songplays (start_time, user_id, level, session_id) SELECT start_time, user_id, level, session_id FROM songplays WHERE songplay_id = (SELECT MIN(songplay_id) FROM songplays)']);
    const summary = await checkData();
    expect(notPassing(summary.checks!)).toEqual([['one_per_event.songplays', 'fail']]);
    const found = check(summary, 'one_per_event.songplays');
    expect(found.figure).toBe(found.total! + 1);
    const rows = await wh.query(found.query);
    expect(rows).toHaveLength(1); // the play key held twice by songplays, once by the events
    expect(rows[0]!.slice(3)).toEqual([2, 1]);
  });

  it('plays matched to no song warn about the match rate, and a warning does not fail the run', async () => {
    await seed(['UPDATE songplays SET song_id = NULL, artist_id = NULL']);
    const summary = await checkData();
    expect(notPassing(summary.checks!)).toEqual([['match_rate.songplays.song_id', 'warn']]);
    expect(check(summary, 'match_rate.songplays.song_id').detail).toMatch(/^0\.00% of plays \(0 of [\d,]+\), below 1%$/);
    expect(summary.ok).toBe(true);
    expect(MATCH_RATE_WARN_BELOW).toBe(0.01);
  });
});

describe('empty tables (create-tables, then check-data)', () => {
  it('fail every has-rows check, warn about the match rate, and pass the rest', async () => {
    const { summary: created } = await runCollecting(wh, buildPlan('create-tables', UDACITY_SOURCES));
    expect(created.ok).toBe(true);
    const summary = await checkData();
    const tables = ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];
    expect(notPassing(summary.checks!)).toEqual([...tables.map((t) => [`has_rows.${t}`, 'fail']), ['match_rate.songplays.song_id', 'warn']]);
    expect(check(summary, 'has_rows.users').detail).toBe('empty');
  });
});
