// A statement of the user's own through the pipeline's Data API client (runQuery), against the
// local endpoint: rows page by page, a failure with its position, and a cancel that stops the
// statement on the warehouse.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import { fieldValue } from '../../src/pipeline/dataApiModel.js';
import type { FieldValue } from '../../src/pipeline/dataApiModel.js';
import { runQuery } from '../../src/pipeline/query.js';
import { LONG_SQL, numbers, startHarness, type Harness } from '../local/helpers.js';

let h: Harness;
let api: DataApi;
beforeAll(async () => {
  h = await startHarness('pipeline-query');
  api = new DataApi(h.client, { kind: 'local', dbPath: ':memory:', dataDir: h.dataDir });
});
afterAll(async () => {
  await h?.close();
});

describe('fieldValue', () => {
  it('gives each kind of Field as a plain value, NULL as null', () => {
    expect([{ stringValue: 'a' }, { longValue: 7 }, { doubleValue: 0.5 }, { booleanValue: false }, { isNull: true }].map(fieldValue)).toEqual(['a', 7, 0.5, false, null]);
  });

  it('prints a VARBYTE value in hexadecimal, as Redshift does (r_VARBYTE_type.html: \'abc\'::varbyte is 616263)', () => {
    expect(fieldValue({ blobValue: new Uint8Array([0x61, 0x62, 0x63]) })).toBe('616263');
    expect(fieldValue({ blobValue: new Uint8Array([]) })).toBe('');
  });
});

describe('runQuery', () => {
  it('gives the columns, then every row, one page of GetStatementResult at a time', async () => {
    const count = 23_456;
    const outcome = await runQuery(api, `SELECT n, 'row ' || n AS label FROM (${numbers(count)}) t ORDER BY n`);
    if (outcome.status !== 'rows') throw new Error(`ended ${outcome.status}`);
    expect(outcome.columns.map((c) => c.name)).toEqual(['n', 'label']);
    expect(outcome.totalRows).toBe(count);
    const pages: FieldValue[][][] = [];
    for await (const page of outcome.pages) pages.push(page);
    expect(pages.length).toBe(Math.ceil(count / 10_000));
    const rows = pages.flat();
    expect(rows).toHaveLength(count);
    expect(rows.at(-1)).toEqual([count - 1, `row ${count - 1}`]);
  });

  it('says how many rows a statement without a result set changed', async () => {
    await h.ok('CREATE TABLE t (x INTEGER)');
    expect(await runQuery(api, 'INSERT INTO t VALUES (1), (2)')).toMatchObject({ status: 'done', resultRows: 2 });
  });

  it("gives the warehouse's message, and the position it points at apart", async () => {
    expect(await runQuery(api, 'SELECT x\nFORM t')).toEqual({ status: 'failed', error: 'ERROR: syntax error at or near "t"', position: 15 });
    expect(await runQuery(api, 'SELECT 1/0')).toEqual({ status: 'failed', error: 'ERROR: division by zero' });
  });

  it('cancels the statement on the warehouse when the signal aborts, and reports it aborted', async () => {
    const controller = new AbortController();
    const outcome = await runQuery(api, LONG_SQL, { signal: controller.signal, onStarted: () => setTimeout(() => controller.abort(), 300) });
    expect(outcome).toEqual({ status: 'cancelled', ended: 'aborted' });
    const history = await h.query("SELECT status FROM sys_query_history WHERE query_text LIKE 'SELECT count(*) FROM (SELECT 0 AS i%' ORDER BY start_time DESC LIMIT 1");
    expect(history[0]?.[0]).toBe('canceled');
  });
});
