// DuckDB's own read_json over the log files, loaded into a table: the log COPY's baseline.
import { DuckDBInstance } from '@duckdb/node-api';

const [dataDir] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const start = performance.now();
await conn.run(`CREATE TABLE events AS SELECT * FROM read_json('${dataDir}/udacity-dend/log_data/*/*/*.json', format = 'newline_delimited')`);
console.log(JSON.stringify({ ms: performance.now() - start }));
