// What is in the warehouse now: which of the seven tables exist, and their row counts.

import { TABLES, type TableName } from '../sql/schema.js';
import { EXISTING_TABLES_QUERY, rowCountsQuery } from '../sql/pipelineSql.js';
import type { DataApi } from './dataApiClient.js';

/** Row count of each table, or null where the table does not exist. */
export async function currentRowCounts(api: DataApi): Promise<Record<TableName, number | null>> {
  const existing = new Set((await api.query(EXISTING_TABLES_QUERY, 'sparkify-wizard tables')).map(([name]) => String(name)));
  const counts = Object.fromEntries(TABLES.map((t) => [t.name, null])) as Record<TableName, number | null>;
  const present = TABLES.filter((t) => existing.has(t.name));
  if (present.length === 0) return counts;
  for (const [name, rows] of await api.query(rowCountsQuery(present), 'sparkify-wizard row counts')) {
    counts[name as TableName] = Number(rows);
  }
  return counts;
}
