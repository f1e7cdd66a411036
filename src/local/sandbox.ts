// The engine's sandbox and the settings that make it mean what Redshift means. DuckDB can read and write files, fetch extensions and change its own
// settings; a client of the local warehouse may do none of these. Two layers, independent of the
// Redshift front end (dialect.ts), so the engine holds even when a rewrite has a bug:
// - the instance: external access off except for an allow-list of directories (its scratch
//   directory and the S3 mirror; the warehouse file is the instance's own), no extension
//   install or autoload, memory and threads bounded, times in UTC, and the configuration locked;
// - every statement a client sends: DuckDB's own parser must find exactly one statement, of a
//   kind a SQL warehouse runs (query, DML, DDL, transaction control). ATTACH, COPY, EXPORT,
//   PRAGMA, SET, LOAD, CALL and the rest are refused before they run.

import { availableParallelism } from 'node:os';
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { StatementType } from './duckdb.js';
import { UnsupportedSql } from './unsupported.js';

export interface EngineLimits {
  /** DuckDB memory limit, such as '1GB'. */
  memoryLimit: string;
  threads: number;
}

/** Enough for the real dataset many times over, and leaves most of a laptop to its user: at
 * 1,000,000 song files and 10,000,000 events the engine spills beyond it, the run ends as fast as
 * with 1GB, and the process stays near 1.3 GB (the engine's allocations outside the limit included). */
export const DEFAULT_LIMITS: EngineLimits = { memoryLimit: '768MB', threads: Math.min(availableParallelism(), 4) };

/** Options fixed when the instance is created. */
export function instanceOptions(scratchDir: string, limits: EngineLimits): Record<string, string> {
  return {
    // `/` on integers divides as integers on Redshift.
    integer_division: 'true',
    // Redshift sorts NULLs last ascending and first descending (ORDER BY clause, r_ORDER_BY_clause.html).
    default_null_order: 'nulls_last_on_asc_first_on_desc',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false',
    temp_directory: `${scratchDir}/spill`,
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
  };
}

/** Closes the instance to the outside world; run once, after set-up, before any client statement. */
export async function lockDown(setup: DuckDBConnection, allowedDirectories: string[]): Promise<void> {
  const list = allowedDirectories.map((d) => `'${d.replaceAll("'", "''")}'`).join(', ');
  await setup.run(`SET allowed_directories = [${list}]`);
  await setup.run('SET enable_external_access = false');
  await setup.run("SET GLOBAL TimeZone = 'UTC'");
  await setup.run('SET lock_configuration = true');
}

/** What DuckDB's parser may find in a client's statement: what a SQL warehouse runs. */
const ALLOWED = new Set<StatementType>([
  StatementType.SELECT,
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.CREATE,
  StatementType.DROP,
  StatementType.ALTER,
  StatementType.TRANSACTION,
  StatementType.EXPLAIN,
  StatementType.ANALYZE,
]);

/**
 * Parses one engine statement with DuckDB's own parser and prepares it, refusing anything but
 * one statement of an allowed kind. The caller binds parameters and runs it.
 */
export async function prepareGuarded(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  const extracted = await connection.extractStatements(sql);
  if (extracted.count !== 1) {
    throw new UnsupportedSql(`the local warehouse runs one statement at a time; the engine found ${extracted.count} in: ${preview(sql)}`);
  }
  const prepared = await extracted.prepare(0);
  if (!ALLOWED.has(prepared.statementType)) {
    const kind = StatementType[prepared.statementType] ?? String(prepared.statementType);
    prepared.destroySync();
    throw new UnsupportedSql(`${kind.replace(/_STATEMENT$/, '').replaceAll('_', ' ')} statements are refused by the local warehouse: ${preview(sql)}`);
  }
  return prepared;
}

function preview(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

