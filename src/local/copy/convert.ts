// How COPY turns a JSON value (read as text) into a column value, as Redshift does: empty strings
// are NULL in non-character columns, integers take digits only, strings respect the byte limit.
// The same SQL decides validity in the fast load and in the diagnostic pass, so they never disagree.

import { quoteLiteral } from '../sqlTokens.js';
import type { CopyCommand } from './parseCopy.js';

export interface TargetColumn {
  name: string;
  /** DuckDB type as duckdb_columns() shows it: BIGINT, VARCHAR, DECIMAL(18,0), TIMESTAMP, ... */
  type: string;
  notNull: boolean;
  /** Byte limit of a VARCHAR(n) or CHAR(n) column. */
  maxBytes: number | undefined;
  /** CHAR(n): values of exactly n bytes and no trailing blank (tableColumns.ts, limitCheck). */
  fixed?: boolean;
}

export interface ColumnRule {
  /** SQL that is true when the source text loads into the column. */
  valid: string;
  /** SQL for the loaded value (only evaluated where valid). */
  value: string;
  /** The load error for a source text that is not valid. */
  error(raw: string | null): { code: number; message: string; position: number };
}

type Family = 'integer' | 'float' | 'decimal' | 'boolean' | 'timestamp' | 'date' | 'string' | 'other';

function familyOf(type: string): Family {
  if (/^(U?TINYINT|U?SMALLINT|U?INTEGER|U?BIGINT|U?HUGEINT)$/.test(type)) return 'integer';
  if (type === 'DOUBLE' || type === 'FLOAT') return 'float';
  if (type.startsWith('DECIMAL')) return 'decimal';
  if (type === 'BOOLEAN') return 'boolean';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'DATE') return 'date';
  if (type === 'VARCHAR') return 'string';
  return 'other';
}

const REDSHIFT_TYPE_NAMES: Record<string, string> = {
  SMALLINT: 'Short', INTEGER: 'Integer', BIGINT: 'Long', DOUBLE: 'Double', FLOAT: 'Real',
};

/** The Redshift name of a column type, as load errors show it. */
export function redshiftTypeName(column: TargetColumn): string {
  switch (familyOf(column.type)) {
    case 'integer': return column.type === 'SMALLINT' ? 'int2' : column.type === 'INTEGER' ? 'int4' : 'int8';
    case 'float': return column.type === 'FLOAT' ? 'float4' : 'float8';
    case 'decimal': return column.type.replace('DECIMAL', 'numeric');
    case 'boolean': return 'bool';
    case 'timestamp': return column.type === 'TIMESTAMP WITH TIME ZONE' ? 'timestamptz' : 'timestamp';
    case 'date': return 'date';
    case 'string': return column.fixed ? 'bpchar' : 'varchar';
    default: return column.type.toLowerCase();
  }
}

export function columnRule(column: TargetColumn, src: string, copy: CopyCommand): ColumnRule {
  const t = `trim(${src})`;
  const empty = `(${src} IS NULL OR ${t} = '')`;
  const typeName = REDSHIFT_TYPE_NAMES[column.type] ?? column.type;
  const family = familyOf(column.type);
  let valid: string;
  let value: string;
  let isNull = empty;
  let describe: (raw: string) => { code: number; message: string; position: number };

  switch (family) {
    case 'integer': {
      valid = `(${empty} OR (regexp_full_match(${t}, '[+-]?[0-9]+') AND TRY_CAST(${t} AS ${column.type}) IS NOT NULL))`;
      value = `CAST(NULLIF(${t}, '') AS ${column.type})`;
      describe = (raw) => {
        const trimmed = raw.trim();
        const at = trimmed.search(/[^0-9+-]|(?<=.)[+-]/);
        if (at === -1) return { code: 1204, message: `Overflow, Value '${trimmed}', Type: ${typeName}`, position: 0 };
        return { code: 1207, message: `Invalid digit, Value '${trimmed[at]}', Pos ${at}, Type: ${typeName}`, position: at };
      };
      break;
    }
    case 'float':
    case 'decimal':
    case 'boolean':
    case 'date':
    case 'other': {
      valid = `(${empty} OR TRY_CAST(${t} AS ${column.type}) IS NOT NULL)`;
      value = `CAST(NULLIF(${t}, '') AS ${column.type})`;
      const [code, what] = {
        float: [1208, 'Invalid float value'], decimal: [1209, 'Invalid decimal value'],
        boolean: [1210, 'Invalid boolean value'], date: [1205, 'Invalid date format or value'],
        other: [1223, 'Invalid value for the column type'],
      }[family] as [number, string];
      describe = (raw) => ({ code, message: `${what} '${raw}', Type: ${typeName}`, position: 0 });
      break;
    }
    case 'timestamp': {
      const scale = copy.timeFormat === 'epochmillisecs' ? 1000 : copy.timeFormat === 'epochsecs' ? 1_000_000 : 0;
      if (scale > 0) {
        valid = `(${empty} OR TRY_CAST(${t} AS DOUBLE) IS NOT NULL)`;
        value = `make_timestamp(CAST(round(CAST(NULLIF(${t}, '') AS DOUBLE) * ${scale}) AS BIGINT))`;
      } else {
        valid = `(${empty} OR TRY_CAST(${t} AS TIMESTAMP) IS NOT NULL)`;
        value = `CAST(NULLIF(${t}, '') AS ${column.type})`;
      }
      const format = copy.timeFormat === 'default' ? 'YYYY-MM-DD HH24:MI:SS' : copy.timeFormat;
      describe = (raw) => ({ code: 1206, message: `Invalid timestamp format or value [${format}], Value '${raw}'`, position: 0 });
      break;
    }
    case 'string': {
      let text = src;
      if (copy.blanksAsNull) text = `CASE WHEN ${t} = '' THEN NULL ELSE ${text} END`;
      if (copy.emptyAsNull) text = `NULLIF(${text}, '')`;
      isNull = `(${text}) IS NULL`;
      const limit = column.maxBytes;
      if (limit !== undefined && column.fixed) {
        valid = `(${text} IS NULL OR (strlen(${text}) = ${limit} AND NOT ends_with(${text}, ' ')))`;
        value = text;
        describe = (raw) => ({
          code: 1204,
          message: Buffer.byteLength(raw) > limit
            ? `String length exceeds DDL length (${Buffer.byteLength(raw)} bytes, limit ${limit})`
            : `CHAR(${limit}) value of ${Buffer.byteLength(raw)} bytes or with trailing blanks: Redshift pads it with blanks, the local warehouse keeps CHAR values of exactly ${limit} bytes (use VARCHAR(${limit}))`,
          position: 0,
        });
        break;
      }
      if (limit !== undefined && copy.truncateColumns) {
        valid = 'true';
        value = truncateBytes(text, limit);
      } else {
        valid = limit === undefined ? 'true' : `(${text} IS NULL OR strlen(${text}) <= ${limit})`;
        value = text;
      }
      describe = (raw) => ({
        code: 1204,
        message: `String length exceeds DDL length (${Buffer.byteLength(raw)} bytes, limit ${limit})`,
        position: 0,
      });
      break;
    }
  }

  const notNullMessage = { code: 1213, message: 'Missing data for not-null field', position: 0 };
  return {
    valid: column.notNull ? `(${valid} AND NOT ${isNull})` : valid,
    value,
    error(raw) {
      if (raw === null || (column.notNull && raw.trim() === '')) return notNullMessage;
      return describe(raw);
    },
  };
}

/** Cuts a string to at most `limit` bytes without splitting a character. */
function truncateBytes(text: string, limit: number): string {
  // The number of leading characters that fit: prefixes measured in bytes. Quadratic in the
  // string's length, so only for the strings that are too long.
  const fitting = `len(list_filter(range(1, length(${text}) + 1), i -> strlen(left(${text}, i)) <= ${limit}))`;
  return `CASE WHEN strlen(${text}) <= ${limit} THEN ${text} ELSE left(${text}, ${fitting}) END`;
}

/** The fast load: invalid values raise instead of loading. */
export function strictValue(rule: ColumnRule, column: TargetColumn): string {
  return `CASE WHEN ${rule.valid} THEN ${rule.value} ELSE error(${quoteLiteral(`load error in column ${column.name}`)}) END`;
}
