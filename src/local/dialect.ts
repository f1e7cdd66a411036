// Redshift SQL in, DuckDB SQL out, keeping Redshift's meaning.
//
// What differs and how it is handled:
// - `/` on integers divides as integers on Redshift: the engine sets DuckDB's `integer_division`.
// - Dist/sort keys, ENCODE, BACKUP have no local meaning and are dropped; PRIMARY KEY, UNIQUE and
//   REFERENCES are informational on Redshift (not enforced), so they are dropped too.
// - IDENTITY(seed, step) becomes a fresh sequence and a DEFAULT nextval().
// - Types whose meaning differs: FLOAT is 8 bytes on Redshift (4 on DuckDB), DECIMAL without
//   precision is DECIMAL(18,0) (DuckDB: 18,3), VARCHAR(n) limits bytes (DuckDB ignores n: a CHECK
//   keeps the limit), TEXT is VARCHAR(256), CHAR defaults to one byte.
// - GETDATE() (whole seconds) and SYSDATE; date-part synonyms DuckDB lacks (dw, dy, qtr, ...).

import { parseCopy, type CopyCommand } from './copy/parseCopy.js';
import {
  identifierName, isPunct, isWord, matchingParen, quoteIdentifier, quoteLiteral, significant, splitStatements, tokenize,
  type Token,
} from './sqlTokens.js';
import { MACRO_CATALOG } from './redshiftQuery.js';
import { checkStatementKind } from './statementKinds.js';
import { UnsupportedSql } from './unsupported.js';

export type Piece =
  | { kind: 'copy'; copy: CopyCommand; text: string }
  /** CREATE TABLE name (LIKE parent): the parent's columns are read when it runs. */
  | { kind: 'createLike'; head: string; parent: { schema?: string; table: string }; includingDefaults: boolean; text: string }
  /** `queryAt`: where in `sql` a query starts (a SELECT, or the query of INSERT, CTAS or a view), for the query front end. */
  | { kind: 'sql'; sql: string; text: string; queryAt?: number };

export interface Translation {
  pieces: Piece[];
  /** True when the statement drops or creates tables, so identity sequences may be left unused. */
  touchesIdentities: boolean;
}

/** Prefix of the sequences that implement IDENTITY columns. */
export const IDENTITY_SEQUENCE_MARK = '__identity_';

export function translate(sql: string): Translation {
  const pieces: Piece[] = [];
  let touchesIdentities = false;
  for (const written of splitStatements(sql)) {
    // SELECT ... INTO t FROM ... is CREATE TABLE t AS SELECT ... FROM ... (r_SELECT_INTO.html).
    const text = selectIntoAsCreate(written) ?? written;
    const tokens = tokenize(text);
    const words = significant(tokens);
    const kind = checkStatementKind(words);
    if (kind === 'COPY') {
      pieces.push({ kind: 'copy', copy: parseCopy(text), text });
      continue;
    }
    if (kind === 'DROP TABLE') {
      touchesIdentities = true;
      // DROP TABLE a, b drops both or neither: one piece each, in one transaction.
      const names = splitTopLevel(words.slice(isWord(words[2], 'IF') ? 4 : 2)).filter((n) => n.length > 0);
      if (names.length > 1) {
        const head = words.slice(0, isWord(words[2], 'IF') ? 4 : 2).map((t) => t.text).join(' ');
        const last = names[names.length - 1]!;
        const option = isWord(last[last.length - 1], 'CASCADE', 'RESTRICT') ? ` ${last.pop()!.text}` : '';
        for (const name of names) pieces.push({ kind: 'sql', sql: `${head} ${name.map((t) => t.text).join('')}${option}`, text });
        continue;
      }
    }
    if (['INSERT', 'UPDATE', 'DELETE'].includes(kind) && words.some((t) => isWord(t, 'RETURNING'))) {
      throw new UnsupportedSql(`${kind} ... RETURNING is not supported by Amazon Redshift: select the rows in a statement of their own`);
    }
    const create = createTableIndex(words);
    const like = create === undefined ? undefined : createLike(words, create, text);
    if (like) {
      pieces.push(like);
      continue;
    }
    if (create !== undefined) {
      const rewritten = rewriteCreateTable(tokens, create);
      touchesIdentities ||= rewritten.sequences.length > 0;
      for (const sequence of rewritten.sequences) pieces.push({ kind: 'sql', sql: sequence, text });
      const engineSql = rewriteExpressions(tokenize(rewritten.sql));
      pieces.push({ kind: 'sql', sql: engineSql, text, queryAt: queryStart(engineSql, kind) });
      continue;
    }
    const engineSql = rewriteExpressions(tokenize(rewriteClauses(tokens)));
    pieces.push({ kind: 'sql', sql: engineSql, text, queryAt: queryStart(engineSql, kind) });
  }
  return { pieces, touchesIdentities };
}

const QUERY_HEADS = ['SELECT', 'WITH', 'VALUES'];

/**
 * Where the query of a statement starts, as a character offset: the whole of a SELECT, the query
 * after INSERT INTO t [(columns)], after the AS of CREATE TABLE ... AS and CREATE VIEW ... AS.
 */
function queryStart(sql: string, kind: string): number | undefined {
  const words = significant(tokenize(sql));
  if (kind === 'SELECT' || kind === 'WITH' || kind === '(') return 0;
  let i: number;
  if (kind === 'INSERT') {
    i = words.findIndex((t) => isWord(t, 'INTO')) + 2;
    while (isPunct(words[i], '.')) i += 2; // schema.table
    if (isPunct(words[i], '(') && !isWord(words[i + 1], ...QUERY_HEADS)) i = matchingParen(words, i) + 1;
    // A parenthesized query is a query too; VALUES lists hold expressions.
  } else if (kind.startsWith('CREATE') && (kind.endsWith('TABLE') || kind.endsWith('VIEW'))) {
    let depth = 0;
    i = words.findIndex((t) => {
      if (isPunct(t, '(')) depth++;
      if (isPunct(t, ')')) depth--;
      return depth === 0 && isWord(t, 'AS');
    });
    if (i === -1) return undefined;
    i++;
  } else {
    return undefined;
  }
  const first = words[i];
  return first && (isWord(first, ...QUERY_HEADS) || isPunct(first, '(')) ? first.at : undefined;
}

/** CREATE [TEMP] TABLE [IF NOT EXISTS] name (LIKE parent [INCLUDING | EXCLUDING DEFAULTS]) [attributes]. */
function createLike(words: Token[], tableIndex: number, text: string): Piece | undefined {
  let i = tableIndex + 1;
  if (isWord(words[i], 'IF') && isWord(words[i + 1], 'NOT') && isWord(words[i + 2], 'EXISTS')) i += 3;
  i++;
  while (isPunct(words[i], '.')) i += 2;
  if (!isPunct(words[i], '(') || !isWord(words[i + 1], 'LIKE')) return undefined;
  const close = matchingParen(words, i);
  const inside = words.slice(i + 2, close);
  const parts = [identifierName(inside[0]!)];
  if (isPunct(inside[1], '.')) parts.push(identifierName(inside[2]!));
  const rest = inside.slice(parts.length === 2 ? 3 : 1);
  const including = isWord(rest[0], 'INCLUDING') && isWord(rest[1], 'DEFAULTS');
  if (rest.length > 0 && !((isWord(rest[0], 'INCLUDING', 'EXCLUDING') && isWord(rest[1], 'DEFAULTS') && rest.length === 2))) {
    throw new UnsupportedSql('CREATE TABLE ... (LIKE parent): only INCLUDING DEFAULTS or EXCLUDING DEFAULTS may follow the parent');
  }
  return {
    kind: 'createLike',
    head: words.slice(0, i).map((t) => t.text).join(' '),
    parent: parts.length === 2 ? { schema: parts[0], table: parts[1]! } : { table: parts[0]! },
    includingDefaults: including,
    text,
  };
}

/** SELECT list INTO [TEMP | TEMPORARY] [TABLE] name FROM ... as CREATE TABLE name AS SELECT list FROM ...; undefined otherwise. */
function selectIntoAsCreate(text: string): string | undefined {
  const words = significant(tokenize(text));
  if (!isWord(words[0], 'SELECT')) return undefined;
  let depth = 0;
  const into = words.findIndex((t) => {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    return depth === 0 && (isWord(t, 'INTO') || isWord(t, 'FROM', 'UNION', 'EXCEPT', 'INTERSECT'));
  });
  if (into === -1 || !isWord(words[into], 'INTO')) return undefined;
  let i = into + 1;
  const temp = isWord(words[i], 'TEMP', 'TEMPORARY');
  if (temp || isWord(words[i], 'UNLOGGED')) i++;
  if (isWord(words[i], 'TABLE')) i++;
  let end = i + 1;
  while (isPunct(words[end], '.')) end += 2;
  const name = text.slice(words[i]!.at, words[end - 1]!.at + words[end - 1]!.text.length);
  const select = text.slice(0, words[into]!.at) + text.slice(words[end - 1]!.at + words[end - 1]!.text.length);
  return `CREATE ${temp ? 'TEMP ' : ''}TABLE ${name} AS ${select.trim()}`;
}

/** Index (in significant tokens) of TABLE in CREATE [LOCAL] [TEMP|TEMPORARY] TABLE, if this is one. */
function createTableIndex(words: Token[]): number | undefined {
  if (!isWord(words[0], 'CREATE')) return undefined;
  let i = 1;
  if (isWord(words[i], 'LOCAL')) i++;
  if (isWord(words[i], 'TEMP', 'TEMPORARY')) i++;
  return isWord(words[i], 'TABLE') ? i : undefined;
}

const TABLE_ATTRIBUTE_WORDS = ['DISTSTYLE', 'DISTKEY', 'SORTKEY', 'COMPOUND', 'INTERLEAVED', 'BACKUP', 'ENCODE'];
const COLUMN_ATTRIBUTE_WORDS = [
  'NOT', 'NULL', 'DEFAULT', 'IDENTITY', 'GENERATED', 'ENCODE', 'DISTKEY', 'SORTKEY', 'PRIMARY', 'UNIQUE',
  'REFERENCES', 'COLLATE', 'CONSTRAINT',
];

function rewriteCreateTable(all: Token[], tableIndex: number): { sql: string; sequences: string[] } {
  const tokens = significant(all);
  let i = tableIndex + 1;
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS')) i += 3;
  const nameParts: string[] = [identifierName(tokens[i]!)];
  i++;
  while (isPunct(tokens[i], '.')) {
    nameParts.push(identifierName(tokens[i + 1]!));
    i += 2;
  }
  const head = tokens.slice(0, i).map((t) => t.text).join(' ');
  const sequences: string[] = [];
  let body = '';
  if (isPunct(tokens[i], '(')) {
    const close = matchingParen(tokens, i);
    const elements = splitTopLevel(tokens.slice(i + 1, close));
    const columns = elements
      .map((element) => rewriteElement(element, nameParts, sequences))
      .filter((c): c is string => c !== undefined);
    body = ` (${columns.join(', ')})`;
    i = close + 1;
  }
  // Table attributes until AS (CTAS) or the end.
  const rest: Token[] = [];
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (isWord(t, 'AS')) {
      rest.push(...tokens.slice(i));
      break;
    }
    if (isWord(t, ...TABLE_ATTRIBUTE_WORDS)) {
      i = skipTableAttribute(tokens, i);
      continue;
    }
    rest.push(t);
    i++;
  }
  // Rebuild the tail from the original text so spacing inside a CTAS query survives.
  const tail = rest.length > 0 ? ' ' + textBetween(all, rest[0]!, rest[rest.length - 1]!) : '';
  return { sql: head + body + tail, sequences };
}

function skipTableAttribute(tokens: Token[], i: number): number {
  const word = tokens[i]!.text.toUpperCase();
  if (word === 'COMPOUND' || word === 'INTERLEAVED') return skipTableAttribute(tokens, i + 1);
  if (isPunct(tokens[i + 1], '(')) return matchingParen(tokens, i + 1) + 1;
  // DISTSTYLE ALL, SORTKEY AUTO, BACKUP NO, ENCODE AUTO: keyword and one value.
  return i + 2;
}

function textBetween(all: Token[], first: Token, last: Token): string {
  const from = all.indexOf(first);
  const to = all.indexOf(last);
  return all.slice(from, to + 1).map((t) => t.text).join('');
}

function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (depth === 0 && isPunct(t, ',')) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** One element of a CREATE TABLE list: a column (rewritten) or a table constraint (dropped if informational). */
function rewriteElement(element: Token[], table: string[], sequences: string[]): string | undefined {
  const first = element[0]!;
  if (isWord(first, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CONSTRAINT')) return undefined;
  if (isWord(first, 'DISTKEY', 'SORTKEY', 'COMPOUND', 'INTERLEAVED')) return undefined;
  if (isWord(first, 'LIKE')) throw new UnsupportedSql('CREATE TABLE ... (LIKE ...) is not supported by the local warehouse');
  if (isWord(first, 'CHECK')) return element.map((t) => t.text).join(' ');

  const column = identifierName(first);
  let i = 1;
  const typeTokens: Token[] = [];
  while (i < element.length && !isWord(element[i], ...COLUMN_ATTRIBUTE_WORDS)) {
    typeTokens.push(element[i]!);
    i++;
  }
  const type = duckType(typeTokens, column);
  const parts = [quoteIdentifier(column), type.sql];
  while (i < element.length) {
    const t = element[i]!;
    const word = t.text.toUpperCase();
    if (word === 'IDENTITY' || word === 'GENERATED') {
      if (word === 'GENERATED') {
        // GENERATED BY DEFAULT AS IDENTITY(seed, step)
        while (i < element.length && !isWord(element[i], 'IDENTITY')) i++;
      }
      const open = i + 1;
      const close = matchingParen(element, open);
      const args = splitTopLevel(element.slice(open + 1, close)).map((a) => a.map((t) => t.text).join(''));
      const [seed = '1', step = '1'] = args;
      const name = `${table[table.length - 1]}_${column}${IDENTITY_SEQUENCE_MARK}${randomSuffix()}`;
      const qualified = [...table.slice(0, -1), name].map(quoteIdentifier).join('.');
      const floor = Math.min(Number(seed), 0);
      sequences.push(`CREATE SEQUENCE ${qualified} START ${seed} INCREMENT ${step} MINVALUE ${floor}`);
      parts.push(`DEFAULT nextval(${quoteLiteral([...table.slice(0, -1), name].join('.'))})`);
      i = close + 1;
    } else if (word === 'ENCODE') {
      i += 2;
    } else if (word === 'DISTKEY' || word === 'SORTKEY' || word === 'UNIQUE') {
      i += 1;
    } else if (word === 'PRIMARY') {
      i += 2; // PRIMARY KEY
    } else if (word === 'REFERENCES') {
      i += 2;
      if (isPunct(element[i], '(')) i = matchingParen(element, i) + 1;
    } else if (word === 'COLLATE') {
      if (isWord(element[i + 1], 'CASE_INSENSITIVE')) parts.push('COLLATE NOCASE');
      i += 2;
    } else if (word === 'DEFAULT') {
      const start = i;
      i++;
      let depth = 0;
      while (i < element.length && (depth > 0 || !isWord(element[i], ...COLUMN_ATTRIBUTE_WORDS))) {
        if (isPunct(element[i], '(')) depth++;
        if (isPunct(element[i], ')')) depth--;
        i++;
      }
      parts.push(element.slice(start, i).map((t) => t.text).join(' '));
    } else {
      parts.push(t.text); // NOT, NULL
      i++;
    }
  }
  if (type.maxBytes !== undefined) parts.push(`CHECK (strlen(${quoteIdentifier(column)}) <= ${type.maxBytes})`);
  return parts.join(' ');
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** Maps a Redshift column type to DuckDB; string types also return their byte limit. */
export function duckType(typeTokens: Token[], column: string): { sql: string; maxBytes?: number } {
  const words = typeTokens.filter((t) => t.kind === 'word').map((t) => t.text.toUpperCase());
  const args = typeTokens.filter((t) => t.kind === 'number' || isWord(t, 'MAX')).map((t) => t.text.toUpperCase());
  const name = words.join(' ');
  const length = (fallback: number) => (args[0] === 'MAX' ? 65535 : args[0] !== undefined ? Number(args[0]) : fallback);
  switch (name) {
    case 'VARCHAR': case 'CHARACTER VARYING': case 'NVARCHAR':
      return { sql: 'VARCHAR', maxBytes: length(256) };
    case 'TEXT': case 'BPCHAR':
      return { sql: 'VARCHAR', maxBytes: 256 };
    case 'CHAR': case 'CHARACTER': case 'NCHAR':
      return { sql: 'VARCHAR', maxBytes: length(1) };
    case 'FLOAT':
      return { sql: args[0] !== undefined && Number(args[0]) <= 24 ? 'REAL' : 'DOUBLE' };
    case 'FLOAT8': case 'DOUBLE PRECISION': case 'DOUBLE':
      return { sql: 'DOUBLE' };
    case 'FLOAT4': case 'REAL':
      return { sql: 'REAL' };
    case 'DECIMAL': case 'NUMERIC':
      return { sql: `DECIMAL(${args[0] ?? 18},${args[1] ?? 0})` };
    case 'SUPER': case 'GEOMETRY': case 'GEOGRAPHY': case 'HLLSKETCH': case 'VARBYTE': case 'VARBINARY':
      throw new UnsupportedSql(`column ${column}: type ${name} is not supported by the local warehouse`);
    case '':
      throw new UnsupportedSql(`column ${column}: a type is missing`);
    default:
      return { sql: typeTokens.map((t) => t.text).join(' ') };
  }
}

const DATE_PART_SYNONYMS: Record<string, string> = {
  dw: 'dow', dy: 'doy', yearday: 'doy', qtr: 'quarter', qtrs: 'quarter', quarters: 'quarter',
  msec: 'milliseconds', msecs: 'milliseconds', usec: 'microseconds', usecs: 'microseconds',
};

/**
 * Redshift clauses the engine's parser does not know, said its way:
 * - LISTAGG(x[, delimiter]) WITHIN GROUP (ORDER BY ...) becomes LISTAGG(x, delimiter ORDER BY ...),
 *   the delimiter '' when none is given (r_LISTAGG.html);
 * - APPROXIMATE COUNT(DISTINCT x) counts exactly: within any approximation's error (r_COUNT.html);
 * - SELECT [DISTINCT] TOP n ... becomes SELECT ... LIMIT n (r_TOP_clause.html).
 */
function rewriteClauses(all: Token[]): string {
  const out = all.map((t) => t.text);
  const words = all.map((t, i) => ({ t, i })).filter(({ t }) => t.kind !== 'space' && t.kind !== 'comment');
  const tokens = words.map((w) => w.t);
  let limit: string | undefined;
  for (let k = 0; k < words.length; k++) {
    const t = tokens[k]!;
    if (isWord(t, 'LISTAGG') && isPunct(tokens[k + 1], '(')) {
      const close = matchingParen(tokens, k + 1);
      const inside = tokens.slice(k + 2, close);
      if (inside.some((x, j) => isWord(x, 'ORDER') && isWord(inside[j + 1], 'BY'))) {
        throw new UnsupportedSql('ORDER BY inside LISTAGG(...) is not supported by Amazon Redshift: use LISTAGG(x, delimiter) WITHIN GROUP (ORDER BY ...)');
      }
      const oneArgument = !inside.some((x, j) => isPunct(x, ',') && depthAt(inside, j) === 0);
      let tail = oneArgument ? ", ''" : '';
      if (isWord(tokens[close + 1], 'WITHIN') && isWord(tokens[close + 2], 'GROUP') && isPunct(tokens[close + 3], '(')) {
        const end = matchingParen(tokens, close + 3);
        tail += ' ' + tokens.slice(close + 4, end).map((x) => x.text).join(' ');
        for (let j = close + 1; j <= end; j++) out[words[j]!.i] = '';
      }
      out[words[close]!.i] = `${tail})`;
    } else if (isWord(t, 'APPROXIMATE') && isWord(tokens[k + 1], 'COUNT')) {
      out[words[k]!.i] = '';
    } else if (isWord(t, 'TOP') && tokens[k + 1]?.kind === 'number' && (isWord(tokens[k - 1], 'SELECT') || (isWord(tokens[k - 1], 'DISTINCT') && isWord(tokens[k - 2], 'SELECT')))) {
      if (k !== 1 && !(k === 2 && isWord(tokens[1], 'DISTINCT'))) throw new UnsupportedSql('TOP in a subquery is not supported by the local warehouse yet: use LIMIT there');
      if (tokens.some((x) => isWord(x, 'LIMIT'))) throw new UnsupportedSql('TOP and LIMIT together: use one of them');
      limit = tokens[k + 1]!.text;
      out[words[k]!.i] = '';
      out[words[k + 1]!.i] = '';
    }
  }
  return out.join('') + (limit === undefined ? '' : ` LIMIT ${limit}`);
}

/** Parenthesis depth just before tokens[j]. */
function depthAt(tokens: Token[], j: number): number {
  let depth = 0;
  for (let i = 0; i < j; i++) depth += isPunct(tokens[i], '(') ? 1 : isPunct(tokens[i], ')') ? -1 : 0;
  return depth;
}

/** Expression-level rewrites that apply to any statement. */
function rewriteExpressions(all: Token[]): string {
  const out = all.map((t) => t.text);
  const idx = all.map((t, i) => ({ t, i })).filter(({ t }) => t.kind !== 'space' && t.kind !== 'comment');
  for (let k = 0; k < idx.length; k++) {
    const { t, i } = idx[k]!;
    const next = idx[k + 1]?.t;
    const after = idx[k + 2]?.t;
    if (isWord(t, 'GETDATE') && isPunct(next, '(') && isPunct(after, ')')) {
      out[i] = `${MACRO_CATALOG}.main.getdate`;
    } else if (isWord(t, 'SYSDATE')) {
      out[i] = `${MACRO_CATALOG}.main.sysdate()`;
    } else if (isWord(t, 'EXTRACT') && isPunct(next, '(') && after?.kind === 'word') {
      const synonym = DATE_PART_SYNONYMS[after.text.toLowerCase()];
      if (synonym) out[idx[k + 2]!.i] = synonym;
    } else if (isWord(t, 'DATE_PART', 'DATE_TRUNC', 'DATEPART') && isPunct(next, '(') && after?.kind === 'string') {
      const synonym = DATE_PART_SYNONYMS[after.text.slice(1, -1).toLowerCase()];
      if (synonym) out[idx[k + 2]!.i] = quoteLiteral(synonym);
    } else if (isWord(t, 'FLOAT', 'FLOAT8') && !isPunct(next, '(')) {
      out[i] = 'DOUBLE';
    } else if (isWord(t, 'DECIMAL', 'NUMERIC') && !isPunct(next, '(') && isTypePosition(idx[k - 1]?.t)) {
      out[i] = 'DECIMAL(18,0)';
    } else if (isWord(t, 'VARCHAR', 'NVARCHAR') && isPunct(next, '(') && isWord(after, 'MAX') && isPunct(idx[k + 3]?.t, ')')) {
      out[idx[k + 2]!.i] = '65535'; // VARCHAR(MAX) is VARCHAR(65535)
    } else if (isWord(t, 'NVL')) {
      out[i] = 'coalesce';
    } else if (t.kind === 'param') {
      out[i] = '$' + t.text.slice(1); // :name, bound by the engine
    }
  }
  return out.join('');
}

/** A type name follows `::` or `AS` (in CAST). */
function isTypePosition(previous: Token | undefined): boolean {
  return isPunct(previous, '::') || isWord(previous, 'AS');
}
