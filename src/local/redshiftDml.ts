// UPDATE and DELETE through the Redshift front end (redshiftQuery.ts), which reads queries only.
// Their expressions (the SET values, the WHERE condition) and what they read (UPDATE ... FROM,
// DELETE ... USING) are checked as one query made of them:
//   UPDATE t SET a = e1 FROM x WHERE c   is checked as   SELECT (e1), (c) FROM t, x
// What Redshift lacks is refused as in a query. Where an expression needs reshaping (a division,
// a LIKE with a backslash, a comparison of strings, a cast to VARCHAR(n)...), the reshaped
// expressions and tables read replace the written ones.

import type { QueryParser } from './queryParser.js';
import { translateQuery } from './redshiftQuery.js';
import { isPunct, isWord, significant, splitTopLevel, tokenize, topLevelIndex, type Token } from './sqlTokens.js';

interface Span {
  start: number;
  end: number;
}

/** The engine SQL of an UPDATE or DELETE: the text itself, or with its expressions reshaped. */
export async function translateDml(parser: QueryParser, sql: string): Promise<string> {
  const parts = dmlParts(sql);
  if (!parts || parts.expressions.length === 0) return sql;
  const text = (s: Span) => sql.slice(s.start, s.end);
  const reads = parts.reads ? `, ${text(parts.reads)}` : '';
  const query = `SELECT ${parts.expressions.map((e) => `(${text(e)})`).join(', ')} FROM ${text(parts.target)}${reads}`;
  const checked = await translateQuery(parser, query);
  if (checked.sql === query) return sql;
  const { items, from } = selectParts(checked.sql);
  if (items.length !== parts.expressions.length || (parts.reads && from.length < 2)) {
    throw new Error(`the reshaped ${parts.verb} does not read as the one written`);
  }
  // The reshaped expressions and tables read replace the written ones, from the last to the first.
  const replacements: [Span, string][] = parts.expressions.map((span, i) => [span, items[i]!]);
  if (parts.reads) replacements.push([parts.reads, `${from.slice(1).join(', ')} `]);
  replacements.sort(([a], [b]) => b.start - a.start);
  let out = sql;
  for (const [span, text] of replacements) out = out.slice(0, span.start) + text + out.slice(span.end);
  return out;
}

/**
 * The expressions and the FROM items of `SELECT e1, e2 FROM t, x` as written back: `t, x` or
 * `t CROSS JOIN x` (the target is one table, so the first top-level CROSS JOIN follows it).
 */
function selectParts(select: string): { items: string[]; from: string[] } {
  const tokens = significant(tokenize(select));
  const from = topLevelIndex(tokens, (t) => isWord(t, 'FROM'));
  const text = (item: Token[]) => select.slice(item[0]!.at, item[item.length - 1]!.at + item[item.length - 1]!.text.length);
  const items = splitTopLevel(tokens.slice(1, from)).map(text);
  const tables = tokens.slice(from + 1);
  const cross = topLevelIndex(tables, (t, i) => isWord(t, 'CROSS') && isWord(tables[i + 1], 'JOIN'));
  if (cross === -1) return { items, from: splitTopLevel(tables).map(text) };
  return { items, from: [text(tables.slice(0, cross)), text(tables.slice(cross + 2))] };
}

/**
 * The parts of UPDATE target SET c = e, ... [FROM reads] [WHERE cond] and DELETE FROM target
 * [USING reads] [WHERE cond], as spans of `sql`; expressions in the order they are written, the
 * WHERE condition last. Expressions are listed from last to first for replacing.
 */
function dmlParts(sql: string): { verb: 'UPDATE' | 'DELETE'; target: Span; expressions: Span[]; reads?: Span } | undefined {
  const tokens = significant(tokenize(sql));
  const verb = isWord(tokens[0], 'UPDATE') ? 'UPDATE' : isWord(tokens[0], 'DELETE') ? 'DELETE' : undefined;
  if (!verb) return undefined;
  const topLevel = topLevelWords(tokens);
  const end = sql.length;
  const spanOf = (from: number, to: number): Span => ({ start: tokens[from]!.at, end: to < tokens.length ? tokens[to]!.at : end });
  const where = topLevel.get('WHERE');
  const expressions: Span[] = [];
  let target: Span;
  let reads: Span | undefined;
  if (verb === 'UPDATE') {
    const set = topLevel.get('SET');
    if (set === undefined) return undefined;
    target = spanOf(1, set);
    const from = topLevel.get('FROM');
    const assignmentsEnd = from ?? where ?? tokens.length;
    let at = set + 1;
    for (const assignment of splitTopLevel(tokens.slice(set + 1, assignmentsEnd))) {
      const equals = assignment.findIndex((t) => isPunct(t, '='));
      const first = at + equals + 1;
      at += assignment.length + 1;
      if (equals === -1 || first >= at - 1) return undefined;
      expressions.push(spanOf(first, at - 1));
    }
    if (from !== undefined) reads = spanOf(from + 1, where ?? tokens.length);
  } else {
    if (!isWord(tokens[1], 'FROM')) return undefined;
    const using = topLevel.get('USING');
    target = spanOf(2, using ?? where ?? tokens.length);
    if (using !== undefined) reads = spanOf(using + 1, where ?? tokens.length);
  }
  if (where !== undefined) expressions.push(spanOf(where + 1, tokens.length));
  return { verb, target, expressions: expressions.reverse(), reads };
}

/** The first place of each clause keyword outside parentheses. */
function topLevelWords(tokens: Token[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const word of ['SET', 'FROM', 'WHERE', 'USING']) {
    const at = topLevelIndex(tokens, (t) => isWord(t, word));
    if (at !== -1) found.set(word, at);
  }
  return found;
}
