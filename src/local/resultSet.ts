// DuckDB results in the Data API's shapes: Field unions and ColumnMetadata. Only Redshift's types
// come out: a value of a type Redshift does not have (a list, a struct, an interval) fails the
// statement, naming its column, rather than arriving as some text.

import type { DuckDBBlobVector, DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
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
   * The records as the JSON text of their Fields, as GetStatementResult sends them, in UTF-8.
   * Kept so, a large result is a few buffers rather than an object a value, and a page of it
   * goes to the client as it is.
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
    // The engine makes each chunk while the one before it is read here, on another thread.
    let next = result.fetchChunk();
    try {
      for (;;) {
        const chunk = await next;
        if (!chunk || chunk.rowCount === 0) break;
        next = result.fetchChunk();
        const texts = chunk.getColumnVector(0) as DuckDBBlobVector;
        const sizes = chunk.getColumnVector(1);
        for (let i = 0; i < chunk.rowCount; i++) {
          const rowBytes = sizes.getItem(i) as number;
          if (rowBytes > limits.rowBytes) {
            throw new ResultTooLarge(`Packet for query is too large: row ${records.count + 1} is ${rowBytes} bytes; the Data API returns rows of at most ${limits.rowBytes} bytes`);
          }
          size += rowBytes;
          if (size > limits.resultBytes) {
            throw new ResultTooLarge(`Database response exceeded size limit: the Data API returns results of at most ${limits.resultBytes / 2 ** 20} MB; add a LIMIT or select fewer columns`);
          }
          records.add(texts.getItemBytes(i)!);
        }
      }
    } finally {
      // The statement is destroyed next: the engine must be done with it.
      await next.catch(() => undefined);
    }
    return { columns, records, size };
  } finally {
    statement.destroySync();
  }
}

/**
 * Records' bytes one after another, each followed by a comma, in buffers that double in size up to
 * a few megabytes: a buffer once filled is never copied (a large allocation, and its page faults,
 * cost here), and a small result, kept as long as its statement, holds a small buffer.
 */
export class Records {
  /** Where each record starts, counting the bytes of every buffer before its own; then where the next would. */
  private readonly starts = [0];
  private readonly buffers: Buffer[] = [];
  /** The bytes of every buffer before the last. */
  private before = 0;
  private end = 0;

  constructor(
    private readonly largestBuffer = 4 * 1024 * 1024,
    private readonly firstBuffer = 16 * 1024,
  ) {}

  /** The bytes its buffers hold, used or not. */
  get held(): number {
    return this.buffers.reduce((sum, buffer) => sum + buffer.buffer.byteLength, 0);
  }

  /** The memory the records take: their buffers, and where each record starts (8 bytes each). */
  get memory(): number {
    return this.held + 8 * this.starts.length;
  }

  get count(): number {
    return this.starts.length - 1;
  }

  add(record: Uint8Array): void {
    let buffer = this.buffers.at(-1);
    if (!buffer || this.end + record.length + 1 > buffer.length) {
      if (buffer) this.buffers[this.buffers.length - 1] = buffer.subarray(0, this.end);
      this.before += this.end;
      const size = buffer ? Math.min(buffer.length * 2, this.largestBuffer) : Math.min(this.firstBuffer, this.largestBuffer);
      buffer = Buffer.allocUnsafeSlow(Math.max(size, record.length + 1));
      this.buffers.push(buffer);
      this.end = 0;
    }
    buffer.set(record, this.end);
    buffer[this.end + record.length] = 0x2c; // ','
    this.end += record.length + 1;
    this.starts.push(this.before + this.end);
  }

  /**
   * Where a page starting at record `from` ends (not included): at most `records` records and
   * `bytes` bytes of their text, and never empty while records remain.
   */
  pageEnd(from: number, records: number, bytes: number): number {
    let [low, high] = [from + 1, Math.min(from + records, this.count)];
    if (low >= high) return high;
    // The last record whose page still fits.
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! - this.starts[from]! <= bytes) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The JSON text of records `from` to `to` (not included), joined by commas: pieces of the buffers, in order. */
  text(from: number, to: number): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    if (to <= from) return pieces;
    // The last record's comma is left out.
    const [start, stop] = [this.starts[from]!, this.starts[to]! - 1];
    let offset = 0;
    for (const [i, buffer] of this.buffers.entries()) {
      const used = i === this.buffers.length - 1 ? this.end : buffer.length;
      if (offset + used > start && offset < stop) pieces.push(buffer.subarray(Math.max(start - offset, 0), Math.min(stop - offset, used)));
      offset += used;
    }
    return pieces;
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
