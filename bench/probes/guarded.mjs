// One whole local run in-process, through the Data API over HTTP as the CLI makes it, on an
// endpoint with its guards (sandboxed engine, caller and signature checks) or without them.
// Prints the run's wall time and the COPYs' summed durations.
// Usage: guarded.mjs DATA_DIR guarded|unguarded
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { buildPlan } from '../../dist/pipeline/plan.js';
import { DataApi } from '../../dist/pipeline/dataApiClient.js';
import { runPlan } from '../../dist/pipeline/runner.js';

const [dataDir, mode] = process.argv.slice(2);
const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-guarded-')), 'w.duckdb');
const endpoint = await startLocalEndpoint({ dataDir, dbPath, unguarded: mode === 'unguarded' });
const target = { kind: 'local', dbPath, dataDir };
const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
const copyMs = {};
const start = performance.now();
const summary = await runPlan(buildPlan('run', UDACITY_SOURCES), {
  api, target: 'bench', concurrency: 4,
  onEvent: (e) => {
    if (e.type === 'finished' && e.step?.startsWith?.('staging_')) copyMs[e.step] = e.durationMs;
  },
});
const ms = performance.now() - start;
api.client.destroy();
await endpoint.close();
if (!summary.ok) throw new Error('the run failed');
console.log(JSON.stringify({ ms, copyMs: Object.values(copyMs).reduce((a, b) => a + b, 0) }));
