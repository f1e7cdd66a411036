// DuckDB's Node API: the values the warehouse uses, loaded as the CommonJS it is (commonJs.ts).

import type * as Api from '@duckdb/node-api';
import { requireCommonJs } from '../commonJs.js';

const api = requireCommonJs('@duckdb/node-api') as typeof Api;

export const { DuckDBDataChunk, DuckDBInstance, DuckDBTimestampValue, INTEGER, ResultReturnType, StatementType, TIMESTAMP, VARCHAR } = api;
export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBTimestampValue = Api.DuckDBTimestampValue;
export type ResultReturnType = Api.ResultReturnType;
export type StatementType = Api.StatementType;
