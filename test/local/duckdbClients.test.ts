// The warehouse file opened by DuckDB itself, as the wizard's last line suggests
// (duckdb sparkify.duckdb "SELECT * FROM songplays LIMIT 5"): a fresh DuckDB session, with no
// search_path of ours, finds the tables of public by their bare names; through the endpoint,
// public.songplays and the catalog answer as before.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-redshift-data';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET, startHarness, type Harness } from './helpers.js';

const PLAYS = [
  [1, 'paid'],
  [2, 'free'],
  [3, 'paid'],
] as const;

let dir: string;
let dbPath: string;

/** Rows of `sql` in a fresh DuckDB session on the file, as DuckDB's CLI would run it. */
async function inDuckDb(sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  try {
    const conn = await instance.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowsJson();
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** A harness on the file; the caller closes it. */
function open(): Promise<Harness> {
  return startHarness('duckdb-clients', { dbPath, dataDir: dir });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sparkify-duckdb-clients-'));
  dbPath = join(dir, 'w.duckdb');
  const h = await open();
  try {
    await h.ok('CREATE TABLE songplays (songplay_id INTEGER, level VARCHAR(10)) DISTSTYLE KEY DISTKEY (songplay_id)');
    await h.ok(`INSERT INTO songplays VALUES ${PLAYS.map(([id, level]) => `(${id}, '${level}')`).join(', ')}`);
    await h.ok('CREATE TABLE gone (x INTEGER)');
    await h.ok('INSERT INTO gone VALUES (1)'); // svv_table_info shows only tables with rows
  } finally {
    await h.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a fresh DuckDB session on the closed warehouse file', () => {
  it('reads songplays by its bare name, as the wizard promises', async () => {
    expect(await inDuckDb('SELECT songplay_id, level FROM songplays ORDER BY 1 LIMIT 5')).toEqual(PLAYS.map(([id, level]) => [id, level]));
  });

  it('finds public.songplays too', async () => {
    expect(await inDuckDb('SELECT count(*) FROM public.songplays')).toEqual([[String(PLAYS.length)]]);
  });
});

describe('the endpoint, on the same file again', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers public.songplays and songplays alike', async () => {
    expect(await h.query('SELECT count(*) FROM public.songplays')).toEqual([[PLAYS.length]]);
    expect(await h.query('SELECT count(*) FROM songplays')).toEqual([[PLAYS.length]]);
  });

  it('lists each table once, in public, and nothing of main', async () => {
    const listed = await h.client.send(new ListTablesCommand({ ...TARGET, TablePattern: '%' }));
    expect(listed.Tables?.map((t) => `${t.schema}.${t.name}`).filter((n) => !n.startsWith('information_schema.') && !n.startsWith('pg_catalog.'))).toEqual([
      'public.gone',
      'public.songplays',
    ]);
    expect(await h.query("SELECT \"table\" FROM svv_table_info WHERE schema = 'public' ORDER BY 1")).toEqual([['gone'], ['songplays']]);
  });

  it('keeps main to the system relations while it runs (the views for DuckDB sessions are made at close)', async () => {
    expect(await h.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name IN ('songplays', 'gone')")).toEqual([[0]]);
  });

  it('a table dropped through the endpoint is gone for DuckDB sessions too, and one renamed goes by its new name', async () => {
    await h.ok('DROP TABLE gone');
    await h.ok('ALTER TABLE songplays RENAME TO plays');
    await h.close();
    expect(await inDuckDb("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'VIEW' AND table_name IN ('gone', 'songplays', 'plays')")).toEqual([['plays']]);
    expect(await inDuckDb('SELECT count(*) FROM plays')).toEqual([[String(PLAYS.length)]]);
    h = await open();
    await h.ok('ALTER TABLE plays RENAME TO songplays');
  });
});
