// A result's records left in the engine's chunks: any range of them reads back as its records
// joined by commas, in one buffer, wherever the chunks begin and end.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Records } from '../../src/local/resultSet.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Records holding `texts`, as readQuery keeps them: the chunks of a query whose first column is each record's UTF-8. */
async function recordsOf(texts: string[]): Promise<Records> {
  const records = new Records();
  const values = texts.map((text, i) => `(${i}, '${text.replaceAll("'", "''")}')`).join(', ');
  const result = await connection.stream(`SELECT encode(t) FROM (VALUES ${values}) AS v(i, t) ORDER BY i`);
  for await (const chunk of result) records.add(chunk);
  return records;
}

const joined = (pieces: Uint8Array[]) => Buffer.concat(pieces).toString('utf8');

describe('Records', () => {
  // More than two of the engine's chunks (2,048 rows), of varied lengths, with multi-byte text.
  const texts = Array.from({ length: 5_000 }, (_, i) => `[{"stringValue":"${'é😀x'.repeat(i % 7)}${i}"}]`);
  let records: Records;
  beforeAll(async () => {
    records = await recordsOf(texts);
  });

  it('counts its records', () => {
    expect(records.count).toBe(texts.length);
  });

  it('gives any range of records, joined by commas, across the chunks', () => {
    const edges = [0, 1, 2_047, 2_048, 2_049, 4_095, 4_096, 4_097, 4_999, 5_000];
    for (const from of edges) {
      for (const to of edges.filter((e) => e >= from)) {
        expect(joined(records.text(from, to)), `records ${from} to ${to}`).toBe(texts.slice(from, to).join(','));
      }
    }
  });

  it('gives a page as one piece, and nothing for an empty range', () => {
    expect(records.text(10, 5_000)).toHaveLength(1);
    expect(records.text(3, 3)).toEqual([]);
  });

  it('reads the same after the connection and the engine that wrote it have closed', async () => {
    const other = await DuckDBInstance.create(':memory:');
    const conn = await other.connect();
    const kept = new Records();
    for await (const chunk of await conn.stream("SELECT encode('[' || i || ']') FROM range(3000) t(i)")) kept.add(chunk);
    conn.closeSync();
    other.closeSync();
    expect(joined(kept.text(2_990, 3_000))).toBe(Array.from({ length: 10 }, (_, i) => `[${2_990 + i}]`).join(','));
  });

  it('an empty result has no records', async () => {
    const empty = new Records();
    for await (const chunk of await connection.stream("SELECT encode('[1]') WHERE false")) empty.add(chunk);
    expect(empty.count).toBe(0);
    expect(empty.text(0, 0)).toEqual([]);
  });
});
