// Sessions as the Data API documents them (ExecuteStatement's SessionKeepAliveSeconds and
// SessionId): state lives within a session and never leaks outside it; a statement sent without
// one starts clean; a session runs one statement at a time. Also the warehouse's one database and
// the quota of statements running at once.

import { DescribeStatementCommand, ExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEndpoint } from '../../src/local/server.js';
import { LONG_SQL, TARGET, errorOf, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('sessions');
});
afterAll(async () => {
  await h?.close();
});

/** Runs one statement, in a session when given; returns the final description. */
async function inSession(sql: string, session: { SessionId?: string; SessionKeepAliveSeconds?: number }) {
  const target = session.SessionId ? {} : TARGET;
  const out = await h.client.send(new ExecuteStatementCommand({ ...target, ...session, Sql: sql }));
  const d = await h.client.send(new DescribeStatementCommand({ Id: out.Id, WaitTimeSeconds: 30 }));
  return { out, d };
}

describe('without a session, each statement starts clean', () => {
  it('a temp table made by one statement is not there for the next', async () => {
    await h.ok('CREATE TEMP TABLE lonely_temp (a INT)');
    const d = await h.run('SELECT * FROM lonely_temp');
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(/lonely_temp/);
  });

  it('PG_LAST_COPY_COUNT() is 0 in a statement of its own (PG_LAST_COPY_COUNT.html)', async () => {
    expect(await h.query('SELECT pg_last_copy_count()')).toEqual([[0]]);
  });
});

describe('in a session (SessionKeepAliveSeconds, then SessionId)', () => {
  it('keeps a temp table from one statement to the next, and only there', async () => {
    const first = await inSession('CREATE TEMP TABLE kept_temp (a INT)', { SessionKeepAliveSeconds: 60 });
    const sessionId = first.out.SessionId!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.d.SessionId).toBe(sessionId);
    expect((await inSession('INSERT INTO kept_temp VALUES (1), (2)', { SessionId: sessionId })).d.Status).toBe('FINISHED');
    const counted = await inSession('SELECT count(*) FROM kept_temp', { SessionId: sessionId });
    expect(counted.d.Status).toBe('FINISHED');
    expect(counted.d.ResultRows).toBe(1);
    expect((await h.run('SELECT count(*) FROM kept_temp')).Status).toBe('FAILED');
  });

  it('keeps a transaction open across statements', async () => {
    const begun = await inSession('BEGIN', { SessionKeepAliveSeconds: 60 });
    const sessionId = begun.out.SessionId!;
    await inSession('CREATE TABLE in_txn (a INT)', { SessionId: sessionId });
    expect((await h.run('SELECT * FROM in_txn')).Status).toBe('FAILED'); // not committed yet: others do not see it
    await inSession('COMMIT', { SessionId: sessionId });
    expect((await h.run('SELECT * FROM in_txn')).Status).toBe('FINISHED');
  });

  it('PG_LAST_COPY_COUNT() gives the rows of the session\'s last COPY', async () => {
    await h.put('sessions-bucket/rows.json', '{"a": 1}\n{"a": 2}\n{"a": 3}');
    const created = await inSession('CREATE TABLE copied (a INT)', { SessionKeepAliveSeconds: 60 });
    const sessionId = created.out.SessionId!;
    const copy = "COPY copied FROM 's3://sessions-bucket/rows.json' IAM_ROLE 'arn:aws:iam::123456789012:role/r' FORMAT AS JSON 'auto'";
    expect((await inSession(copy, { SessionId: sessionId })).d.Status).toBe('FINISHED');
    const counted = await inSession('SELECT pg_last_copy_count()', { SessionId: sessionId });
    expect(await h.rows(counted.out.Id!)).toEqual([[{ longValue: 3 }]]);
  });

  it('runs one statement at a time: a second one while the first runs is ValidationException', async () => {
    const started = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: LONG_SQL, SessionKeepAliveSeconds: 60 }));
    const error = await errorOf(h.client.send(new ExecuteStatementCommand({ SessionId: started.SessionId, Sql: 'SELECT 1' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/busy .* one statement at a time/);
    await h.client.send(new (await import('@aws-sdk/client-redshift-data')).CancelStatementCommand({ Id: started.Id }));
  });

  it('a SessionId that was never given out is ValidationException', async () => {
    const error = await errorOf(h.client.send(new ExecuteStatementCommand({ SessionId: '00000000-0000-0000-0000-000000000000', Sql: 'SELECT 1' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/closed or does not exist/);
  });

  it('closes after SessionKeepAliveSeconds without a statement, and its temp tables go with it', async () => {
    const first = await inSession('CREATE TEMP TABLE short_lived (a INT)', { SessionKeepAliveSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    const error = await errorOf(h.client.send(new ExecuteStatementCommand({ SessionId: first.out.SessionId, Sql: 'SELECT * FROM short_lived' })));
    expect(error.name).toBe('ValidationException');
  });
});

describe('the warehouse\'s one database', () => {
  it('is what CURRENT_DATABASE() says (r_CURRENT_DATABASE.html)', async () => {
    expect(await h.query('SELECT current_database()')).toEqual([['dev']]);
  });

  it('a statement for a database that does not exist fails, as on Redshift', async () => {
    const out = await h.client.send(new ExecuteStatementCommand({ ClusterIdentifier: 'local', Database: 'nosuchdb', Sql: 'SELECT 1' }));
    const d = await h.client.send(new DescribeStatementCommand({ Id: out.Id, WaitTimeSeconds: 30 }));
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toBe('ERROR: database "nosuchdb" does not exist');
  });
});

describe('statements running at once', () => {
  it('past the quota (serve --max-active) a submission is ActiveStatementsExceededException', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'max-active-'));
    const ep = await startLocalEndpoint({ dataDir, maxActive: 2 });
    const client = new RedshiftDataClient({ endpoint: ep.url, region: 'us-west-2', credentials: ep.credentials, maxAttempts: 1 });
    try {
      const ids = [];
      for (let i = 0; i < 2; i++) ids.push((await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: LONG_SQL }))).Id!);
      const error = await errorOf(client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'SELECT 1' })));
      expect(error.name).toBe('ActiveStatementsExceededException');
    } finally {
      client.destroy();
      await ep.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
