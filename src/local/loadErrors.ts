// Redshift's load-error system tables, kept as real tables so any SQL can query them.
// sys_load_error_detail exists on provisioned and serverless; stl_load_errors on provisioned.

import type { DuckDBConnection } from '@duckdb/node-api';

export interface LoadError {
  /** s3:// URI of the object, as Redshift reports it. */
  fileName: string;
  lineNumber: number;
  columnName: string;
  columnType: string;
  columnLength: number;
  /** 0-based position of the error within the field (or the line for a syntax error). */
  position: number;
  errorCode: number;
  errorMessage: string;
  rawLine: string;
  rawFieldValue: string;
}

/** Created in schema main, which is on every session's search path after public. */
export const SYSTEM_TABLES_DDL = [
  `CREATE TABLE IF NOT EXISTS main.sys_load_error_detail (
    user_id INTEGER, query_id BIGINT, transaction_id BIGINT, session_id INTEGER, start_time TIMESTAMP,
    file_name VARCHAR, line_number BIGINT, column_name VARCHAR, column_type VARCHAR, column_length VARCHAR,
    position INTEGER, error_code INTEGER, error_message VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS main.stl_load_errors (
    userid INTEGER, slice INTEGER, tbl INTEGER, starttime TIMESTAMP, session INTEGER, query BIGINT,
    filename VARCHAR, line_number BIGINT, colname VARCHAR, type VARCHAR, col_length VARCHAR, position INTEGER,
    raw_line VARCHAR, raw_field_value VARCHAR, err_code INTEGER, err_reason VARCHAR)`,
];

/** Redshift keeps raw_line to 1024 characters and the field to 1024. */
const RAW_LIMIT = 1024;

export async function recordLoadErrors(
  conn: DuckDBConnection,
  context: { queryId: number; pid: number; tableId: number; startTime: Date },
  errors: LoadError[],
): Promise<void> {
  if (errors.length === 0) return;
  const start = context.startTime.toISOString().replace('T', ' ').replace('Z', '');
  const detail = await conn.createAppender('sys_load_error_detail', 'main');
  const stl = await conn.createAppender('stl_load_errors', 'main');
  for (const e of errors) {
    const values: [number, number, number, number, string, string, number, string, string, string, number, number, string] = [
      100, context.queryId, context.queryId, context.pid, start, e.fileName, e.lineNumber, e.columnName,
      e.columnType, String(e.columnLength), e.position, e.errorCode, e.errorMessage,
    ];
    appendRow(detail, values);
    appendRow(stl, [
      100, 0, context.tableId, start, context.pid, context.queryId, e.fileName, e.lineNumber, e.columnName,
      e.columnType, String(e.columnLength), e.position, e.rawLine.slice(0, RAW_LIMIT),
      e.rawFieldValue.slice(0, RAW_LIMIT), e.errorCode, e.errorMessage,
    ]);
  }
  detail.closeSync();
  stl.closeSync();
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendRow(appender: Appender, values: (string | number)[]): void {
  for (const v of values) {
    if (typeof v === 'number') appender.appendBigInt(BigInt(Math.trunc(v)));
    else appender.appendVarchar(v);
  }
  appender.endRow();
}
