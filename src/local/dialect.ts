// Redshift SQL in, DuckDB SQL out, keeping Redshift's meaning.
//
// What differs and how it is handled:
// - `/` on integers divides as integers on Redshift: the engine sets DuckDB's `integer_division`.
// - Dist/sort keys and ENCODE have no engine meaning: they are recorded for the system views
//   (systemViews.ts) and dropped from the DDL, as BACKUP is; PRIMARY KEY, UNIQUE and REFERENCES are
//   informational on Redshift (not enforced), so they are dropped too.
// - IDENTITY(seed, step) becomes a fresh sequence and a DEFAULT nextval().
// - Types whose meaning differs: FLOAT is 8 bytes on Redshift (4 on DuckDB), DECIMAL without
//   precision is DECIMAL(18,0) (DuckDB: 18,3), VARCHAR(n) limits bytes (DuckDB ignores n: a CHECK
//   keeps the limit), TEXT is VARCHAR(256), CHAR defaults to one byte.
// - GETDATE() (whole seconds) and SYSDATE; date-part synonyms DuckDB lacks (dw, dy, qtr, ...).

import { parseCopy, type CopyCommand } from './copy/parseCopy.js';
import { addStringColumn, createLike, createTableIndex, rewriteCreateTable, selectIntoAsCreate } from './createTable.js';
import { isPunct, isWord, matchingParen, quoteLiteral, significant, splitStatements, splitTopLevel, stringValue, tokenize, topLevelIndex, type Token } from './sqlTokens.js';
import { MACRO_CATALOG } from './redshiftQuery.js';
import { checkStatementKind } from './statementKinds.js';
import { recordAttributes, showTables, systemRelationWritten } from './systemViews.js';
import { UnsupportedSql } from './unsupported.js';

export type Piece =
  | { kind: 'copy'; copy: CopyCommand; text: string }
  /** CREATE TABLE name (LIKE parent): the parent's columns are read when it runs. */
  | { kind: 'createLike'; head: string; name: string; parent: { schema?: string; table: string }; includingDefaults: boolean; text: string }
  /**
   * `queryAt`: where in `sql` a query starts (a SELECT, or the query of INSERT, CTAS or a view), for
   * the query front end; `namesColumns`: the query names columns that last (CREATE TABLE ... AS, a
   * view); `dml`: an UPDATE or DELETE, whose expressions it checks too.
   */
  | { kind: 'sql'; sql: string; text: string; queryAt?: number; namesColumns?: boolean; dml?: boolean; ctas?: { schema?: string; table: string } }
  /** ALTER TABLE ... ADD COLUMN of a string type: the table is made again with the column's byte limit (byteLimits.ts). */
  | { kind: 'addColumn'; table: { schema?: string; table: string }; column: string; text: string };

export interface Translation {
  pieces: Piece[];
  /**
   * True when the statement makes a table with an IDENTITY column: the sequences of tables dropped
   * since are cleared then (each table gets a sequence of its own, so this is tidying, done once
   * per such table rather than on every DROP).
   */
  touchesIdentities: boolean;
}


export function translate(sql: string): Translation {
  const pieces: Piece[] = [];
  let touchesIdentities = false;
  for (const written of splitStatements(sql)) {
    // SELECT ... INTO t FROM ... is CREATE TABLE t AS SELECT ... FROM ... (r_SELECT_INTO.html).
    const text = selectIntoAsCreate(written) ?? written;
    const tokens = tokenize(text);
    const words = significant(tokens);
    const kind = checkStatementKind(words);
    const system = systemRelationWritten(words, kind);
    if (system) throw new UnsupportedSql(`permission denied for relation ${system}`);
    if (kind === 'SHOW TABLES') {
      pieces.push({ kind: 'sql', sql: showTables(words), text });
      continue;
    }
    if (kind === 'COPY') {
      pieces.push({ kind: 'copy', copy: parseCopy(text), text });
      continue;
    }
    if (kind === 'DROP TABLE') {
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
      pieces.push({ kind: 'sql', sql: engineSql, text, queryAt: queryStart(engineSql, kind), namesColumns: true, ...(rewritten.ctas ? { ctas: rewritten.ctas } : {}) });
      // Distribution and sort keys have no engine meaning; the system views show them (systemViews.ts).
      pieces.push({ kind: 'sql', sql: recordAttributes(rewritten.table, rewritten.attributes), text });
      continue;
    }
    const added = kind === 'ALTER TABLE' ? addStringColumn(words, text) : undefined;
    if (added) {
      pieces.push(added);
      continue;
    }
    const engineSql = rewriteExpressions(tokenize(rewriteClauses(tokens)));
    const dml = kind === 'UPDATE' || kind === 'DELETE';
    const namesColumns = kind.endsWith('VIEW');
    pieces.push({ kind: 'sql', sql: engineSql, text, queryAt: queryStart(engineSql, kind), ...(namesColumns ? { namesColumns } : {}), ...(dml ? { dml } : {}) });
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
    i = topLevelIndex(words, (t) => isWord(t, 'AS'));
    if (i === -1) return undefined;
    i++;
  } else {
    return undefined;
  }
  const first = words[i];
  return first && (isWord(first, ...QUERY_HEADS) || isPunct(first, '(')) ? first.at : undefined;
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
    // A literal with backslash escapes, written as the engine reads literals (no escapes).
    if (t.kind === 'string' && t.text.includes('\\')) out[i] = quoteLiteral(stringValue(t));
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
