// DuckDB's own clients (the duckdb CLI, a notebook) look for unqualified names in schema main; the
// warehouse keeps its tables in public, as Redshift does, and only its system relations in main.
// So that `duckdb sparkify.duckdb "SELECT * FROM songplays"` finds them, a warehouse kept in a file
// leaves a view in main of each table and view of public when it closes. It drops them when it
// opens: while it runs, main holds the system relations alone, and the file is its own (DuckDB
// lets one process at a time write a file), so no DuckDB client can see them out of date.

import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from './sqlTokens.js';

/** The comment that marks a view as the warehouse's own, left for DuckDB's clients. */
const MARK = 'sparkify-wizard: the table of the same name in schema public, for DuckDB sessions';

/** Drops the views left at the last close. */
export async function dropClientViews(conn: DuckDBConnection): Promise<void> {
  const left = await conn.runAndReadAll(
    `SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND comment = ${quoteLiteral(MARK)}`,
  );
  for (const [name] of left.getRowsJson() as [string][]) await conn.run(`DROP VIEW main.${quoteIdentifier(name)}`);
}

/**
 * Leaves a view in main of each relation of public whose name main does not already hold (a system
 * relation keeps its name), all in one transaction.
 */
export async function leaveClientViews(conn: DuckDBConnection): Promise<void> {
  const names = await conn.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'public' AND NOT temporary
     UNION SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'public' AND NOT temporary
     EXCEPT (SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
             UNION SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main')
     ORDER BY 1`,
  );
  const statements = (names.getRowsJson() as [string][]).flatMap(([name]) => {
    const quoted = quoteIdentifier(name);
    return [`CREATE VIEW main.${quoted} AS SELECT * FROM public.${quoted}`, `COMMENT ON VIEW main.${quoted} IS ${quoteLiteral(MARK)}`];
  });
  if (statements.length === 0) return;
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const statement of statements) await conn.run(statement);
    await conn.run('COMMIT');
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
