// What the Redshift front end costs. For each statement of the pipeline's plan: the median time to
// parse and check its query (translateQuery), and the whole plan run on one session with the front
// end, against the same engine pieces run straight on the engine (the front end left out).
// Usage: frontEnd.mjs DATA_DIR
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../dist/local/server.js';
import { translate } from '../../dist/local/dialect.js';
import { translateQuery } from '../../dist/local/redshiftQuery.js';
import { UDACITY_SOURCES } from '../../dist/config/target.js';
import { buildPlan } from '../../dist/pipeline/plan.js';
import { median } from '../lib.mjs';

const [dataDir] = process.argv.slice(2);
const endpoint = await startLocalEndpoint({ dataDir, dbPath: join(mkdtempSync(join(tmpdir(), 'bench-front-')), 'w.duckdb') });
const signal = new AbortController().signal;
const statements = buildPlan('run', UDACITY_SOURCES).steps.flatMap((s) => s.sql);
let queryId = 1;

/** The whole plan on one session; `straight` runs the engine pieces without the query front end. */
async function runPlan(straight) {
  const session = await endpoint.warehouse.session();
  const start = performance.now();
  for (const sql of statements) {
    if (!straight) {
      await session.execute(sql, { queryId: queryId++, signal });
      continue;
    }
    for (const piece of translate(sql).pieces) {
      const { queryAt: _q, dml: _d, ...plain } = piece;
      await session.runPiece(plain, { queryId: queryId++, signal });
    }
  }
  const ms = performance.now() - start;
  endpoint.warehouse.release(session);
  return ms;
}

const ours = [];
const baseline = [];
await runPlan(true);
await runPlan(false);
for (let i = 0; i < 5; i++) {
  baseline.push(await runPlan(true));
  ours.push(await runPlan(false));
}

// Parse and check alone, on the tables the plan made.
const checks = [];
const session = await endpoint.warehouse.session();
for (const sql of statements) {
  for (const piece of translate(sql).pieces) {
    if (piece.kind !== 'sql' || piece.queryAt === undefined) continue;
    const times = [];
    for (let i = 0; i < 21; i++) {
      const start = performance.now();
      await translateQuery(endpoint.warehouse.parser, piece.sql.slice(piece.queryAt));
      times.push(performance.now() - start);
    }
    checks.push(median(times));
  }
}
endpoint.warehouse.release(session);
await endpoint.close();
console.log(JSON.stringify({ ms: median(ours), baselineMs: median(baseline), checkMedianMs: median(checks), checkMaxMs: Math.max(...checks), queries: checks.length }));
