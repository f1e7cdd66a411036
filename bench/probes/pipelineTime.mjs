// The pipeline's own time in a finished run, read from the warehouse file's query history: from
// the start of the reset's first statement to the end of the last statement of the run. What a
// front end does before the reset (its checks) or after the last statement (closing) is outside.
// Usage: pipelineTime.mjs DB_FILE
import { DuckDBInstance } from '@duckdb/node-api';

const [dbPath] = process.argv.slice(2);
const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
const conn = await instance.connect();
const reader = await conn.runAndReadAll(`
  SELECT epoch_ms(max(end_time)) - epoch_ms(min(start_time) FILTER (WHERE query_text LIKE 'DROP TABLE%')),
         count(*) FILTER (WHERE query_text LIKE '%sys_load_history%')
  FROM main.sys_query_history`);
const [ms, progressQueries] = reader.getRowsJson()[0].map(Number);
conn.closeSync();
instance.closeSync();
console.log(JSON.stringify({ ms, progressQueries }));
