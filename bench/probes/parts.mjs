// The sum of a run's parts: on an idle in-process endpoint, every statement of the plan runs
// alone, one after another, and their durations are added up. What a whole run takes beyond
// that is the pipeline's own cost: process, endpoint, scheduling, rendering.
// Usage: parts.mjs DATA_DIR
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { buildPlan } from '../../dist/pipeline/plan.js';

const [dataDir] = process.argv.slice(2);
// A warehouse file, as the run writes one.
const endpoint = await startLocalEndpoint({ dataDir, dbPath: join(mkdtempSync(join(tmpdir(), 'bench-parts-')), 'w.duckdb') });
const session = await endpoint.warehouse.session();
const signal = new AbortController().signal;
let queryId = 1;
let sumMs = 0;
for (const step of buildPlan('run', UDACITY_SOURCES).steps) {
  const start = performance.now();
  for (const sql of step.sql) await session.execute(sql, { queryId: queryId++, signal });
  sumMs += performance.now() - start;
}
endpoint.warehouse.release(session);
await endpoint.close();
console.log(JSON.stringify({ ms: sumMs }));
