// GetStatementResult (Field unions, ColumnMetadata, TotalNumRows, NextToken paging) and
// ListStatements (Status filter, MaxResults paging).

import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  RedshiftDataClient,
  type Field,
  type GetStatementResultCommandOutput,
  type StatementData,
} from '@aws-sdk/client-redshift-data';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEndpoint } from '../../src/local/server.js';
import { TARGET, errorOf, numbers, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('results');
});
afterAll(async () => {
  await h?.close();
});

async function oneRow(sql: string): Promise<GetStatementResultCommandOutput> {
  const d = await h.ok(sql);
  return h.client.send(new GetStatementResultCommand({ Id: d.Id! }));
}

describe('Field unions per type', () => {
  const cases: [type: string, expr: string, field: Field, typeName: string][] = [
    ['bigint', 'CAST(9007199254740991 AS BIGINT)', { longValue: 9007199254740991 }, 'int8'],
    ['integer', 'CAST(-42 AS INTEGER)', { longValue: -42 }, 'int4'],
    ['smallint', 'CAST(7 AS SMALLINT)', { longValue: 7 }, 'int2'],
    ['double precision', 'CAST(1.25 AS DOUBLE PRECISION)', { doubleValue: 1.25 }, 'float8'],
    ['real', 'CAST(0.5 AS REAL)', { doubleValue: 0.5 }, 'float4'],
    ['varchar', "CAST('Des''ree – Clementina Santafè' AS VARCHAR(64))", { stringValue: "Des'ree – Clementina Santafè" }, 'varchar'],
    ['boolean true', 'true', { booleanValue: true }, 'bool'],
    ['boolean false', '1 = 2', { booleanValue: false }, 'bool'],
    ['timestamp with milliseconds', "TIMESTAMP '2018-11-11 02:33:56.796'", { stringValue: '2018-11-11 02:33:56.796' }, 'timestamp'],
    ['timestamp on a whole second', "TIMESTAMP '2018-11-11 02:33:56'", { stringValue: '2018-11-11 02:33:56' }, 'timestamp'],
    ['date', "DATE '2018-11-30'", { stringValue: '2018-11-30' }, 'date'],
    ['decimal', 'CAST(12.34 AS DECIMAL(10,2))', { stringValue: '12.34' }, 'numeric'],
    ['a string JSON must escape', "'tab\there \"quoted\" back\\\\slash'", { stringValue: 'tab\there "quoted" back\\slash' }, 'varchar'],
  ];

  it.each(cases)('%s (%s) arrives as %j with typeName %s', async (_type, expr, field, typeName) => {
    const out = await oneRow(`SELECT ${expr} AS v`);
    expect(out.Records).toEqual([[field]]);
    expect(out.ColumnMetadata?.[0]?.typeName).toBe(typeName);
  });

  it.each([
    ['an untyped NULL', 'NULL'],
    ['a NULL bigint', 'CAST(NULL AS BIGINT)'],
    ['a NULL varchar', 'CAST(NULL AS VARCHAR)'],
    ['a NULL timestamp', 'CAST(NULL AS TIMESTAMP)'],
  ])('%s arrives as {isNull: true}', async (_what, expr) => {
    const out = await oneRow(`SELECT ${expr} AS v`);
    expect(out.Records).toEqual([[{ isNull: true }]]);
  });

  it('aggregates over an INT column come back as Redshift types: count and sum are int8 longValues', async () => {
    await h.ok('CREATE TABLE agg_t (a INT)');
    await h.ok('INSERT INTO agg_t VALUES (1), (2), (4)');
    const out = await oneRow('SELECT count(*) AS n, sum(a) AS total FROM agg_t');
    expect(out.Records).toEqual([[{ longValue: 3 }, { longValue: 7 }]]);
    expect(out.ColumnMetadata?.map((c) => c.typeName)).toEqual(['int8', 'int8']);
  });

  it('a double that is not a finite number arrives as the AWS JSON protocol sends it, a string the SDK reads back', async () => {
    const out = await oneRow("SELECT CAST('NaN' AS DOUBLE PRECISION) AS a, CAST('Infinity' AS FLOAT8) AS b, CAST('-Infinity' AS REAL) AS c");
    expect(out.Records).toEqual([[{ doubleValue: NaN }, { doubleValue: Infinity }, { doubleValue: -Infinity }]]);
  });

  it('a SUM past BIGINT fails the statement in words that say what to do', async () => {
    const d = await h.run('SELECT SUM(x) FROM (SELECT CAST(9223372036854775807 AS BIGINT) AS x UNION ALL SELECT CAST(1 AS BIGINT))');
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toBe('ERROR: bigint out of range (a SUM over integers is a BIGINT on Amazon Redshift: cast its argument to DECIMAL(38,0))');
  });

  it('a parameter comes back as its value: as text, and as a number once cast', async () => {
    const id = await h.submit('SELECT :name AS who, CAST(:n AS INT) + 1 AS next', { Parameters: [{ name: 'name', value: "O'Brien" }, { name: 'n', value: '41' }] });
    expect((await h.wait(id)).Error).toBeUndefined();
    const out = await h.client.send(new GetStatementResultCommand({ Id: id }));
    expect(out.Records).toEqual([[{ stringValue: "O'Brien" }, { longValue: 42 }]]);
    expect(out.ColumnMetadata?.[0]?.typeName).toBe('varchar');
  });

  it('a repeated column name stays repeated in a query with parameters', async () => {
    const id = await h.submit('SELECT *, :p AS a FROM (SELECT 1 AS a) t', { Parameters: [{ name: 'p', value: 'x' }] });
    expect((await h.wait(id)).Error).toBeUndefined();
    const out = await h.client.send(new GetStatementResultCommand({ Id: id }));
    expect(out.ColumnMetadata?.map((c) => c.name)).toEqual(['a', 'a']);
    expect(out.Records).toEqual([[{ longValue: 1 }, { stringValue: 'x' }]]);
  });

  it('a row of 1,600 columns, the most a Redshift table has (r_CREATE_TABLE_NEW.html)', async () => {
    const columns = Array.from({ length: 1600 }, (_, i) => `c${i}`);
    await h.ok(`CREATE TABLE wide_t (${columns.map((c) => `${c} INT`).join(', ')})`);
    await h.ok('INSERT INTO wide_t (c0, c1599) VALUES (1, 2)');
    const out = await oneRow('SELECT * FROM wide_t');
    expect(out.Records?.[0]).toHaveLength(1600);
    expect([out.Records?.[0]?.[0], out.Records?.[0]?.[1], out.Records?.[0]?.[1599]]).toEqual([{ longValue: 1 }, { isNull: true }, { longValue: 2 }]);
  });

  it('ResultSize counts a string by its UTF-8 bytes and a number as 8, NULL as nothing', async () => {
    expect((await h.ok("SELECT 'é€' AS s, 1 AS n, CAST(NULL AS VARCHAR) AS z")).ResultSize).toBe(2 + 3 + 8);
  });

  it('decimal metadata carries precision and scale', async () => {
    const out = await oneRow('SELECT CAST(12.34 AS DECIMAL(10,2)) AS price');
    expect(out.ColumnMetadata?.[0]).toMatchObject({ name: 'price', typeName: 'numeric', precision: 10, scale: 2 });
  });
});

describe('ColumnMetadata and TotalNumRows', () => {
  it('names every column in order, with its label, and counts the rows', async () => {
    const d = await h.ok('CREATE TABLE meta_t (user_id INT, first_name VARCHAR(20), level VARCHAR(10), ts BIGINT)');
    expect(d.Status).toBe('FINISHED');
    await h.ok("INSERT INTO meta_t VALUES (1, 'Ann', 'free', 1), (2, 'Bo', 'paid', 2), (3, NULL, 'free', 3)");
    const out = await oneRow('SELECT user_id, first_name, level, ts FROM meta_t ORDER BY user_id');
    expect(out.ColumnMetadata?.map((c) => [c.name, c.label, c.typeName])).toEqual([
      ['user_id', 'user_id', 'int4'],
      ['first_name', 'first_name', 'varchar'],
      ['level', 'level', 'varchar'],
      ['ts', 'ts', 'int8'],
    ]);
    expect(out.TotalNumRows).toBe(3);
    expect(out.Records?.[2]).toEqual([{ longValue: 3 }, { isNull: true }, { stringValue: 'free' }, { longValue: 3 }]);
  });

  it('an empty result has its columns and TotalNumRows 0', async () => {
    const out = await oneRow(`${numbers(10)} AND d0.i < 0`);
    expect(out.Records).toEqual([]);
    expect(out.TotalNumRows).toBe(0);
    expect(out.ColumnMetadata?.map((c) => c.name)).toEqual(['n']);
  });
});

describe('paging with NextToken', () => {
  it('25,000 rows come back in several pages holding every row exactly once', async () => {
    const d = await h.ok(numbers(25000));
    expect(d.ResultRows).toBe(25000);
    const seen = new Set<number>();
    let pages = 0;
    let rows = 0;
    let token: string | undefined;
    do {
      const page = await h.client.send(new GetStatementResultCommand({ Id: d.Id!, NextToken: token }));
      pages++;
      expect(page.TotalNumRows).toBe(25000);
      for (const record of page.Records ?? []) {
        rows++;
        seen.add(record[0]!.longValue!);
      }
      token = page.NextToken;
    } while (token && pages < 100);
    expect(pages).toBeGreaterThan(1);
    expect(rows).toBe(25000);
    expect(seen.size).toBe(25000);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(24999);
  });

  it('a page holds at most 1 MB of records, so wide rows come in pages of fewer rows', async () => {
    const d = await h.ok(`SELECT n, repeat('x', 2000) AS pad FROM (${numbers(2_000)}) t ORDER BY n`);
    const seen: number[] = [];
    let pages = 0;
    let token: string | undefined;
    do {
      const page = await h.client.send(new GetStatementResultCommand({ Id: d.Id!, NextToken: token }));
      pages++;
      expect(JSON.stringify(page.Records).length).toBeLessThanOrEqual(1024 * 1024);
      for (const record of page.Records ?? []) seen.push(Number(record[0]!.longValue));
      token = page.NextToken;
    } while (token && pages < 100);
    // 2,000 rows of about 2 KB: four pages or more, every row once and in order.
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
  });

  it('a NextToken the endpoint never gave out is ValidationException', async () => {
    const d = await h.ok('SELECT 1');
    const error = await errorOf(h.client.send(new GetStatementResultCommand({ Id: d.Id!, NextToken: 'not a token!' })));
    expect(error.name).toBe('ValidationException');
  });
});

describe('ListStatements', () => {
  it('Status FAILED lists only failed statements, including the one just failed', async () => {
    const failed = (await h.run('SELECT * FROM list_no_such_table')).Id!;
    const finished = (await h.ok('SELECT 1')).Id!;
    const out = await h.client.send(new ListStatementsCommand({ Status: 'FAILED', MaxResults: 100 }));
    const ids = out.Statements!.map((s) => s.Id);
    expect(ids).toContain(failed);
    expect(ids).not.toContain(finished);
    expect(out.Statements!.every((s) => s.Status === 'FAILED')).toBe(true);
  });

  it('Status FINISHED lists only finished statements', async () => {
    const finished = (await h.ok('SELECT 2')).Id!;
    const out = await h.client.send(new ListStatementsCommand({ Status: 'FINISHED', MaxResults: 100 }));
    expect(out.Statements!.map((s) => s.Id)).toContain(finished);
    expect(out.Statements!.every((s) => s.Status === 'FINISHED')).toBe(true);
  });

  it('MaxResults pages through every statement exactly once', async () => {
    for (let i = 0; i < 5; i++) await h.ok(`SELECT ${i}`);
    const all = (await h.client.send(new ListStatementsCommand({ MaxResults: 100 }))).Statements!;
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(all.length).toBeLessThan(100);
    const paged: StatementData[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.send(new ListStatementsCommand({ MaxResults: 3, NextToken: token }));
      expect(page.Statements!.length).toBeLessThanOrEqual(3);
      paged.push(...page.Statements!);
      token = page.NextToken;
      pages++;
    } while (token && pages < 100);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(paged.map((s) => s.Id)).toEqual(all.map((s) => s.Id));
  });

  it('an unknown Status is ValidationException', async () => {
    const error = await errorOf(h.client.send(new ListStatementsCommand({ Status: 'SLEEPING' as 'ALL' })));
    expect(error.name).toBe('ValidationException');
  });
});

describe('the memory results hold (serve --result-memory)', () => {
  it('lets the oldest results go once all of them hold more than allowed, and says so when one is asked for', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'result-memory-'));
    const ep = await startLocalEndpoint({ dataDir, resultMemory: { bytes: 5 * 2 ** 20, option: 'serve --result-memory' } });
    const client = new RedshiftDataClient({ endpoint: ep.url, region: 'us-west-2', credentials: ep.credentials, maxAttempts: 1 });
    const run = async (sql: string) => {
      const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql }));
      expect((await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 30 }))).Status).toBe('FINISHED');
      return Id!;
    };
    const rows = async (id: string) => (await client.send(new GetStatementResultCommand({ Id: id }))).Records?.length;
    try {
      // About 1.2 MB of records each, held in buffers of about 2 MB: two fit in 5 MB, a third does not.
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push(await run(`SELECT n, repeat('${i}', 400) AS pad FROM (${numbers(3_000)}) t`));
      expect(await rows(ids[3]!)).toBeGreaterThan(0);
      expect(await rows(ids[2]!)).toBeGreaterThan(0);
      const error = await errorOf(client.send(new GetStatementResultCommand({ Id: ids[0] })));
      expect(error.name).toBe('ResourceNotFoundException');
      expect(error.message).toBe(
        `The result of ${ids[0]} is no longer held: the local warehouse keeps the newest results, up to 5 MB in all (serve --result-memory), and lets the oldest go first. Run the statement again.`,
      );
      // The statement itself is still there to describe, with the result set it had: a client asks for it and hears why.
      expect(await client.send(new DescribeStatementCommand({ Id: ids[0] }))).toMatchObject({ Status: 'FINISHED', HasResultSet: true, ResultRows: 3_000 });
      // A result larger than the whole allowance by itself is kept: it is the newest.
      const large = await run(`SELECT n, repeat('x', 2000) AS pad FROM (${numbers(3_000)}) t`);
      expect((await client.send(new GetStatementResultCommand({ Id: large }))).TotalNumRows).toBe(3_000);
      expect((await errorOf(client.send(new GetStatementResultCommand({ Id: ids[3] })))).name).toBe('ResourceNotFoundException');
      // An empty result holds nothing, so it is never let go.
      const empty = await run(`SELECT n FROM (${numbers(10)}) t WHERE n < 0`);
      await run(`SELECT n, repeat('y', 2000) AS pad FROM (${numbers(3_000)}) t`);
      expect(await client.send(new GetStatementResultCommand({ Id: empty }))).toMatchObject({ Records: [], TotalNumRows: 0 });
    } finally {
      client.destroy();
      await ep.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('names no option to set the bound where the endpoint was started without one (in a command of its own)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'result-memory-'));
    const ep = await startLocalEndpoint({ dataDir, resultMemory: { bytes: 2 * 2 ** 20 } });
    const client = new RedshiftDataClient({ endpoint: ep.url, region: 'us-west-2', credentials: ep.credentials, maxAttempts: 1 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: `SELECT n, repeat('${i}', 400) AS pad FROM (${numbers(3_000)}) t` }));
        expect((await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 30 }))).Status).toBe('FINISHED');
        ids.push(Id!);
      }
      expect((await errorOf(client.send(new GetStatementResultCommand({ Id: ids[0] })))).message).toBe(
        `The result of ${ids[0]} is no longer held: the local warehouse keeps the newest results, up to 2 MB in all, and lets the oldest go first. Run the statement again.`,
      );
    } finally {
      client.destroy();
      await ep.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
