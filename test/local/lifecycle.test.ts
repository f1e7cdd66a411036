// A statement's life: the statuses it goes through, what DescribeStatement reports about it,
// long-polling with WaitTimeSeconds, and cancelling.

import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_SQL, ONE_SECOND_SQL, SHORT_WORK_SQL, TARGET, busyWork, errorOf, numbers, running, startHarness, until, type Harness } from './helpers.js';
import type { Status } from '../../src/local/statementStore.js';

const pbkdf2Async = promisify(pbkdf2);

/** Iterations of pbkdf2-sha512 that keep one libuv worker thread busy for about `ms`. */
async function pbkdf2Iterations(ms: number): Promise<number> {
  const probe = 20_000;
  const started = performance.now();
  await pbkdf2Async('x', 'y', probe, 64, 'sha512');
  return Math.ceil((probe * ms) / Math.max(performance.now() - started, 1));
}

const ORDER: Status[] = ['SUBMITTED', 'PICKED', 'STARTED'];

/** True when history is SUBMITTED, then a subsequence of PICKED, STARTED, then exactly `last`. */
function isLifecycle(history: Status[], last: Status): boolean {
  if (history[0] !== 'SUBMITTED' || history[history.length - 1] !== last) return false;
  const middle = history.slice(1, -1);
  let at = 1;
  for (const status of middle) {
    const found = ORDER.indexOf(status, at);
    if (found === -1) return false;
    at = found + 1;
  }
  return true;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness('lifecycle');
});
afterAll(async () => {
  await h?.close();
});

describe('statuses', () => {
  it('isLifecycle accepts ordered subsequences and rejects anything else', () => {
    expect(isLifecycle(['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED'], 'FINISHED')).toBe(true);
    expect(isLifecycle(['SUBMITTED', 'ABORTED'], 'ABORTED')).toBe(true);
    expect(isLifecycle(['SUBMITTED', 'STARTED', 'PICKED', 'FINISHED'], 'FINISHED')).toBe(false);
    expect(isLifecycle(['SUBMITTED', 'PICKED', 'PICKED', 'FINISHED'], 'FINISHED')).toBe(false);
    expect(isLifecycle(['SUBMITTED', 'FINISHED', 'FAILED'], 'FAILED')).toBe(false);
    expect(isLifecycle(['PICKED', 'FINISHED'], 'FINISHED')).toBe(false);
  });

  it.each([
    ['FINISHED', 'SELECT 1'],
    ['FAILED', 'SELECT * FROM no_such_table_anywhere'],
  ] as const)('a statement that ends %s went through SUBMITTED, PICKED, STARTED in order', async (last, sql) => {
    const d = await h.run(sql);
    expect(d.Status).toBe(last);
    const history = h.ep.store.get(d.Id!).history;
    expect(isLifecycle(history, last)).toBe(true);
    expect(history).toEqual(['SUBMITTED', 'PICKED', 'STARTED', last]);
  });

  it('a cancelled statement ends ABORTED after an ordered history', async () => {
    const id = await h.submit(LONG_SQL);
    await running(h, id);
    await h.client.send(new CancelStatementCommand({ Id: id }));
    expect((await h.wait(id)).Status).toBe('ABORTED');
    expect(isLifecycle(h.ep.store.get(id).history, 'ABORTED')).toBe(true);
  });

  it('each sub-statement of a batch goes through an ordered history too', async () => {
    const out = await h.client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['SELECT 1', 'SELECT 2'] }));
    await h.wait(out.Id!);
    for (const n of [1, 2]) expect(isLifecycle(h.ep.store.get(`${out.Id}:${n}`).history, 'FINISHED')).toBe(true);
    expect(isLifecycle(h.ep.store.get(out.Id!).history, 'FINISHED')).toBe(true);
  });
});

describe('what DescribeStatement reports', () => {
  it('Duration is in nanoseconds: a ~0.3 s statement reports between 1e8 and 1e11', async () => {
    const started = Date.now();
    const d = await h.ok(SHORT_WORK_SQL);
    const wallNs = (Date.now() - started) * 1e6;
    expect(d.Duration).toBeGreaterThan(1e8);
    expect(d.Duration).toBeLessThan(1e11);
    expect(d.Duration).toBeLessThanOrEqual(wallNs);
  });

  it.each([
    ['a SELECT', numbers(7), 7, true],
    ['a SELECT that returns no rows', `${numbers(7)} AND d0.i > 100`, 0, true],
    ['CREATE TABLE (DDL)', 'CREATE TABLE rr_t (a INT)', -1, false],
    ['an INSERT of 3 rows', 'INSERT INTO rr_t VALUES (1), (2), (3)', 3, false],
    ['an UPDATE of 2 rows', 'UPDATE rr_t SET a = a + 10 WHERE a >= 2', 2, false],
    ['a DELETE of 1 row', 'DELETE FROM rr_t WHERE a = 1', 1, false],
    ['DROP TABLE (DDL)', 'DROP TABLE rr_t', -1, false],
  ] as const)('%s: ResultRows %i, HasResultSet %s', async (_what, sql, resultRows, hasResultSet) => {
    const d = await h.ok(sql);
    expect(d.ResultRows).toBe(resultRows);
    expect(d.HasResultSet).toBe(hasResultSet);
  });

  it('ResultSize is -1 for DDL and a positive byte count for a query with rows', async () => {
    expect((await h.ok('CREATE TABLE rs_t (a INT)')).ResultSize).toBe(-1);
    expect((await h.ok("SELECT 'hello' AS greeting")).ResultSize).toBeGreaterThan(0);
  });

  it('GetStatementResult on a statement without a result set is ResourceNotFoundException', async () => {
    const d = await h.ok('CREATE TABLE nors_t (a INT)');
    const error = await errorOf(h.client.send(new GetStatementResultCommand({ Id: d.Id! })));
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('RedshiftQueryId increases from one statement to the next', async () => {
    const ids: number[] = [];
    for (const sql of ['SELECT 1', 'SELECT 2', 'CREATE TABLE qid_t (a INT)', 'SELECT 3']) {
      ids.push((await h.ok(sql)).RedshiftQueryId!);
    }
    expect(ids[0]).toBeGreaterThan(0);
    for (let i = 1; i < ids.length; i++) expect(ids[i]).toBeGreaterThan(ids[i - 1]!);
  });

  it('RedshiftPid is a positive session id', async () => {
    const d = await h.ok('SELECT 1');
    expect(d.RedshiftPid).toBeGreaterThan(0);
  });

  it('a failing statement is FAILED with an Error carrying the engine message', async () => {
    const d = await h.run('SELECT * FROM table_that_is_not_there');
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(/^ERROR:/);
    expect(d.Error).toContain('table_that_is_not_there');
    expect(d.Error).toMatch(/does not exist/i);
    expect(d.HasResultSet).toBe(false);
  });

  it('GetStatementResult on a FAILED statement is a client error (no result to give)', async () => {
    const d = await h.run('SELECT * FROM table_that_is_not_there');
    const error = await errorOf(h.client.send(new GetStatementResultCommand({ Id: d.Id! })));
    expect(['ValidationException', 'ResourceNotFoundException']).toContain(error.name);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('long-polling with WaitTimeSeconds', () => {
  it('DescribeStatement returns as soon as a ~1 s statement completes, well before the limit', async () => {
    const submitted = Date.now();
    const id = await h.submit(ONE_SECOND_SQL);
    const d = await h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 10 }));
    const returned = Date.now();
    expect(d.Status).toBe('FINISHED');
    const runMs = d.Duration! / 1e6;
    expect(runMs).toBeGreaterThan(300); // the statement really takes a while
    // Returned within 300 ms of completing (whatever the machine's speed) ...
    expect(returned - submitted).toBeLessThan(runMs + 300);
    expect(returned - d.UpdatedAt!.getTime()).toBeLessThan(300);
    // ... and nowhere near the 10 s limit.
    expect(returned - submitted).toBeLessThan(5_000);
  });

  it('DescribeStatement returns after about WaitTimeSeconds with a non-terminal status while the statement runs', async () => {
    const id = await h.submit(LONG_SQL);
    try {
      const asked = Date.now();
      const d = await h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 1 }));
      const waited = Date.now() - asked;
      expect(['SUBMITTED', 'PICKED', 'STARTED']).toContain(d.Status);
      expect(waited).toBeGreaterThanOrEqual(950);
      expect(waited).toBeLessThan(1_800);
    } finally {
      await h.client.send(new CancelStatementCommand({ Id: id }));
      await h.wait(id);
    }
  });

  it('DescribeStatement with WaitTimeSeconds on a finished statement answers at once', async () => {
    const d = await h.ok('SELECT 1');
    const asked = Date.now();
    await h.client.send(new DescribeStatementCommand({ Id: d.Id!, WaitTimeSeconds: 20 }));
    expect(Date.now() - asked).toBeLessThan(500);
  });

  it('ExecuteStatement with WaitTimeSeconds returns once the statement is done', async () => {
    const out = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: SHORT_WORK_SQL, WaitTimeSeconds: 10 }));
    expect(h.ep.store.get(out.Id!).status).toBe('FINISHED');
    const d = await h.client.send(new DescribeStatementCommand({ Id: out.Id! }));
    expect(d.Status).toBe('FINISHED');
  });

  it('GetStatementResult with WaitTimeSeconds waits for the statement and returns its rows', async () => {
    const id = await h.submit(busyWork(8).replace('count(*)', 'count(*) AS n'));
    const out = await h.client.send(new GetStatementResultCommand({ Id: id, WaitTimeSeconds: 10 }));
    expect(out.Records).toEqual([[{ longValue: 0 }]]);
  });
});

describe('cancelling', () => {
  it('CancelStatement on a long-running query makes it ABORTED soon after', async () => {
    const id = await h.submit(LONG_SQL);
    await running(h, id);
    const asked = Date.now();
    await h.client.send(new CancelStatementCommand({ Id: id }));
    const d = await h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 10 }));
    expect(d.Status).toBe('ABORTED');
    expect(Date.now() - asked).toBeLessThan(3_000);
  });

  it('the endpoint keeps working after a cancel', async () => {
    const id = await h.submit(LONG_SQL);
    await running(h, id);
    await h.client.send(new CancelStatementCommand({ Id: id }));
    await h.wait(id);
    expect(await h.query('SELECT 1 + 1')).toEqual([[2]]);
  });

  it('cancelling a TRANSACTION batch that already created a table leaves no table behind', async () => {
    const out = await h.client.send(
      new BatchExecuteStatementCommand({
        ...TARGET,
        Sqls: ['CREATE TABLE cancelled_tx (a INT)', 'INSERT INTO cancelled_tx VALUES (1)', LONG_SQL],
      }),
    );
    const id = out.Id!;
    await running(h, `${id}:3`);
    expect(h.ep.store.get(`${id}:1`).status).toBe('FINISHED');
    await h.client.send(new CancelStatementCommand({ Id: id }));
    const d = await h.wait(id);
    expect(d.Status).toBe('ABORTED');
    expect(d.SubStatements?.[2]?.Status).toBe('ABORTED');
    expect(await h.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'cancelled_tx'")).toEqual([[0]]);
  });

  it('cancelling a FINISHED statement is ValidationException', async () => {
    const d = await h.ok('SELECT 1');
    const error = await errorOf(h.client.send(new CancelStatementCommand({ Id: d.Id! })));
    expect(error.name).toBe('ValidationException');
    expect(h.ep.store.get(d.Id!).status).toBe('FINISHED');
  });

  it('cancelling a FAILED statement is ValidationException', async () => {
    const d = await h.run('SELECT * FROM not_here');
    const error = await errorOf(h.client.send(new CancelStatementCommand({ Id: d.Id! })));
    expect(error.name).toBe('ValidationException');
  });

  // A statement is STARTED before the engine has begun its query (the query waits for a libuv
  // worker thread, and the engine forgets an interrupt that comes before its query begins), so a
  // cancel keeps interrupting until the statement ends. The worker threads are held here by pbkdf2
  // jobs, as other statements or file reads would hold them. On Redshift a cancelled statement
  // always ends ABORTED.
  it('CancelStatement on a statement whose query waits for a worker thread still makes it ABORTED', async () => {
    await h.ok('SELECT 1'); // leaves an idle session, so the long statement turns STARTED at once
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const iterations = await pbkdf2Iterations(1_500);
    const hogs = Array.from({ length: threads }, () => pbkdf2Async('x', 'y', iterations, 64, 'sha512'));
    const id = await h.submit(LONG_SQL);
    const statement = h.ep.store.get(id);
    try {
      await until(() => statement.status === 'STARTED');
      await h.client.send(new CancelStatementCommand({ Id: id }));
      await Promise.all(hogs);
      const d = await h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 3 }));
      expect(d.Status).toBe('ABORTED');
    } finally {
      await Promise.all(hogs);
      // Clean up however the product behaved: cancel (the query has begun by now) and long-poll.
      for (let i = 0; i < 10 && !statement.terminal; i++) {
        h.ep.store.cancel(statement);
        await h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 1 }));
      }
    }
  });
});
