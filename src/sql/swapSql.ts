// A rebuild beside the live tables: the seven tables are built under names of their own, checked,
// then swapped in by one transaction of renames (ALTER TABLE ... RENAME TO) and drops, which a
// Redshift reader sees all at once or not at all. TRUNCATE and ALTER TABLE APPEND commit on their
// own on Redshift, so neither may be part of the swap.
//
// A helper table's name is `sparkify_swap_<8 hex digits>_<table>`: the hex digits are random for
// each rebuild, so two rebuilds' tables do not share a name, and the longest (for staging_events)
// is 37 bytes, far within Redshift's 127. Names of that form are the rebuild's own (the README
// says so): only they are ever dropped as leftovers. The helpers are created with CREATE TABLE,
// never IF NOT EXISTS, so a table of the same name already there fails the create rather than be
// written to; and from the model, not (LIKE live): a rebuild makes the tables a reset would make,
// whatever the live ones became.

import { createTable } from './pipelineSql.js';
import { TABLES, type TableName, type TableNames } from './schema.js';

const HELPER_PREFIX = 'sparkify_swap_';
const OLD_PREFIX = 'sparkify_old_';
/** Redshift's longest identifier, in bytes (r_names.html). */
export const MAX_IDENTIFIER_BYTES = 127;

const TOKEN = /^[0-9a-f]{8}$/;
const HELPER_NAME = new RegExp(`^${HELPER_PREFIX}[0-9a-f]{8}_(${TABLES.map((t) => t.name).join('|')})$`);

/** Where a rebuild beside the live tables builds them. */
export function helperNames(token: string): TableNames {
  if (!TOKEN.test(token)) throw new Error(`a rebuild's token is 8 lowercase hex digits, not '${token}'`);
  return Object.fromEntries(TABLES.map((t) => [t.name, `${HELPER_PREFIX}${token}_${t.name}`])) as Record<TableName, string>;
}

/** Whether a table is one a rebuild made beside the live tables (one it left behind, if it still exists). */
export function isHelperName(name: string): boolean {
  return HELPER_NAME.test(name);
}

/**
 * Before a rebuild, the tables there now that it cares about: the live ones, and helper tables a
 * rebuild that did not end left behind (LIKE's `_` matches any character: isHelperName decides).
 */
export const REBUILD_TABLES_QUERY = `SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public'
  AND (table_name IN (${TABLES.map((t) => `'${t.name}'`).join(', ')}) OR table_name LIKE '${HELPER_PREFIX}%')
ORDER BY table_name`;

/** The seven helper tables, made from the model, in one transaction. */
export function createHelperStatements(helpers: TableNames): string[] {
  return TABLES.map((t) => createTable(t, helpers));
}

/**
 * The swap, to send as one transaction: each live table that exists is renamed aside, each helper
 * takes its live name, and the old tables are dropped; last and brief, as each ALTER TABLE holds
 * its table locked until the transaction ends (r_ALTER_TABLE.html).
 */
export function swapStatements(helpers: TableNames, live: readonly TableName[]): string[] {
  // The old tables' names are the helpers' with another prefix: the same rebuild's, and no helper's.
  const old = (t: TableName) => OLD_PREFIX + helpers[t].slice(HELPER_PREFIX.length);
  const existing = TABLES.filter((t) => live.includes(t.name));
  return [
    ...existing.map((t) => `ALTER TABLE ${t.name} RENAME TO ${old(t.name)}`),
    ...TABLES.map((t) => `ALTER TABLE ${helpers[t.name]} RENAME TO ${t.name}`),
    ...existing.map((t) => `DROP TABLE ${old(t.name)}`),
  ];
}

/** Drops helper tables (those of a failed rebuild, or those a killed one left), all or none. */
export function dropHelperStatements(names: readonly string[]): string[] {
  const unsafe = names.find((n) => !isHelperName(n));
  if (unsafe !== undefined) throw new Error(`'${unsafe}' is not a helper table's name: it is never dropped as one`);
  return names.map((name) => `DROP TABLE IF EXISTS ${name}`);
}

/** The helper tables of one rebuild, by their names. */
export function helperTableNames(helpers: TableNames): string[] {
  return TABLES.map((t) => helpers[t.name]);
}
