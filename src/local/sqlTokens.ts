// A small lexer for Redshift SQL. The local engine rewrites statements token by
// token, so text inside string literals, quoted identifiers and comments is never touched.

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'space' | 'comment';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the token in the statement text. */
  at: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const TWO_CHAR_PUNCT = new Set(['::', '<=', '>=', '<>', '!=', '||']);

export class SqlSyntaxError extends Error {}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), at: i });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push('space', j);
    } else if (c === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl === -1 ? sql.length : nl);
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) throw new SqlSyntaxError(`unterminated comment starting at position ${i + 1}`);
      push('comment', close + 2);
    } else if (c === "'" || c === '"') {
      push(c === "'" ? 'string' : 'quoted', closeQuote(sql, i, c));
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i))!;
      push('number', i + m[0].length);
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j++;
      push('word', j);
    } else if (c === ':' && next !== undefined && WORD_START.test(next) && sql[i - 1] !== ':') {
      let j = i + 2;
      while (j < sql.length && WORD_PART.test(sql[j]!)) j++;
      push('param', j);
    } else if (next !== undefined && TWO_CHAR_PUNCT.has(c + next)) {
      push('punct', i + 2);
    } else {
      push('punct', i + 1);
    }
  }
  return tokens;
}

function closeQuote(sql: string, start: number, quote: string): number {
  for (let j = start + 1; j < sql.length; j++) {
    // In a string literal a backslash escapes the character after it: 'It\'s' is one string.
    if (sql[j] === '\\' && quote === "'") j++;
    else if (sql[j] === quote && sql[j + 1] === quote) j++; // doubled quote is an escaped quote
    else if (sql[j] === quote) return j + 1;
  }
  const what = quote === "'" ? 'string literal' : 'quoted identifier';
  throw new SqlSyntaxError(`unterminated ${what} starting at position ${start + 1}`);
}

/** Tokens that carry meaning: no whitespace, no comments. */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token !== undefined && token.kind === 'word' && words.includes(token.text.toUpperCase());
}

export function isPunct(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === text;
}

/** Splits a script into statements on top-level semicolons; empty statements are dropped. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (significant(current).length > 0) statements.push(current.map((t) => t.text).join('').trim());
    current = [];
  };
  for (const token of tokenize(sql)) {
    if (isPunct(token, ';')) flush();
    else current.push(token);
  }
  flush();
  return statements;
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * The value of a string literal token as Redshift reads it: '' is a quote, and a backslash escapes
 * the character after it, \n, \t, \b, \f and \r naming control characters and \NNN an octal code
 * (PostgreSQL 8.0's string constants; r_patternmatching_condition_like.html writes the default
 * LIKE escape as '\\').
 */
export function stringValue(token: Token): string {
  return token.text.slice(1, -1).replace(/''|\\([0-7]{1,3}|[\s\S])/g, (_, escaped: string | undefined) => {
    if (escaped === undefined) return "'";
    if (/^[0-7]/.test(escaped)) return String.fromCharCode(parseInt(escaped, 8));
    return ESCAPES[escaped] ?? escaped;
  });
}

/** An identifier as the catalog stores it: quoted names keep their case, bare names fold to lower case. */
export function identifierName(token: Token): string {
  return token.kind === 'quoted' ? token.text.slice(1, -1).replaceAll('""', '"') : token.text.toLowerCase();
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Index of the token that closes the parenthesis opened at `open` (indices into `tokens`). */
export function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  throw new SqlSyntaxError('unbalanced parentheses');
}

/** Index of the first token outside parentheses that passes `test`, or -1. */
export function topLevelIndex(tokens: Token[], test: (token: Token, index: number) => boolean): number {
  let depth = 0;
  return tokens.findIndex((t, i) => {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    return depth === 0 && test(t, i);
  });
}

/** The tokens split on top-level commas (not inside parentheses); empty parts dropped. */
export function splitTopLevel(tokens: Token[]): Token[][] {
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
