// CREATE TABLE in Redshift's words, as the engine runs it: column types, IDENTITY, byte limits and
// table attributes (createTableIndex, rewriteCreateTable); CREATE TABLE (LIKE parent); and SELECT
// ... INTO, which is CREATE TABLE ... AS. What each Redshift construct becomes is said in dialect.ts.

import type { Piece } from './dialect.js';
import {
  identifierName, isPunct, isWord, matchingParen, quoteIdentifier, quoteLiteral, significant, splitTopLevel, tokenize, topLevelIndex, type Token,
} from './sqlTokens.js';
import type { TableAttributes } from './systemViews.js';
import { TYPES_NOT_LOCAL } from './redshiftFunctions.js';
import { limitCheck } from './tableColumns.js';
import { UnsupportedSql } from './unsupported.js';

/** Prefix of the sequences that implement IDENTITY columns. */
export const IDENTITY_SEQUENCE_MARK = '__identity_';

/** CREATE [TEMP] TABLE [IF NOT EXISTS] name (LIKE parent [INCLUDING | EXCLUDING DEFAULTS]) [attributes]. */
export function createLike(words: Token[], tableIndex: number, text: string): Piece | undefined {
  let i = tableIndex + 1;
  if (isWord(words[i], 'IF') && isWord(words[i + 1], 'NOT') && isWord(words[i + 2], 'EXISTS')) i += 3;
  const name = [identifierName(words[i]!)];
  i++;
  while (isPunct(words[i], '.')) {
    name.push(identifierName(words[i + 1]!));
    i += 2;
  }
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
    name: name.map(quoteIdentifier).join('.'),
    parent: parts.length === 2 ? { schema: parts[0], table: parts[1]! } : { table: parts[0]! },
    includingDefaults: including,
    text,
  };
}

/**
 * ALTER TABLE name ADD [COLUMN] column type ... when the type is a string with a byte limit: the
 * piece that makes the table again with the column (the engine cannot add a constraint to a table).
 */
export function addStringColumn(words: Token[], text: string): Piece | undefined {
  if (!isWord(words[0], 'ALTER') || !isWord(words[1], 'TABLE')) return undefined;
  const name = [identifierName(words[2]!)];
  let i = 3;
  while (isPunct(words[i], '.')) {
    name.push(identifierName(words[i + 1]!));
    i += 2;
  }
  if (!isWord(words[i], 'ADD')) return undefined;
  i++;
  if (isWord(words[i], 'COLUMN')) i++;
  if (isWord(words[i], 'IF', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')) return undefined;
  const element = words.slice(i).filter((t) => !isPunct(t, ';'));
  const column = rewriteElement(element, name, [], {});
  if (column === undefined || !column.includes('CHECK (strlen(')) return undefined; // no limit: the engine adds it
  if (/\bnextval\(/.test(column)) throw new UnsupportedSql('ALTER TABLE ... ADD COLUMN cannot add an IDENTITY column on Amazon Redshift');
  return { kind: 'addColumn', table: { schema: name.length > 1 ? name[name.length - 2] : undefined, table: name[name.length - 1]! }, column, text };
}

/** SELECT list INTO [TEMP | TEMPORARY] [TABLE] name FROM ... as CREATE TABLE name AS SELECT list FROM ...; undefined otherwise. */
export function selectIntoAsCreate(text: string): string | undefined {
  const words = significant(tokenize(text));
  if (!isWord(words[0], 'SELECT')) return undefined;
  const into = topLevelIndex(words, (t) => isWord(t, 'INTO', 'FROM', 'UNION', 'EXCEPT', 'INTERSECT'));
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
export function createTableIndex(words: Token[]): number | undefined {
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

/** A CREATE TABLE in engine SQL, the sequences of its IDENTITY columns, and its Redshift attributes. */
export interface CreateTable {
  sql: string;
  sequences: string[];
  /** The table's name, quoted for the engine. */
  table: string;
  /** A permanent table made by CREATE TABLE ... AS (not IF NOT EXISTS), whose columns may take byte limits. */
  ctas?: { schema?: string; table: string };
  attributes: TableAttributes;
}

export function rewriteCreateTable(all: Token[], tableIndex: number): CreateTable {
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
  const attributes: TableAttributes = {};
  let body = '';
  if (isPunct(tokens[i], '(')) {
    const close = matchingParen(tokens, i);
    const elements = splitTopLevel(tokens.slice(i + 1, close));
    const columns = elements
      .map((element) => rewriteElement(element, nameParts, sequences, attributes))
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
      const end = skipTableAttribute(tokens, i);
      readTableAttribute(tokens.slice(i, end), attributes);
      i = end;
      continue;
    }
    rest.push(t);
    i++;
  }
  // Rebuild the tail from the original text so spacing inside a CTAS query survives.
  const tail = rest.length > 0 ? ' ' + textBetween(all, rest[0]!, rest[rest.length - 1]!) : '';
  const plainCtas = body === '' && isWord(rest[0], 'AS') && !tokens.slice(0, tableIndex + 4).some((t) => isWord(t, 'TEMP', 'TEMPORARY', 'EXISTS'));
  const ctas = plainCtas ? { schema: nameParts.length > 1 ? nameParts[nameParts.length - 2] : undefined, table: nameParts[nameParts.length - 1]! } : undefined;
  return { sql: head + body + tail, sequences, table: nameParts.map(quoteIdentifier).join('.'), ...(ctas ? { ctas } : {}), attributes };
}

/** DISTSTYLE x, DISTKEY (c), [COMPOUND | INTERLEAVED] SORTKEY (c, ...) | SORTKEY AUTO, as the table's attributes. */
function readTableAttribute(words: Token[], attributes: TableAttributes): void {
  const names = words.filter((t) => t.kind === 'word' || t.kind === 'quoted');
  const first = names[0]!.text.toUpperCase();
  const inParens = words.slice(words.findIndex((t) => isPunct(t, '(')) + 1).filter((t) => t.kind === 'word' || t.kind === 'quoted').map(identifierName);
  if (first === 'DISTSTYLE') attributes.diststyle = names[1]!.text.toUpperCase() as TableAttributes['diststyle'];
  else if (first === 'DISTKEY') {
    attributes.diststyle = 'KEY';
    attributes.distkey = inParens[0];
  } else if (first === 'COMPOUND' || first === 'INTERLEAVED' || first === 'SORTKEY') {
    if (isWord(names[names.length - 1], 'AUTO') && !words.some((t) => isPunct(t, '('))) return;
    attributes.sortkey = inParens;
    attributes.sortstyle = first === 'INTERLEAVED' ? 'INTERLEAVED' : 'COMPOUND';
  }
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


/** One element of a CREATE TABLE list: a column (rewritten) or a table constraint (dropped if informational). */
function rewriteElement(element: Token[], table: string[], sequences: string[], attributes: TableAttributes): string | undefined {
  const first = element[0]!;
  if (isWord(first, 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CONSTRAINT')) return undefined;
  if (isWord(first, 'DISTKEY', 'SORTKEY', 'COMPOUND', 'INTERLEAVED')) {
    readTableAttribute(element, attributes);
    return undefined;
  }
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
      attributes.encode = { ...attributes.encode, [column]: element[i + 1]!.text.toLowerCase() };
      i += 2;
    } else if (word === 'DISTKEY' || word === 'SORTKEY' || word === 'UNIQUE') {
      if (word === 'DISTKEY') Object.assign(attributes, { diststyle: 'KEY', distkey: column });
      if (word === 'SORTKEY') Object.assign(attributes, { sortkey: [column], sortstyle: 'COMPOUND' });
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
  if (type.maxBytes !== undefined) parts.push(limitCheck(column, type.maxBytes, type.fixed ?? false));
  return parts.join(' ');
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** Maps a Redshift column type to DuckDB; string types also return their byte limit. */
export function duckType(typeTokens: Token[], column: string): { sql: string; maxBytes?: number; fixed?: boolean } {
  const words = typeTokens.filter((t) => t.kind === 'word').map((t) => t.text.toUpperCase());
  const args = typeTokens.filter((t) => t.kind === 'number' || isWord(t, 'MAX')).map((t) => t.text.toUpperCase());
  const name = words.join(' ');
  const length = (fallback: number) => (args[0] === 'MAX' ? 65535 : args[0] !== undefined ? Number(args[0]) : fallback);
  if (TYPES_NOT_LOCAL.has(name)) throw new UnsupportedSql(`column ${column}: type ${name} is not supported by the local warehouse`);
  switch (name) {
    case 'VARCHAR': case 'CHARACTER VARYING': case 'NVARCHAR':
      return { sql: 'VARCHAR', maxBytes: length(256) };
    case 'TEXT':
      return { sql: 'VARCHAR', maxBytes: 256 };
    case 'CHAR': case 'CHARACTER': case 'NCHAR':
      return { sql: 'VARCHAR', maxBytes: length(1), fixed: true };
    case 'BPCHAR':
      return { sql: 'VARCHAR', maxBytes: 256, fixed: true };
    case 'FLOAT':
      return { sql: args[0] !== undefined && Number(args[0]) <= 24 ? 'REAL' : 'DOUBLE' };
    case 'FLOAT8': case 'DOUBLE PRECISION': case 'DOUBLE':
      return { sql: 'DOUBLE' };
    case 'FLOAT4': case 'REAL':
      return { sql: 'REAL' };
    case 'DECIMAL': case 'NUMERIC':
      return { sql: `DECIMAL(${args[0] ?? 18},${args[1] ?? 0})` };
    case '':
      throw new UnsupportedSql(`column ${column}: a type is missing`);
    default:
      return { sql: typeTokens.map((t) => t.text).join(' ') };
  }
}
