// The system views users query first, with Redshift's documented columns: SVV_TABLE_INFO and
// PG_TABLE_DEF (views over the engine's catalog and the table attributes the DDL recorded),
// SYS_QUERY_HISTORY (a table the warehouse fills with each statement it ends) and STL_QUERY (a view of it).
// They live in schema main, on every session's search path after public; clients read them and
// never write them (systemRelationWritten).

import type { DuckDBConnection } from '@duckdb/node-api';
import { identifierName, isPunct, isWord, quoteLiteral, type Token } from './sqlTokens.js';
import { UnsupportedSql } from './unsupported.js';

/** Names of the system relations, which only the warehouse writes. */
export const SYSTEM_RELATIONS = new Set([
  'sys_load_error_detail', 'stl_load_errors', 'sys_query_history', 'stl_query', 'svv_table_info', 'pg_table_def',
  'sys_load_history', 'sys_load_detail', 'stl_load_commits',
]);

/** Redshift's distribution and sort keys of a table, kept as its engine comment (the DDL records them). */
export interface TableAttributes {
  diststyle?: 'AUTO' | 'EVEN' | 'KEY' | 'ALL';
  distkey?: string;
  sortkey?: string[];
  sortstyle?: 'COMPOUND' | 'INTERLEAVED';
  /** Column encodings written with ENCODE. */
  encode?: Record<string, string>;
  /** When the table was made, as ISO text. */
  created?: string;
}

/** The attributes recorded with the table of that engine oid ({} when none were). */
export async function tableAttributes(conn: DuckDBConnection, oid: number): Promise<TableAttributes> {
  const reader = await conn.runAndReadAll(`SELECT comment FROM duckdb_tables() WHERE table_oid = ${oid}`);
  return JSON.parse(String(reader.getRowsJson()[0]?.[0] ?? '') || '{}') as TableAttributes;
}

/** The engine statement that records a table's attributes (made now, unless they say when). */
export function recordAttributes(table: string, attributes: TableAttributes): string {
  return `COMMENT ON TABLE ${table} IS ${quoteLiteral(JSON.stringify({ ...attributes, created: attributes.created ?? new Date().toISOString() }))}`;
}

// A column's Redshift type name, from duckdb_columns() and its VARCHAR byte limit.
const TYPE_NAME = `CASE WHEN l.fixed THEN 'character(' || l.bytes || ')' WHEN c.data_type = 'VARCHAR' THEN 'character varying(' || coalesce(l.bytes, 256) || ')'
  ELSE CASE c.data_type
  WHEN 'SMALLINT' THEN 'smallint' WHEN 'INTEGER' THEN 'integer' WHEN 'BIGINT' THEN 'bigint' WHEN 'FLOAT' THEN 'real'
  WHEN 'DOUBLE' THEN 'double precision' WHEN 'BOOLEAN' THEN 'boolean' WHEN 'DATE' THEN 'date'
  WHEN 'TIMESTAMP' THEN 'timestamp without time zone' WHEN 'TIMESTAMP WITH TIME ZONE' THEN 'timestamp with time zone'
  WHEN 'TIME' THEN 'time without time zone'
  ELSE CASE WHEN c.data_type LIKE 'DECIMAL%' THEN 'numeric(' || c.numeric_precision || ',' || c.numeric_scale || ')' ELSE lower(c.data_type) END END END`;

// Columns of the warehouse's tables with their byte limit, sort key position and attributes.
const COLUMNS = `SELECT c.schema_name, c.table_name, c.table_oid, c.column_name, c.column_index, c.data_type, c.is_nullable,
    c.numeric_precision, c.numeric_scale, l.bytes, t.comment AS attributes, t.estimated_size, ${TYPE_NAME} AS redshift_type,
    coalesce(list_position(CAST(json_extract(t.comment, '$.sortkey') AS VARCHAR[]), c.column_name), 0)
      * CASE WHEN json_extract_string(t.comment, '$.sortstyle') = 'INTERLEAVED' THEN -1 ELSE 1 END AS sortkey
  FROM duckdb_columns() c JOIN duckdb_tables() t ON t.table_oid = c.table_oid
  LEFT JOIN (SELECT table_oid, constraint_column_names[1] AS column_name,
      CAST(regexp_extract(constraint_text, 'strlen\\(.*?\\) (<=|=) (\\d+)\\)', 2) AS INTEGER) AS bytes,
      regexp_extract(constraint_text, 'strlen\\(.*?\\) (<=|=) (\\d+)\\)', 1) = '=' AS fixed
    FROM duckdb_constraints() WHERE constraint_type = 'CHECK' AND constraint_text LIKE '%strlen%') l
    ON l.table_oid = c.table_oid AND l.column_name = c.column_name
  WHERE c.database_name = current_database() AND c.schema_name <> 'main' AND NOT t.temporary`;

// ENCODE AUTO's choice (r_CREATE_TABLE_NEW.html): raw for sort keys, booleans and floats, AZ64 for
// numbers and times, LZO for strings; an ENCODE written in the DDL otherwise.
const ENCODING = `coalesce(lower(json_extract_string(attributes, '$.encode.' || to_json(column_name))),
  CASE WHEN sortkey <> 0 OR data_type IN ('BOOLEAN', 'FLOAT', 'DOUBLE') THEN 'none' WHEN data_type = 'VARCHAR' THEN 'lzo' ELSE 'az64' END)`;

/** The columns of SYS_QUERY_HISTORY that each statement sets; the others are the same for every one. */
const QUERY_HISTORY_STORED = 'query_id, session_id, database_name, query_type, status, start_time, end_time, error_message, returned_rows, returned_bytes, query_text';

/**
 * SYS_QUERY_HISTORY, which every process that runs a statement appends to. Each stored column
 * costs that process about 8 ms to append to and write into the file, so a column the same for
 * every statement, or made from others, is computed when read (VIRTUAL), not stored.
 */
const QUERY_HISTORY_DDL = `CREATE TABLE IF NOT EXISTS main.sys_query_history (
      user_id INTEGER AS (CAST(100 AS INTEGER)) VIRTUAL, query_id BIGINT, query_label VARCHAR AS ('') VIRTUAL,
      transaction_id BIGINT AS (query_id) VIRTUAL, session_id INTEGER, database_name VARCHAR, query_type VARCHAR, status VARCHAR,
      result_cache_hit BOOLEAN AS (false) VIRTUAL, start_time TIMESTAMP, end_time TIMESTAMP,
      elapsed_time BIGINT AS (datediff('microsecond', start_time, end_time)) VIRTUAL, queue_time BIGINT AS (CAST(0 AS BIGINT)) VIRTUAL,
      execution_time BIGINT AS (datediff('microsecond', start_time, end_time)) VIRTUAL, error_message VARCHAR,
      returned_rows BIGINT, returned_bytes BIGINT, query_text VARCHAR, redshift_version VARCHAR AS ('local') VIRTUAL,
      usage_limit VARCHAR AS ('') VIRTUAL, compute_type VARCHAR AS ('primary') VIRTUAL, compile_time BIGINT AS (CAST(0 AS BIGINT)) VIRTUAL,
      planning_time BIGINT AS (CAST(0 AS BIGINT)) VIRTUAL, lock_wait_time BIGINT AS (CAST(0 AS BIGINT)) VIRTUAL,
      service_class_id INTEGER AS (CAST(100 AS INTEGER)) VIRTUAL, service_class_name VARCHAR AS ('local') VIRTUAL,
      query_priority VARCHAR AS ('Normal') VIRTUAL, short_query_accelerated VARCHAR AS ('false') VIRTUAL,
      user_query_hash VARCHAR AS (CAST(NULL AS VARCHAR)) VIRTUAL, generic_query_hash VARCHAR AS (CAST(NULL AS VARCHAR)) VIRTUAL,
      query_hash_version INTEGER AS (CAST(NULL AS INTEGER)) VIRTUAL, result_cache_query_id INTEGER AS (CAST(NULL AS INTEGER)) VIRTUAL,
      username VARCHAR AS ('awsuser') VIRTUAL)`;

/**
 * A warehouse file that kept STL_QUERY as a table of its own, and every column of SYS_QUERY_HISTORY
 * stored, has its history moved into the table SYS_QUERY_HISTORY is now (STL_QUERY a view of it).
 */
export async function upgradeQueryHistory(conn: DuckDBConnection): Promise<void> {
  const old = await conn.runAndReadAll(
    "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'stl_query'",
  );
  if (Number(old.getRowsJson()[0]![0]) === 0) return;
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run('ALTER TABLE main.sys_query_history RENAME TO sys_query_history_before');
    await conn.run(QUERY_HISTORY_DDL);
    await conn.run(`INSERT INTO main.sys_query_history (${QUERY_HISTORY_STORED}) SELECT ${QUERY_HISTORY_STORED} FROM main.sys_query_history_before`);
    await conn.run('DROP TABLE main.sys_query_history_before');
    await conn.run('DROP TABLE main.stl_query');
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Creates (or brings up to date) the system tables and views in schema main. */
export function systemRelationsDdl(database: string): string[] {
  return [
    QUERY_HISTORY_DDL,
    // Redshift keeps about a week of history.
    "DELETE FROM main.sys_query_history WHERE start_time < now()::TIMESTAMP - INTERVAL 7 DAY",
    `CREATE OR REPLACE VIEW main.stl_query AS
      SELECT user_id AS userid, CAST(query_id AS INTEGER) AS query, query_label AS label, transaction_id AS xid, session_id AS pid,
        database_name AS database, query_text AS querytxt, start_time AS starttime, end_time AS endtime,
        CAST(status = 'canceled' AS INTEGER) AS aborted, CAST(0 AS INTEGER) AS insert_pristine, CAST(0 AS INTEGER) AS concurrency_scaling_status
      FROM main.sys_query_history`,
    `CREATE OR REPLACE VIEW main.pg_table_def AS
      SELECT schema_name AS schemaname, table_name AS tablename, column_name AS "column", redshift_type AS type,
        ${ENCODING} AS encoding, coalesce(json_extract_string(attributes, '$.distkey') = column_name, false) AS distkey,
        CAST(sortkey AS INTEGER) AS sortkey, NOT is_nullable AS notnull
      FROM (${COLUMNS}) WHERE schema_name = 'public' ORDER BY schema_name, table_name, column_index`,
    `CREATE OR REPLACE VIEW main.svv_table_info AS
      SELECT ${quoteLiteral(database)} AS database, schema_name AS schema, CAST(table_oid AS BIGINT) AS table_id, table_name AS "table",
        CASE WHEN bool_or(${ENCODING} <> 'none') THEN 'Y' ELSE 'N' END AS encoded,
        CASE coalesce(any_value(json_extract_string(attributes, '$.diststyle')), 'AUTO')
          WHEN 'KEY' THEN 'KEY(' || any_value(json_extract_string(attributes, '$.distkey')) || ')'
          WHEN 'AUTO' THEN 'AUTO(ALL)' ELSE any_value(json_extract_string(attributes, '$.diststyle')) END AS diststyle,
        coalesce(max(CASE WHEN abs(sortkey) = 1 THEN column_name END), 'AUTO(SORTKEY)') AS sortkey1,
        CAST(max(bytes) AS INTEGER) AS max_varchar, max(CASE WHEN abs(sortkey) = 1 THEN ${ENCODING} END) AS sortkey1_enc,
        CAST(count(*) FILTER (WHERE sortkey <> 0) AS INTEGER) AS sortkey_num,
        CAST(NULL AS BIGINT) AS size, CAST(NULL AS DECIMAL(10,4)) AS pct_used, CAST(NULL AS BIGINT) AS empty,
        CAST(NULL AS DECIMAL(5,2)) AS unsorted, CAST(NULL AS DECIMAL(5,2)) AS stats_off,
        CAST(any_value(estimated_size) AS DECIMAL(38,0)) AS tbl_rows, CAST(NULL AS DECIMAL(19,2)) AS skew_sortkey1,
        CAST(NULL AS DECIMAL(19,2)) AS skew_rows, CAST(any_value(estimated_size) AS DECIMAL(38,0)) AS estimated_visible_rows,
        CAST(NULL AS VARCHAR) AS risk_event, CAST(NULL AS DECIMAL(12,2)) AS vacuum_sort_benefit,
        CAST(any_value(json_extract_string(attributes, '$.created')) AS TIMESTAMP) AS create_time
      FROM (${COLUMNS})
      GROUP BY schema_name, table_oid, table_name HAVING any_value(estimated_size) > 0`,
  ];
}

/** One statement that ended, as the query history keeps it. */
export interface QueryRecord {
  queryId: number;
  pid: number;
  database: string;
  text: string;
  status: 'success' | 'failed' | 'canceled';
  start: Date;
  end: Date;
  error?: string;
  rows: number;
  bytes: number;
}

const TEXT_LIMIT = 4000;
const QUERY_TYPES: [RegExp, string][] = [
  [/^\s*(SELECT|WITH|\()/i, 'SELECT'], [/^\s*INSERT/i, 'INSERT'], [/^\s*UPDATE/i, 'UPDATE'], [/^\s*DELETE/i, 'DELETE'],
  [/^\s*COPY/i, 'COPY'], [/^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TABLE\b.*\bAS\b/is, 'CTAS'], [/^\s*(CREATE|ALTER|DROP|TRUNCATE)/i, 'DDL'],
];

/** Appends ended statements to sys_query_history (stl_query is a view of it). */
export async function recordQueries(conn: DuckDBConnection, records: QueryRecord[]): Promise<void> {
  if (records.length === 0) return;
  // The stored columns, in QUERY_HISTORY_STORED's order.
  const history = await conn.createAppender('sys_query_history', 'main');
  for (const r of records) {
    const type = QUERY_TYPES.find(([pattern]) => pattern.test(r.text))?.[1] ?? 'UTILITY';
    const values: unknown[] = [
      BigInt(r.queryId), r.pid, r.database, type, r.status, r.start, r.end,
      r.error ?? null, BigInt(Math.max(r.rows, 0)), BigInt(Math.max(r.bytes, 0)), r.text.slice(0, TEXT_LIMIT),
    ];
    for (const v of values) append(history, v);
    history.endRow();
  }
  history.closeSync();
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function append(appender: Appender, value: unknown): void {
  if (value === null) appender.appendNull();
  else if (typeof value === 'bigint') appender.appendBigInt(value);
  else if (typeof value === 'number') appender.appendInteger(value);
  else if (typeof value === 'boolean') appender.appendBoolean(value);
  else if (value instanceof Date) appender.appendVarchar(value.toISOString().replace('T', ' ').replace('Z', ''));
  else appender.appendVarchar(String(value));
}

/** True when the text reads the query history, so the warehouse writes what it holds first. */
export function readsQueryHistory(text: string): boolean {
  return /\b(sys_query_history|stl_query)\b/i.test(text);
}

/**
 * The system relation a statement of this kind would write (INSERT INTO stl_query, DROP TABLE
 * pg_table_def, ...), if any: only the warehouse writes them.
 */
export function systemRelationWritten(words: Token[], kind: string): string | undefined {
  const verb = kind.split(' ')[0];
  const at: Record<string, number> = { INSERT: 2, UPDATE: 1, DELETE: isWord(words[1], 'FROM') ? 2 : 1, COPY: 1, TRUNCATE: isWord(words[1], 'TABLE') ? 2 : 1 };
  const starts: number[] = [];
  if (verb! in at) starts.push(at[verb!]!);
  else if (verb === 'ALTER' || verb === 'DROP' || verb === 'CREATE') {
    // The object's name, after TABLE or VIEW [IF [NOT] EXISTS]; each of DROP TABLE a, b.
    let i = words.findIndex((t) => isWord(t, 'TABLE', 'VIEW'));
    if (i === -1) return undefined;
    i++;
    while (isWord(words[i], 'IF', 'NOT', 'EXISTS')) i++;
    starts.push(i);
    if (verb === 'DROP') words.forEach((t, j) => j > i && isPunct(t, ',') && starts.push(j + 1));
  }
  for (const start of starts) {
    const parts = [words[start]];
    for (let j = start + 1; isPunct(words[j], '.'); j += 2) parts.push(words[j + 1]);
    if (parts.some((p) => p === undefined || (p.kind !== 'word' && p.kind !== 'quoted'))) continue;
    const names = parts.map((p) => identifierName(p!).toLowerCase());
    const table = names[names.length - 1]!;
    const schema = names.length > 1 ? names[names.length - 2] : undefined;
    if (SYSTEM_RELATIONS.has(table) && (schema === undefined || schema === 'main' || schema === 'pg_catalog')) return table;
  }
  return undefined;
}

/**
 * SHOW TABLES FROM SCHEMA database.schema [LIKE 'pattern'] [LIMIT n] as a query of the catalog, with
 * the columns r_SHOW_TABLES.html lists. The database is checked when the query runs.
 */
export function showTables(words: Token[]): string {
  const usage = "SHOW TABLES FROM SCHEMA database.schema [LIKE 'pattern'] [LIMIT n]";
  if (!isWord(words[2], 'FROM') || !isWord(words[3], 'SCHEMA') || !isPunct(words[5], '.') || !words[4] || !words[6]) throw new UnsupportedSql(`SHOW TABLES takes ${usage}`);
  const database = identifierName(words[4]);
  const schema = identifierName(words[6]);
  let i = 7;
  let like = '';
  let limit = '';
  if (isWord(words[i], 'LIKE') && words[i + 1]?.kind === 'string') {
    like = ` AND table_name LIKE ${words[i + 1]!.text} ESCAPE '\\'`; // backslash escapes, as in Redshift's LIKE
    i += 2;
  }
  if (isWord(words[i], 'LIMIT') && words[i + 1]?.kind === 'number') {
    const n = Number(words[i + 1]!.text);
    if (!Number.isInteger(n) || n < 0 || n > 10000) throw new UnsupportedSql('SHOW TABLES takes a LIMIT from 0 to 10000');
    limit = ` LIMIT ${n}`;
    i += 2;
  }
  if (words[i] && !isPunct(words[i], ';')) throw new UnsupportedSql(`SHOW TABLES takes ${usage}`);
  return `SELECT CAST(redshift.main.database_named(${quoteLiteral(database)}) AS VARCHAR) AS database_name, table_schema AS schema_name, table_name,
      CASE table_type WHEN 'BASE TABLE' THEN 'TABLE' WHEN 'LOCAL TEMPORARY' THEN 'TABLE' ELSE table_type END AS table_type,
      CAST(NULL AS VARCHAR) AS table_acl, CAST(NULL AS VARCHAR) AS remarks
    FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = ${quoteLiteral(schema)}${like}
    ORDER BY table_name${limit}`;
}
