// The Data API wire protocol as the real SDK and raw HTTP see it: every operation, the error
// names the SDK surfaces, and the awsJson1_1 details (timestamps, __type).

import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  type ExecuteStatementCommandInput,
  type StatementData,
} from '@aws-sdk/client-redshift-data';
import { dataApiRequest, rawRequest } from '../support/http.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_SQL, TARGET, errorOf, running, startHarness, type Harness } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '0f0e0d0c-0b0a-4000-8000-123456789abc';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('protocol');
});
afterAll(async () => {
  await h?.close();
});

describe('operations through the SDK', () => {
  it('ExecuteStatement returns a UUID Id, CreatedAt as a Date near now, and echoes the target', async () => {
    const before = Date.now();
    const out = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'SELECT 1' }));
    expect(out.Id).toMatch(UUID);
    expect(out.CreatedAt).toBeInstanceOf(Date);
    expect(Math.abs(out.CreatedAt!.getTime() - before)).toBeLessThan(5_000);
    expect(out.ClusterIdentifier).toBe('local');
    expect(out.Database).toBe('dev');
    await h.wait(out.Id!);
  });

  it('BatchExecuteStatement returns an Id whose sub-statements are <Id>:1 ... <Id>:n, in order', async () => {
    const sqls = ['SELECT 1', 'SELECT 2', 'SELECT 3'];
    const out = await h.client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: sqls }));
    expect(out.Id).toMatch(UUID);
    const d = await h.wait(out.Id!);
    expect(d.Status).toBe('FINISHED');
    expect(d.SubStatements?.map((s) => s.Id)).toEqual([`${out.Id}:1`, `${out.Id}:2`, `${out.Id}:3`]);
    expect(d.SubStatements?.map((s) => s.QueryString)).toEqual(sqls);
  });

  it('DescribeStatement reports the statement: Id, QueryString, Status, target and timestamps as Dates', async () => {
    const id = await h.submit('SELECT 42 AS answer');
    const d = await h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 10 }));
    expect(d.Id).toBe(id);
    expect(d.QueryString).toBe('SELECT 42 AS answer');
    expect(d.Status).toBe('FINISHED');
    expect(d.ClusterIdentifier).toBe('local');
    expect(d.Database).toBe('dev');
    expect(d.SubStatements ?? []).toEqual([]);
    expect(d.CreatedAt).toBeInstanceOf(Date);
    expect(d.UpdatedAt).toBeInstanceOf(Date);
    expect(d.UpdatedAt!.getTime()).toBeGreaterThanOrEqual(d.CreatedAt!.getTime());
  });

  it('GetStatementResult returns the records and column metadata of a finished query', async () => {
    const d = await h.ok("SELECT 42 AS answer, 'x' AS letter");
    const out = await h.client.send(new GetStatementResultCommand({ Id: d.Id! }));
    expect(out.Records).toEqual([[{ longValue: 42 }, { stringValue: 'x' }]]);
    expect(out.ColumnMetadata?.map((c) => c.name)).toEqual(['answer', 'letter']);
    expect(out.TotalNumRows).toBe(1);
    expect(out.NextToken).toBeUndefined();
  });

  it('CancelStatement on a running statement answers Status true', async () => {
    const id = await h.submit(LONG_SQL);
    await running(h, id);
    const out = await h.client.send(new CancelStatementCommand({ Id: id }));
    expect(out.Status).toBe(true);
    expect((await h.wait(id)).Status).toBe('ABORTED');
  });

  it('ListStatements lists submitted statements with their status and SQL', async () => {
    const first = (await h.ok('SELECT 101')).Id!;
    const second = (await h.ok('SELECT 102')).Id!;
    const out = await h.client.send(new ListStatementsCommand({ MaxResults: 100 }));
    const ids = out.Statements!.map((s) => s.Id);
    expect(ids).toContain(first);
    expect(ids).toContain(second);
    const entry = out.Statements!.find((s) => s.Id === second) as StatementData;
    expect(entry.Status).toBe('FINISHED');
    expect(entry.QueryString).toBe('SELECT 102');
    expect(entry.CreatedAt).toBeInstanceOf(Date);
  });
});

describe('errors the SDK surfaces by name', () => {
  it.each([
    ['DescribeStatement', () => new DescribeStatementCommand({ Id: UNKNOWN_ID })],
    ['GetStatementResult', () => new GetStatementResultCommand({ Id: UNKNOWN_ID })],
    ['CancelStatement', () => new CancelStatementCommand({ Id: UNKNOWN_ID })],
  ] as const)('%s with an unknown Id is ResourceNotFoundException', async (_op, command) => {
    const error = await errorOf(h.client.send(command() as DescribeStatementCommand));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('DescribeStatement on <known Id>:99 (no such sub-statement) is ResourceNotFoundException', async () => {
    const out = await h.client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['SELECT 1', 'SELECT 2'] }));
    await h.wait(out.Id!);
    const error = await errorOf(h.client.send(new DescribeStatementCommand({ Id: `${out.Id}:99` })));
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('a malformed Id is ValidationException naming Id', async () => {
    const error = await errorOf(h.client.send(new DescribeStatementCommand({ Id: 'not-a-statement-id' })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/\bId\b/);
  });

  const execute: [string, Partial<ExecuteStatementCommandInput>, RegExp][] = [
    ['missing Sql', { Database: 'dev', ClusterIdentifier: 'local' }, /\bSql\b/],
    ['an empty Sql', { Database: 'dev', ClusterIdentifier: 'local', Sql: '   ' }, /\bSql\b/],
    ['missing Database', { ClusterIdentifier: 'local', Sql: 'SELECT 1' }, /\bDatabase\b/],
    ['both ClusterIdentifier and WorkgroupName', { ...TARGET, WorkgroupName: 'wg', Sql: 'SELECT 1' }, /ClusterIdentifier.*WorkgroupName/],
    ['neither ClusterIdentifier nor WorkgroupName', { Database: 'dev', Sql: 'SELECT 1' }, /ClusterIdentifier.*WorkgroupName/],
    ['WaitTimeSeconds 31', { ...TARGET, Sql: 'SELECT 1', WaitTimeSeconds: 31 }, /\bWaitTimeSeconds\b/],
    ['WaitTimeSeconds -1', { ...TARGET, Sql: 'SELECT 1', WaitTimeSeconds: -1 }, /\bWaitTimeSeconds\b/],
  ];
  it.each(execute)('ExecuteStatement with %s is ValidationException naming the field', async (_case, input, field) => {
    const error = await errorOf(h.client.send(new ExecuteStatementCommand(input as ExecuteStatementCommandInput)));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(field);
  });

  it('DescribeStatement with WaitTimeSeconds 31 is ValidationException naming WaitTimeSeconds', async () => {
    const id = (await h.ok('SELECT 1')).Id!;
    const error = await errorOf(h.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: 31 })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/\bWaitTimeSeconds\b/);
  });

  it.each([
    ['41 statements', Array.from({ length: 41 }, (_, i) => `SELECT ${i}`)],
    ['no statements', []],
  ])('BatchExecuteStatement with %s is ValidationException naming Sqls', async (_case, sqls) => {
    const error = await errorOf(h.client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: sqls })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/\bSqls\b/);
  });

  it('BatchExecuteStatement with exactly 40 statements is accepted and runs them all', async () => {
    const sqls = Array.from({ length: 40 }, (_, i) => `SELECT ${i}`);
    const out = await h.client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: sqls }));
    const d = await h.wait(out.Id!);
    expect(d.Status).toBe('FINISHED');
    expect(d.SubStatements).toHaveLength(40);
    expect(d.SubStatements!.every((s) => s.Status === 'FINISHED')).toBe(true);
  });

  it('an Sql over 100 KB is ValidationException', async () => {
    const sql = `SELECT '${'x'.repeat(101 * 1024)}'`;
    const error = await errorOf(h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/\bSql\b/);
  });
});

describe('the awsJson1_1 wire format (raw HTTP)', () => {
  it('a body that is not JSON is HTTP 400 with __type SerializationException', async () => {
    const res = await h.raw('RedshiftData.ExecuteStatement', '{"Sql": "SELECT 1", ');
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('SerializationException');
    expect(typeof res.json.message).toBe('string');
  });

  it('an unknown X-Amz-Target is UnknownOperationException', async () => {
    const res = await h.raw('RedshiftData.DropEverything', {});
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.json.__type).toBe('UnknownOperationException');
  });

  it('an error is a JSON body {__type, message} with a 4xx status', async () => {
    const res = await h.raw('RedshiftData.DescribeStatement', { Id: UNKNOWN_ID });
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('ResourceNotFoundException');
    expect(res.json.message).toEqual(expect.any(String));
  });

  it('timestamps are epoch seconds as numbers with a fraction, not ISO strings', async () => {
    const stamps: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const exec = await h.raw('RedshiftData.ExecuteStatement', { ...TARGET, Sql: `SELECT ${i}` });
      expect(exec.status).toBe(200);
      const described = await h.raw('RedshiftData.DescribeStatement', { Id: exec.json.Id, WaitTimeSeconds: 10 });
      stamps.push(exec.json.CreatedAt, described.json.CreatedAt, described.json.UpdatedAt);
    }
    const now = Date.now() / 1000;
    for (const stamp of stamps) {
      expect(typeof stamp).toBe('number');
      expect(Math.abs((stamp as number) - now)).toBeLessThan(60);
    }
    // Millisecond precision: at least one of nine stamps is not a whole second.
    expect(stamps.some((s) => !Number.isInteger(s))).toBe(true);
  });

  it('responses carry Content-Type application/x-amz-json-1.1', async () => {
    const res = await rawRequest(h.ep.url, dataApiRequest('ListStatements', '{}', { credentials: h.ep.credentials }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
  });
});
