import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { buildPlan } from '../../dist/pipeline/plan.js';
const [dataDir, only] = process.argv.slice(2);
const endpoint = await startLocalEndpoint({ dataDir, dbPath: join(mkdtempSync(join(tmpdir(), 'bench-parts-')), 'w.duckdb') });
const session = await endpoint.warehouse.session();
const signal = new AbortController().signal;
let queryId = 1;
for (const step of buildPlan('run', UDACITY_SOURCES).steps) {
  const start = performance.now();
  for (const sql of step.sql) await session.execute(sql, { queryId: queryId++, signal });
  console.log(step.id, Math.round(performance.now() - start), new Date().toISOString());
  if (step.id === only) break;
}
endpoint.warehouse.release(session);
const c = performance.now();
await endpoint.close();
console.log('close', Math.round(performance.now() - c));
