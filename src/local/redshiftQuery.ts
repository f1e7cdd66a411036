// The Redshift front end for queries. DuckDB's own parser gives the query's tree
// (json_serialize_sql); every function, operator, cast and clause in it is checked against what
// Redshift has (redshiftFunctions.ts); where the engine's meaning differs, the tree is reshaped and
// turned back into SQL (json_deserialize_sql). A query with nothing to reshape runs as written.
//
// What is reshaped, and why:
// - `a / b`, `a % b`, MOD: division by zero is an error on Redshift (NULL in the engine);
// - AVG(x) becomes SUM(x) / COUNT(x): of integers, Redshift's average is a truncated integer;
// - `~` matches anywhere in the string (POSIX); SIMILAR TO has SQL wildcards % and _;
// - REGEXP_REPLACE replaces every match; CONCAT takes two arguments and is NULL if either is;
// - LIKE escapes with backslash; a cast to VARCHAR(n) truncates to n bytes; date parts are
//   Redshift's spellings;
// - result columns get Redshift's names (columnNames.ts).

import type { DuckDBConnection } from '@duckdb/node-api';
import { engineName, outputItems, redshiftColumnNames } from './columnNames.js';
import { CAST_TYPES, DATE_PARTS, FUNCTIONS, type FunctionRule } from './redshiftFunctions.js';
import { parseExact, stringifyExact } from './exactJson.js';
import { isPunct, isWord, matchingParen, quoteLiteral, significant, textFromByte, tokenize } from './sqlTokens.js';
import { UnsupportedSql } from './unsupported.js';

/** A node of DuckDB's serialized tree. */
export type Node = Record<string, unknown> & { class?: string; type?: string };

/** The catalog that holds the engine's Redshift functions (ENGINE_MACROS). */
export const MACRO_CATALOG = 'redshift';

export interface EngineQuery {
  /** The engine SQL: the text itself when nothing needed reshaping. */
  sql: string;
  /** Redshift's name for each result column, when the engine's names may differ. */
  columnNames?: string[];
}

/**
 * Checks one Redshift query and gives its engine form. Its columns' Redshift names come back as
 * labels for the result; `namedInSql` puts them in the SQL as aliases instead, where they name
 * something that lasts (the columns of CREATE TABLE ... AS or of a view).
 */
export async function translateQuery(connection: DuckDBConnection, text: string, namedInSql = false): Promise<EngineQuery> {
  const root = await serialize(connection, text);
  const statement = (root.statements as { node: Node }[])[0]!;
  const context = { text, changed: false };
  const items = outputItems(statement.node);
  const columnNames = redshiftColumnNames(items, text); // before reshaping: AVG(x) is still avg
  visit(statement, context);
  if (namedInSql && items && columnNames) {
    items.forEach((item, i) => {
      if (item.class !== 'STAR' && engineName(item) !== columnNames[i]) {
        item.alias = columnNames[i];
        context.changed = true;
      }
    });
  }
  if (!context.changed) return { sql: text, columnNames };
  const reader = await connection.runAndReadAll(`SELECT json_deserialize_sql(${quoteLiteral(stringifyExact(root))})`);
  return { sql: String(reader.getRowsJson()[0]![0]), columnNames };
}

async function serialize(connection: DuckDBConnection, text: string): Promise<Node> {
  // The function takes a constant only: the text is quoted, never bound.
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quoteLiteral(text)})`);
  const root = parseExact(String(reader.getRowsJson()[0]![0])) as Node;
  if (root.error) throw new Error(String(root.error_message));
  if ((root.statements as unknown[]).length !== 1) throw new UnsupportedSql('one query at a time');
  return root;
}

interface Context {
  /** The query as written, to tell apart constructs the tree does not (`~` and SIMILAR TO). */
  text: string;
  /** True once the tree differs from the text: it must be turned back into SQL. */
  changed: boolean;
}

/** Checks every node below `node`, reshaping in place; refuses by throwing UnsupportedSql. */
function visit(node: unknown, context: Context): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      const replaced = visitNode(child, context);
      if (replaced !== undefined) node[i] = replaced;
    });
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, child] of Object.entries(node)) {
    const replaced = visitNode(child, context);
    if (replaced !== undefined) (node as Node)[key] = replaced;
  }
}

/** Visits one value; returns a node to put in its place, if it is reshaped into another. */
function visitNode(value: unknown, context: Context): Node | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    visit(value, context);
    return undefined;
  }
  const node = value as Node;
  checkClauses(node);
  // `a !~ p` and `a NOT SIMILAR TO p`: the NOT knows where the operator was written.
  if (node.type === 'OPERATOR_NOT') {
    const inner = (node.children as Node[])[0]!;
    if (inner.function_name === 'regexp_full_match') inner.query_location = node.query_location;
  }
  let replacement: Node | undefined;
  if (node.class === 'FUNCTION' || node.class === 'WINDOW') replacement = checkFunction(node, context);
  else if (node.class === 'CAST') replacement = checkCast(node, context);
  else if (node.class === 'LAMBDA') throw foreignConstruct('lambda expressions (x -> ...)');
  else if (node.class === 'POSITIONAL_REFERENCE') throw foreignConstruct('positional references (#1)');
  else if (node.type === 'ARRAY_EXTRACT') throw foreignConstruct('subscripts (x[i])', 'use SPLIT_PART or SUBSTRING');
  else if (node.type === 'ARRAY_SLICE') throw foreignConstruct('slices (x[a:b])', 'use SUBSTRING(s, start, length)');
  visit(replacement ?? node, context);
  return replacement;
}

/** Clauses of SELECT nodes, set operations and FROM items that Redshift does not have. */
function checkClauses(node: Node): void {
  switch (node.type) {
    case 'SELECT_NODE': {
      for (const modifier of (node.modifiers as Node[] | undefined) ?? []) {
        if (modifier.type === 'DISTINCT_MODIFIER' && ((modifier.distinct_on_targets as unknown[] | undefined)?.length ?? 0) > 0) {
          throw foreignConstruct('DISTINCT ON', 'use ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) = 1 in a subquery');
        }
      }
      if (node.sample) throw foreignConstruct('USING SAMPLE / TABLESAMPLE', 'use ORDER BY RANDOM() LIMIT n');
      if (node.aggregate_handling === 'FORCE_AGGREGATES') throw foreignConstruct('GROUP BY ALL', 'list the grouping columns');
      return;
    }
    case 'SET_OPERATION_NODE':
      if (node.setop_type === 'UNION_BY_NAME') throw foreignConstruct('UNION BY NAME', 'list the columns in the same order on both sides');
      return;
    case 'JOIN':
      if (node.join_type === 'SEMI' || node.join_type === 'ANTI') {
        throw foreignConstruct(`${node.join_type} JOIN`, node.join_type === 'SEMI' ? 'use WHERE EXISTS (...)' : 'use WHERE NOT EXISTS (...)');
      }
      if (node.ref_type === 'POSITIONAL' || node.ref_type === 'ASOF') throw foreignConstruct(`${node.ref_type} JOIN`);
      return;
    case 'TABLE_FUNCTION': {
      const fn = (node.function as Node | undefined)?.function_name;
      throw foreignConstruct(`the table function ${String(fn ?? '')}()`.replace(' ()', ''), 'select FROM tables and views');
    }
    case 'SHOW_REF':
      throw foreignConstruct('DESCRIBE / SUMMARIZE', 'query pg_table_def or svv_columns');
    case 'BASE_TABLE': {
      const name = String(node.table_name ?? '').toLowerCase();
      if (/^(duckdb_|pragma_|sqlite_)/.test(name)) throw foreignConstruct(`the engine's catalog ${name}`, 'query information_schema or pg_catalog');
      return;
    }
  }
  if (node.class === 'STAR') {
    for (const list of ['exclude_list', 'replace_list', 'rename_list', 'qualified_exclude_list']) {
      if (((node[list] as unknown[] | undefined)?.length ?? 0) > 0) throw foreignConstruct('SELECT * EXCLUDE / REPLACE / RENAME', 'list the columns');
    }
    if (node.columns === true || node.expr) throw foreignConstruct('COLUMNS(...)', 'list the columns');
  }
}

function checkFunction(node: Node, context: Context): Node | undefined {
  if (node.catalog === MACRO_CATALOG) return undefined; // ours: reshaped already
  const name = String(node.function_name);
  const rule: FunctionRule = FUNCTIONS[name] ?? { kind: 'foreign' };
  const what = LITERALS[name] ?? (node.is_operator ? `the operator ${name}` : `the function ${name.toUpperCase()}`);
  if (rule.kind === 'foreign') throw foreignConstruct(what, rule.hint);
  if (rule.kind === 'local') throw localConstruct(what, rule.doc, rule.hint);
  const shown = name === 'count_star' ? 'COUNT' : name.toUpperCase();
  if (node.filter) throw foreignConstruct('FILTER (WHERE ...)', `put a CASE inside ${shown}(...)`);
  const orders = ((node.order_bys as Node | undefined)?.orders as unknown[] | undefined) ?? [];
  // Ordered aggregates: PERCENTILE_CONT/DISC and LISTAGG ... WITHIN GROUP (ORDER BY ...), which dialect.ts moves inside.
  if (orders.length > 0 && node.class === 'FUNCTION' && !name.startsWith('quantile_') && name !== 'listagg') throw foreignConstruct(`ORDER BY inside ${name.toUpperCase()}(...)`);
  if (node.class === 'WINDOW' && node.type === 'WINDOW_AGGREGATE' && ((node.orders as unknown[] | undefined)?.length ?? 0) > 0) {
    if (String(node.start).endsWith('_RANGE') || String(node.end).endsWith('_RANGE')) {
      throw new UnsupportedSql(
        `an aggregate window function with ORDER BY needs a frame clause on Amazon Redshift: add ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW to ${name.toUpperCase()}(...) OVER (...)`,
      );
    }
  }
  if (rule.kind === 'same' || answersAlike(node, name, context)) return undefined;
  context.changed = true;
  if (rule.kind === 'macro') {
    useMacro(node, rule.macro);
    return undefined;
  }
  return reshape(node, name, context);
}

/** Literals DuckDB's parser turns into function calls. */
const LITERALS: Record<string, string> = { list_value: 'list literals ([a, b])', struct_pack: "struct literals ({'k': v})", row: 'row constructors (ROW(a, b))' };

/** The calls whose meaning the front end reshapes (the `rewrite` rows of FUNCTIONS). */
function reshape(node: Node, name: string, context: Context): Node | undefined {
  const args = (node.children as Node[] | undefined) ?? [];
  switch (name) {
    case 'avg': {
      // AVG(x) = SUM(x) / COUNT(x), with DISTINCT, FILTER and OVER (...) kept: the same types as
      // Redshift's AVG (integer division of integers), and NULL over no rows.
      const sum = { ...structuredClone(node), function_name: 'sum', alias: '' };
      const count = { ...structuredClone(node), function_name: 'count', alias: '' };
      return { ...macroCall('divide', [sum, macroCall('nonzero', [count], node.query_location)], node.query_location), alias: node.alias ?? '' };
    }
    case 'regexp_full_match': {
      // `a ~ p`, `a !~ p` (a NOT around it) and `a SIMILAR TO p` all parse to this.
      const at = textFrom(context, node.query_location).replace(/^NOT\s+/i, '');
      if (/^!?~/.test(at)) useMacro(node, 'posix_match');
      else if (/^SIMILAR\b/i.test(at)) useMacro(node, 'similar_to');
      else throw foreignConstruct('the function REGEXP_FULL_MATCH', "use x ~ '^pattern$'");
      return undefined;
    }
    case 'concat':
      if (args.length !== 2) throw new UnsupportedSql(`CONCAT takes exactly two arguments on Amazon Redshift, not ${args.length}: use a || b || c`);
      node.function_name = '||';
      node.is_operator = true;
      return undefined;
    case 'regexp_replace':
      if (args.length !== 3) throw localConstruct(`REGEXP_REPLACE with ${args.length} arguments`, 'REGEXP_REPLACE.html');
      useMacro(node, 'regexp_replace_all');
      return undefined;
    case 'date_part':
    case 'datepart':
    case 'pgdate_part':
    case 'date_trunc':
      args[0] = datePart(args[0], name);
      // DATE_PART (not EXTRACT, which parses to the same call) returns DOUBLE PRECISION on Redshift.
      if (name !== 'date_trunc' && /^(PG)?DATE_?PART\b/i.test(textFrom(context, node.query_location))) useMacro(node, 'date_part');
      return undefined;
    case 'dateadd':
    case 'date_add':
      if (args.length !== 3) throw new UnsupportedSql(`DATEADD takes (datepart, interval, date or timestamp), not ${args.length} arguments`);
      args[0] = datePart(args[0], 'DATEADD');
      useMacro(node, 'dateadd');
      return undefined;
    case 'datediff':
    case 'date_diff': {
      if (args.length !== 3) throw new UnsupportedSql(`DATEDIFF takes (datepart, start, end), not ${args.length} arguments`);
      args[0] = datePart(args[0], 'DATEDIFF');
      // Week boundaries: Redshift's and the engine's week counts are not known to agree.
      if ((args[0].value as Node).value === 'week') throw localConstruct('DATEDIFF by week', 'r_DATEDIFF_function.html', 'use DATEDIFF(day, ...) / 7');
      node.function_name = 'datediff';
      return undefined;
    }
  }
  throw new Error(`no reshaping for ${name}`);
}

/** The query's text from a node's location on (a byte offset into its UTF-8). */
function textFrom(context: Context, location: unknown): string {
  return textFromByte(context.text, Number(location ?? 0));
}

/** A date part, written bare (day) or quoted ('day') in any of Redshift's spellings, as the engine's quoted name. */
function datePart(arg: Node | undefined, fn: string): Node {
  const written =
    arg?.class === 'COLUMN_REF' && (arg.column_names as string[]).length === 1
      ? (arg.column_names as string[])[0]!
      : arg?.class === 'CONSTANT' && typeof (arg.value as Node).value === 'string'
        ? String((arg.value as Node).value)
        : undefined;
  if (written === undefined) throw new UnsupportedSql(`${fn.toUpperCase()} takes a date part such as day or 'month' first`);
  const part = DATE_PARTS[written.toLowerCase()];
  if (!part) throw new UnsupportedSql(`${written} is not a date part that ${fn.toUpperCase()} takes on Amazon Redshift (r_Dateparts_for_datetime_functions.html)`);
  return {
    class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', query_location: arg!.query_location,
    value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value: part },
  };
}

const FRACTION_TYPES = new Set(['DOUBLE', 'FLOAT', 'DECIMAL']);

/**
 * Calls whose engine meaning is Redshift's as they stand, so the query need not be rewritten: a
 * division by a constant other than zero, a LIKE pattern without a backslash, an AVG of a value
 * cast to a fraction type, a date part already in the engine's spelling.
 */
function answersAlike(node: Node, name: string, context: Context): boolean {
  const args = (node.children as Node[] | undefined) ?? [];
  if (name === '/' || name === '%') {
    const divisor = args[1];
    const value = divisor?.class === 'CONSTANT' ? (divisor.value as Node).value : undefined;
    return (typeof value === 'number' || typeof value === 'bigint') && value != 0;
  }
  if (name === '~~' || name === '!~~' || name === '~~*' || name === '!~~*') {
    // A pattern with no backslash means the same with or without an escape character.
    const pattern = args[1]?.class === 'CONSTANT' ? (args[1].value as Node).value : undefined;
    return typeof pattern === 'string' && !pattern.includes('\\');
  }
  if (name === 'avg') return args[0]?.class === 'CAST' && FRACTION_TYPES.has(String((args[0].cast_type as Node).id));
  if (name === 'date_part' || name === 'datepart' || name === 'date_trunc') {
    // EXTRACT(hour FROM ...) or DATE_TRUNC('hour', ...): a part the engine knows by the same name.
    const part = args[0]?.class === 'CONSTANT' ? (args[0].value as Node).value : undefined;
    const extract = name === 'date_trunc' || /^EXTRACT\b/i.test(textFrom(context, node.query_location));
    return extract && typeof part === 'string' && DATE_PARTS[part] === part;
  }
  return false;
}

function useMacro(node: Node, macro: string): void {
  node.catalog = MACRO_CATALOG;
  node.schema = 'main';
  node.function_name = macro;
  node.is_operator = false;
}

/** A plain call of one of our macros, shaped as DuckDB serializes a function call. */
function macroCall(macro: string, children: Node[], location: unknown): Node {
  return {
    class: 'FUNCTION', type: 'FUNCTION', alias: '', query_location: location,
    function_name: macro, schema: 'main', catalog: MACRO_CATALOG, children, filter: null,
    order_bys: { type: 'ORDER_MODIFIER', orders: [] }, distinct: false, is_operator: false, export_state: false,
  };
}

function checkCast(node: Node, context: Context): Node | undefined {
  const type = node.cast_type as Node;
  const id = String(type.id);
  if (node.try_cast) throw foreignConstruct('TRY_CAST', 'use CASE with a pattern test before CAST');
  if (!CAST_TYPES.has(id)) throw foreignConstruct(`the type ${id}`);
  if (id !== 'VARCHAR') return undefined;
  // The engine's tree keeps no length: read it where the cast is written. A cast to a shorter
  // VARCHAR(n) truncates to n bytes on Redshift (r_Character_types.html).
  const bytes = varcharLength(textFrom(context, node.query_location));
  const child = node.child as Node;
  const constant = child.class === 'CONSTANT' ? (child.value as Node) : undefined;
  if (bytes === undefined || constant?.is_null || (typeof constant?.value === 'string' && Buffer.byteLength(constant.value) <= bytes)) return undefined;
  context.changed = true;
  const limit: Node = { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', query_location: node.query_location, value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value: bytes } };
  return { ...macroCall('varchar_cast', [child, limit], node.query_location), alias: node.alias ?? '' };
}

const VARCHAR_TYPE = /^(?:VARCHAR|CHARACTER\s+VARYING|NVARCHAR)\s*\(\s*(\d+)\s*\)/i;

/** The n of a cast to VARCHAR(n) written at the start of `rest` (x::VARCHAR(n) or CAST(x AS VARCHAR(n))), if any. */
function varcharLength(rest: string): number | undefined {
  if (rest.startsWith('::')) return Number(VARCHAR_TYPE.exec(rest.slice(2).trimStart())?.[1]) || undefined;
  const tokens = significant(tokenize(rest));
  if (!isWord(tokens[0], 'CAST') || !isPunct(tokens[1], '(')) return undefined;
  const close = matchingParen(tokens, 1);
  let as = -1;
  for (let i = 2, depth = 0; i < close; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && isWord(tokens[i], 'AS')) as = i;
  }
  if (as === -1) return undefined;
  return Number(VARCHAR_TYPE.exec(rest.slice(tokens[as + 1]!.at))?.[1]) || undefined;
}

function foreignConstruct(what: string, hint?: string): UnsupportedSql {
  return new UnsupportedSql(`${what} is not supported by Amazon Redshift${hint ? `: ${hint}` : ''}`);
}

function localConstruct(what: string, doc: string, hint?: string): UnsupportedSql {
  return new UnsupportedSql(
    `${what} is not supported by the local warehouse yet${hint ? `: ${hint}` : ''} (Redshift: https://docs.aws.amazon.com/redshift/latest/dg/${doc})`,
  );
}
