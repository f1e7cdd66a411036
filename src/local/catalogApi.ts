// The Data API's catalog operations, which SQL editors and dashboards call to show what is there:
// ListDatabases, ListSchemas, ListTables and DescribeTable, answered from the engine's catalog. They
// show the warehouse's own schemas (public, and any a client made) and the two Redshift lists too
// (information_schema, pg_catalog), never the engine's own (main, the Redshift functions' catalog).

import type { DuckDBConnection } from '@duckdb/node-api';
import { optionalInteger, optionalString, pageOffset, pageToken, requiredString, validation, type Operation } from './dataApiInput.js';
import { redshiftTypeOf } from './resultSet.js';
import { quoteLiteral } from './sqlTokens.js';
import { describeTable } from './tableColumns.js';
import type { Warehouse } from './warehouse.js';

type Input = Record<string, unknown>;

const REDSHIFT_SCHEMAS = ['information_schema', 'pg_catalog'];
const ENGINE_SCHEMAS = ['main', 'information_schema', 'pg_catalog'];

export function catalogApi(warehouse: Warehouse): Record<string, Operation> {
  /** The database an operation names must be the warehouse's. */
  const database = (input: Input, key = 'Database') => {
    const name = key === 'Database' ? requiredString(input, key) : optionalString(input, key);
    if (name !== undefined && name !== warehouse.database) throw validation(`database "${name}" does not exist (this warehouse has ${warehouse.database})`);
    if (!optionalString(input, 'ClusterIdentifier') === !optionalString(input, 'WorkgroupName')) {
      throw validation('Either ClusterIdentifier or WorkgroupName is required, not both');
    }
  };
  const rows = (sql: string) => warehouse.withSession(async (c: DuckDBConnection) => (await c.runAndReadAll(sql)).getRowsJson() as string[][]);

  return {
    async ListDatabases(input) {
      database(input, 'ConnectedDatabase');
      return page(input, [warehouse.database], 'Databases');
    },

    async ListSchemas(input) {
      database(input);
      const pattern = likePattern(input, 'SchemaPattern');
      const listed = await rows(
        `SELECT schema_name FROM (
           SELECT schema_name FROM duckdb_schemas() WHERE database_name = current_database() AND NOT internal
             AND schema_name NOT IN (${ENGINE_SCHEMAS.map(quoteLiteral).join(', ')})
           UNION SELECT unnest([${REDSHIFT_SCHEMAS.map(quoteLiteral).join(', ')}])
         ) WHERE schema_name LIKE ${pattern} ESCAPE '\\' ORDER BY 1`,
      );
      return page(input, listed.map((r) => r[0]!), 'Schemas');
    },

    async ListTables(input) {
      database(input);
      const schema = likePattern(input, 'SchemaPattern');
      const table = likePattern(input, 'TablePattern');
      const found = await rows(
        `SELECT schema_name, table_name, 'TABLE' FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal AND NOT temporary
           AND schema_name <> 'main' AND schema_name LIKE ${schema} ESCAPE '\\' AND table_name LIKE ${table} ESCAPE '\\'
         UNION ALL
         SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE database_name = current_database() AND NOT internal AND NOT temporary
           AND schema_name <> 'main' AND schema_name LIKE ${schema} ESCAPE '\\' AND view_name LIKE ${table} ESCAPE '\\'
         ORDER BY 1, 2`,
      );
      return page(input, found.map(([s, name, type]) => ({ schema: s, name, type })), 'Tables');
    },

    async DescribeTable(input) {
      database(input);
      const schema = optionalString(input, 'Schema') ?? 'public';
      const table = optionalString(input, 'Table');
      if (table === undefined) throw validation('Table is required');
      const described = await warehouse.withSession((c) => describeTable(c, table, schema));
      const columns = (described?.columns ?? []).map((column) => {
        const typeName = column.fixed ? 'bpchar' : redshiftTypeOf(column.type);
        return {
          name: column.name, label: column.name, typeName, length: column.maxBytes ?? 0, nullable: column.notNull ? 0 : 1,
          precision: column.precision, scale: column.scale, columnDefault: column.identity ? '"identity"' : column.default,
          isCaseSensitive: typeName === 'varchar' || typeName === 'bpchar', isCurrency: false, isSigned: /^(int|float|numeric)/.test(typeName), schemaName: schema, tableName: table,
        };
      });
      if (columns.length === 0) throw validation(`relation "${schema}.${table}" does not exist`);
      return { TableName: `${schema}.${table}`, ...page(input, columns, 'ColumnList') };
    },
  };
}

/** A SQL LIKE pattern (% and _, as the Data API takes them), as a quoted literal; % when absent. */
function likePattern(input: Input, key: string): string {
  return quoteLiteral(optionalString(input, key) ?? '%');
}

function page<T>(input: Input, items: T[], key: string): Record<string, unknown> {
  const max = optionalInteger(input, 'MaxResults', 0, 1000) || 1000;
  const offset = pageOffset(input.NextToken);
  const next = offset + max < items.length ? offset + max : undefined;
  return { [key]: items.slice(offset, offset + max), NextToken: next === undefined ? undefined : pageToken(next) };
}
