// A table's columns as the warehouse defined them: engine type, NOT NULL, the byte limit of a
// VARCHAR(n) or CHAR(n) (kept as CHECK constraints, limitCheck), default and IDENTITY. Shared by
// COPY, CREATE TABLE (LIKE ...), the Data API's DescribeTable and the table rebuilds.

import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from './sqlTokens.js';

export interface TableColumn {
  name: string;
  /** Engine type, as duckdb_columns() shows it: BIGINT, VARCHAR, DECIMAL(18,0), TIMESTAMP, ... */
  type: string;
  notNull: boolean;
  /** Byte limit of a VARCHAR(n) or CHAR(n) column. */
  maxBytes: number | undefined;
  /** CHAR(n): its values are exactly n bytes (limitCheck). */
  fixed: boolean;
  default: string | undefined;
  identity: boolean;
  precision: number;
  scale: number;
}

export interface TableDescription {
  schema: string;
  oid: number;
  columns: TableColumn[];
}

/**
 * The table `name` in `schema`, or, unqualified, the first of public and main that has it, as an
 * unqualified name resolves on the warehouse's search path; undefined when there is none.
 */
export async function describeTable(conn: DuckDBConnection, name: string, schema?: string): Promise<TableDescription | undefined> {
  const schemas = schema ? [schema] : ['public', 'main'];
  const list = schemas.map(quoteLiteral).join(', ');
  const reader = await conn.runAndReadAll(
    `SELECT schema_name, table_oid, column_name, data_type, is_nullable, column_default, numeric_precision, numeric_scale
     FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ${quoteLiteral(name)} AND schema_name IN (${list})
     ORDER BY list_position([${list}], schema_name), column_index`,
  );
  const rows = reader.getRowsJson() as [string, string, string, string, boolean, string | null, number | null, number | null][];
  if (rows.length === 0) return undefined;
  const found = rows[0]![0];
  const limits = await byteLimits(conn, found, name);
  return {
    schema: found,
    oid: Number(rows[0]![1]),
    columns: rows
      .filter((r) => r[0] === found)
      .map(([, , column, type, nullable, dflt, precision, scale]) => ({
        name: column, type, notNull: !nullable, maxBytes: limits.get(column)?.bytes, fixed: limits.get(column)?.fixed ?? false, default: dflt ?? undefined,
        identity: dflt?.includes('nextval') ?? false, precision: precision ?? 0, scale: scale ?? 0,
      })),
  };
}

/**
 * The CHECK that keeps a string column's byte limit. VARCHAR(n): at most n bytes. CHAR(n): exactly
 * n bytes and no trailing blank. Redshift pads a shorter CHAR value with blanks and disregards them
 * (in comparisons, LENGTH, casts); values the local warehouse keeps are ones where padding changes
 * nothing, so it answers as Redshift does, and refuses the others.
 */
export function limitCheck(column: string, bytes: number, fixed: boolean): string {
  const name = quoteIdentifier(column);
  return fixed ? `CHECK (strlen(${name}) = ${bytes} AND NOT ends_with(${name}, ' '))` : `CHECK (strlen(${name}) <= ${bytes})`;
}

async function byteLimits(conn: DuckDBConnection, schema: string, table: string): Promise<Map<string, { bytes: number; fixed: boolean }>> {
  const reader = await conn.runAndReadAll(
    `SELECT constraint_column_names, constraint_text FROM duckdb_constraints()
     WHERE constraint_type = 'CHECK' AND schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(table)}`,
  );
  const limits = new Map<string, { bytes: number; fixed: boolean }>();
  for (const [names, text] of reader.getRowsJson() as [string[], string][]) {
    const m = /strlen\(.*?\) (<=|=) (\d+)\)/.exec(text);
    if (m && new Set(names).size === 1) limits.set(names[0]!, { bytes: Number(m[2]), fixed: m[1] === '=' });
  }
  return limits;
}
