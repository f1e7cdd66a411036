// A warehouse file that kept SYS_QUERY_HISTORY with every column stored and STL_QUERY as a table
// of its own: opened, its history is in the table SYS_QUERY_HISTORY is now, and STL_QUERY shows it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/local/warehouse.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'history-upgrade-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The two tables as such a file had them, with one statement in each. */
async function fileWithTwoHistoryTables(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(`CREATE TABLE main.sys_query_history (
    user_id INTEGER, query_id BIGINT, query_label VARCHAR, transaction_id BIGINT, session_id INTEGER, database_name VARCHAR,
    query_type VARCHAR, status VARCHAR, result_cache_hit BOOLEAN, start_time TIMESTAMP, end_time TIMESTAMP, elapsed_time BIGINT,
    queue_time BIGINT, execution_time BIGINT, error_message VARCHAR, returned_rows BIGINT, returned_bytes BIGINT, query_text VARCHAR,
    redshift_version VARCHAR, usage_limit VARCHAR, compute_type VARCHAR, compile_time BIGINT, planning_time BIGINT, lock_wait_time BIGINT,
    service_class_id INTEGER, service_class_name VARCHAR, query_priority VARCHAR, short_query_accelerated VARCHAR,
    user_query_hash VARCHAR, generic_query_hash VARCHAR, query_hash_version INTEGER, result_cache_query_id INTEGER, username VARCHAR)`);
  await conn.run(`CREATE TABLE main.stl_query (
    userid INTEGER, query INTEGER, label VARCHAR, xid BIGINT, pid INTEGER, database VARCHAR, querytxt VARCHAR,
    starttime TIMESTAMP, endtime TIMESTAMP, aborted INTEGER, insert_pristine INTEGER, concurrency_scaling_status INTEGER)`);
  await conn.run(`INSERT INTO main.sys_query_history VALUES (100, 5000, '', 5000, 7, 'dev', 'SELECT', 'success', false,
    now()::TIMESTAMP - INTERVAL 1 HOUR, now()::TIMESTAMP - INTERVAL 1 HOUR + INTERVAL 250 MILLISECOND, 250000, 0, 250000, NULL, 3, 24,
    'SELECT * FROM users', 'local', '', 'primary', 0, 0, 0, 100, 'local', 'Normal', 'false', NULL, NULL, NULL, NULL, 'awsuser')`);
  await conn.run(`INSERT INTO main.stl_query SELECT 100, 5000, '', 5000, 7, 'dev', 'SELECT * FROM users', start_time, end_time, 0, 0, 0 FROM main.sys_query_history`);
  conn.closeSync();
  instance.closeSync();
}

describe('a warehouse file with the query history in two tables', () => {
  it('keeps its statements, seen through both relations, and takes new ones', async () => {
    const dbPath = join(dir, 'old.duckdb');
    await fileWithTwoHistoryTables(dbPath);
    const warehouse = await Warehouse.open({ dataDir: dir, dbPath });
    try {
      const rows = await warehouse.withSession(async (conn) => {
        const read = async (sql: string) => (await conn.runAndReadAll(sql)).getRowsJson();
        return {
          history: await read('SELECT query_id, session_id, query_text, elapsed_time, returned_rows, compute_type FROM main.sys_query_history'),
          stl: await read('SELECT query, pid, querytxt, aborted FROM main.stl_query'),
          kinds: await read("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' AND table_name IN ('sys_query_history', 'stl_query') ORDER BY 1"),
        };
      });
      expect(rows.history).toEqual([['5000', 7, 'SELECT * FROM users', '250000', '3', 'primary']]);
      expect(rows.stl).toEqual([[5000, 7, 'SELECT * FROM users', 0]]);
      expect(rows.kinds).toEqual([['stl_query', 'VIEW'], ['sys_query_history', 'BASE TABLE']]);
      const start = new Date();
      warehouse.noteQuery({ queryId: 5001, pid: 8, database: 'dev', text: 'SELECT 1', status: 'success', start, end: new Date(start.getTime() + 12), rows: 1, bytes: 8 });
    } finally {
      await warehouse.close();
    }
    // Opened again: nothing left to move, and both statements are there.
    const again = await Warehouse.open({ dataDir: dir, dbPath });
    try {
      const read = (sql: string) => again.withSession(async (conn) => (await conn.runAndReadAll(sql)).getRowsJson());
      expect(await read('SELECT query, querytxt FROM main.stl_query ORDER BY query')).toEqual([[5000, 'SELECT * FROM users'], [5001, 'SELECT 1']]);
      expect(await read('SELECT elapsed_time, execution_time FROM main.sys_query_history WHERE query_id = 5001')).toEqual([['12000', '12000']]);
    } finally {
      await again.close();
    }
  });
});
