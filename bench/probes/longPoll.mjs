// How long after a statement completes does its waiter hear of it? With WaitTimeSeconds
// (long-polling) and, as the baseline, with DescribeStatement once a second as AWS's sample does.
// Usage: longPoll.mjs long-poll|poll-1s

import { DescribeStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';

const [mode] = process.argv.slice(2);
const endpoint = await startLocalEndpoint({ dataDir: mkdtempSync(join(tmpdir(), 'bench-')) });
const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials });
const target = { ClusterIdentifier: 'local', Database: 'dev' };
const lags = [];
for (let i = 0; i < 7; i++) {
  // A statement of some hundreds of milliseconds, ending at a moment the waiter cannot predict.
  const rows = 150_000_000 + Math.floor(Math.random() * 100_000_000);
  const { Id } = await client.send(new ExecuteStatementCommand({ ...target, Sql: `SELECT count(*) FROM range(${rows}) t WHERE t.range % 7 = 99` }));
  let d;
  for (;;) {
    d = await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: mode === 'long-poll' ? 20 : 0 }));
    if (['FINISHED', 'FAILED', 'ABORTED'].includes(d.Status)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const heard = Date.now();
  const completed = endpoint.store.get(Id).updatedAt.getTime();
  if (i > 0) lags.push(heard - completed); // the first is a warm-up
}
client.destroy();
await endpoint.close();
lags.sort((a, b) => a - b);
console.log(JSON.stringify({ ms: lags[Math.floor(lags.length / 2)] }));
