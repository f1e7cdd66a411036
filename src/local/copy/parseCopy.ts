// Parses Redshift's COPY ... FROM 's3://...' FORMAT AS JSON into a typed command.
// Only the JSON load options are supported; anything else is refused by name.

import { identifierName, isPunct, isWord, significant, stringValue, tokenize, type Token } from '../sqlTokens.js';
import { UnsupportedSql } from '../unsupported.js';

export type JsonMapping = { kind: 'auto'; ignoreCase: boolean } | { kind: 'jsonpaths'; uri: string };
export type TimeFormat = 'default' | 'auto' | 'epochmillisecs' | 'epochsecs';

export interface CopyCommand {
  schema: string | undefined;
  table: string;
  columns: string[] | undefined;
  from: string;
  mapping: JsonMapping;
  timeFormat: TimeFormat;
  truncateColumns: boolean;
  blanksAsNull: boolean;
  emptyAsNull: boolean;
  maxError: number;
}

const IGNORED_OPTIONS = new Set(['COMPUPDATE', 'STATUPDATE']);
const NOT_SUPPORTED = new Set([
  'CSV', 'DELIMITER', 'FIXEDWIDTH', 'AVRO', 'PARQUET', 'ORC', 'SHAPEFILE', 'GZIP', 'BZIP2', 'LZOP', 'ZSTD',
  'MANIFEST', 'ENCRYPTED', 'SSH', 'EXPLICIT_IDS', 'IGNOREHEADER', 'NOLOAD', 'FILLRECORD', 'ESCAPE',
  'REMOVEQUOTES', 'ACCEPTINVCHARS', 'DATEFORMAT', 'ROUNDEC', 'TRIMBLANKS', 'NULL', 'IGNOREBLANKLINES',
]);

export function parseCopy(sql: string): CopyCommand {
  const tokens = significant(tokenize(sql));
  const reader = new TokenReader(tokens);
  reader.expectWord('COPY');
  const first = reader.name('a table name after COPY');
  let schema: string | undefined;
  let table = first;
  if (isPunct(reader.peek(), '.')) {
    reader.next();
    schema = first;
    table = reader.name('a table name after the schema');
  }
  let columns: string[] | undefined;
  if (isPunct(reader.peek(), '(')) {
    reader.next();
    columns = [];
    for (;;) {
      columns.push(reader.name('a column name'));
      const sep = reader.next();
      if (isPunct(sep, ')')) break;
      if (!isPunct(sep, ',')) throw reader.syntax('"," or ")" in the column list', sep);
    }
  }
  reader.expectWord('FROM');
  const from = reader.string('the S3 location after FROM');
  if (!from.startsWith('s3://')) {
    throw new UnsupportedSql(`COPY FROM '${from}': the local warehouse loads from s3:// locations only`);
  }

  const command: CopyCommand = {
    schema, table, columns, from,
    mapping: { kind: 'auto', ignoreCase: false },
    timeFormat: 'default',
    truncateColumns: false, blanksAsNull: false, emptyAsNull: false, maxError: 0,
  };
  let authorized = false;
  let json = false;
  while (!reader.done()) {
    const option = reader.next()!;
    const word = option.kind === 'word' ? option.text.toUpperCase() : '';
    switch (word) {
      case 'IAM_ROLE':
        if (isWord(reader.peek(), 'DEFAULT')) reader.next();
        else reader.string('the role ARN after IAM_ROLE');
        authorized = true;
        break;
      case 'CREDENTIALS':
        reader.optionalWord('AS');
        reader.string('the credentials string after CREDENTIALS');
        authorized = true;
        break;
      case 'ACCESS_KEY_ID':
      case 'SECRET_ACCESS_KEY':
      case 'SESSION_TOKEN':
        reader.string(`a value after ${word}`);
        authorized = true;
        break;
      case 'FORMAT':
        reader.optionalWord('AS');
        if (!isWord(reader.peek(), 'JSON')) {
          throw new UnsupportedSql(`COPY FORMAT ${reader.peek()?.text ?? ''}: the local warehouse loads JSON only`);
        }
        break;
      case 'JSON': {
        json = true;
        reader.optionalWord('AS');
        const spec = reader.peek()?.kind === 'string' ? reader.string('the JSON option') : 'auto';
        command.mapping = jsonMapping(spec);
        break;
      }
      case 'REGION':
        reader.optionalWord('AS');
        reader.string('the region after REGION');
        break;
      case 'TIMEFORMAT': {
        reader.optionalWord('AS');
        command.timeFormat = timeFormat(reader.string('the format after TIMEFORMAT'));
        break;
      }
      case 'TRUNCATECOLUMNS':
        command.truncateColumns = true;
        break;
      case 'BLANKSASNULL':
        command.blanksAsNull = true;
        break;
      case 'EMPTYASNULL':
        command.emptyAsNull = true;
        break;
      case 'MAXERROR': {
        reader.optionalWord('AS');
        const n = reader.next();
        if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) throw reader.syntax('a whole number after MAXERROR', n);
        command.maxError = Number(n.text);
        break;
      }
      default:
        if (IGNORED_OPTIONS.has(word)) {
          // Statistics and compression choices have no local counterpart; their values are skipped.
          if (isWord(reader.peek(), 'ON', 'OFF', 'TRUE', 'FALSE', 'PRESET')) reader.next();
          break;
        }
        if (NOT_SUPPORTED.has(word)) {
          throw new UnsupportedSql(`COPY option ${word} is not supported by the local warehouse (it loads JSON with FORMAT AS JSON)`);
        }
        throw reader.syntax('a COPY option', option);
    }
  }
  if (!json) {
    throw new UnsupportedSql("COPY without FORMAT AS JSON: the local warehouse loads JSON only (add FORMAT AS JSON 'auto')");
  }
  if (!authorized) {
    throw new UnsupportedSql("COPY needs an authorization: add IAM_ROLE 'arn:aws:iam::...:role/...' or CREDENTIALS 'aws_iam_role=...'");
  }
  return command;
}

function jsonMapping(spec: string): JsonMapping {
  const lowered = spec.trim().toLowerCase();
  if (lowered === 'auto') return { kind: 'auto', ignoreCase: false };
  if (lowered === 'auto ignorecase') return { kind: 'auto', ignoreCase: true };
  if (spec.startsWith('s3://')) return { kind: 'jsonpaths', uri: spec };
  if (lowered === 'noshred') throw new UnsupportedSql("JSON 'noshred' (SUPER columns) is not supported by the local warehouse");
  throw new UnsupportedSql(`JSON '${spec}': expected 'auto', 'auto ignorecase' or an s3:// jsonpaths file`);
}

function timeFormat(spec: string): TimeFormat {
  const lowered = spec.toLowerCase();
  if (lowered === 'auto' || lowered === 'epochmillisecs' || lowered === 'epochsecs') return lowered;
  if (spec === 'YYYY-MM-DD HH:MI:SS') return 'default';
  throw new UnsupportedSql(`TIMEFORMAT '${spec}' is not supported by the local warehouse: use 'auto', 'epochmillisecs' or 'epochsecs'`);
}

class TokenReader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  optionalWord(word: string): void {
    if (isWord(this.peek(), word)) this.i++;
  }
  expectWord(word: string): void {
    const t = this.next();
    if (!isWord(t, word)) throw this.syntax(word, t);
  }
  name(what: string): string {
    const t = this.next();
    if (t?.kind !== 'word' && t?.kind !== 'quoted') throw this.syntax(what, t);
    return identifierName(t);
  }
  string(what: string): string {
    const t = this.next();
    if (t?.kind !== 'string') throw this.syntax(`${what} (a quoted string)`, t);
    return stringValue(t);
  }
  syntax(expected: string, got: Token | undefined): Error {
    return new UnsupportedSql(`syntax error in COPY: expected ${expected}, found ${got ? `"${got.text}"` : 'the end of the statement'}`);
  }
}
