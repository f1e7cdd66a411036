// Every statement the pipeline sends, in Redshift SQL that means the same on the local engine.

import type { Sources } from '../config/target.js';
import { LIVE_NAMES, TABLES, type Table, type TableNames } from './schema.js';

/** Redshift's limit on one statement. */
export const MAX_STATEMENT_BYTES = 100 * 1024;

export function dropTable(t: Table, names: TableNames = LIVE_NAMES): string {
  return `DROP TABLE IF EXISTS ${names[t.name]}`;
}

/** The model's DDL for the table, under the name it goes by in `names`. */
export function createTable(t: Table, names: TableNames = LIVE_NAMES): string {
  const columns = t.columns.map((c) => `  ${c.name} ${c.type}${c.identity ? ' IDENTITY(0, 1)' : ''}${c.notNull ? ' NOT NULL' : ''}`);
  const attributes = [
    `DISTSTYLE ${t.distStyle}`,
    t.distKey ? `DISTKEY (${t.distKey})` : '',
    t.sortKey ? `SORTKEY (${t.sortKey.join(', ')})` : '',
  ].filter(Boolean);
  return `CREATE TABLE ${names[t.name]} (\n${columns.join(',\n')}\n)\n${attributes.join('\n')}`;
}

/** Drop every table (the fact first) and create them anew. */
export function resetStatements(): string[] {
  return [...[...TABLES].reverse().map((t) => dropTable(t)), ...TABLES.map((t) => createTable(t))];
}

/**
 * Values from the config that reach SQL are checked first, then quoted: a value with a quote,
 * a backslash or a control character is refused rather than escaped.
 */
export function literal(value: string, what: string): string {
  if (/['\\\u0000-\u001f\u007f]/.test(value)) {
    throw new Error(`${what} '${value}' holds a quote, backslash or control character, which no S3 location or ARN needs`);
  }
  return `'${value}'`;
}

function copyOptions(sources: Sources): string {
  return [
    `IAM_ROLE ${literal(sources.iamRole, 'IAM role ARN')}`,
    sources.region ? `REGION ${literal(sources.region, 'S3 region')}` : '',
    // Statistics and compression analysis are wasted on staging tables that are read once.
    'COMPUPDATE OFF STATUPDATE OFF',
  ].filter(Boolean).join('\n');
}

export function copyStagingEvents(sources: Sources, names: TableNames = LIVE_NAMES): string {
  return `COPY ${names.staging_events}
FROM ${literal(sources.logData, 'LOG_DATA')}
${copyOptions(sources)}
FORMAT AS JSON ${literal(sources.logJsonPath, 'LOG_JSONPATH')}`;
}

export function copyStagingSongs(sources: Sources, names: TableNames = LIVE_NAMES): string {
  return `COPY ${names.staging_songs}
FROM ${literal(sources.songData, 'SONG_DATA')}
${copyOptions(sources)}
FORMAT AS JSON 'auto'`;
}

/**
 * Play time from ts (epoch milliseconds) of staging_events `e`, keeping the milliseconds:
 * `/ 1000.0` divides as a number on both engines, where `/ 1000` would drop them on Redshift
 * (integer division).
 */
export const START_TIME = "TIMESTAMP 'epoch' + e.ts / 1000.0 * INTERVAL '1 second'";

// The INSERTs add what the star schema lacks, so that loading the same data again (etl twice, or
// etl after run) changes nothing: on fresh tables the guards cost one anti-join on an empty table.

/** The staging tables are scratch: emptied before a load into existing tables. */
export function clearStagingStatements(names: TableNames = LIVE_NAMES): string[] {
  return [names.staging_events, names.staging_songs].map((name) => `DELETE FROM ${name}`);
}

/** One row per NextSong event; song and artist resolved by title, artist name and duration. */
export function insertSongplays(names: TableNames = LIVE_NAMES): string {
  return `INSERT INTO ${names.songplays} (start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
SELECT ${START_TIME}, CAST(e.user_id AS INTEGER), e.level, s.song_id, s.artist_id, e.session_id, e.location, e.user_agent
FROM ${names.staging_events} e
LEFT JOIN (
  -- One candidate per (title, artist name, duration), so a play never matches twice.
  SELECT title, artist_name, duration, song_id, artist_id,
         ROW_NUMBER() OVER (PARTITION BY title, artist_name, duration ORDER BY song_id) AS candidate
  FROM ${names.staging_songs}
) s ON s.candidate = 1 AND e.song = s.title AND e.artist = s.artist_name AND e.length = s.duration
WHERE e.page = 'NextSong'
  AND NOT EXISTS (
    SELECT 1 FROM ${names.songplays} p
    WHERE p.start_time = ${START_TIME} AND p.user_id = CAST(e.user_id AS INTEGER) AND p.session_id = e.session_id
  )`;
}

/** Each user of NextSong events with the level of the user's latest event. */
const latestUsers = (names: TableNames) => `SELECT user_id, first_name, last_name, gender, level
FROM (
  SELECT CAST(user_id AS INTEGER) AS user_id, first_name, last_name, gender, level,
         ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC, session_id DESC, item_in_session DESC) AS recency
  FROM ${names.staging_events}
  WHERE page = 'NextSong' AND user_id IS NOT NULL AND user_id <> ''
) events
WHERE recency = 1`;

/** Users already known take the level of their latest event; new users are added. */
export function upsertUsers(names: TableNames = LIVE_NAMES): string[] {
  const users = names.users;
  return [
    `UPDATE ${users} SET level = latest.level
FROM (${latestUsers(names)}) latest
WHERE ${users}.user_id = latest.user_id AND ${users}.level <> latest.level`,
    `INSERT INTO ${users} (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM (${latestUsers(names)}) latest
WHERE NOT EXISTS (SELECT 1 FROM ${users} u WHERE u.user_id = latest.user_id)`,
  ];
}

/** One row per song_id; an unknown year (0) becomes NULL. */
export function insertSongs(names: TableNames = LIVE_NAMES): string {
  return `INSERT INTO ${names.songs} (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, NULLIF(year, 0), duration
FROM (
  SELECT song_id, title, artist_id, year, duration,
         ROW_NUMBER() OVER (PARTITION BY song_id ORDER BY title, artist_id) AS n
  FROM ${names.staging_songs}
  WHERE song_id IS NOT NULL
) s
WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM ${names.songs} x WHERE x.song_id = s.song_id)`;
}

/**
 * One row per artist_id. An artist appears under slightly different names: the shortest
 * (then alphabetically first) is taken, with that row's location; an empty location is NULL.
 */
export function insertArtists(names: TableNames = LIVE_NAMES): string {
  return `INSERT INTO ${names.artists} (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, NULLIF(artist_location, ''), artist_latitude, artist_longitude
FROM (
  SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
         ROW_NUMBER() OVER (PARTITION BY artist_id ORDER BY LENGTH(artist_name), artist_name, artist_location) AS n
  FROM ${names.staging_songs}
  WHERE artist_id IS NOT NULL
) a
WHERE n = 1 AND NOT EXISTS (SELECT 1 FROM ${names.artists} x WHERE x.artist_id = a.artist_id)`;
}

/** One row per distinct songplays.start_time: the two join exactly. */
export function insertTime(names: TableNames = LIVE_NAMES): string {
  return `INSERT INTO ${names.time} (start_time, hour, day, week, month, year, weekday)
SELECT start_time, EXTRACT(hour FROM start_time), EXTRACT(day FROM start_time), EXTRACT(week FROM start_time),
       EXTRACT(month FROM start_time), EXTRACT(year FROM start_time), EXTRACT(dow FROM start_time)
FROM (SELECT DISTINCT start_time FROM ${names.songplays}) t
WHERE NOT EXISTS (SELECT 1 FROM ${names.time} x WHERE x.start_time = t.start_time)`;
}

/** Row counts of every table, as (table_name, row_count): each table by its own name, wherever it is. */
export function rowCountsQuery(tables: Table[] = TABLES, names: TableNames = LIVE_NAMES): string {
  return tables.map((t) => `SELECT '${t.name}' AS table_name, COUNT(*) AS row_count FROM ${names[t.name]}`).join('\nUNION ALL\n');
}

/** The tables that exist now, to tell what a reset would destroy. */
export const EXISTING_TABLES_QUERY = `SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public' AND table_name IN (${TABLES.map((t) => `'${t.name}'`).join(', ')})`;

/**
 * Whether the database user may create tables in schema public, then drop each of these tables
 * (the ones that exist): one row, create first. HAS_SCHEMA_PRIVILEGE and HAS_TABLE_PRIVILEGE
 * are leader-node functions, so the query reads no table.
 */
export function privilegesQuery(existing: Table[]): string {
  const drops = existing.map((t) => `,\n       HAS_TABLE_PRIVILEGE('public.${t.name}', 'DROP') AS drop_${t.name}`).join('');
  return `SELECT HAS_SCHEMA_PRIVILEGE('public', 'CREATE') AS create_in_public${drops}`;
}

/** Load errors of one COPY, by the query id DescribeStatement gave (RedshiftQueryId). */
export function loadErrorsQuery(queryId: number, limit = 20): string {
  if (!Number.isSafeInteger(queryId) || queryId < 0) throw new Error(`not a query id: ${queryId}`);
  return `SELECT TRIM(file_name) AS file_name, line_number, TRIM(column_name) AS column_name, error_code, TRIM(error_message) AS error_message
FROM sys_load_error_detail
WHERE query_id = ${queryId}
ORDER BY file_name, line_number
LIMIT ${limit}`;
}

/**
 * How far one COPY is, from the warehouse's load history (SYS_LOAD_HISTORY, one row per COPY,
 * running or ended; SYS_LOAD_DETAIL, one row per file read), by the query id DescribeStatement
 * gave. Files and bytes read are taken from whichever view is further along, as one may be
 * updated before the other. Columns: status, loaded_rows, source_file_count, source_file_bytes,
 * files_scanned, bytes_scanned, lines_scanned.
 */
export function loadProgressQuery(queryId: number): string {
  if (!Number.isSafeInteger(queryId) || queryId <= 0) throw new Error(`not a query id: ${queryId}`);
  return `SELECT TRIM(h.status) AS status, h.loaded_rows, h.source_file_count, h.source_file_bytes,
       GREATEST(h.file_count_scanned, COUNT(d.query_id)) AS files_scanned,
       GREATEST(h.file_bytes_scanned, COALESCE(SUM(d.bytes_scanned), 0)) AS bytes_scanned,
       COALESCE(SUM(d.lines_scanned), 0) AS lines_scanned
FROM sys_load_history h LEFT JOIN sys_load_detail d ON d.query_id = h.query_id
WHERE h.query_id = ${queryId}
GROUP BY h.status, h.loaded_rows, h.source_file_count, h.source_file_bytes, h.file_count_scanned, h.file_bytes_scanned`;
}

/** A COPY's status and rows loaded, from its row of SYS_LOAD_HISTORY alone: what it ended with. */
export function loadedRowsQuery(queryId: number): string {
  if (!Number.isSafeInteger(queryId) || queryId <= 0) throw new Error(`not a query id: ${queryId}`);
  return `SELECT TRIM(status) AS status, loaded_rows FROM sys_load_history WHERE query_id = ${queryId}`;
}

/** The cheapest statement that proves the target answers. */
export const PING_QUERY = 'SELECT 1';
