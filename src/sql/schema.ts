// The warehouse's tables: two staging tables in the raw files' shape, and the star schema
// (fact songplays; dimensions users, songs, artists, time). DDL, COPY, INSERTs, counts and
// checks are all derived from this model.

export interface Column {
  name: string;
  type: string;
  notNull?: boolean;
  /** IDENTITY(0, 1): the warehouse numbers the rows. */
  identity?: boolean;
  /**
   * The dimension whose key this column names (a foreign key). Redshift accepts REFERENCES but
   * never enforces it, so the model says it here and a data check verifies it after each load.
   */
  references?: TableName;
}

export interface Table {
  name: TableName;
  role: 'staging' | 'fact' | 'dimension';
  columns: Column[];
  distStyle: 'ALL' | 'EVEN' | 'KEY';
  distKey?: string;
  sortKey?: string[];
  /**
   * The column that names one row of a dimension. Redshift does not enforce uniqueness (a
   * PRIMARY KEY is informational only), so a data check verifies it after each load.
   */
  key?: string;
  /** Why the distribution and sort were chosen. */
  why: string;
}

export type TableName = 'staging_events' | 'staging_songs' | 'songplays' | 'users' | 'songs' | 'artists' | 'time';

const col = (name: string, type: string, extra: Partial<Column> = {}): Column => ({ name, type, ...extra });

export const STAGING_EVENTS: Table = {
  name: 'staging_events',
  role: 'staging',
  // In the order of log_json_path.json: JSONPaths fill columns by position.
  columns: [
    col('artist', 'VARCHAR(512)'), col('auth', 'VARCHAR(32)'), col('first_name', 'VARCHAR(256)'), col('gender', 'CHAR(1)'),
    col('item_in_session', 'INTEGER'), col('last_name', 'VARCHAR(256)'), col('length', 'DOUBLE PRECISION'),
    col('level', 'VARCHAR(16)'), col('location', 'VARCHAR(512)'), col('method', 'VARCHAR(16)'), col('page', 'VARCHAR(64)'),
    col('registration', 'DOUBLE PRECISION'), col('session_id', 'INTEGER'), col('song', 'VARCHAR(512)'),
    col('status', 'SMALLINT'), col('ts', 'BIGINT'), col('user_agent', 'VARCHAR(1024)'), col('user_id', 'VARCHAR(32)'),
  ],
  distStyle: 'EVEN',
  why: 'Loaded once and read whole by the INSERTs: EVEN spreads the COPY across all slices.',
};

export const STAGING_SONGS: Table = {
  name: 'staging_songs',
  role: 'staging',
  // Named as the JSON keys: COPY ... JSON 'auto' matches keys to column names.
  columns: [
    col('num_songs', 'INTEGER'), col('artist_id', 'VARCHAR(32)'), col('artist_latitude', 'DOUBLE PRECISION'),
    col('artist_longitude', 'DOUBLE PRECISION'), col('artist_location', 'VARCHAR(512)'), col('artist_name', 'VARCHAR(512)'),
    col('song_id', 'VARCHAR(32)'), col('title', 'VARCHAR(512)'), col('duration', 'DOUBLE PRECISION'), col('year', 'SMALLINT'),
  ],
  distStyle: 'EVEN',
  why: 'Like staging_events: one bulk load, then full scans.',
};

export const SONGPLAYS: Table = {
  name: 'songplays',
  role: 'fact',
  columns: [
    col('songplay_id', 'BIGINT', { identity: true, notNull: true }), col('start_time', 'TIMESTAMP', { notNull: true, references: 'time' }),
    col('user_id', 'INTEGER', { notNull: true, references: 'users' }), col('level', 'VARCHAR(16)'),
    // NULL when the play matched no song: the match rate is a reported figure, not a filter.
    col('song_id', 'VARCHAR(32)', { references: 'songs' }), col('artist_id', 'VARCHAR(32)', { references: 'artists' }),
    col('session_id', 'INTEGER'), col('location', 'VARCHAR(512)'),
    col('user_agent', 'VARCHAR(1024)'),
  ],
  distStyle: 'KEY',
  distKey: 'start_time',
  sortKey: ['start_time'],
  why: 'The largest table. Distributed on start_time like time, so the most common join is collocated; sorted on start_time because analyses filter and group by time ranges.',
};

export const USERS: Table = {
  name: 'users',
  role: 'dimension',
  columns: [
    col('user_id', 'INTEGER', { notNull: true }), col('first_name', 'VARCHAR(256)'), col('last_name', 'VARCHAR(256)'),
    col('gender', 'CHAR(1)'), col('level', 'VARCHAR(16)'),
  ],
  distStyle: 'ALL',
  sortKey: ['user_id'],
  key: 'user_id',
  why: 'Small (one row per listener): a copy on every node makes joins local.',
};

export const SONGS: Table = {
  name: 'songs',
  role: 'dimension',
  columns: [
    col('song_id', 'VARCHAR(32)', { notNull: true }), col('title', 'VARCHAR(512)'), col('artist_id', 'VARCHAR(32)'),
    col('year', 'SMALLINT'), col('duration', 'DOUBLE PRECISION'),
  ],
  distStyle: 'ALL',
  sortKey: ['song_id'],
  key: 'song_id',
  why: 'Tens of thousands of rows: small enough to replicate, so joins from songplays stay local.',
};

export const ARTISTS: Table = {
  name: 'artists',
  role: 'dimension',
  columns: [
    col('artist_id', 'VARCHAR(32)', { notNull: true }), col('name', 'VARCHAR(512)'), col('location', 'VARCHAR(512)'),
    col('latitude', 'DOUBLE PRECISION'), col('longitude', 'DOUBLE PRECISION'),
  ],
  distStyle: 'ALL',
  sortKey: ['artist_id'],
  key: 'artist_id',
  why: 'Small, like songs: replicated to every node.',
};

export const TIME: Table = {
  name: 'time',
  role: 'dimension',
  columns: [
    col('start_time', 'TIMESTAMP', { notNull: true }), col('hour', 'SMALLINT'), col('day', 'SMALLINT'), col('week', 'SMALLINT'),
    col('month', 'SMALLINT'), col('year', 'SMALLINT'), col('weekday', 'SMALLINT'),
  ],
  distStyle: 'KEY',
  distKey: 'start_time',
  sortKey: ['start_time'],
  key: 'start_time',
  why: 'Grows with songplays (one row per play time), so it is distributed and sorted like songplays for collocated, merge-friendly joins.',
};

/** All tables, in the order they are created (and shown). */
export const TABLES: Table[] = [STAGING_EVENTS, STAGING_SONGS, SONGPLAYS, USERS, SONGS, ARTISTS, TIME];

export function table(name: TableName): Table {
  return TABLES.find((t) => t.name === name)!;
}

/**
 * The name each table goes by in a statement. The live warehouse's tables go by their own names;
 * a rebuild beside them (swapSql.ts) builds under other names first. Every statement builder
 * takes this map, so one text of each statement serves both.
 */
export type TableNames = Readonly<Record<TableName, string>>;

export const LIVE_NAMES: TableNames = Object.fromEntries(TABLES.map((t) => [t.name, t.name])) as Record<TableName, string>;
