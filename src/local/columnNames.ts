// What Redshift (like PostgreSQL) calls each result column of a query: an alias or a column as
// written, in lower case unless quoted; a function after itself (count, max); ?column? for an
// expression. The engine names them otherwise (count_star(), "max"(id), MyAlias).

import type { Node } from './queryTree.js';
import type { QueryText } from './queryTree.js';

const TYPE_NAMES: Record<string, string> = {
  INTEGER: 'int4', BIGINT: 'int8', SMALLINT: 'int2', VARCHAR: 'varchar', DOUBLE: 'float8', FLOAT: 'float4', DECIMAL: 'numeric',
  BOOLEAN: 'bool', DATE: 'date', TIMESTAMP: 'timestamp', 'TIMESTAMP WITH TIME ZONE': 'timestamptz', TIME: 'time',
};
const FUNCTION_NAMES: Record<string, string> = {
  count_star: 'count', quantile_cont: 'percentile_cont', quantile_disc: 'percentile_disc', regexp_full_match: '?column?',
};

/** The select list that names the query's columns (the left-most of a set operation). */
export function outputItems(query: Node): Node[] | undefined {
  let node = query;
  while (node.type === 'SET_OPERATION_NODE') node = node.left as Node;
  return node.type === 'SELECT_NODE' ? (node.select_list as Node[]) : undefined;
}

/** Redshift's name for each output column, or undefined when the list has a * (the engine names those as their tables do). */
export function redshiftColumnNames(items: Node[] | undefined, source: QueryText): string[] | undefined {
  if (!items || items.some((item) => item.class === 'STAR')) return undefined;
  return items.map((item) => (item.alias ? identifierName(String(item.alias), source.text) : redshiftName(item, source)));
}

/** The engine's name for a column it can name without its SQL text: an alias or a column. */
export function engineName(item: Node): string | undefined {
  if (item.alias) return String(item.alias);
  return item.class === 'COLUMN_REF' ? (item.column_names as string[]).at(-1) : undefined;
}

/** What Redshift (like PostgreSQL) calls a column that has no alias. */
function redshiftName(item: Node, source: QueryText): string {
  switch (item.class) {
    case 'COLUMN_REF':
      return identifierName((item.column_names as string[]).at(-1)!, source.text);
    case 'FUNCTION': {
      const name = String(item.function_name);
      // DATE_PART's column is pgdate_part (r_DATE_PART_function.html); EXTRACT parses to the same call.
      if (['date_part', 'datepart', 'pgdate_part'].includes(name)) return /^EXTRACT\b/i.test(source.from(item.query_location)) ? 'date_part' : 'pgdate_part';
      return item.is_operator ? '?column?' : (FUNCTION_NAMES[name] ?? name);
    }
    case 'WINDOW':
      return String(item.function_name);
    case 'CAST': {
      const inner = redshiftName(item.child as Node, source);
      return inner !== '?column?' ? inner : (TYPE_NAMES[String((item.cast_type as Node).id)] ?? '?column?');
    }
    case 'CASE':
      return 'case';
    case 'OPERATOR':
      return item.type === 'OPERATOR_COALESCE' ? 'coalesce' : '?column?';
    case 'SUBQUERY': {
      if (item.subquery_type === 'EXISTS') return 'exists';
      // A scalar subquery is named after its one column.
      const inner = ((item.subquery as Node | undefined)?.node as Node | undefined)?.select_list as Node[] | undefined;
      return item.subquery_type === 'SCALAR' && inner?.[0] ? redshiftName(inner[0], source) : '?column?';
    }
    default:
      return '?column?';
  }
}

/** A name as written folds to lower case unless it was quoted. */
function identifierName(name: string, text: string): string {
  return text.includes(`"${name.replaceAll('"', '""')}"`) ? name : name.toLowerCase();
}
