// The Redshift front end for queries. DuckDB's own parser gives the query's tree
// (json_serialize_sql); every function, operator, cast and clause in it is checked against what
// Redshift has (redshiftFunctions.ts); where the engine's meaning differs, the tree is reshaped and
// turned back into SQL (queryPrinter.ts). A query with nothing to reshape runs as written.
//
// How each construct is reshaped, and why, is in redshiftRewrites.ts; result columns get
// Redshift's names (columnNames.ts).

import { engineName, outputItems, redshiftColumnNames } from './columnNames.js';
import { FUNCTIONS, type FunctionRule } from './redshiftFunctions.js';
import { columnSources as sourcesOf, type ColumnSource } from './byteLimits.js';
import { trimBlanksInComparison } from './blankComparisons.js';
import { answersAlike, castBytes, checkCast, reshape } from './redshiftRewrites.js';
import { parseExact, stringifyExact } from './exactJson.js';
import { CannotPrint, printQuery } from './queryPrinter.js';
import type { QueryParser } from './queryParser.js';
import { MACRO_CATALOG, macroCall, QueryText, stringLiteral, useMacro, type Context, type Node } from './queryTree.js';
import { SYSTEM_RELATIONS } from './systemViews.js';
import { foreignConstruct, localConstruct, UnsupportedSql } from './unsupported.js';

export { MACRO_CATALOG, type Node };

export interface EngineQuery {
  /** The engine SQL: the text itself when nothing needed reshaping. */
  sql: string;
  /** Redshift's name for each result column, when the engine's names may differ. */
  columnNames?: string[];
  /** Where each column's VARCHAR byte limit comes from, for columns that last (namedInSql). */
  columnSources?: ColumnSource[];
  /** The one table the query reads, by its alias or name, when it reads one and nothing else. */
  soleRelation?: string;
}

/**
 * Checks one Redshift query and gives its engine form. Its columns' Redshift names come back as
 * labels for the result; `namedInSql` puts them in the SQL as aliases instead, where they name
 * something that lasts (the columns of CREATE TABLE ... AS or of a view).
 */
export async function translateQuery(parser: QueryParser, text: string, namedInSql = false): Promise<EngineQuery> {
  const root = await serialize(parser, text);
  const statement = (root.statements as { node: Node }[])[0]!;
  const source = new QueryText(text);
  const context: Context = { source, changed: false };
  const items = outputItems(statement.node);
  const columnNames = redshiftColumnNames(items, source); // before reshaping: AVG(x) is still avg
  const columnSources = namedInSql ? sourcesOf(statement.node, (cast) => castBytes(cast, source)) : undefined;
  const soleRelation = soleRelationOf(statement.node);
  visit(statement, context);
  if (namedInSql && items && columnNames) {
    items.forEach((item, i) => {
      if (item.class !== 'STAR' && engineName(item) !== columnNames[i]) {
        item.alias = columnNames[i];
        context.changed = true;
      }
    });
  }
  if (!context.changed) return { sql: text, columnNames, columnSources, soleRelation };
  return { sql: await printed(parser, root, statement), columnNames, columnSources, soleRelation };
}

/** The alias or name of the one table below `node`, when there is exactly one and no other source. */
function soleRelationOf(node: Node): string | undefined {
  const tables: Node[] = [];
  let others = 0;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const n = value as Node;
    if (n.type === 'BASE_TABLE') tables.push(n);
    else if (n.type === 'SUBQUERY' || n.type === 'TABLE_FUNCTION') others++; // a CTE is read as a BASE_TABLE too
    Object.values(n).forEach(walk);
  };
  walk(node);
  if (tables.length !== 1 || others > 0) return undefined;
  const [table] = tables;
  return String(table!.alias || table!.table_name).toLowerCase();
}

/** The reshaped tree as SQL: printed here, or by the engine for a shape the printer does not know. */
async function printed(parser: QueryParser, root: Node, statement: Node): Promise<string> {
  try {
    return printQuery(statement);
  } catch (error) {
    if (!(error instanceof CannotPrint)) throw error;
  }
  return parser.deserialize(stringifyExact(root));
}

/** A syntax error the engine's parser found in `text`, `offset` characters from its start. */
export class SyntaxErrorAt extends Error {
  constructor(message: string, readonly text: string, readonly offset: number) {
    super(message);
  }
}

async function serialize(parser: QueryParser, text: string): Promise<Node> {
  const root = parseExact(await parser.serialize(text)) as Node;
  if (root.error) {
    const offset = Number(root.position);
    if (root.error_type === 'parser' && Number.isInteger(offset) && offset >= 0) throw new SyntaxErrorAt(String(root.error_message), text, offset);
    throw new Error(String(root.error_message));
  }
  if ((root.statements as unknown[]).length !== 1) throw new UnsupportedSql('one query at a time');
  return root;
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
  checkClauses(node, context);
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
  else if (node.class === 'COMPARISON' || node.class === 'BETWEEN' || node.class === 'OPERATOR' || node.class === 'SUBQUERY') trimBlanksInComparison(node, context);
  visit(replacement ?? node, context);
  return replacement;
}

/**
 * GROUP BY 2 and ORDER BY 2 name the select list's second column: past its end, an error in
 * Redshift's words ("GROUP BY position 2 is not in select list"), not the engine's.
 */
function checkPositions(node: Node): void {
  const items = node.select_list as Node[];
  if (items.some((item) => item.class === 'STAR')) return;
  const check = (clause: string, expression: Node | undefined) => {
    const constant = expression?.class === 'CONSTANT' ? (expression.value as { type: { id: string }; value: unknown }) : undefined;
    const position = constant?.type.id === 'INTEGER' && typeof constant.value === 'number' ? constant.value : undefined;
    if (position !== undefined && (position < 1 || position > items.length)) throw new Error(`${clause} position ${position} is not in select list`);
  };
  for (const expression of (node.group_expressions as Node[] | undefined) ?? []) check('GROUP BY', expression);
  for (const modifier of (node.modifiers as Node[] | undefined) ?? []) {
    if (modifier.type === 'ORDER_MODIFIER') for (const order of modifier.orders as Node[]) check('ORDER BY', order.expression as Node);
  }
}

/** Clauses of SELECT nodes, set operations and FROM items that Redshift does not have. */
function checkClauses(node: Node, context: Context): void {
  switch (node.type) {
    case 'SELECT_NODE': {
      for (const modifier of (node.modifiers as Node[] | undefined) ?? []) {
        if (modifier.type === 'DISTINCT_MODIFIER' && ((modifier.distinct_on_targets as unknown[] | undefined)?.length ?? 0) > 0) {
          throw foreignConstruct('DISTINCT ON', 'use ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) = 1 in a subquery');
        }
      }
      if (node.sample) throw foreignConstruct('USING SAMPLE / TABLESAMPLE', 'use ORDER BY RANDOM() LIMIT n');
      if (node.aggregate_handling === 'FORCE_AGGREGATES') throw foreignConstruct('GROUP BY ALL', 'list the grouping columns');
      checkPositions(node);
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
      // Redshift's system views are in pg_catalog; here they are in main (systemViews.ts).
      if (String(node.schema_name).toLowerCase() === 'pg_catalog' && SYSTEM_RELATIONS.has(name)) {
        node.schema_name = 'main';
        context.changed = true;
      }
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
  // ROW(a, b) constructs a row however it is written; LIST_VALUE(...) and STRUCT_PACK(...) by name are the engine's functions.
  const literal = LITERALS[name] !== undefined && (name === 'row' || !calledByName(node, name, context)) ? LITERALS[name] : undefined;
  const what = literal ?? (node.is_operator ? `the operator ${name}` : `the function ${name.toUpperCase()}`);
  if (rule.kind === 'foreign') throw foreignConstruct(what, rule.hint);
  if (rule.kind === 'local') throw localConstruct(what, rule.doc, rule.hint);
  const shown = name === 'count_star' ? 'COUNT' : name.toUpperCase();
  if (node.filter) throw foreignConstruct('FILTER (WHERE ...)', `put a CASE inside ${shown}(...)`);
  const orders = ((node.order_bys as Node | undefined)?.orders as unknown[] | undefined) ?? [];
  // Ordered aggregates: PERCENTILE_CONT/DISC and LISTAGG ... WITHIN GROUP (ORDER BY ...), which dialect.ts moves inside.
  if (orders.length > 0 && node.class === 'FUNCTION' && !name.startsWith('quantile_') && name !== 'listagg') throw foreignConstruct(`ORDER BY inside ${name.toUpperCase()}(...)`);
  // An aggregate, FIRST_VALUE, LAST_VALUE or NTH_VALUE over an ordered window takes a frame clause on
  // Redshift (r_Window_function_synopsis.html, r_WF_first_value.html); the engine would assume one.
  const framed = node.type === 'WINDOW_AGGREGATE' ? name !== 'ratio_to_report' : FRAMED_VALUES.has(String(node.type));
  if (node.class === 'WINDOW' && framed && ((node.orders as unknown[] | undefined)?.length ?? 0) > 0) {
    if (String(node.start).endsWith('_RANGE') || String(node.end).endsWith('_RANGE')) {
      const kind = node.type === 'WINDOW_AGGREGATE' ? 'an aggregate window function' : name.toUpperCase();
      throw new UnsupportedSql(
        `${kind} with ORDER BY needs a frame clause on Amazon Redshift: add ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (or the frame meant) to ${name.toUpperCase()}(...) OVER (...)`,
      );
    }
  }
  readAsText(node, name, context);
  if (rule.kind === 'same' || answersAlike(node, name)) return undefined;
  context.changed = true;
  if (rule.kind === 'macro') {
    useMacro(node, rule.macro);
    return undefined;
  }
  return reshape(node, name, context);
}

/**
 * The string functions' text arguments, by position. Redshift reads a number, a date or a timestamp
 * there as its text (r_SUBSTRING.html: "Non-character data types are treated like a string"), as
 * in REPEAT(catid, 3) or SUBSTRING(saletime, 6, 2); the engine has no function for them.
 */
const TEXT_ARGUMENTS: Readonly<Record<string, readonly number[]>> = {
  left: [0], right: [0], len: [0], length: [0], char_length: [0], character_length: [0], octet_length: [0],
  substring: [0], substr: [0], strpos: [0], charindex: [1], split_part: [0], repeat: [0], reverse: [0],
  ltrim: [0], rtrim: [0], btrim: [0], lpad: [0], rpad: [0], upper: [0], lower: [0], initcap: [0], replace: [0], translate: [0],
};

/** Wraps each text argument of a string function in the engine function that writes a value as Redshift's text. */
function readAsText(node: Node, name: string, context: Context): void {
  const positions = TEXT_ARGUMENTS[name];
  const args = node.children as Node[] | undefined;
  if (!positions || !args) return;
  for (const i of positions) {
    const arg = args[i];
    if (!arg || stringLiteral(arg) !== undefined) continue;
    args[i] = macroCall('as_text', [arg], arg.query_location);
    context.changed = true;
  }
}

/** The window functions that read a frame of rows, as the engine's tree types them. */
const FRAMED_VALUES = new Set(['WINDOW_FIRST_VALUE', 'WINDOW_LAST_VALUE', 'WINDOW_NTH_VALUE']);

/**
 * Whether the statement names the function where the node is (LIST_VALUE(1, 2)) rather than writing
 * the literal the parser turns into the same call ([1, 2]): a call's location is its name's.
 */
function calledByName(node: Node, name: string, context: Context): boolean {
  return new RegExp(`^(?:"?\\w+"?\\.)*"?${name}"?\\s*\\(`, 'i').test(context.source.from(node.query_location));
}

/** Literals DuckDB's parser turns into function calls. */
const LITERALS: Record<string, string> = { list_value: 'list literals ([a, b])', struct_pack: "struct literals ({'k': v})", row: 'row constructors (ROW(a, b))' };

