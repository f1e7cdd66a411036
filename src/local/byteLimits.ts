// VARCHAR(n) byte limits beyond CREATE TABLE: the engine keeps them as CHECK (strlen(col) <= n)
// constraints, which it can only make with a table. So CREATE TABLE ... AS gives each column the
// limit of the column it copies (or of its cast to VARCHAR(n)), as Redshift does, and ALTER TABLE
// ... ADD COLUMN of a string type makes the table again, rows and all, with the new column's limit.

import type { DuckDBConnection } from '@duckdb/node-api';
import { outputItems } from './columnNames.js';
import type { Node } from './queryTree.js';
import { quoteIdentifier } from './sqlTokens.js';
import { recordAttributes, tableAttributes } from './systemViews.js';
import { describeTable, limitCheck } from './tableColumns.js';

/**
 * Where an output column's byte limit comes from: a cast to VARCHAR(n), or a column of the first of
 * `tables` that has it (an unqualified column of a join may be in any of them).
 */
export type ColumnSource = { bytes: number } | { tables: BaseTable[]; column: string } | undefined;

/**
 * The source of each output column of a query whose FROM clause is tables (joined or not): a column
 * reference resolves through the tables' aliases; `castBytes` gives the n of a cast, where written.
 */
export function columnSources(query: Node, castBytes: (cast: Node) => number | undefined): ColumnSource[] | undefined {
  const items = outputItems(query);
  if (!items || query.type !== 'SELECT_NODE') return undefined;
  const tables = baseTables(query.from_table as Node | undefined);
  return items.map((item) => {
    if (item.class === 'CAST') {
      const bytes = castBytes(item);
      return bytes === undefined ? undefined : { bytes };
    }
    if (item.class !== 'COLUMN_REF' || !tables) return undefined;
    const names = item.column_names as string[];
    const column = names[names.length - 1]!;
    const qualifier = names.length > 1 ? names[names.length - 2] : undefined;
    const candidates = qualifier === undefined ? tables : tables.filter((t) => (t.alias || t.table) === qualifier);
    return candidates.length === 0 ? undefined : { tables: candidates, column };
  });
}

export interface BaseTable {
  table: string;
  schema?: string;
  alias: string;
}

/** The tables of a FROM clause made only of tables and joins; undefined otherwise. */
function baseTables(from: Node | undefined): BaseTable[] | undefined {
  if (!from) return undefined;
  if (from.type === 'BASE_TABLE') return [{ table: String(from.table_name), schema: from.schema_name ? String(from.schema_name) : undefined, alias: String(from.alias ?? '') }];
  if (from.type === 'JOIN') {
    const left = baseTables(from.left as Node);
    const right = baseTables(from.right as Node);
    return left && right ? [...left, ...right] : undefined;
  }
  return undefined;
}

/** Each source's byte limit, read from its table; undefined where there is none. */
export async function sourceLimits(conn: DuckDBConnection, sources: ColumnSource[]): Promise<(number | undefined)[]> {
  const limits: (number | undefined)[] = [];
  // A query's columns mostly come from one or two tables: each is described once.
  const described = new Map<string, ReturnType<typeof describeTable>>();
  const describe = (t: BaseTable) => {
    const key = `${t.schema ?? ''}.${t.table}`;
    if (!described.has(key)) described.set(key, describeTable(conn, t.table, t.schema));
    return described.get(key)!;
  };
  for (const source of sources) {
    if (source === undefined || 'bytes' in source) {
      limits.push(source?.bytes);
      continue;
    }
    let found: number | undefined;
    for (const t of source.tables) {
      const description = await describe(t);
      const column = description?.columns.find((c) => c.name === source.column);
      if (column) {
        found = column.maxBytes;
        break;
      }
    }
    limits.push(found);
  }
  return limits;
}

/**
 * Makes a table again under its own name with new byte limits (by column name) and, optionally, one
 * more column (its engine definition): columns, types, NOT NULL, defaults, rows and Redshift
 * attributes are kept. Run inside the caller's transaction, so it happens whole or not at all.
 */
export async function rebuildTable(
  conn: DuckDBConnection,
  name: { schema?: string; table: string },
  change: { limits?: Map<string, number>; addColumn?: string },
): Promise<void> {
  const table = await describeTable(conn, name.table, name.schema);
  if (!table) throw new Error(`relation "${name.table}" does not exist`);
  const qualified = `${quoteIdentifier(table.schema)}.${quoteIdentifier(name.table)}`;
  const staging = `${name.table}__rebuild_${Math.random().toString(36).slice(2, 10)}`;
  const columns = table.columns.map((c) => {
    const bytes = change.limits?.get(c.name) ?? c.maxBytes;
    return [
      quoteIdentifier(c.name), c.type, c.notNull ? 'NOT NULL' : '', c.default !== undefined ? `DEFAULT ${c.default}` : '',
      bytes !== undefined ? limitCheck(c.name, bytes, c.fixed) : '',
    ].filter(Boolean).join(' ');
  });
  if (change.addColumn) columns.push(change.addColumn);
  const attributes = await tableAttributes(conn, table.oid);
  const names = table.columns.map((c) => quoteIdentifier(c.name)).join(', ');
  await conn.run(`CREATE TABLE ${quoteIdentifier(table.schema)}.${quoteIdentifier(staging)} (${columns.join(', ')})`);
  await conn.run(`INSERT INTO ${quoteIdentifier(table.schema)}.${quoteIdentifier(staging)} (${names}) SELECT ${names} FROM ${qualified}`);
  await conn.run(`DROP TABLE ${qualified}`);
  await conn.run(`ALTER TABLE ${quoteIdentifier(table.schema)}.${quoteIdentifier(staging)} RENAME TO ${quoteIdentifier(name.table)}`);
  await conn.run(recordAttributes(qualified, attributes));
}
