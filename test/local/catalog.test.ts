// The Data API's catalog operations (ListDatabases, ListSchemas, ListTables, DescribeTable) and
// CSV results (ResultFormat CSV, GetStatementResultV2), through the SDK client, as SQL editors
// and dashboards call them.

import {
  DescribeTableCommand, ExecuteStatementCommand, GetStatementResultCommand, GetStatementResultV2Command, ListDatabasesCommand,
  ListSchemasCommand, ListTablesCommand,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET, errorOf, numbers, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('catalog');
  await h.ok('CREATE TABLE cat_songs (song_id VARCHAR(32) NOT NULL, title VARCHAR(512), year SMALLINT, duration DOUBLE PRECISION, price DECIMAL(10,2))');
  await h.ok('CREATE VIEW cat_recent AS SELECT song_id FROM cat_songs WHERE year > 2000');
  await h.ok('CREATE SCHEMA analytics');
  await h.ok('CREATE TABLE analytics.cat_daily (day DATE)');
});
afterAll(async () => {
  await h?.close();
});

describe('catalog operations', () => {
  it('ListDatabases names the one database', async () => {
    expect((await h.client.send(new ListDatabasesCommand({ ...TARGET }))).Databases).toEqual(['dev']);
  });

  it('ListSchemas lists the warehouse\'s schemas and Redshift\'s, never the engine\'s own', async () => {
    const out = await h.client.send(new ListSchemasCommand({ ...TARGET }));
    expect(out.Schemas).toEqual(['analytics', 'information_schema', 'pg_catalog', 'public']);
  });

  it('ListSchemas takes a LIKE pattern', async () => {
    expect((await h.client.send(new ListSchemasCommand({ ...TARGET, SchemaPattern: 'p%' }))).Schemas).toEqual(['pg_catalog', 'public']);
  });

  it('ListTables lists tables and views with their schema, by pattern', async () => {
    const out = await h.client.send(new ListTablesCommand({ ...TARGET, TablePattern: 'cat\\_%' }));
    expect(out.Tables).toEqual([
      { schema: 'analytics', name: 'cat_daily', type: 'TABLE' },
      { schema: 'public', name: 'cat_recent', type: 'VIEW' },
      { schema: 'public', name: 'cat_songs', type: 'TABLE' },
    ]);
    const inPublic = await h.client.send(new ListTablesCommand({ ...TARGET, SchemaPattern: 'public', TablePattern: 'cat%' }));
    expect(inPublic.Tables!.map((t) => t.name)).toEqual(['cat_recent', 'cat_songs']);
  });

  it('DescribeTable gives each column its Redshift type, byte length, nullability, precision and scale', async () => {
    const out = await h.client.send(new DescribeTableCommand({ ...TARGET, Table: 'cat_songs' }));
    expect(out.TableName).toBe('public.cat_songs');
    expect(out.ColumnList!.map((c) => [c.name, c.typeName, c.length, c.nullable, c.precision, c.scale])).toEqual([
      ['song_id', 'varchar', 32, 0, 0, 0],
      ['title', 'varchar', 512, 1, 0, 0],
      ['year', 'int2', 0, 1, 16, 0],
      ['duration', 'float8', 0, 1, 53, 0],
      ['price', 'numeric', 0, 1, 10, 2],
    ]);
  });

  it('a table or database that does not exist is ValidationException naming it', async () => {
    const noTable = await errorOf(h.client.send(new DescribeTableCommand({ ...TARGET, Table: 'nowhere' })));
    expect(noTable.name).toBe('ValidationException');
    expect(noTable.message).toContain('public.nowhere');
    const noDb = await errorOf(h.client.send(new ListTablesCommand({ ClusterIdentifier: 'local', Database: 'other' })));
    expect(noDb.message).toContain('database "other" does not exist');
  });
});

describe('CSV results', () => {
  // The Management Guide (data-api-calling-cli-get-statement-result.html): "Rows are separated by
  // carriage return and newline (\r\n). The first row returned in Records are the column headers.
  // Results returned in CSV format are returned in 1 MB where each chunk can store any number of
  // rows up to 1MB." How NULL and quotes are written it does not say: RFC 4180, NULL empty.
  it('GetStatementResultV2 gives the column names first, then RFC 4180 records ending in CRLF: quoted where needed, NULL empty', async () => {
    const out = await h.client.send(
      new ExecuteStatementCommand({ ...TARGET, Sql: `SELECT 1 AS n, 'Des''ree, "x"' AS s, NULL AS z UNION ALL SELECT 2, 'plain', 'y' ORDER BY n`, ResultFormat: 'CSV' }),
    );
    await h.wait(out.Id!);
    const result = await h.client.send(new GetStatementResultV2Command({ Id: out.Id }));
    expect(result.ResultFormat).toBe('CSV');
    expect(result.TotalNumRows).toBe(2);
    expect(result.ColumnMetadata!.map((c) => c.name)).toEqual(['n', 's', 'z']);
    expect(result.Records).toEqual([{ CSVRecords: 'n,s,z\r\n1,"Des\'ree, ""x""",\r\n2,plain,y\r\n' }]);
  });

  it('GetStatementResultV2 gives whole rows in chunks of at most 1 MB, and the names on the first page only', async () => {
    const out = await h.client.send(
      new ExecuteStatementCommand({ ...TARGET, Sql: `SELECT n, repeat('x', 200) AS pad FROM (${numbers(12_000)}) t ORDER BY n`, ResultFormat: 'CSV' }),
    );
    await h.wait(out.Id!);
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await h.client.send(new GetStatementResultV2Command({ Id: out.Id, NextToken: token }));
      const chunks = page.Records!.map((r) => r.CSVRecords!);
      for (const chunk of chunks) {
        expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(1024 * 1024);
        expect(chunk.endsWith('\r\n')).toBe(true);
      }
      pages.push(chunks.join('').split('\r\n').slice(0, -1));
      token = page.NextToken;
    } while (token && pages.length < 100);
    expect(pages.length).toBeGreaterThan(1);
    // A page holds at most 1 MB of records (about 250 bytes each here), not 10,000 of them.
    expect(pages[0]!.length - 1).toBeLessThan(10_000);
    expect(pages[0]![0]).toBe('n,pad');
    const rows = pages.flat().filter((row) => row !== 'n,pad');
    expect(rows).toHaveLength(pages.flat().length - 1);
    expect(rows.map((r) => Number(r.split(',')[0]))).toEqual(Array.from({ length: 12_000 }, (_, i) => i));
    expect(rows.every((r) => r.endsWith(`,${'x'.repeat(200)}`))).toBe(true);
  });

  it('each result is read in the format it was asked for', async () => {
    const csv = (await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'SELECT 1', ResultFormat: 'CSV' }))).Id!;
    await h.wait(csv);
    expect((await errorOf(h.client.send(new GetStatementResultCommand({ Id: csv })))).message).toMatch(/ResultFormat CSV: ask GetStatementResultV2/);
    const json = (await h.client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'SELECT 1' }))).Id!;
    await h.wait(json);
    expect((await errorOf(h.client.send(new GetStatementResultV2Command({ Id: json })))).message).toMatch(/ResultFormat JSON: ask GetStatementResult/);
  });
});
