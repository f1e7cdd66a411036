// How the front end reshapes what the engine would answer otherwise (the `rewrite` rows of
// FUNCTIONS, and casts), node by node, in place or by a replacement node. Format functions are
// reshaped in redshiftFormats.ts, comparisons of strings in blankComparisons.ts.
//
// What is reshaped, and why:
// - `a / b`, `a % b`, MOD: division by zero is an error on Redshift (NULL in the engine);
// - AVG(x) becomes SUM(x) / COUNT(x): of integers, Redshift's average is a truncated integer;
// - `~` matches anywhere in the string (POSIX); SIMILAR TO has SQL wildcards % and _;
// - REGEXP_REPLACE replaces every match; CONCAT takes two arguments and is NULL if either is;
// - LIKE escapes with backslash; a cast to VARCHAR(n) truncates to n bytes; date parts are
//   Redshift's spellings; DECODE, RATIO_TO_REPORT and JSON_EXTRACT_PATH_TEXT become engine forms.

import { engineDatetime } from './datetimeLiterals.js';
import { CAST_TYPES, DATE_PARTS, TYPES_NOT_LOCAL } from './redshiftFunctions.js';
import { readDatetime, toChar, toNumber } from './redshiftFormats.js';
import { constant, constantValue, macroCall, stringLiteral, useMacro, type Context, type Node, type QueryText } from './queryTree.js';
import { isPunct, isWord, matchingParen } from './sqlTokens.js';
import { foreignConstruct, localConstruct, UnsupportedSql } from './unsupported.js';

/** The calls whose meaning the front end reshapes (the `rewrite` rows of FUNCTIONS). */
export function reshape(node: Node, name: string, context: Context): Node | undefined {
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
      const at = context.source.from(node.query_location).replace(/^NOT\s+/i, '');
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
    case 'date_trunc':
      args[0] = datePart(args[0], name);
      args[1] = timestampArgument(args[1]);
      // The engine starts centuries and millennia at years ending in 00 and 000; Redshift at 01 and
      // 001 (r_DATE_TRUNC.html: the millennium of 2020-04-30 begins 2001-01-01).
      if (constantValue(args[0]) === 'century' || constantValue(args[0]) === 'millennium') useMacro(node, 'date_trunc_from_year_one');
      return undefined;
    case 'date_part':
    case 'datepart':
    case 'pgdate_part':
      args[0] = datePart(args[0], name);
      args[1] = timestampArgument(args[1]);
      // EXTRACT parses to the same call: it gives the part alone, as an INTEGER (DOUBLE PRECISION of a
      // TIMESTAMPTZ); DATE_PART gives seconds with their fraction, as DOUBLE PRECISION.
      useMacro(node, /^EXTRACT\b/i.test(context.source.from(node.query_location)) ? 'extract' : 'date_part');
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
      if ((args[0].value as Node).value === 'week') throw localConstruct('DATEDIFF by week', 'r_DATEDIFF_function.html', 'the guide does not say which day starts a week, so the weeks crossed cannot be counted as Redshift counts them');
      args[1] = timestampArgument(args[1]);
      args[2] = timestampArgument(args[2]);
      node.function_name = 'datediff';
      return undefined;
    }
    case 'decode':
      return decode(node, args);
    case 'ratio_to_report':
      return ratioToReport(node, args);
    case 'json_extract_path_text':
      return jsonExtractPathText(node, args);
    case 'regexp_instr': {
      const parameters = constantValue(args[5]);
      if (typeof parameters === 'string' && /[ep]/.test(parameters)) throw localConstruct(`REGEXP_INSTR with the parameters '${parameters}'`, 'REGEXP_INSTR.html', 'Perl patterns (p) and subexpressions (e)');
      useMacro(node, 'regexp_instr');
      return undefined;
    }
    case 'to_char':
      return toChar(node, args);
    case 'to_date':
    case 'to_timestamp':
      return readDatetime(node, args, name);
    case 'to_number':
      return toNumber(node, args);
  }
  throw new Error(`no reshaping for ${name}`);
}

/** DECODE(x, search, result, ..., default) is a CASE; a NULL x matches a NULL search (r_DECODE_expression.html). */
function decode(node: Node, args: Node[]): Node {
  if (args.length < 3) throw new UnsupportedSql(`DECODE takes (expression, search, result [, search, result]... [, default]), not ${args.length} arguments`);
  const [expression, ...rest] = args;
  const checks = [];
  for (let i = 0; i + 1 < rest.length; i += 2) {
    checks.push({
      when_expr: { class: 'COMPARISON', type: 'COMPARE_NOT_DISTINCT_FROM', alias: '', query_location: rest[i]!.query_location, left: structuredClone(expression!), right: rest[i] },
      then_expr: rest[i + 1],
    });
  }
  const otherwise = rest.length % 2 === 1 ? rest[rest.length - 1]! : constant('NULL', null, node.query_location);
  return { class: 'CASE', type: 'CASE_EXPR', alias: node.alias ?? '', query_location: node.query_location, case_checks: checks, else_expr: otherwise };
}

/** RATIO_TO_REPORT(x) OVER (PARTITION BY ...): x over the partition's sum, a DOUBLE PRECISION (r_WF_RATIO_TO_REPORT.html). */
function ratioToReport(node: Node, args: Node[]): Node {
  if (node.class !== 'WINDOW') throw new UnsupportedSql('RATIO_TO_REPORT is a window function: add OVER ([PARTITION BY ...])');
  if (args.length !== 1) throw new UnsupportedSql(`RATIO_TO_REPORT takes one argument, not ${args.length}`);
  const framed = node.start !== 'UNBOUNDED_PRECEDING' || (node.end !== 'CURRENT_ROW_RANGE' && node.end !== 'UNBOUNDED_FOLLOWING');
  if (((node.orders as unknown[] | undefined)?.length ?? 0) > 0 || framed) {
    throw new UnsupportedSql('the OVER clause of RATIO_TO_REPORT cannot contain a window ordering or frame (r_WF_RATIO_TO_REPORT.html)');
  }
  const total = { ...structuredClone(node), function_name: 'sum', type: 'WINDOW_AGGREGATE', alias: '' };
  return { ...macroCall('ratio', [structuredClone(args[0]!), total], node.query_location), alias: node.alias ?? '' };
}

/**
 * JSON_EXTRACT_PATH_TEXT(json, key [, key]... [, null_if_invalid]): the text at the path, NULL when
 * the path is missing, an error for invalid JSON unless null_if_invalid (JSON_EXTRACT_PATH_TEXT.html).
 */
function jsonExtractPathText(node: Node, args: Node[]): undefined {
  const nullIfInvalid = isBooleanLiteral(args[args.length - 1]) ? args.pop()! : constant('BOOLEAN', false, node.query_location);
  const keys = args.slice(1);
  if (keys.length < 1 || keys.length > 5) throw new UnsupportedSql(`JSON_EXTRACT_PATH_TEXT takes a JSON string and one to five path elements, not ${keys.length}`);
  node.children = [args[0]!, macroCall('json_path', keys, node.query_location), nullIfInvalid];
  useMacro(node, 'json_extract_path_text');
  return undefined;
}


/** TRUE or FALSE as written (the engine's parser makes them a cast of 't' or 'f'). */
function isBooleanLiteral(node: Node | undefined): boolean {
  if (typeof constantValue(node) === 'boolean') return true;
  return node?.class === 'CAST' && (node.cast_type as Node).id === 'BOOLEAN' && typeof constantValue(node.child as Node) === 'string';
}

/**
 * A string literal where a date function takes a timestamp (DATEDIFF(hour, '2023-01-01', ...)),
 * cast to one, as Redshift types it (r_DATEDIFF_function.html); the engine cannot choose.
 */
function timestampArgument(arg: Node | undefined): Node {
  const literal = stringLiteral(arg);
  if (literal === undefined) return arg!;
  const child: Node = { ...arg, value: { ...(arg!.value as Node), value: engineDatetime(literal, 'TIMESTAMP') ?? literal } };
  return { class: 'CAST', type: 'OPERATOR_CAST', alias: '', query_location: arg!.query_location, child, cast_type: { id: 'TIMESTAMP', type_info: null }, try_cast: false };
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
 * cast to a fraction type, a DATE_TRUNC part already in the engine's spelling (but for centuries and
 * millennia, or of a string literal).
 */
export function answersAlike(node: Node, name: string): boolean {
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
  if (name === 'date_trunc') {
    // DATE_TRUNC('hour', ...): a part the engine knows by the same name.
    const part = constantValue(args[0]);
    return typeof part === 'string' && DATE_PARTS[part] === part && part !== 'century' && part !== 'millennium' && stringLiteral(args[1]) === undefined;
  }
  return false;
}



export function checkCast(node: Node, context: Context): Node | undefined {
  const type = node.cast_type as Node;
  const id = String(type.id);
  if (node.try_cast) throw foreignConstruct('TRY_CAST', 'use CASE with a pattern test before CAST');
  if (!CAST_TYPES.has(id)) {
    // A type the engine does not know parses as UNBOUND, with the name as written.
    const name = id === 'UNBOUND' ? String((type.type_info as Node | null)?.name ?? id).toUpperCase() : id;
    if (TYPES_NOT_LOCAL.has(name)) throw localConstruct(`the type ${name}`, 'c_Supported_data_types.html');
    throw foreignConstruct(`the type ${name}`);
  }
  if (id === 'DATE' || id === 'TIMESTAMP') return readDatetimeLiteral(node, id, context);
  if (id !== 'VARCHAR') return undefined;
  if (FIXED_CHAR.test(writtenType(context.source, node.query_location) ?? '')) throw fixedCharacters();
  // The engine's tree keeps no length: read it where the cast is written. A cast to a shorter
  // VARCHAR(n) truncates to n bytes on Redshift (r_Character_types.html).
  const bytes = varcharLength(context.source, node.query_location);
  const child = node.child as Node;
  const constant = child.class === 'CONSTANT' ? (child.value as Node) : undefined;
  if (bytes === undefined || constant?.is_null || (typeof constant?.value === 'string' && Buffer.byteLength(constant.value) <= bytes)) return undefined;
  context.changed = true;
  const limit: Node = { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', query_location: node.query_location, value: { type: { id: 'INTEGER', type_info: null }, is_null: false, value: bytes } };
  return { ...macroCall('varchar_cast', [child, limit], node.query_location), alias: node.alias ?? '' };
}

/** DATE '1/8/1999', '20080215 04:05'::timestamp: a literal in one of Redshift's forms, given to the engine in its own. */
function readDatetimeLiteral(node: Node, type: 'DATE' | 'TIMESTAMP', context: Context): undefined {
  const child = node.child as Node;
  const literal = stringLiteral(child);
  const text = literal === undefined ? undefined : engineDatetime(literal, type);
  if (text === undefined) return undefined;
  (child.value as Node).value = text;
  context.changed = true;
  return undefined;
}

/** The n of a cast to VARCHAR(n), read where the cast is written (the tree keeps no length). */
export function castBytes(cast: Node, source: QueryText): number | undefined {
  return (cast.cast_type as Node).id === 'VARCHAR' ? varcharLength(source, cast.query_location) : undefined;
}

const FIXED_CHAR = /^(?:N?CHAR|BPCHAR|CHARACTER)\b(?!\s+VARYING)/i;

/** CHAR(n): Redshift pads its values with blanks, which the engine's strings never are. */
export function fixedCharacters(): UnsupportedSql {
  return localConstruct('CHAR(n)', 'r_Character_types.html', 'use VARCHAR(n) (Redshift pads CHAR values with blanks to n)');
}

const VARCHAR_TYPE = /^(?:VARCHAR|CHARACTER\s+VARYING|NVARCHAR)\s*\(\s*(\d+)\s*\)/i;

/** The n of a cast to VARCHAR(n) written where the cast is (x::VARCHAR(n) or CAST(x AS VARCHAR(n))), if any. */
function varcharLength(source: QueryText, location: unknown): number | undefined {
  return Number(VARCHAR_TYPE.exec(writtenType(source, location) ?? '')?.[1]) || undefined;
}

/** The type of a cast as written, from its first word on (after :: or the AS of CAST). */
function writtenType(source: QueryText, location: unknown): string | undefined {
  const rest = source.from(location);
  if (rest.startsWith('::')) return rest.slice(2).trimStart();
  const { tokens, index } = source.tokensFrom(location);
  if (!isWord(tokens[index], 'CAST') || !isPunct(tokens[index + 1], '(')) return undefined;
  const close = matchingParen(tokens, index + 1);
  let as = -1;
  for (let i = index + 2, depth = 0; i < close; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')')) depth--;
    else if (depth === 0 && isWord(tokens[i], 'AS')) as = i;
  }
  return as === -1 ? undefined : source.text.slice(tokens[as + 1]!.at);
}

