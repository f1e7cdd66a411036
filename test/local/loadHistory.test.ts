// The load history after a COPY ends, through the real SDK client, with the columns the Redshift
// Database Developer Guide documents:
//   https://docs.aws.amazon.com/redshift/latest/dg/SYS_LOAD_HISTORY.html
//   https://docs.aws.amazon.com/redshift/latest/dg/SYS_LOAD_DETAIL.html
//   https://docs.aws.amazon.com/redshift/latest/dg/r_STL_LOAD_COMMITS.html
// and DescribeStatement's ResultRows 0 for a COPY, as Redshift reports it (aws/aws-sdk issues 333, 356).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteStatementCommand, GetStatementResultCommand, type DescribeStatementCommandOutput } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET, ndjson, startHarness, type Harness, type Plain } from './helpers.js';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'";

let h: Harness;
beforeAll(async () => {
  h = await startHarness('load-history');
});
afterAll(async () => {
  await h?.close();
});

function copy(table: string, from: string, options = ''): string {
  return `COPY ${table} FROM '${from}' ${ROLE} FORMAT AS JSON 'auto' ${options}`.trim();
}

/** The COPY's row of sys_load_history, found as a client would: by its session and table, latest first. */
async function historyOf(d: DescribeStatementCommandOutput, table: string): Promise<Record<string, Plain>> {
  const id = await h.ok(`SELECT * FROM sys_load_history WHERE session_id = ${d.RedshiftPid} AND table_name = '${table}' ORDER BY start_time DESC LIMIT 1`);
  const out = await h.client.send(new GetStatementResultCommand({ Id: id.Id! }));
  const names = out.ColumnMetadata!.map((c) => c.name!);
  const [row] = (await h.rows(id.Id!)).map((r) => r.map((f) => (f.isNull ? null : (Object.values(f)[0] as Plain))));
  if (!row) throw new Error(`no sys_load_history row for session ${d.RedshiftPid} and table ${table}`);
  return Object.fromEntries(names.map((name, i) => [name, row[i]!]));
}

async function columnNames(sql: string): Promise<string[]> {
  const d = await h.ok(sql);
  return (await h.client.send(new GetStatementResultCommand({ Id: d.Id! }))).ColumnMetadata!.map((c) => c.name!);
}

describe('a COPY that completes', () => {
  const files = [ndjson([{ n: 1 }, { n: 2 }]), ndjson([{ n: 3 }]), ndjson([{ n: 4 }, { n: 5 }, { n: 6 }]) + '\n'];
  let d: DescribeStatementCommandOutput;
  beforeAll(async () => {
    for (const [i, body] of files.entries()) await h.put(`done-bucket/data/part-${i}.json`, body);
    await h.ok('CREATE TABLE lh_done (n INT)');
    d = await h.ok(copy('lh_done', 's3://done-bucket/data/'));
  });

  it('reports ResultRows 0, as Redshift does; the rows loaded are in sys_load_history and the table', async () => {
    expect(d.ResultRows).toBe(0);
    const row = await historyOf(d, 'lh_done');
    expect(row.loaded_rows).toBe(6);
    expect(await h.query('SELECT count(*) FROM lh_done')).toEqual([[row.loaded_rows!]]);
  });

  it("has one sys_load_history row with Redshift's columns, under the statement's RedshiftQueryId and RedshiftPid", async () => {
    expect(await columnNames('SELECT * FROM sys_load_history LIMIT 1')).toEqual([
      'user_id', 'query_id', 'transaction_id', 'session_id', 'database_name', 'status', 'table_name', 'start_time', 'end_time',
      'duration', 'data_source', 'file_format', 'loaded_rows', 'loaded_bytes', 'source_file_count', 'source_file_bytes',
      'file_count_scanned', 'file_bytes_scanned', 'error_count', 'copy_job_id',
    ]);
    const bytes = files.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
    const row = await historyOf(d, 'lh_done');
    expect(row).toMatchObject({
      query_id: d.RedshiftQueryId, session_id: d.RedshiftPid, database_name: 'dev', status: 'completed', table_name: 'lh_done',
      data_source: 's3://done-bucket/data/', file_format: 'json', loaded_rows: 6, loaded_bytes: bytes, source_file_count: 3,
      source_file_bytes: bytes, file_count_scanned: 3, file_bytes_scanned: bytes, error_count: 0, copy_job_id: 0,
    });
    expect(row.end_time! >= row.start_time!).toBe(true);
    expect(row.duration).toBeGreaterThan(0);
    expect(await h.query(`SELECT count(*) FROM sys_load_history WHERE query_id = ${d.RedshiftQueryId}`)).toEqual([[1]]);
  });

  it('has a sys_load_detail row per file: its s3:// name, bytes and lines', async () => {
    expect(await columnNames('SELECT * FROM sys_load_detail LIMIT 1')).toEqual([
      'user_id', 'query_id', 'file_name', 'bytes_scanned', 'lines_scanned', 'record_time', 'splits_scanned', 'start_time',
      'end_time', 'file_etag', 'file_last_modified',
    ]);
    expect(await h.query(`SELECT trim(file_name), bytes_scanned, lines_scanned FROM sys_load_detail WHERE query_id = ${d.RedshiftQueryId} ORDER BY file_name`)).toEqual(
      files.map((body, i) => [`s3://done-bucket/data/part-${i}.json`, Buffer.byteLength(body), [2, 1, 3][i]!]),
    );
    expect(await h.query(`SELECT count(*) FROM sys_load_detail WHERE query_id = ${d.RedshiftQueryId} AND start_time <= end_time AND record_time = end_time AND file_last_modified IS NOT NULL`)).toEqual([[3]]);
  });

  it('has a stl_load_commits row per file', async () => {
    expect(await columnNames('SELECT * FROM stl_load_commits LIMIT 1')).toEqual([
      'userid', 'query', 'slice', 'name', 'filename', 'byte_offset', 'lines_scanned', 'errors', 'curtime', 'status', 'file_format',
      'is_partial', 'start_offset', 'copy_job_id',
    ]);
    expect(await h.query(`SELECT trim(filename), lines_scanned, trim(file_format) FROM stl_load_commits WHERE query = ${d.RedshiftQueryId} ORDER BY filename`)).toEqual(
      files.map((_, i) => [`s3://done-bucket/data/part-${i}.json`, [2, 1, 3][i]!, 'JSON']),
    );
  });

  it('reads the same from pg_catalog', async () => {
    for (const view of ['sys_load_history', 'sys_load_detail']) {
      expect(await h.query(`SELECT count(*) FROM pg_catalog.${view} WHERE query_id = ${d.RedshiftQueryId}`)).toEqual([[view === 'sys_load_history' ? 1 : 3]]);
    }
    expect(await h.query(`SELECT count(*) FROM pg_catalog.stl_load_commits WHERE query = ${d.RedshiftQueryId}`)).toEqual([[3]]);
  });

  it('PG_LAST_COPY_COUNT() in the same session gives the rows loaded (PG_LAST_COPY_COUNT.html)', async () => {
    await h.ok('CREATE TABLE lh_session (n INT)');
    const first = await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: copy('lh_session', 's3://done-bucket/data/'), SessionKeepAliveSeconds: 60 }));
    expect((await h.wait(first.Id!)).ResultRows).toBe(0);
    const counted = await h.client.send(new ExecuteStatementCommand({ SessionId: first.SessionId, Sql: 'SELECT pg_last_copy_count()' }));
    await h.wait(counted.Id!);
    expect(await h.rows(counted.Id!)).toEqual([[{ longValue: 6 }]]);
  });
});

describe('a COPY that fails is aborted, with its end time and error count', () => {
  it('more bad records than MAXERROR', async () => {
    await h.put('bad-bucket/data.json', ndjson([{ n: 1 }, { n: 'x' }, { n: 'y' }, { n: 4 }]));
    await h.ok('CREATE TABLE lh_bad (n INT)');
    const d = await h.run(copy('lh_bad', 's3://bad-bucket/data.json', 'MAXERROR 1'));
    expect(d.Status).toBe('FAILED');
    expect(await historyOf(d, 'lh_bad')).toMatchObject({
      query_id: d.RedshiftQueryId, status: 'aborted', loaded_rows: 0, loaded_bytes: 0, error_count: 2, source_file_count: 1, file_count_scanned: 1,
    });
    expect((await historyOf(d, 'lh_bad')).end_time).not.toBeNull();
  });

  it('bad records within MAXERROR: completed, with the errors counted and the good rows loaded', async () => {
    await h.ok('CREATE TABLE lh_tolerated (n INT)');
    const d = await h.ok(copy('lh_tolerated', 's3://bad-bucket/data.json', 'MAXERROR 2'));
    expect(await historyOf(d, 'lh_tolerated')).toMatchObject({ status: 'completed', loaded_rows: 2, error_count: 2 });
  });

  it('a value of the wrong type', async () => {
    await h.put('type-bucket/data.json', ndjson([{ n: 1 }, { n: 'abc' }]));
    await h.ok('CREATE TABLE lh_type (n BIGINT)');
    const d = await h.run(copy('lh_type', 's3://type-bucket/data.json'));
    expect(d.Status).toBe('FAILED');
    expect(await historyOf(d, 'lh_type')).toMatchObject({ status: 'aborted', loaded_rows: 0, error_count: 1 });
  });

  it('a prefix that does not exist: no file listed or read', async () => {
    await h.ok('CREATE TABLE lh_missing (n INT)');
    const d = await h.run(copy('lh_missing', 's3://bad-bucket/nothing-here/'));
    expect(d.Error).toContain('The specified S3 prefix');
    const row = await historyOf(d, 'lh_missing');
    expect(row).toMatchObject({ status: 'aborted', source_file_count: 0, file_count_scanned: 0, loaded_rows: 0, error_count: 0 });
    expect(row.end_time).not.toBeNull();
    expect(await h.query(`SELECT count(*) FROM sys_load_detail WHERE query_id = ${d.RedshiftQueryId}`)).toEqual([[0]]);
  });
});

describe('the load history is written by the warehouse alone', () => {
  it.each([
    ['INSERT INTO sys_load_history (user_id) VALUES (1)', 'sys_load_history'],
    ['UPDATE sys_load_history SET status = \'completed\'', 'sys_load_history'],
    ['DELETE FROM pg_catalog.sys_load_detail', 'sys_load_detail'],
    ['TRUNCATE sys_load_detail', 'sys_load_detail'],
    ['DROP VIEW stl_load_commits', 'stl_load_commits'],
    ['CREATE OR REPLACE VIEW stl_load_commits AS SELECT 1 AS query', 'stl_load_commits'],
  ])('%s is refused', async (sql, name) => {
    expect((await h.run(sql)).Error).toBe(`ERROR: permission denied for relation ${name}`);
  });
});

describe('a warehouse kept in a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sparkify-load-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the load history of COPYs nobody read when it closes, and keeps it after a restart', async () => {
    const where = { dataDir: join(dir, 'mirror'), dbPath: join(dir, 'w.duckdb') };
    const first = await startHarness('load-file', where);
    for (let i = 0; i < 3; i++) await first.put(`kept-bucket/part/${i}.json`, ndjson([{ n: i }, { n: 10 + i }]));
    await first.ok('CREATE TABLE kept (n INT)');
    const d = await first.ok(copy('kept', 's3://kept-bucket/part/'));
    await first.close();

    const second = await startHarness('load-file', where);
    try {
      expect(await second.query(`SELECT status, loaded_rows, file_count_scanned FROM sys_load_history WHERE query_id = ${d.RedshiftQueryId}`)).toEqual([
        ['completed', 6, 3],
      ]);
      expect(await second.query(`SELECT count(*) FROM stl_load_commits WHERE query = ${d.RedshiftQueryId}`)).toEqual([[3]]);
      expect((await second.ok('SELECT 1')).RedshiftQueryId).toBeGreaterThan(d.RedshiftQueryId!);
    } finally {
      await second.close();
    }
  });
});
