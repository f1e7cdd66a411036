// The engine's sandbox from the inside: the settings it is locked with, the result limits of the
// Data API, and the statement kinds (each refused kind names itself; each run kind runs).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuery, RESULT_LIMITS, ResultTooLarge } from '../../src/local/resultSet.js';
import { prepareGuarded } from '../../src/local/sandbox.js';
import { STATEMENT_KINDS } from '../../src/local/statementKinds.js';
import { Warehouse } from '../../src/local/warehouse.js';
import { translate } from '../../src/local/dialect.js';

let dataDir: string;
let warehouse: Warehouse;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sandbox-'));
  warehouse = await Warehouse.open({ dataDir, limits: { memoryLimit: '300MB', threads: 1 } });
});
afterAll(async () => {
  await warehouse?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function setting(name: string): Promise<string> {
  return warehouse.withSession(async (c) => String((await c.runAndReadAll(`SELECT current_setting('${name}')`)).getRowsJson()[0]![0]));
}

describe('the engine is locked with', () => {
  it.each([
    ['enable_external_access', 'false'],
    ['autoinstall_known_extensions', 'false'],
    ['autoload_known_extensions', 'false'],
    ['allow_community_extensions', 'false'],
    ['lock_configuration', 'true'],
    ['threads', '1'],
    ['TimeZone', 'UTC'],
  ])('%s = %s', async (name, value) => {
    expect(await setting(name)).toBe(value);
  });

  it('the memory limit it was given', async () => {
    // DuckDB shows the limit in its own units: 300MB is 286.1 MiB.
    expect(await setting('memory_limit')).toMatch(/^28\d\.\d MiB$/);
  });

  it('an allow-list of its scratch directory (where it also spills) and the S3 mirror, nothing else', async () => {
    const allowed = await warehouse.withSession(async (c) => (await c.runAndReadAll("SELECT current_setting('allowed_directories')")).getRowsJson()[0]![0]);
    const dirs = (allowed as string[]).map((d) => d.replace(/\/$/, ''));
    expect(dirs).toContain(warehouse.scratchDir);
    expect(dirs).toContain(dataDir);
    for (const dir of dirs) expect(dir === dataDir || dir.startsWith(warehouse.scratchDir)).toBe(true);
  });

  it('a statement cannot unlock it, even one that slipped past the front end', async () => {
    const session = await warehouse.session();
    try {
      for (const sql of ['SET lock_configuration = false', "SET allowed_directories = ['/']", 'PRAGMA enable_profiling']) {
        // Straight to the session's engine path, as if translate() had let it through.
        await expect(session.execute(sql, { queryId: 1, signal: new AbortController().signal })).rejects.toThrow(/not supported|refused/);
      }
    } finally {
      warehouse.release(session);
    }
    expect(await setting('lock_configuration')).toBe('true');
  });
});

describe('the engine holds on its own, below the Redshift front end', () => {
  it.each(['read_text', 'read_csv', 'read_blob', 'glob'])('%s of a host file fails on a session connection', async (fn) => {
    // Straight to the engine, as if the front end had a bug that let the call through.
    await expect(warehouse.withSession((c) => c.runAndReadAll(`SELECT * FROM ${fn}('/etc/passwd')`))).rejects.toThrow(
      /Permission Error: Cannot access file "\/etc\/passwd" - file system operations are disabled by configuration/,
    );
  });

  it.each([
    ["ATTACH ':memory:' AS x", 'ATTACH'],
    ['PRAGMA enable_profiling', 'PRAGMA'],
    ['SET threads = 1', 'SET'],
    ['CALL pragma_version()', 'CALL'],
    ["COPY (SELECT 1) TO '/tmp/never.csv'", 'COPY|Permission'],
  ])('%s is refused by the statement guard, below the front end', async (sql, kind) => {
    const { prepareGuarded } = await import('../../src/local/sandbox.js');
    await expect(warehouse.withSession((c) => prepareGuarded(c, sql))).rejects.toThrow(new RegExp(kind));
  });
});

describe('results are never built past the Data API limits', () => {
  async function read(sql: string, limits: { rowBytes: number; resultBytes: number }) {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const prepared = await prepareGuarded(connection, sql);
    try {
      return await readQuery(connection, sql, prepared, () => undefined, limits);
    } finally {
      prepared.destroySync();
      connection.closeSync();
      instance.closeSync();
    }
  }

  it('a row over the row limit: "Packet for query is too large", naming the row', async () => {
    await expect(read("SELECT repeat('x', n) FROM (VALUES (10), (2000)) t(n)", { rowBytes: 1000, resultBytes: 1e9 })).rejects.toThrow(
      new ResultTooLarge('Packet for query is too large: row 2 is 2000 bytes; the Data API returns rows of at most 1000 bytes'),
    );
  });

  it('a result over the total: "Database response exceeded size limit", before the rest is read', async () => {
    await expect(read("SELECT repeat('x', 100) FROM range(1000000)", { rowBytes: 1000, resultBytes: 10_000 })).rejects.toThrow(/^Database response exceeded size limit/);
  });

  it('a result within both limits comes back whole', async () => {
    const result = await read("SELECT repeat('x', 100) FROM range(100)", { rowBytes: 1000, resultBytes: 10_000 });
    expect(result.records.count).toBe(100);
    expect(result.size).toBe(10_000);
  });

  it('a few rows found in a large scan hold memory for those rows, not for every chunk the scan streamed', async () => {
    // 100 rows, each from a chunk of its own: a result is kept 24 hours, so it holds its records alone.
    const result = await read("SELECT repeat('x', 40) || i FROM range(204800) t(i) WHERE i % 2048 = 7", RESULT_LIMITS);
    expect(result.records.count).toBe(100);
    expect(result.records.held).toBeLessThanOrEqual(16 * 1024);
  });
});

describe('statement kinds, against the Redshift list of SQL commands', () => {
  const runs = Object.entries(STATEMENT_KINDS).filter(([, v]) => v.kind === 'run');
  it('each kind the local warehouse runs cites its Redshift page', () => {
    for (const [, verdict] of runs) expect(verdict).toMatchObject({ doc: expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\/redshift\/latest\/dg\/\S+\.html$/) });
  });

  it.each(Object.entries(STATEMENT_KINDS).filter(([, v]) => v.kind !== 'run'))('%s is refused, named, as %o', (key, verdict) => {
    const sql = `${key} x`;
    const expected = verdict.kind === 'foreign' ? `${key} is not supported by Amazon Redshift` : `${key} is not supported by the local warehouse`;
    expect(() => translate(sql)).toThrow(expected);
  });

  it.each([
    ['CREATE TEMP TABLE t (a INT)', 'a temporary table'],
    ['CREATE LOCAL TEMPORARY TABLE t (a INT)', 'a local temporary table'],
    ['CREATE OR REPLACE VIEW v AS SELECT 1', 'a replaced view'],
    ['(SELECT 1) UNION (SELECT 2)', 'a parenthesized query'],
    ['START TRANSACTION', 'START TRANSACTION'],
  ])('%s runs (%s)', (sql) => {
    expect(translate(sql).pieces.length).toBeGreaterThan(0);
  });

  it.each([
    ['CREATE OR REPLACE TABLE t (a INT)', 'CREATE OR REPLACE TABLE is not supported by Amazon Redshift: use DROP TABLE IF EXISTS, then CREATE TABLE'],
    ['CREATE OR REPLACE TEMP MACRO m(x) AS x', 'CREATE OR REPLACE MACRO is not supported by Amazon Redshift'],
    ['CREATE UNIQUE INDEX i ON t (a)', 'CREATE INDEX is not supported by Amazon Redshift: Redshift has no indexes'],
    ['CREATE WIDGET w', 'CREATE WIDGET is not supported by Amazon Redshift'],
    ['SUMMARIZE songs', 'SUMMARIZE is not supported by Amazon Redshift'],
    ['FROM songs SELECT title', 'FROM is not supported by Amazon Redshift: a query starts with SELECT or WITH'],
    ['ATTACH MASKING POLICY p ON t (c) TO PUBLIC', 'ATTACH MASKING POLICY is not supported by the local warehouse'],
  ])('%s: %s', (sql, message) => {
    expect(() => translate(sql)).toThrow(message);
  });
});
