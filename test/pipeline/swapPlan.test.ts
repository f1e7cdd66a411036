// The plan of a rebuild beside the live tables, as data: every statement before the swap touches
// only the helper tables, the swap is one transaction of renames then drops and waits for the
// count and the checks, and a warehouse with no tables gets the first load's plan instead.

import { describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import { buildPlan, planScript, type Plan } from '../../src/pipeline/plan.js';
import { LIVE_NAMES, TABLES, type TableName } from '../../src/sql/schema.js';
import { helperNames } from '../../src/sql/swapSql.js';

const TOKEN = '5eed5eed';
const ALL_LIVE = TABLES.map((t): TableName => t.name);
const helpers = helperNames(TOKEN);
const swapPlan = (live: readonly TableName[] = ALL_LIVE, leftovers: string[] = []): Plan =>
  buildPlan('run', UDACITY_SOURCES, { swap: { token: TOKEN, live }, leftovers });
const step = (plan: Plan, id: string) => plan.steps.find((s) => s.id === id)!;
/** Live table names as whole words in SQL (`time` also names a type: only `FROM time`, `INTO time`, `TABLE time` count). */
const namesLive = (sql: string) => TABLES.some((t) => new RegExp(`\\b(FROM|INTO|TABLE|JOIN|UPDATE|COPY)\\s+${t.name}\\b`, 'i').test(sql));

describe('run beside the live tables', () => {
  const plan = swapPlan();

  it('creates, loads, builds, counts and checks beside them, then swaps, then asks for the insights', () => {
    expect(plan.steps.map((s) => s.id)).toEqual(['create', 'staging_events', 'staging_songs', 'users', 'songs', 'artists', 'songplays', 'time', 'counts', 'checks', 'swap', 'insights']);
    expect(plan.helpers).toEqual(helpers);
  });

  it('touches no live table before the swap', () => {
    const before = plan.steps.slice(0, plan.steps.findIndex((s) => s.id === 'swap'));
    for (const s of before) for (const sql of s.sql) expect(namesLive(sql), `${s.id}: ${sql.slice(0, 80)}`).toBe(false);
    expect(step(plan, 'create').sql).toHaveLength(TABLES.length);
    expect(step(plan, 'create').sql.every((sql) => /^CREATE TABLE sparkify_swap_5eed5eed_\w+ \(/.test(sql))).toBe(true);
  });

  it('swaps in one transaction, once the count and the checks are done and the checks passed: live aside, new in, old dropped', () => {
    const swap = step(plan, 'swap');
    expect(swap).toMatchObject({ kind: 'swap', dependsOn: ['counts', 'checks'], onlyIfChecksPass: true });
    const old = (t: string) => `sparkify_old_${TOKEN}_${t}`;
    expect(swap.sql).toEqual([
      ...TABLES.map((t) => `ALTER TABLE ${t.name} RENAME TO ${old(t.name)}`),
      ...TABLES.map((t) => `ALTER TABLE ${helpers[t.name]} RENAME TO ${t.name}`),
      ...TABLES.map((t) => `DROP TABLE ${old(t.name)}`),
    ]);
    expect(swap.sql.length).toBeLessThanOrEqual(40); // BatchExecuteStatement takes 1 to 40 statements
    expect(swap.sql.some((sql) => /\b(TRUNCATE|APPEND)\b/i.test(sql))).toBe(false); // they commit on their own
  });

  it('asks for the insights on the live tables, after the swap', () => {
    expect(step(plan, 'insights')).toMatchObject({ dependsOn: ['swap'], sql: buildPlan('run', UDACITY_SOURCES).steps.at(-1)!.sql });
  });

  it('renames aside only the live tables that exist', () => {
    const swap = step(swapPlan(['songplays', 'users']), 'swap');
    expect(swap.sql.filter((sql) => / RENAME TO sparkify_old_/.test(sql))).toEqual([
      `ALTER TABLE songplays RENAME TO sparkify_old_${TOKEN}_songplays`,
      `ALTER TABLE users RENAME TO sparkify_old_${TOKEN}_users`,
    ]);
    expect(swap.sql.filter((sql) => sql.startsWith('DROP'))).toHaveLength(2);
  });

  it('drops first, in one transaction, the helper tables a rebuild left, and says so', () => {
    const left = [helperNames('0badf00d').users, helperNames('0badf00d').time];
    const cleaning = swapPlan(ALL_LIVE, left);
    expect(cleaning.steps[0]).toMatchObject({ id: 'cleanup', kind: 'cleanup', sql: left.map((n) => `DROP TABLE IF EXISTS ${n}`), dependsOn: [] });
    expect(step(cleaning, 'create').dependsOn).toEqual(['cleanup']);
    expect(cleaning.notes).toEqual(['A rebuild that did not end left 2 tables beside the live ones: they are dropped first.']);
  });

  it('never drops a table whose name is not a helper\'s', () => {
    expect(() => swapPlan(ALL_LIVE, ['users'])).toThrow(/not a helper table's name/);
  });

  it('prints the whole plan for a dry run, the swap transaction included', () => {
    const script = planScript(plan);
    expect(script).toMatch(/-- 11 of 12: SWAP 7 tables in \(one transaction\), after counts, checks, only if every data check passed\nALTER TABLE staging_events RENAME TO/);
  });
});

describe('run beside the live tables when there are none', () => {
  it('is the first load: built in place, and it says so', () => {
    const first = swapPlan([]);
    expect(first.steps.map((s) => s.id)).toEqual(buildPlan('run', UDACITY_SOURCES).steps.map((s) => s.id));
    expect(first.helpers).toBeUndefined();
    expect(first.notes).toEqual(['The warehouse has none of its tables yet: there is nothing to swap out, so this first load builds them in place.']);
  });
});

describe('the live plan', () => {
  it('is unchanged by the tables taking names: every statement names the live tables', () => {
    const plan = buildPlan('run', UDACITY_SOURCES);
    expect(plan.helpers).toBeUndefined();
    expect(LIVE_NAMES.songplays).toBe('songplays');
    expect(plan.steps.flatMap((s) => s.sql).some((sql) => sql.includes('sparkify_'))).toBe(false);
  });
});
