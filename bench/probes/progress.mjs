// One whole local run in-process, through the Data API over HTTP as the CLI makes it, with the
// COPYs' progress sampled from the load history or not. Prints the run's wall time up to the
// warehouse file closed (the load history not read during the run is written then), the Data API
// calls it made (counted by the client, every retry included) and the progress events it heard.
// Usage: progress.mjs DATA_DIR on|off
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { buildPlan } from '../../dist/pipeline/plan.js';
import { DataApi } from '../../dist/pipeline/dataApiClient.js';
import { runPlan } from '../../dist/pipeline/runner.js';

const [dataDir, mode] = process.argv.slice(2);
const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-progress-')), 'w.duckdb');
const endpoint = await startLocalEndpoint({ dataDir, dbPath });
const target = { kind: 'local', dbPath, dataDir };
const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
let calls = 0;
api.client.middlewareStack.add((next) => (args) => (calls++, next(args)), { step: 'finalizeRequest', name: 'countCalls' });
let progressEvents = 0;
const start = performance.now();
const summary = await runPlan(buildPlan('run', UDACITY_SOURCES), {
  api, target: 'bench', concurrency: 4, loadProgress: mode === 'on',
  onEvent: (e) => {
    if (e.type === 'progress') progressEvents++;
  },
});
api.client.destroy();
await endpoint.close();
const ms = performance.now() - start;
if (!summary.ok) throw new Error('the run failed');
console.log(JSON.stringify({ ms, calls, progressEvents }));
