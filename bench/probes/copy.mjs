// One COPY on a fresh in-process endpoint: prints its wall time and the process's peak RSS.
// Usage: copy.mjs DATA_DIR songs|events [unguarded]

import { startLocalEndpoint } from '../../dist/local/server.js';
import { STAGING_DDL, COPY_SQL } from './statements.mjs';

const [dataDir, which, mode] = process.argv.slice(2);
const endpoint = await startLocalEndpoint({ dataDir, unguarded: mode === 'unguarded' });
const session = await endpoint.warehouse.session();
const signal = new AbortController().signal;
await session.execute(STAGING_DDL[which], { queryId: 1, signal });
const start = performance.now();
await session.execute(COPY_SQL[which], { queryId: 2, signal });
const ms = performance.now() - start;
// A COPY reports no rows of its own (as on Redshift): the session's last COPY count has them.
const rows = Number((await session.connection.runAndReadAll('SELECT getvariable(\'pg_last_copy_count\')')).getRowsJson()[0][0]);
endpoint.warehouse.release(session);
await endpoint.close();
console.log(JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
