// DuckDB's own CSV export, as the baseline of `query --format csv`: a fresh process opens the
// warehouse file with @duckdb/node-api and COPYs the query's rows to a CSV file with a header.
// Usage: node duckdbCsv.mjs DB_FILE OUT_FILE SQL

import { DuckDBInstance } from '@duckdb/node-api';

const [db, out, sql] = process.argv.slice(2);
const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
const conn = await instance.connect();
await conn.run(`COPY (${sql}) TO '${out.replaceAll("'", "''")}' (FORMAT csv, HEADER)`);
conn.closeSync();
instance.closeSync();
