// DuckDB results in the Data API's shapes: Field unions and ColumnMetadata. Only Redshift's types
// come out: a value of a type Redshift does not have (a list, a struct, an interval) fails the
// statement, naming its column, rather than arriving as some text.

import type { DuckDBResult, DuckDBType } from '@duckdb/node-api';
import { JsonDuckDBValueConverter } from './duckdb.js';
import { parseExact } from './exactJson.js';

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
   * Each record as the JSON text of its Fields, as GetStatementResult sends it. Kept as text, a
   * large result holds a string a row rather than an object a value, and is written only once.
   */
  rows: string[];
  /** Bytes of the records as sent: the Data API's ResultSize. */
  size: number;
}

/** Records `from` to `to` (not included) as Field unions, integers past 2^53 as bigints. */
export function recordsOf(result: ResultSet, from = 0, to = result.rows.length): Field[][] {
  return result.rows.slice(from, to).map((row) => parseExact(row) as Field[]);
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

function typeOf(type: DuckDBType, column: string): [string, FieldKind] {
  const name = type.typeId !== undefined ? typeIdName(String(type)) : 'VARCHAR';
  const known = TYPES[name];
  if (known) return known;
  const hint = name === 'INTERVAL' ? ': the local warehouse does not return intervals yet; use DATEDIFF or EXTRACT(epoch FROM ...)' : '';
  throw new NotARedshiftValue(`column "${column}" is of type ${String(type)}, which Amazon Redshift does not return${hint}`);
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
 * Reads a query's rows chunk by chunk into the Data API's shapes, and stops as soon as a row or
 * the whole result passes the Data API's limits: a result is never built past what it could return.
 */
export async function readResultSet(result: DuckDBResult, limits = RESULT_LIMITS, redshiftNames?: string[]): Promise<ResultSet> {
  const types = result.columnTypes();
  // Redshift's names for the columns (the front end's), where the engine names them otherwise.
  const names = redshiftNames?.length === result.columnCount ? redshiftNames : result.columnNames();
  const kinds = types.map((type, i) => typeOf(type, names[i]!));
  const columns = names.map((name, i): ColumnMetadata => {
    const [typeName] = kinds[i]!;
    const text = String(types[i]);
    const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(text);
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
  const rows: string[] = [];
  let size = 0;
  for await (const chunk of result) {
    for (const row of chunk.convertRows(JsonDuckDBValueConverter)) {
      let rowBytes = 0;
      const fields: string[] = new Array(row.length);
      for (let i = 0; i < row.length; i++) {
        const field = toField(row[i], kinds[i]![1]);
        rowBytes += field.bytes;
        fields[i] = field.json;
      }
      if (rowBytes > limits.rowBytes) {
        throw new ResultTooLarge(`Packet for query is too large: row ${rows.length + 1} is ${rowBytes} bytes; the Data API returns rows of at most ${limits.rowBytes} bytes`);
      }
      size += rowBytes;
      if (size > limits.resultBytes) {
        throw new ResultTooLarge(`Database response exceeded size limit: the Data API returns results of at most ${limits.resultBytes / 2 ** 20} MB; add a LIMIT or select fewer columns`);
      }
      // join makes one flat string: pieces added one by one would each be kept alive by the row.
      rows.push(`[${fields.join(',')}]`);
    }
  }
  return { columns, rows, size };
}

/** A Field's JSON text, and its bytes as the Data API counts them (a string's or blob's length, 8 for a number). */
interface FieldText {
  json: string;
  bytes: number;
}

const NULL_FIELD: FieldText = { json: '{"isNull":true}', bytes: 0 };
const TRUE_FIELD: FieldText = { json: '{"booleanValue":true}', bytes: 8 };
const FALSE_FIELD: FieldText = { json: '{"booleanValue":false}', bytes: 8 };

function toField(value: unknown, kind: FieldKind): FieldText {
  if (value === null || value === undefined) return NULL_FIELD;
  switch (kind) {
    case 'boolean':
      return value ? TRUE_FIELD : FALSE_FIELD;
    case 'long': {
      // INTEGER arrives as a number; BIGINT as text, exact as a number up to 15 digits.
      if (typeof value === 'number') return { json: `{"longValue":${JSON.stringify(value)}}`, bytes: 8 };
      if (typeof value === 'string' && value.length <= 15) return { json: `{"longValue":${JSON.stringify(Number(value))}}`, bytes: 8 };
      // HUGEINT only from SUM over integers, which is a BIGINT on Redshift.
      const exact = BigInt(value as string | number);
      if (exact < INT64.min || exact > INT64.max) throw new NotARedshiftValue('bigint out of range (a SUM over integers is a BIGINT on Amazon Redshift: cast its argument to DECIMAL(38,0))');
      // Every digit, also past 2^53.
      return { json: `{"longValue":${exact}}`, bytes: 8 };
    }
    case 'double':
      return { json: `{"doubleValue":${JSON.stringify(Number(value))}}`, bytes: 8 };
    case 'blob': {
      const base64 = Buffer.from(String(value), 'latin1').toString('base64');
      return { json: `{"blobValue":"${base64}"}`, bytes: base64.length };
    }
    default: {
      const text = String(value);
      return { json: `{"stringValue":${JSON.stringify(text)}}`, bytes: Buffer.byteLength(text) };
    }
  }
}
