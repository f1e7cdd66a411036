// The analyses run after a load: what Sparkify's listeners play, when, on what, and how often
// they come back. Each is a SELECT of (position, label, detail, value) rows; `insightsQuery`
// sends them all as one statement, each row tagged with its insight.
//
// Counts only: shares are computed from them afterwards, so no engine's rules for division
// (integer division on Redshift) come into it.
//
// Most insights read the star schema. The most played songs and artists by the event log's own
// titles read the staging tables, as the last load left them (no step drops them, on Redshift or
// locally): only plays matched to song_data can be counted per song in the star schema, and in
// Sparkify's real data that is a few percent of them.

import { ARTISTS, SONGPLAYS, SONGS, STAGING_EVENTS, STAGING_SONGS, USERS } from './schema.js';

export type InsightId =
  | 'totals' | 'top_songs' | 'top_artists' | 'top_logged_songs' | 'top_logged_artists' | 'plays_by_hour' | 'plays_by_weekday'
  | 'plays_by_level' | 'users_by_level' | 'top_locations' | 'plays_by_browser' | 'plays_by_os' | 'sessions_per_user' | 'session_stats';

export interface InsightQuery {
  id: InsightId;
  /** A SELECT of position (INTEGER or NULL), label and detail (text or NULL) and value (a number). */
  sql: string;
  /** The SELECT has a fifth column, known: 1 when song_data knows the row's song or artist, else 0. */
  known?: boolean;
}

export const TOP_SONGS = 10;
export const TOP_ARTISTS = 10;
export const TOP_LOCATIONS = 5;
export const TOP_LOGGED_SONGS = 10;
export const TOP_LOGGED_ARTISTS = 10;

/**
 * Browser families, tried in this order: Edge and Chrome carry "Safari/" too, Chrome carries it
 * as well as its own name, so the more specific tokens come first. Anything else is "Other".
 */
export const BROWSER_FAMILIES: [family: string, patterns: string[]][] = [
  ['Edge', ['%Edge/%', '%Edg/%']],
  ['Chrome', ['%Chrome/%', '%Chromium/%', '%CriOS/%']],
  ['Safari', ['%Safari/%']],
  ['Firefox', ['%Firefox/%']],
  ['Internet Explorer', ['%Trident/%', '%MSIE %']],
];

/** Operating systems, in this order: an iPhone's agent says "like Mac OS X", Android's "Linux". */
export const OS_FAMILIES: [family: string, patterns: string[]][] = [
  ['Windows', ['%Windows%']],
  ['iPhone/iPad', ['%iPhone%', '%iPad%']],
  ['Mac OS X', ['%Mac OS X%', '%Macintosh%']],
  ['Android', ['%Android%']],
  ['Linux', ['%Linux%', '%X11%']],
];

export const OTHER_FAMILY = 'Other';

/** Users by how many sessions they played music in; `upTo` undefined means no upper bound. */
export const SESSION_BUCKETS: { label: string; upTo?: number }[] = [
  { label: '1', upTo: 1 },
  { label: '2-3', upTo: 3 },
  { label: '4-7', upTo: 7 },
  { label: '8-15', upTo: 15 },
  { label: '16-31', upTo: 31 },
  { label: '32+' },
];

/** A CASE naming the family of `column` by LIKE patterns (% and _ are the only wildcards). */
function familyCase(column: string, families: [string, string[]][]): string {
  const whens = families.map(([family, patterns]) => `WHEN ${patterns.map((p) => `${column} LIKE '${p}'`).join(' OR ')} THEN '${family}'`);
  return `CASE ${whens.join('\n       ')}\n       ELSE '${OTHER_FAMILY}' END`;
}

/** Sessions (user_id, session_id pairs) with at least one play, per user. */
const SESSIONS_PER_USER = `SELECT user_id, COUNT(DISTINCT session_id) AS sessions
FROM ${SONGPLAYS.name} WHERE user_id IS NOT NULL GROUP BY user_id`;

// Typed NULLs: an untyped NULL in a subquery is of unknown type, which Redshift may refuse to cast.
const NO_POSITION = 'CAST(NULL AS INTEGER)';
const NO_TEXT = 'CAST(NULL AS VARCHAR(512))';

function ranked(inner: string, limit: number): string {
  return `SELECT position, label, detail, value FROM (\n${inner}\n) ranked WHERE position <= ${limit}`;
}

/** The plays of the event log last loaded, by the titles and artist names the log gives. */
const LOGGED_PLAYS = `FROM ${STAGING_EVENTS.name} WHERE page = 'NextSong'`;

/**
 * Ranked rows with `known`: whether some song file has the same `columns` (title and artist name
 * for a song, artist name for an artist; both hold artist_name), compared as the star schema's
 * match compares them but without the duration, which the log gives per play.
 */
function withKnown(rows: string, columns: string, on: string): string {
  return `SELECT r.position, r.label, r.detail, r.value, CASE WHEN k.artist_name IS NULL THEN 0 ELSE 1 END AS known
FROM (${rows}) r
LEFT JOIN (SELECT DISTINCT ${columns} FROM ${STAGING_SONGS.name}) k ON ${on}`;
}

export const INSIGHTS: InsightQuery[] = [
  {
    id: 'totals',
    sql: `SELECT 1 AS position, 'plays' AS label, ${NO_TEXT} AS detail, COUNT(*) AS value FROM ${SONGPLAYS.name}
UNION ALL SELECT 2, 'matched_plays', ${NO_TEXT}, COUNT(song_id) FROM ${SONGPLAYS.name}
UNION ALL SELECT 3, 'listeners', ${NO_TEXT}, COUNT(DISTINCT user_id) FROM ${SONGPLAYS.name}
UNION ALL SELECT 4, 'sessions', ${NO_TEXT}, COUNT(*)
  FROM (SELECT DISTINCT user_id, session_id FROM ${SONGPLAYS.name}) s
UNION ALL SELECT 5, 'logged_plays', ${NO_TEXT}, COUNT(*) ${LOGGED_PLAYS}`,
  },
  {
    // Only plays matched to a song can be counted per song; ties go to the lower song_id.
    id: 'top_songs',
    sql: ranked(`SELECT s.title AS label, a.name AS detail, COUNT(*) AS value,
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, s.song_id) AS position
FROM ${SONGPLAYS.name} p
JOIN ${SONGS.name} s ON s.song_id = p.song_id
LEFT JOIN ${ARTISTS.name} a ON a.artist_id = p.artist_id
GROUP BY s.song_id, s.title, a.name`, TOP_SONGS),
  },
  {
    id: 'top_artists',
    sql: ranked(`SELECT a.name AS label, ${NO_TEXT} AS detail, COUNT(*) AS value,
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, a.artist_id) AS position
FROM ${SONGPLAYS.name} p
JOIN ${ARTISTS.name} a ON a.artist_id = p.artist_id
GROUP BY a.artist_id, a.name`, TOP_ARTISTS),
  },
  {
    // Every play the log names with a title and an artist; ties go to the lower title, then artist.
    id: 'top_logged_songs',
    known: true,
    sql: withKnown(ranked(`SELECT song AS label, artist AS detail, COUNT(*) AS value,
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, song, artist) AS position
${LOGGED_PLAYS} AND song IS NOT NULL AND artist IS NOT NULL
GROUP BY song, artist`, TOP_LOGGED_SONGS), 'title, artist_name', 'k.title = r.label AND k.artist_name = r.detail'),
  },
  {
    id: 'top_logged_artists',
    known: true,
    sql: withKnown(ranked(`SELECT artist AS label, ${NO_TEXT} AS detail, COUNT(*) AS value,
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, artist) AS position
${LOGGED_PLAYS} AND artist IS NOT NULL
GROUP BY artist`, TOP_LOGGED_ARTISTS), 'artist_name', 'k.artist_name = r.label'),
  },
  {
    // start_time is UTC (ts is epoch milliseconds), so are the hours.
    id: 'plays_by_hour',
    sql: `SELECT hour AS position, ${NO_TEXT} AS label, ${NO_TEXT} AS detail, COUNT(*) AS value
FROM (SELECT EXTRACT(hour FROM start_time) AS hour FROM ${SONGPLAYS.name} WHERE start_time IS NOT NULL) h
GROUP BY hour`,
  },
  {
    // dow: 0 is Sunday on Redshift and on the local engine alike.
    id: 'plays_by_weekday',
    sql: `SELECT weekday AS position, ${NO_TEXT} AS label, ${NO_TEXT} AS detail, COUNT(*) AS value
FROM (SELECT EXTRACT(dow FROM start_time) AS weekday FROM ${SONGPLAYS.name} WHERE start_time IS NOT NULL) d
GROUP BY weekday`,
  },
  {
    // The level at the time of each play.
    id: 'plays_by_level',
    sql: `SELECT ${NO_POSITION} AS position, level AS label, ${NO_TEXT} AS detail, COUNT(*) AS value FROM ${SONGPLAYS.name} GROUP BY level`,
  },
  {
    // Each user's level now (that of the latest event).
    id: 'users_by_level',
    sql: `SELECT ${NO_POSITION} AS position, level AS label, ${NO_TEXT} AS detail, COUNT(*) AS value FROM ${USERS.name} GROUP BY level`,
  },
  {
    id: 'top_locations',
    sql: ranked(`SELECT location AS label, ${NO_TEXT} AS detail, COUNT(*) AS value,
       ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, location) AS position
FROM ${SONGPLAYS.name}
WHERE location IS NOT NULL
GROUP BY location`, TOP_LOCATIONS),
  },
  {
    id: 'plays_by_browser',
    sql: `SELECT ${NO_POSITION} AS position, family AS label, ${NO_TEXT} AS detail, COUNT(*) AS value
FROM (SELECT ${familyCase('user_agent', BROWSER_FAMILIES)} AS family FROM ${SONGPLAYS.name}) b
GROUP BY family`,
  },
  {
    id: 'plays_by_os',
    sql: `SELECT ${NO_POSITION} AS position, family AS label, ${NO_TEXT} AS detail, COUNT(*) AS value
FROM (SELECT ${familyCase('user_agent', OS_FAMILIES)} AS family FROM ${SONGPLAYS.name}) o
GROUP BY family`,
  },
  {
    // position: the bucket's place in SESSION_BUCKETS, counted from 1.
    id: 'sessions_per_user',
    sql: `SELECT bucket AS position, ${NO_TEXT} AS label, ${NO_TEXT} AS detail, COUNT(*) AS value
FROM (
  SELECT CASE ${SESSION_BUCKETS.map((b, i) => (b.upTo === undefined ? `ELSE ${i + 1}` : `WHEN sessions <= ${b.upTo} THEN ${i + 1}`)).join(' ')} END AS bucket
  FROM (${SESSIONS_PER_USER}) u
) b
GROUP BY bucket`,
  },
  {
    // The median interpolates between the two middle users, as Redshift's MEDIAN does.
    id: 'session_stats',
    sql: `SELECT 1 AS position, 'average' AS label, ${NO_TEXT} AS detail, AVG(CAST(sessions AS DOUBLE PRECISION)) AS value
FROM (${SESSIONS_PER_USER}) u
UNION ALL
SELECT 2, 'median', ${NO_TEXT}, PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY CAST(sessions AS DOUBLE PRECISION))
FROM (${SESSIONS_PER_USER}) u`,
  },
];

/**
 * Every insight in one statement, as rows of (insight, position, label, detail, value, known).
 * The casts give every branch of the UNION the same column types; known is NULL where it means nothing.
 */
export function insightsQuery(insights: InsightQuery[] = INSIGHTS): string {
  return insights
    .map((q, i) => `SELECT '${q.id}' AS insight, CAST(position AS INTEGER) AS position, CAST(label AS VARCHAR(512)) AS label,
       CAST(detail AS VARCHAR(512)) AS detail, CAST(value AS DOUBLE PRECISION) AS value, CAST(${q.known ? 'known' : 'NULL'} AS INTEGER) AS known
FROM (${q.sql}) insight_${i}`)
    .join('\nUNION ALL\n');
}
