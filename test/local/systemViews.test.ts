// The system views users query first, through the real SDK client, with the columns the Redshift
// Database Developer Guide documents (https://docs.aws.amazon.com/redshift/latest/dg/PAGE).

import { GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('system-views');
  await h.ok('CREATE TABLE sv_events (id BIGINT IDENTITY(0, 1) SORTKEY, kind VARCHAR(30) ENCODE zstd NOT NULL, score DOUBLE PRECISION, seen TIMESTAMP) DISTKEY(kind)');
  await h.ok("INSERT INTO sv_events (kind, score, seen) VALUES ('a', 1, GETDATE()), ('b', 2, GETDATE())");
  await h.ok('CREATE TABLE sv_empty (n INT) DISTSTYLE ALL COMPOUND SORTKEY(n)');
});
afterAll(async () => {
  await h?.close();
});

async function columnNames(sql: string): Promise<string[]> {
  const d = await h.ok(sql);
  const out = await h.client.send(new GetStatementResultCommand({ Id: d.Id! }));
  return out.ColumnMetadata!.map((c) => c.name!);
}

describe('PG_TABLE_DEF (r_PG_TABLE_DEF.html)', () => {
  it("shows each column's Redshift type, encoding, distribution key, sort key and NOT NULL", async () => {
    expect(await columnNames('SELECT * FROM pg_table_def LIMIT 1')).toEqual(['schemaname', 'tablename', 'column', 'type', 'encoding', 'distkey', 'sortkey', 'notnull']);
    expect(await h.query("SELECT \"column\", type, encoding, distkey, sortkey, \"notnull\" FROM pg_table_def WHERE tablename = 'sv_events'")).toEqual([
      ['id', 'bigint', 'none', false, 1, false],
      ['kind', 'character varying(30)', 'zstd', true, 0, true],
      ['score', 'double precision', 'none', false, 0, false],
      ['seen', 'timestamp without time zone', 'az64', false, 0, false],
    ]);
  });

  it('CREATE TABLE (LIKE ...) keeps the distribution and sort keys (r_CREATE_TABLE_NEW.html)', async () => {
    await h.ok('CREATE TABLE sv_like (LIKE sv_events)');
    expect(await h.query("SELECT \"column\", distkey, sortkey FROM pg_table_def WHERE tablename = 'sv_like' AND (distkey OR sortkey <> 0)")).toEqual([
      ['id', false, 1], ['kind', true, 0],
    ]);
  });
});

describe('SVV_TABLE_INFO (r_SVV_TABLE_INFO.html)', () => {
  it("has Redshift's columns, one row per table that holds rows", async () => {
    expect(await columnNames('SELECT * FROM svv_table_info')).toEqual([
      'database', 'schema', 'table_id', 'table', 'encoded', 'diststyle', 'sortkey1', 'max_varchar', 'sortkey1_enc', 'sortkey_num',
      'size', 'pct_used', 'empty', 'unsorted', 'stats_off', 'tbl_rows', 'skew_sortkey1', 'skew_rows', 'estimated_visible_rows',
      'risk_event', 'vacuum_sort_benefit', 'create_time',
    ]);
    expect(await h.query("SELECT database, schema, \"table\", encoded, diststyle, sortkey1, max_varchar, sortkey_num, tbl_rows FROM svv_table_info WHERE \"table\" LIKE 'sv_%'")).toEqual([
      ['dev', 'public', 'sv_events', 'Y', 'KEY(kind)', 'id', 30, 1, '2'],
    ]);
  });

  it('reads the same from pg_catalog', async () => {
    expect(await h.query("SELECT count(*) FROM pg_catalog.svv_table_info WHERE \"table\" = 'sv_events'")).toEqual([[1]]);
  });
});

describe('SYS_QUERY_HISTORY and STL_QUERY (SYS_QUERY_HISTORY.html, r_STL_QUERY.html)', () => {
  it('hold each statement that ended: its type, status, rows and text', async () => {
    const d = await h.ok("SELECT kind FROM sv_events WHERE kind = 'a'");
    await h.run('SELECT 1 / 0');
    const [[queryId]] = (await h.query(`SELECT query_id FROM sys_query_history WHERE query_text = 'SELECT kind FROM sv_events WHERE kind = ''a'''`)) as [[number]];
    expect(queryId).toBe(d.RedshiftQueryId);
    expect(await h.query(`SELECT query_type, status, returned_rows, database_name FROM sys_query_history WHERE query_id = ${queryId}`)).toEqual([['SELECT', 'success', 1, 'dev']]);
    expect(await h.query("SELECT status, error_message FROM sys_query_history WHERE query_text = 'SELECT 1 / 0'")).toEqual([['failed', 'ERROR: division by zero']]);
    expect(await h.query(`SELECT aborted, querytxt FROM stl_query WHERE query = ${queryId}`)).toEqual([[0, "SELECT kind FROM sv_events WHERE kind = 'a'"]]);
  });

  it("have the guide's columns, in its order, those the same for every statement included", async () => {
    expect(await columnNames('SELECT * FROM sys_query_history LIMIT 1')).toEqual([
      'user_id', 'query_id', 'query_label', 'transaction_id', 'session_id', 'database_name', 'query_type', 'status', 'result_cache_hit',
      'start_time', 'end_time', 'elapsed_time', 'queue_time', 'execution_time', 'error_message', 'returned_rows', 'returned_bytes',
      'query_text', 'redshift_version', 'usage_limit', 'compute_type', 'compile_time', 'planning_time', 'lock_wait_time',
      'service_class_id', 'service_class_name', 'query_priority', 'short_query_accelerated', 'user_query_hash', 'generic_query_hash',
      'query_hash_version', 'result_cache_query_id', 'username',
    ]);
    expect(await columnNames('SELECT * FROM stl_query LIMIT 1')).toEqual([
      'userid', 'query', 'label', 'xid', 'pid', 'database', 'querytxt', 'starttime', 'endtime', 'aborted', 'insert_pristine', 'concurrency_scaling_status',
    ]);
    const d = await h.ok('SELECT 42 AS answer');
    expect(await h.query(`SELECT transaction_id = query_id, elapsed_time = execution_time AND elapsed_time >= 0, compute_type, username, user_id FROM sys_query_history WHERE query_id = ${d.RedshiftQueryId}`))
      .toEqual([[true, true, 'primary', 'awsuser', 100]]);
    expect(await h.query(`SELECT xid = query, pid > 0, endtime >= starttime FROM stl_query WHERE query = ${d.RedshiftQueryId}`)).toEqual([[true, true, true]]);
  });
});

describe('SHOW TABLES (r_SHOW_TABLES.html)', () => {
  it('lists the tables of a schema, with LIKE and LIMIT', async () => {
    expect(await columnNames('SHOW TABLES FROM SCHEMA dev.public')).toEqual(['database_name', 'schema_name', 'table_name', 'table_type', 'table_acl', 'remarks']);
    expect(await h.query("SHOW TABLES FROM SCHEMA dev.public LIKE 'sv\\_e%'")).toEqual([['dev', 'public', 'sv_empty', 'TABLE', null, null], ['dev', 'public', 'sv_events', 'TABLE', null, null]]);
    expect(await h.query("SHOW TABLES FROM SCHEMA dev.public LIKE 'sv%' LIMIT 1")).toEqual([['dev', 'public', 'sv_empty', 'TABLE', null, null]]);
  });

  it('names a database that does not exist', async () => {
    expect((await h.run('SHOW TABLES FROM SCHEMA nope.public')).Error).toBe('ERROR: database "nope" does not exist');
  });
});

describe('system relations are read-only', () => {
  it.each([
    ['INSERT INTO stl_query (userid) VALUES (1)', 'stl_query'],
    ['DELETE FROM sys_query_history', 'sys_query_history'],
    ['DROP TABLE pg_catalog.svv_table_info', 'svv_table_info'],
    ['TRUNCATE stl_load_errors', 'stl_load_errors'],
  ])('%s is refused', async (sql, name) => {
    expect((await h.run(sql)).Error).toBe(`ERROR: permission denied for relation ${name}`);
  });
});
