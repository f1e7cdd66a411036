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

  it('an empty result has no records', () => {
    expect(new Records().count).toBe(0);
    expect(new Records().text(0, 0)).toEqual([]);
  });
});
