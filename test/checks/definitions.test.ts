// The checks as data: derived from the schema model, each one SELECT, SQL that means the same on
// Redshift and on the local engine; and how figures become statuses and words.

import { describe, expect, it } from 'vitest';
import { readChecks, tallyChecks } from '../../src/pipeline/dataChecks.js';
import { CHECKS, checksQuery, MATCH_RATE_WARN_BELOW, OFFENDING_ROWS_LIMIT, type CheckKind } from '../../src/sql/dataChecks.js';
import { insightsQuery } from '../../src/sql/insights.js';
import { TABLES } from '../../src/sql/schema.js';

const ids = (kind: CheckKind) => CHECKS.filter((c) => c.kind === kind).map((c) => c.id);
const star = TABLES.filter((t) => t.role !== 'staging');

describe('the checks, derived from the schema model', () => {
  it('check that every table has rows', () => {
    expect(ids('has_rows')).toEqual(TABLES.map((t) => `has_rows.${t.name}`));
  });

  it('check for NULLs every NOT NULL column of the star schema but the IDENTITY key: songplays.start_time, songplays.user_id and the dimension keys', () => {
    expect(ids('not_null').sort()).toEqual(
      ['songplays.start_time', 'songplays.user_id', 'users.user_id', 'songs.song_id', 'artists.artist_id', 'time.start_time'].map((c) => `not_null.${c}`).sort(),
    );
  });

  it('check that each dimension key is unique', () => {
    expect(ids('unique').sort()).toEqual(['unique.artists.artist_id', 'unique.songs.song_id', 'unique.time.start_time', 'unique.users.user_id']);
    expect(star.filter((t) => t.role === 'dimension').map((t) => t.key)).toEqual(['user_id', 'song_id', 'artist_id', 'start_time']);
  });

  it('check that every key songplays names is in its dimension', () => {
    expect(CHECKS.filter((c) => c.kind === 'relationship').map((c) => [c.column, c.references])).toEqual([
      ['start_time', 'time'], ['user_id', 'users'], ['song_id', 'songs'], ['artist_id', 'artists'],
    ]);
  });

  it('add the one-row-per-NextSong-event check and the song match rate', () => {
    expect(ids('one_per_event')).toEqual(['one_per_event.songplays']);
    expect(ids('match_rate')).toEqual(['match_rate.songplays.song_id']);
  });

  it('have unique ids that are safe inside a SQL literal', () => {
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    for (const c of CHECKS) expect(c.id).toMatch(/^[a-z_.]+$/);
  });
});

/** The SQL outside single-quoted literals. */
function outsideLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''");
}

describe('the SQL of the checks', () => {
  it('is one statement: every figure in one UNION ALL, each check once', () => {
    const sql = checksQuery();
    expect(outsideLiterals(sql)).not.toContain(';');
    for (const c of CHECKS) expect(sql.split(`'${c.id}'`)).toHaveLength(2);
    expect(sql.match(/\bUNION ALL\b/g)).toHaveLength(CHECKS.length - 1);
  });

  it.each(CHECKS.map((c) => [c.id, c] as const))('%s: a SELECT of figure and total, and a query of the offending rows with a LIMIT', (_id, c) => {
    expect(c.sql).toMatch(/^SELECT\b/);
    expect(c.sql).toMatch(/\bAS figure\b/);
    expect(c.sql).toMatch(/\bAS total\b/);
    expect(c.offendingRowsSql).toMatch(/^SELECT\b/);
    if (c.kind !== 'has_rows') expect(c.offendingRowsSql).toMatch(new RegExp(`\\bLIMIT ${OFFENDING_ROWS_LIMIT}$`));
  });

  it('keeps each line of the offending-rows queries within 72 columns, so they print indented within 80', () => {
    for (const c of CHECKS) for (const line of c.offendingRowsSql.split('\n')) expect(line.length, `${c.id}: ${line}`).toBeLessThanOrEqual(72);
  });

  // `/` between integers divides as integers on Redshift: only a division by a decimal is safe.
  it.each([['checks', checksQuery()], ['insights', insightsQuery()]])('divides only by decimal literals in the %s statement', (_what, sql) => {
    const divisions = [...outsideLiterals(sql).matchAll(/\/\s*(\S+)/g)].map((m) => m[1]);
    for (const divisor of divisions) expect(divisor).toMatch(/^\d+\.\d+$/);
  });

  it.each([['checks', checksQuery()], ['insights', insightsQuery()]])('uses none of the local engine\'s own syntax in the %s statement (no :: casts, no double-quoted strings)', (_what, sql) => {
    expect(outsideLiterals(sql)).not.toContain('::');
    expect(outsideLiterals(sql)).not.toContain('"');
  });
});

describe('from figures to statuses and words', () => {
  const row = (id: string, figure: number, total: number | null) => [id, figure, total];
  const judge = (id: string, figure: number, total: number | null) => readChecks([row(id, figure, total)]).find((c) => c.id === id)!;

  it.each([
    ['has_rows.users', 96, null, 'pass', '96 rows'],
    ['has_rows.users', 0, null, 'fail', 'empty'],
    ['one_per_event.songplays', 6820, 6820, 'pass', '6,820 of 6,820 NextSong events'],
    ['one_per_event.songplays', 6821, 6820, 'fail', '6,821 rows for 6,820 NextSong events'],
    ['one_per_event.songplays', 0, 6820, 'fail', '0 rows for 6,820 NextSong events'],
    ['not_null.songplays.start_time', 0, 6820, 'pass', '0 NULLs'],
    ['not_null.songplays.start_time', 1, 6820, 'fail', '1 NULL in 6,820 rows'],
    ['unique.users.user_id', 0, 96, 'pass', '0 duplicates'],
    ['unique.users.user_id', 2, 98, 'fail', '2 duplicates in 98 rows'],
    ['relationship.songplays.user_id', 0, 6820, 'pass', '0 of 6,820 missing'],
    ['relationship.songplays.user_id', 3, 6820, 'fail', '3 of 6,820 missing from users'],
    ['match_rate.songplays.song_id', 2456, 6820, 'pass', '36.0% of plays (2,456 of 6,820)'],
    ['match_rate.songplays.song_id', 333, 6820, 'pass', '4.88% of plays (333 of 6,820)'],
    ['match_rate.songplays.song_id', 69, 6820, 'pass', '1.01% of plays (69 of 6,820)'],
    ['match_rate.songplays.song_id', 68, 6820, 'warn', '0.99% of plays (68 of 6,820), below 1%'],
    ['match_rate.songplays.song_id', 0, 6820, 'warn', '0.00% of plays (0 of 6,820), below 1%'],
    ['match_rate.songplays.song_id', 0, 0, 'warn', 'no plays to match'],
  ] as const)('%s with figure %d of %s: %s, "%s"', (id, figure, total, status, detail) => {
    expect(judge(id, figure, total)).toMatchObject({ status, detail });
  });

  it('never fails on the match rate: the real data matches only a few percent of plays', () => {
    expect(MATCH_RATE_WARN_BELOW).toBeLessThan(0.03);
    expect(judge('match_rate.songplays.song_id', 0, 6820).status).toBe('warn');
  });

  it('fails a check whose figure did not come back, saying so', () => {
    const results = readChecks([]);
    expect(results).toHaveLength(CHECKS.length);
    expect(results.every((c) => c.status === 'fail' && c.detail === 'no figure came back from the warehouse')).toBe(true);
  });

  it('carries each check\'s title, kind and query, and tallies the statuses', () => {
    const healthy = (id: string, kind: CheckKind) => (kind === 'has_rows' ? row(id, 5, null) : kind === 'one_per_event' ? row(id, 10, 10) : kind === 'match_rate' ? row(id, 5, 10) : row(id, 0, 10));
    const rows = CHECKS.filter((c) => c.id !== 'has_rows.staging_events').map((c) =>
      c.id === 'has_rows.users' ? row(c.id, 0, null) : c.id === 'match_rate.songplays.song_id' ? row(c.id, 0, 10) : healthy(c.id, c.kind),
    );
    const results = readChecks(rows);
    expect(results.find((c) => c.id === 'has_rows.users')).toMatchObject({ title: 'users has rows', kind: 'has_rows', status: 'fail', query: 'SELECT COUNT(*) AS row_count FROM users' });
    // users is empty, staging_events was not measured, the match rate is zero.
    expect(tallyChecks(results)).toEqual({ pass: CHECKS.length - 3, warn: 1, fail: 2 });
  });
});
