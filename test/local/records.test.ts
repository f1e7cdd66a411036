// A result's records kept as UTF-8 in buffers of a few megabytes: any range of them reads back as
// its records joined by commas, wherever the buffers begin and end.

import { describe, expect, it } from 'vitest';
import { Records } from '../../src/local/resultSet.js';

const encoder = new TextEncoder();
const joined = (pieces: Uint8Array[]) => Buffer.concat(pieces).toString('utf8');

describe('Records', () => {
  // Lengths around the buffer's size of 16 bytes: records that fill one exactly, that cross where
  // one would end, that are larger than a buffer, and multi-byte text.
  const texts = ['[1]', '[{"s":"é"}]', '[22222222222]', '[4444444444444444444444]', '[5]', '[{"s":"😀€"}]', '[7777777777777]', '[8]', '[99999999999999]'];
  const records = new Records(16);
  for (const text of texts) records.add(encoder.encode(text));

  it('counts its records', () => {
    expect(records.count).toBe(texts.length);
  });

  it('gives every range of records, joined by commas, across its buffers', () => {
    for (let from = 0; from <= texts.length; from++) {
      for (let to = from; to <= texts.length; to++) {
        expect(joined(records.text(from, to)), `records ${from} to ${to}`).toBe(texts.slice(from, to).join(','));
      }
    }
  });

  it('gives nothing for an empty range, and no empty pieces', () => {
    expect(records.text(3, 3)).toEqual([]);
    for (let from = 0; from < texts.length; from++) expect(records.text(from, texts.length).every((piece) => piece.length > 0)).toBe(true);
  });

  it('holds little for a small result, and buffers that double up to the largest for a large one', () => {
    const small = new Records();
    small.add(encoder.encode('[{"longValue":1}]'));
    expect(small.held).toBe(16 * 1024);
    const large = new Records(64, 8);
    const record = encoder.encode('[1234567]'); // 10 bytes with its comma
    for (let i = 0; i < 40; i++) large.add(record);
    // 8 bytes cannot hold a record, so 10 (1 record), then 20 (2), 40 (4) and six of 64 (6 each).
    expect(large.held).toBe(10 + 20 + 40 + 64 * 6);
    expect(joined(large.text(0, 40))).toBe(Array(40).fill('[1234567]').join(','));
  });

  it('ends a page at the last record that fits its bytes or its count, never before the first', () => {
    // Each record is 10 bytes with its comma.
    const page = new Records();
    for (let i = 0; i < 10; i++) page.add(encoder.encode('[1234567]'));
    expect(page.pageEnd(0, 100, 30)).toBe(3);
    expect(page.pageEnd(0, 100, 29)).toBe(2);
    expect(page.pageEnd(4, 2, 1000)).toBe(6);
    expect(page.pageEnd(8, 100, 1000)).toBe(10);
    // A record larger than a page is a page of its own.
    expect(page.pageEnd(5, 100, 3)).toBe(6);
    expect(page.pageEnd(10, 100, 1000)).toBe(10);
    expect(new Records().pageEnd(0, 100, 1000)).toBe(0);
  });

  it('an empty result has no records', () => {
    expect(new Records().count).toBe(0);
    expect(new Records().text(0, 0)).toEqual([]);
  });
});
