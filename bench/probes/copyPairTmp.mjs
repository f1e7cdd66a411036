import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { buildPlan } from '../../dist/pipeline/plan.js';
const [dataDir, mode] = process.argv.slice(2);
const endpoint = await startLocalEndpoint({ dataDir, dbPath: join(mkdtempSync(join(tmpdir(), 'bench-pair-')), 'w.duckdb') });
const steps = buildPlan('run', UDACITY_SOURCES).steps;
const signal = new AbortController().signal;
let queryId = 1;
const s0 = await endpoint.warehouse.session();
for (const sql of steps[0].sql) await s0.execute(sql, { queryId: queryId++, signal });
const t0 = performance.now();
const run = async (id) => {
  const s = await endpoint.warehouse.session();
  const step = steps.find((x) => x.id === id);
  const start = performance.now();
  for (const sql of step.sql) await s.execute(sql, { queryId: queryId++, signal });
  console.log(id, Math.round(performance.now() - start), 'at', Math.round(performance.now() - t0));
};
if (mode === 'seq') { await run('staging_events'); await run('staging_songs'); }
else await Promise.all([run('staging_events'), run('staging_songs')]);
const c = performance.now();
await endpoint.close();
console.log('close', Math.round(performance.now() - c));
