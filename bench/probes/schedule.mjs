// Scheduling against Redshift-like latency: every statement takes SLOW ms (the endpoint's slow=
// fault) and every answer LATENCY ms. Runs the plan three ways and reports wall time and
// DescribeStatement calls per statement:
//   pipeline   the runner (parallel DAG, long-polling)
//   poll-1s    the same DAG, but completion seen by polling every second (AWS's sample)
//   sequential the seed's order (create_tables then etl.py), one statement at a time, each seen
//              finished at once (long-polling), so only the ordering differs
// Usage: schedule.mjs DATA_DIR SLOW_MS LATENCY_MS MODE
import { DescribeStatementCommand, ExecuteStatementCommand, BatchExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { setTimeout as sleep } from 'node:timers/promises';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { parseFaults } from '../../dist/local/faults.js';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { DataApi } from '../../dist/pipeline/dataApiClient.js';
import { buildPlan } from '../../dist/pipeline/plan.js';
import { runPlan } from '../../dist/pipeline/runner.js';

const [dataDir, slow, latency, mode] = process.argv.slice(2);
const endpoint = await startLocalEndpoint({ dataDir, faults: parseFaults(`slow=${slow},latency=${latency}`) });
const config = { endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials };
const target = { kind: 'local', dbPath: ':memory:', dataDir };
const plan = buildPlan('run', UDACITY_SOURCES);
const address = { ClusterIdentifier: 'local', Database: 'dev' };
const client = new RedshiftDataClient(config);

async function submitAndWait(step, pollEverySecond) {
  const input = { ...address };
  const { Id } = step.sql.length === 1
    ? await client.send(new ExecuteStatementCommand({ ...input, Sql: step.sql[0] }))
    : await client.send(new BatchExecuteStatementCommand({ ...input, Sqls: step.sql }));
  for (;;) {
    if (pollEverySecond) await sleep(1000);
    const d = await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: pollEverySecond ? undefined : 30 }));
    if (d.Status === 'FINISHED') return;
    if (d.Status === 'FAILED' || d.Status === 'ABORTED') throw new Error(`${step.id}: ${d.Error}`);
  }
}

const start = performance.now();
if (mode === 'pipeline') {
  const api = DataApi.connect(config, target);
  const summary = await runPlan(plan, { api, target: 'bench', concurrency: 4, onEvent: () => undefined });
  if (!summary.ok) throw new Error('the run failed');
  api.client.destroy();
} else if (mode === 'poll-1s') {
  const done = new Map();
  const run = (step) => (done.has(step.id) ? done.get(step.id) : done.set(step.id, Promise.all(step.dependsOn.map((d) => run(plan.steps.find((s) => s.id === d)))).then(() => submitAndWait(step, true))).get(step.id));
  await Promise.all(plan.steps.map(run));
} else {
  for (const step of plan.steps) await submitAndWait(step, false);
}
const ms = performance.now() - start;
const statements = endpoint.store.list();
const calls = statements.map((s) => s.describeCalls);
client.destroy();
await endpoint.close();
console.log(JSON.stringify({ ms, describeCalls: calls, maxDescribeCalls: Math.max(...calls), statements: statements.length }));
