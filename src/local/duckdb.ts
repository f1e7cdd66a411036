// DuckDB's Node API, loaded with require. The package is CommonJS: through an import, Node's ESM
// loader lexes each of its modules for their exports before running them, which made loading
// the engine take about twice as long (150 ms against 80, on every command that opens it).

import { createRequire } from 'node:module';
import type * as Api from '@duckdb/node-api';

const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof Api;

export const { DuckDBDataChunk, DuckDBInstance, DuckDBTimestampValue, INTEGER, JsonDuckDBValueConverter, ResultReturnType, StatementType, TIMESTAMP, VARCHAR } = api;
export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBTimestampValue = Api.DuckDBTimestampValue;
export type ResultReturnType = Api.ResultReturnType;
export type StatementType = Api.StatementType;
