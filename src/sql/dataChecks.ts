// The data-quality checks run after a load, derived from the schema model: every table has rows,
// songplays holds one row per NextSong event, NOT NULL columns hold no NULL, dimension keys are
// unique, every key songplays names exists in its dimension, and the song match rate.
//
// Redshift enforces NOT NULL but neither PRIMARY KEY, UNIQUE nor REFERENCES, and `etl` and
// `check-data` work on tables this tool may not have created (Udacity's create_tables.py declares
// no NOT NULL): so each rule of the model is verified on the data itself.
//
// Each check is one SELECT of (figure, total); `checksQuery` sends them all as one statement. The
// checks can look at the tables wherever they are (`checksOn`): a rebuild beside the live tables
// checks its own tables before they are swapped in.

import { LIVE_NAMES, SONGPLAYS, TABLES, table, type Table, type TableNames } from './schema.js';
import { START_TIME } from './pipelineSql.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** What a check verifies, which also says how its figure reads. */
export type CheckKind = 'has_rows' | 'one_per_event' | 'not_null' | 'unique' | 'relationship' | 'match_rate';

export interface CheckDefinition {
  /** Stable and SQL-safe: letters, digits, dots and underscores. */
  id: string;
  kind: CheckKind;
  /** As people read it: "users.user_id unique". */
  title: string;
  /** The table the check is about, and its column where it is about one. */
  table: string;
  column?: string;
  /** A dimension a relationship check looks into. */
  references?: string;
  /** One SELECT returning one row: `figure` (a count) and `total` (what it is out of, or NULL). */
  sql: string;
  /** The query that shows the offending rows, at most OFFENDING_ROWS_LIMIT of them. */
  offendingRowsSql: string;
  /** How the figure maps to a status. */
  evaluate(figure: number, total: number | null): CheckStatus;
}

export const OFFENDING_ROWS_LIMIT = 20;

/**
 * Below this share of plays resolved to a song, the match rate warns. In Udacity's data only a
 * few percent of plays match (most played songs are not in song_data), so a higher bar would warn
 * on every healthy run; a share near zero means the match itself is broken (title, artist name or
 * duration compared wrongly, a character set lost in the load). It warns, never fails: the rate
 * is a property of the data, and the analyses that need a song_id say how many plays they cover.
 */
export const MATCH_RATE_WARN_BELOW = 0.01;

const zeroPasses = (figure: number): CheckStatus => (figure === 0 ? 'pass' : 'fail');

function hasRows(t: Table, names: TableNames): CheckDefinition {
  const from = names[t.name];
  return {
    id: `has_rows.${t.name}`,
    kind: 'has_rows',
    title: `${t.name} has rows`,
    table: t.name,
    // A typed NULL: an untyped one is of unknown type, which Redshift may refuse to cast.
    sql: `SELECT COUNT(*) AS figure, CAST(NULL AS BIGINT) AS total FROM ${from}`,
    offendingRowsSql: `SELECT COUNT(*) AS row_count FROM ${from}`,
    evaluate: (figure) => (figure > 0 ? 'pass' : 'fail'),
  };
}

/** songplays holds exactly one row per NextSong event of staging_events. */
const onePerNextSong = ({ songplays, staging_events: events }: TableNames): CheckDefinition => ({
  id: 'one_per_event.songplays',
  kind: 'one_per_event',
  title: 'songplays = NextSong events',
  table: SONGPLAYS.name,
  sql: `SELECT p.n AS figure, e.n AS total
FROM (SELECT COUNT(*) AS n FROM ${songplays}) p
CROSS JOIN (SELECT COUNT(*) AS n FROM ${events} WHERE page = 'NextSong') e`,
  // Play keys held a different number of times by songplays and by the NextSong events, the
  // play time computed as insertSongplays computes it.
  offendingRowsSql: `SELECT COALESCE(p.start_time, e.start_time) AS start_time,
       COALESCE(p.user_id, e.user_id) AS user_id,
       COALESCE(p.session_id, e.session_id) AS session_id,
       COALESCE(p.n, 0) AS songplays,
       COALESCE(e.n, 0) AS next_song_events
FROM (SELECT start_time, user_id, session_id, COUNT(*) AS n
      FROM ${songplays} GROUP BY start_time, user_id, session_id) p
FULL OUTER JOIN (
  SELECT start_time, user_id, session_id, COUNT(*) AS n
  FROM (
    SELECT ${START_TIME}
             AS start_time,
           CAST(e.user_id AS INTEGER) AS user_id, e.session_id
    FROM ${events} e WHERE e.page = 'NextSong'
  ) k
  GROUP BY start_time, user_id, session_id
) e ON p.start_time = e.start_time AND p.user_id = e.user_id
   AND p.session_id = e.session_id
WHERE COALESCE(p.n, 0) <> COALESCE(e.n, 0)
LIMIT ${OFFENDING_ROWS_LIMIT}`,
  evaluate: (figure, total) => (figure === total ? 'pass' : 'fail'),
});

function notNull(t: Table, column: string, names: TableNames): CheckDefinition {
  const from = names[t.name];
  return {
    id: `not_null.${t.name}.${column}`,
    kind: 'not_null',
    title: `${t.name}.${column} not NULL`,
    table: t.name,
    column,
    sql: `SELECT COALESCE(SUM(CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END), 0) AS figure, COUNT(*) AS total FROM ${from}`,
    offendingRowsSql: `SELECT * FROM ${from} WHERE ${column} IS NULL LIMIT ${OFFENDING_ROWS_LIMIT}`,
    evaluate: zeroPasses,
  };
}

/** The figure is the rows beyond the first for each key value; NULLs are the not_null check's. */
function unique(t: Table, key: string, names: TableNames): CheckDefinition {
  const from = names[t.name];
  return {
    id: `unique.${t.name}.${key}`,
    kind: 'unique',
    title: `${t.name}.${key} unique`,
    table: t.name,
    column: key,
    sql: `SELECT COUNT(${key}) - COUNT(DISTINCT ${key}) AS figure, COUNT(${key}) AS total FROM ${from}`,
    offendingRowsSql: `SELECT * FROM ${from}
WHERE ${key} IN (SELECT ${key} FROM ${from}
  GROUP BY ${key} HAVING COUNT(*) > 1)
ORDER BY ${key}
LIMIT ${OFFENDING_ROWS_LIMIT}`,
    evaluate: zeroPasses,
  };
}

/**
 * Rows whose non-NULL column names no row of the dimension. The dimension's keys are made
 * distinct first, so a duplicated key (the unique check's business) does not change this figure.
 */
function relationship(t: Table, column: string, dimension: Table, names: TableNames): CheckDefinition {
  const key = dimension.key!;
  const [from, into] = [names[t.name], names[dimension.name]];
  return {
    id: `relationship.${t.name}.${column}`,
    kind: 'relationship',
    title: `${t.name}.${column} in ${dimension.name}`,
    table: t.name,
    column,
    references: dimension.name,
    sql: `SELECT COALESCE(SUM(CASE WHEN f.${column} IS NOT NULL AND d.${key} IS NULL THEN 1 ELSE 0 END), 0) AS figure,
       COUNT(f.${column}) AS total
FROM ${from} f
LEFT JOIN (SELECT DISTINCT ${key} FROM ${into}) d ON d.${key} = f.${column}`,
    offendingRowsSql: `SELECT f.* FROM ${from} f
WHERE f.${column} IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ${into} d
                  WHERE d.${key} = f.${column})
LIMIT ${OFFENDING_ROWS_LIMIT}`,
    evaluate: zeroPasses,
  };
}

/**
 * The share of plays resolved to a song. Its SQL returns the two counts and the share is computed
 * from them, so no engine's rules for division come into it.
 */
const songMatchRate = (names: TableNames): CheckDefinition => ({
  id: 'match_rate.songplays.song_id',
  kind: 'match_rate',
  title: 'song match rate',
  table: SONGPLAYS.name,
  column: 'song_id',
  sql: `SELECT COUNT(song_id) AS figure, COUNT(*) AS total FROM ${names.songplays}`,
  // The most played songs that no song file matches: where a broken match shows first.
  offendingRowsSql: `SELECT e.song, e.artist, e.length, COUNT(*) AS plays
FROM ${names.staging_events} e
WHERE e.page = 'NextSong'
  AND NOT EXISTS (SELECT 1 FROM ${names.staging_songs} s
                  WHERE s.title = e.song AND s.artist_name = e.artist
                    AND s.duration = e.length)
GROUP BY e.song, e.artist, e.length
ORDER BY plays DESC
LIMIT ${OFFENDING_ROWS_LIMIT}`,
  evaluate: (figure, total) => (!total || figure / total < MATCH_RATE_WARN_BELOW ? 'warn' : 'pass'),
});

/** Every check of the tables where `names` says they are, in the order they are shown. */
export function checksOn(names: TableNames): CheckDefinition[] {
  const star = TABLES.filter((t) => t.role !== 'staging');
  // IDENTITY columns are filled by the warehouse and cannot be NULL.
  const notNulls = star.flatMap((t) => t.columns.filter((c) => c.notNull && !c.identity).map((c) => notNull(t, c.name, names)));
  const uniques = star.filter((t) => t.key).map((t) => unique(t, t.key!, names));
  const relationships = star.flatMap((t) => t.columns.filter((c) => c.references).map((c) => relationship(t, c.name, table(c.references!), names)));
  return [...TABLES.map((t) => hasRows(t, names)), onePerNextSong(names), ...notNulls, ...uniques, ...relationships, songMatchRate(names)];
}

/** Every check of the live tables, in the order they are shown. */
export const CHECKS: CheckDefinition[] = checksOn(LIVE_NAMES);

/**
 * Every check's figure in one statement, as rows of (check_id, figure, total): one step of the
 * plan, one round trip. The casts give every branch of the UNION the same column types.
 */
export function checksQuery(checks: CheckDefinition[] = CHECKS): string {
  return checks
    .map((c, i) => `SELECT '${c.id}' AS check_id, CAST(figure AS BIGINT) AS figure, CAST(total AS BIGINT) AS total
FROM (${c.sql}) check_${i}`)
    .join('\nUNION ALL\n');
}
