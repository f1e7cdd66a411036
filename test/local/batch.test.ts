// BatchExecuteStatement (TRANSACTION and AUTO_COMMIT), sub-statement ids, and ClientToken idempotency.

import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type BatchExecuteStatementCommandInput,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET, errorOf, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('batch');
});
afterAll(async () => {
  await h?.close();
});

async function batch(sqls: string[], extra: Partial<BatchExecuteStatementCommandInput> = {}) {
  const out = await h.client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: sqls, ...extra }));
  return h.wait(out.Id!);
}

async function tableExists(name: string): Promise<boolean> {
  const rows = await h.query(`SELECT count(*) FROM information_schema.tables WHERE table_name = '${name}'`);
  return rows[0]![0] === 1;
}

describe('TRANSACTION mode (the default)', () => {
  it('a failing third statement rolls back the first two: the table they made is absent', async () => {
    const d = await batch([
      'CREATE TABLE tx_rollback (a INT)',
      'INSERT INTO tx_rollback VALUES (1), (2)',
      'SELECT * FROM tx_no_such_table',
      'INSERT INTO tx_rollback VALUES (3)',
    ]);
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toContain('tx_no_such_table');
    expect(await tableExists('tx_rollback')).toBe(false);
  });

  it('sub-statement statuses are FINISHED, FINISHED, FAILED, then ABORTED for those after the failure', async () => {
    const d = await batch([
      'CREATE TABLE tx_statuses (a INT)',
      'INSERT INTO tx_statuses VALUES (1)',
      'SELECT * FROM tx_no_such_table',
      'INSERT INTO tx_statuses VALUES (2)',
      'SELECT 1',
    ]);
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FINISHED', 'FAILED', 'ABORTED', 'ABORTED']);
    expect(d.SubStatements?.[2]?.Error).toContain('tx_no_such_table');
  });

  it('a rolled-back batch does not undo what was committed before it', async () => {
    await h.ok('CREATE TABLE tx_before (a INT)');
    await h.ok('INSERT INTO tx_before VALUES (1)');
    const d = await batch(['INSERT INTO tx_before VALUES (2)', 'SELECT * FROM tx_no_such_table']);
    expect(d.Status).toBe('FAILED');
    expect(await h.query('SELECT a FROM tx_before ORDER BY a')).toEqual([[1]]);
  });

  it('a successful batch commits every statement', async () => {
    const d = await batch(['CREATE TABLE tx_ok (a INT)', 'INSERT INTO tx_ok VALUES (1), (2)', 'INSERT INTO tx_ok VALUES (3)']);
    expect(d.Status).toBe('FINISHED');
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FINISHED', 'FINISHED']);
    expect(await h.query('SELECT count(*) FROM tx_ok')).toEqual([[3]]);
  });
});

describe('AUTO_COMMIT mode', () => {
  it('keeps what the statements before the failure committed', async () => {
    const d = await batch(
      ['CREATE TABLE ac_keep (a INT)', 'INSERT INTO ac_keep VALUES (1), (2)', 'SELECT * FROM ac_no_such_table', 'INSERT INTO ac_keep VALUES (3)'],
      { ExecutionMode: 'AUTO_COMMIT' },
    );
    expect(d.Status).toBe('FAILED');
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FINISHED', 'FAILED', 'ABORTED']);
    expect(await h.query('SELECT a FROM ac_keep ORDER BY a')).toEqual([[1], [2]]);
  });
});

describe('sub-statements', () => {
  it('DescribeStatement on <Id>:2 describes the second sub-statement', async () => {
    const out = await h.client.send(
      new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['CREATE TABLE sub_t (a INT)', 'INSERT INTO sub_t VALUES (1), (2), (3)'] }),
    );
    await h.wait(out.Id!);
    const d = await h.client.send(new DescribeStatementCommand({ Id: `${out.Id}:2` }));
    expect(d.Id).toBe(`${out.Id}:2`);
    expect(d.Status).toBe('FINISHED');
    expect(d.QueryString).toBe('INSERT INTO sub_t VALUES (1), (2), (3)');
    expect(d.ResultRows).toBe(3);
  });

  it('GetStatementResult on a sub-statement that SELECTs returns its rows', async () => {
    const d = await batch(['CREATE TABLE sub_sel (a INT)', 'INSERT INTO sub_sel VALUES (2), (1)', 'SELECT a FROM sub_sel ORDER BY a']);
    expect(d.SubStatements?.[2]?.HasResultSet).toBe(true);
    const out = await h.client.send(new GetStatementResultCommand({ Id: `${d.Id}:3` }));
    expect(out.Records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }]]);
    expect(out.ColumnMetadata?.map((c) => c.name)).toEqual(['a']);
  });

  it('GetStatementResult on the batch parent Id is ValidationException', async () => {
    const d = await batch(['SELECT 1', 'SELECT 2']);
    const error = await errorOf(h.client.send(new GetStatementResultCommand({ Id: d.Id! })));
    expect(error.name).toBe('ValidationException');
  });

  it('sub-statements get increasing RedshiftQueryIds', async () => {
    const d = await batch(['SELECT 1', 'SELECT 2', 'SELECT 3']);
    const ids = d.SubStatements!.map((s) => s.RedshiftQueryId!);
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    expect(ids[2]).toBeGreaterThan(ids[1]!);
  });
});

describe('ClientToken', () => {
  it('two ExecuteStatement calls with the same ClientToken return the same Id and insert the row once', async () => {
    await h.ok('CREATE TABLE token_t (a INT)');
    const input = { ...TARGET, Sql: 'INSERT INTO token_t VALUES (1)', ClientToken: 'retry-token-0001' };
    const first = await h.client.send(new ExecuteStatementCommand(input));
    await h.wait(first.Id!);
    const second = await h.client.send(new ExecuteStatementCommand(input));
    expect(second.Id).toBe(first.Id);
    await h.wait(second.Id!);
    expect(await h.query('SELECT count(*) FROM token_t')).toEqual([[1]]);
  });

  it('different ClientTokens make different statements', async () => {
    await h.ok('CREATE TABLE token_u (a INT)');
    const sql = 'INSERT INTO token_u VALUES (1)';
    const a = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql, ClientToken: 'token-a' }));
    const b = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql, ClientToken: 'token-b' }));
    expect(b.Id).not.toBe(a.Id);
    await h.wait(a.Id!);
    await h.wait(b.Id!);
    expect(await h.query('SELECT count(*) FROM token_u')).toEqual([[2]]);
  });

  it('a repeated BatchExecuteStatement with the same ClientToken runs the batch once', async () => {
    await h.ok('CREATE TABLE token_b (a INT)');
    const input = { ...TARGET, Sqls: ['INSERT INTO token_b VALUES (1)', 'INSERT INTO token_b VALUES (2)'], ClientToken: 'batch-token-1' };
    const first = await h.client.send(new BatchExecuteStatementCommand(input));
    const second = await h.client.send(new BatchExecuteStatementCommand(input));
    expect(second.Id).toBe(first.Id);
    await h.wait(first.Id!);
    expect(await h.query('SELECT count(*) FROM token_b')).toEqual([[2]]);
  });
});

// Swapping tables in one transaction, as a rebuild beside the live tables does. On Redshift,
// CREATE TABLE, ALTER TABLE ... RENAME TO and DROP TABLE are transactional, and ALTER TABLE holds
// its table until the transaction ends (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html);
// a BatchExecuteStatement runs as one transaction, rolled back whole if a statement fails
// (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html).
describe('a swap of tables by renames and drops in one transaction', () => {
  async function twoGenerations(name: string): Promise<void> {
    await h.ok(`CREATE TABLE ${name} (id BIGINT IDENTITY(0, 1) NOT NULL, v VARCHAR(8)) DISTSTYLE KEY DISTKEY (v) SORTKEY (v)`);
    await h.ok(`INSERT INTO ${name} (v) VALUES ('old')`);
    await h.ok(`CREATE TABLE ${name}_new (id BIGINT IDENTITY(0, 1) NOT NULL, v VARCHAR(8)) DISTSTYLE ALL SORTKEY (id)`);
    await h.ok(`INSERT INTO ${name}_new (v) VALUES ('new'), ('newer')`);
  }
  const swap = (name: string, last = `DROP TABLE ${name}_old`) => [`ALTER TABLE ${name} RENAME TO ${name}_old`, `ALTER TABLE ${name}_new RENAME TO ${name}`, last];

  it('commits all at once: the new table under the live name, with its own keys and IDENTITY, the old one gone', async () => {
    await twoGenerations('sw_ok');
    expect((await batch(swap('sw_ok'))).Status).toBe('FINISHED');
    expect(await h.query('SELECT v FROM sw_ok ORDER BY id')).toEqual([['new'], ['newer']]);
    expect(await tableExists('sw_ok_new')).toBe(false);
    expect(await tableExists('sw_ok_old')).toBe(false);
    expect(await h.query(`SELECT diststyle, sortkey1 FROM svv_table_info WHERE "table" = 'sw_ok'`)).toEqual([['ALL', 'id']]);
    await h.ok("INSERT INTO sw_ok (v) VALUES ('next')"); // the IDENTITY carries on from the new table's rows
    expect(await h.query("SELECT id FROM sw_ok WHERE v = 'next'")).toEqual([[2]]);
  });

  it('that fails at its last statement changes nothing: both tables keep their names and rows', async () => {
    await twoGenerations('sw_fail');
    const d = await batch(swap('sw_fail', 'DROP TABLE sw_no_such_table'));
    expect(d.Status).toBe('FAILED');
    expect(await h.query('SELECT v FROM sw_fail')).toEqual([['old']]);
    expect(await h.query('SELECT count(*) FROM sw_fail_new')).toEqual([[2]]);
    expect(await tableExists('sw_fail_old')).toBe(false);
  });

  it('refuses to rename onto a table that exists, and the transaction changes nothing', async () => {
    await twoGenerations('sw_taken');
    await h.ok('CREATE TABLE sw_taken_old (a INT)');
    expect((await batch(swap('sw_taken'))).Status).toBe('FAILED');
    expect(await h.query('SELECT v FROM sw_taken')).toEqual([['old']]);
  });

  // Redshift makes such a reader wait for the lock until the commit, the local warehouse answers it
  // from its snapshot at once: either way it never sees the table missing or half-swapped.
  it('shows a reader on another session the old table, whole, until it commits, then the new one', async () => {
    await twoGenerations('sw_read');
    // The swap's transaction held open in a session, between its statements.
    const open = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'BEGIN', SessionKeepAliveSeconds: 60 }));
    await h.wait(open.Id!);
    const inSession = async (sql: string) => {
      const out = await h.client.send(new ExecuteStatementCommand({ Sql: sql, SessionId: open.SessionId }));
      expect((await h.wait(out.Id!)).Status).toBe('FINISHED');
    };
    for (const sql of swap('sw_read')) {
      await inSession(sql);
      expect(await h.query('SELECT v FROM sw_read ORDER BY id')).toEqual([['old']]);
    }
    await inSession('COMMIT');
    expect(await h.query('SELECT v FROM sw_read ORDER BY id')).toEqual([['new'], ['newer']]);
  });
});
