// DuckDB results in the Data API's shapes: Field unions and ColumnMetadata. Only Redshift's types
// come out: a value of a type Redshift does not have (a list, a struct, an interval) fails the
// statement, naming its column, rather than arriving as some text.

import type { DuckDBBlobVector, DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement } from '@duckdb/node-api';
import { parseExact } from './exactJson.js';
import { prepareGuarded } from './sandbox.js';

export type Field =
  | { isNull: true }
  | { booleanValue: boolean }
  /** A bigint when the value is beyond 2^53, so its digits reach the client exactly. */
  | { longValue: number | bigint }
  | { doubleValue: number }
  | { stringValue: string }
  | { blobValue: string };

export interface ColumnMetadata {
  name: string;
  label: string;
  typeName: string;
  isCaseSensitive: boolean;
  isCurrency: boolean;
  isSigned: boolean;
  nullable: number;
  precision: number;
  scale: number;
  length: number;
  schemaName: string;
  tableName: string;
}

export interface ResultSet {
  columns: ColumnMetadata[];
  /**
   * The records as the JSON text of their Fields, as GetStatementResult sends them, in UTF-8,
   * left in the engine's chunks where the query wrote them: a page is copied out when asked for.
   */
  records: Records;
  /** Bytes of the records as the Data API counts them: its ResultSize. */
  size: number;
}

/** Records `from` to `to` (not included) as Field unions, integers past 2^53 as bigints. */
export function recordsOf(result: ResultSet, from = 0, to = result.records.count): Field[][] {
  return parseExact(`[${Buffer.concat(result.records.text(from, to)).toString('utf8')}]`) as Field[][];
}

type FieldKind = 'long' | 'double' | 'boolean' | 'string' | 'blob';

/** DuckDB type id (by name) to the Redshift type name and the Field member that carries it. */
const TYPES: Record<string, [typeName: string, kind: FieldKind]> = {
  BOOLEAN: ['bool', 'boolean'],
  TINYINT: ['int2', 'long'], SMALLINT: ['int2', 'long'], INTEGER: ['int4', 'long'], BIGINT: ['int8', 'long'],
  UTINYINT: ['int2', 'long'], USMALLINT: ['int4', 'long'], UINTEGER: ['int8', 'long'], UBIGINT: ['numeric', 'string'],
  // DuckDB's SUM over integers gives HUGEINT where Redshift gives BIGINT.
  HUGEINT: ['int8', 'long'], UHUGEINT: ['numeric', 'string'],
  FLOAT: ['float4', 'double'], DOUBLE: ['float8', 'double'], DECIMAL: ['numeric', 'string'],
  VARCHAR: ['varchar', 'string'], BLOB: ['varbyte', 'blob'],
  DATE: ['date', 'string'], TIME: ['time', 'string'], TIME_TZ: ['timetz', 'string'],
  TIMESTAMP: ['timestamp', 'string'], TIMESTAMP_S: ['timestamp', 'string'], TIMESTAMP_MS: ['timestamp', 'string'],
  TIMESTAMP_NS: ['timestamp', 'string'], TIMESTAMP_TZ: ['timestamptz', 'string'],
  UUID: ['varchar', 'string'],
};

/** The Redshift name of a column type, from the engine's name of it (DECIMAL(18,0), VARCHAR, ...). */
export function redshiftTypeOf(engineType: string): string {
  return TYPES[typeIdName(engineType)]?.[0] ?? engineType.toLowerCase();
}

/** A value Redshift cannot return: the statement fails with this message. */
export class NotARedshiftValue extends Error {}

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

function typeOf(type: string, column: string): [string, FieldKind] {
  const name = typeIdName(type);
  const known = TYPES[name];
  if (known) return known;
  const hint = name === 'INTERVAL' ? ': the local warehouse does not return intervals yet; use DATEDIFF or EXTRACT(epoch FROM ...)' : '';
  throw new NotARedshiftValue(`column "${column}" is of type ${type}, which Amazon Redshift does not return${hint}`);
}

/** The key of TYPES for an engine type's text, such as "DECIMAL(18,0)" or "VARCHAR": the part before "(". */
function typeIdName(text: string): string {
  if (text === 'TIMESTAMP WITH TIME ZONE') return 'TIMESTAMP_TZ';
  if (text === 'TIME WITH TIME ZONE') return 'TIME_TZ';
  return text.split('(')[0]!;
}

/** The Data API's limits on what a statement returns (Data API troubleshooting guide). */
export const RESULT_LIMITS = { rowBytes: 64 * 1024, resultBytes: 500 * 1024 * 1024 };

/** A result too large for the Data API; the statement fails with Redshift's message. */
export class ResultTooLarge extends Error {}

/**
 * Runs a prepared SELECT and reads its rows into the Data API's shapes. The engine writes each
 * record's JSON text and its size as the Data API counts it, so a row is read as one string rather
 * than value by value (the values one by one cost several times as much); reading stops as soon as
 * a row or the whole result passes the Data API's limits, so a result is never built past what it
 * could return. `sql` is the prepared statement's text; `bind` gives a statement its parameters.
 */
export async function readQuery(
  connection: DuckDBConnection,
  sql: string,
  prepared: DuckDBPreparedStatement,
  bind: (statement: DuckDBPreparedStatement) => void,
  limits = RESULT_LIMITS,
  redshiftNames?: string[],
): Promise<ResultSet> {
  const shape = prepared.parameterCount > 0 ? await boundShape(connection, sql, bind) : {
    names: Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i)),
    types: Array.from({ length: prepared.columnCount }, (_, i) => String(prepared.columnType(i))),
  };
  const { types } = shape;
  // Redshift's names for the columns (the front end's), where the engine names them otherwise.
  const names = redshiftNames?.length === types.length ? redshiftNames : shape.names;
  const kinds = types.map((type, i) => typeOf(type, names[i]!));
  const columns = names.map((name, i): ColumnMetadata => {
    const [typeName] = kinds[i]!;
    const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(types[i]!);
    return {
      name, label: name, typeName,
      isCaseSensitive: typeName === 'varchar',
      isCurrency: false,
      isSigned: /^(int|float|numeric)/.test(typeName),
      nullable: 1,
      precision: decimal ? Number(decimal[1]) : 0,
      scale: decimal ? Number(decimal[2]) : 0,
      length: 0, schemaName: '', tableName: '',
    };
  });
  const statement = await prepareGuarded(connection, recordsSql(sql, types, kinds));
  try {
    bind(statement);
    const result = await statement.stream();
    const records = new Records();
    let size = 0;
    for await (const chunk of result) {
      const sizes = chunk.getColumnVector(1);
      for (let i = 0; i < chunk.rowCount; i++) {
        const rowBytes = sizes.getItem(i) as number;
        if (rowBytes > limits.rowBytes) {
          throw new ResultTooLarge(`Packet for query is too large: row ${records.count + i + 1} is ${rowBytes} bytes; the Data API returns rows of at most ${limits.rowBytes} bytes`);
        }
        size += rowBytes;
        if (size > limits.resultBytes) {
          throw new ResultTooLarge(`Database response exceeded size limit: the Data API returns results of at most ${limits.resultBytes / 2 ** 20} MB; add a LIMIT or select fewer columns`);
        }
      }
      records.add(chunk);
    }
    return { columns, records, size };
  } finally {
    statement.destroySync();
  }
}

/**
 * A result's records, in the chunks the engine wrote them to. Reading each out as the query ran
 * meant copying all of them into memory of our own, kept as long as the statement; memory touched
 * for the first time costs here several times what the copy does. A page is copied out of the
 * chunks when it is asked for, into one buffer.
 */
export class Records {
  /** Each chunk with its JSON text column and the index of its first record, in order. */
  private readonly chunks: { first: number; texts: DuckDBBlobVector; chunk: DuckDBDataChunk }[] = [];
  private total = 0;

  get count(): number {
    return this.total;
  }

  /** A chunk of the records query (recordsSql): its first column holds each record's JSON text. */
  add(chunk: DuckDBDataChunk): void {
    if (chunk.rowCount === 0) return;
    this.chunks.push({ first: this.total, texts: chunk.getColumnVector(0) as DuckDBBlobVector, chunk });
    this.total += chunk.rowCount;
  }

  /** The JSON text of records `from` to `to` (not included), joined by commas, in one buffer (none for no records). */
  text(from: number, to: number): Uint8Array[] {
    if (to <= from) return [];
    const texts: Uint8Array[] = [];
    let bytes = -1;
    let at = this.chunkOf(from);
    for (let record = from; record < to; record++) {
      while (record >= this.chunks[at]!.first + this.chunks[at]!.chunk.rowCount) at++;
      const { first, texts: column } = this.chunks[at]!;
      const text = column.getItemBytes(record - first)!;
      texts.push(text);
      bytes += text.length + 1;
    }
    const page = Buffer.allocUnsafe(bytes);
    let offset = 0;
    for (const text of texts) {
      if (offset > 0) page[offset++] = 0x2c; // ','
      page.set(text, offset);
      offset += text.length;
    }
    return [page];
  }

  /** The chunk holding record `index`: the last chunk starting at or before it. */
  private chunkOf(index: number): number {
    let [low, high] = [0, this.chunks.length - 1];
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.chunks[middle]!.first <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/**
 * The columns of a query with parameters: the engine types them only once their values are bound,
 * so the query runs with those values and no rows.
 */
async function boundShape(connection: DuckDBConnection, sql: string, bind: (statement: DuckDBPreparedStatement) => void): Promise<{ names: string[]; types: string[] }> {
  // Not SELECT * FROM (...), which would rename a repeated column name.
  const empty = await prepareGuarded(connection, `(${sql}\n) LIMIT 0`);
  try {
    bind(empty);
    const result = await empty.run();
    return { names: result.columnNames(), types: result.columnTypes().map(String) };
  } finally {
    empty.destroySync();
  }
}

/**
 * The query that gives, for each row of `sql`, its record's JSON text and its bytes as the Data
 * API counts them: a string's or a blob's length, 8 for a number or a boolean, 0 for NULL.
 */
function recordsSql(sql: string, types: string[], kinds: [string, FieldKind][]): string {
  const fields = kinds.map(([, kind], i) => fieldSql(`"c${i}"`, kind, typeIdName(types[i]!)));
  const record = `concat('[', ${fields.map((f) => f.json).join(`, ',', `)}, ']')`;
  // A list, not a chain of +: the engine's parser refuses an expression nested 1,000 deep, and
  // Redshift returns up to 1,600 columns.
  const bytes = `list_sum([${fields.map((f) => f.bytes).join(', ')}])`;
  // The newline ends a comment the statement may end with.
  return `SELECT encode(${record}), CAST(${bytes} AS DOUBLE) FROM (${sql}\n) AS q(${fields.map((_, i) => `"c${i}"`).join(', ')})`;
}

/** A column's Field as SQL: its JSON text, and its bytes. */
function fieldSql(column: string, kind: FieldKind, engineType: string): { json: string; bytes: string } {
  const field = (json: string, bytes: string) => ({
    json: `CASE WHEN ${column} IS NULL THEN '{"isNull":true}' ELSE ${json} END`,
    bytes: `CASE WHEN ${column} IS NULL THEN 0 ELSE ${bytes} END`,
  });
  switch (kind) {
    case 'boolean':
      return field(`CASE WHEN ${column} THEN '{"booleanValue":true}' ELSE '{"booleanValue":false}' END`, '8');
    case 'long': {
      // Every digit, also past 2^53. HUGEINT only from SUM over integers, a BIGINT on Redshift.
      const digits = engineType !== 'HUGEINT' ? `CAST(${column} AS VARCHAR)`
        : `CASE WHEN ${column} BETWEEN ${INT64.min} AND ${INT64.max} THEN CAST(${column} AS VARCHAR) ELSE error('bigint out of range (a SUM over integers is a BIGINT on Amazon Redshift: cast its argument to DECIMAL(38,0))') END`;
      return field(`'{"longValue":' || ${digits} || '}'`, '8');
    }
    case 'double':
      // The shortest text that reads back as the same double (a REAL as the double it is); the
      // AWS JSON protocol sends a value that is not a finite number as a string.
      return field(`'{"doubleValue":' || CASE WHEN isfinite(${column}) THEN CAST(CAST(${column} AS DOUBLE) AS VARCHAR) WHEN isnan(${column}) THEN '"NaN"' WHEN ${column} > 0 THEN '"Infinity"' ELSE '"-Infinity"' END || '}'`, '8');
    case 'blob':
      return field(`'{"blobValue":"' || to_base64(${column}) || '"}'`, `length(to_base64(${column}))`);
    default: {
      // Dates, times, numerics and the rest as the engine writes them as text.
      const text = engineType === 'VARCHAR' ? column : `CAST(${column} AS VARCHAR)`;
      return field(`'{"stringValue":' || CAST(to_json(${text}) AS VARCHAR) || '}'`, `strlen(${text})`);
    }
  }
}
