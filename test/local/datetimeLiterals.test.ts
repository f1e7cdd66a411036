// Redshift's date and timestamp literal forms read into the engine's (r_Date_and_time_literals.html);
// the whole statements are in conformance.test.ts.

import { describe, expect, it } from 'vitest';
import { engineDatetime } from '../../src/local/datetimeLiterals.js';

describe('engineDatetime', () => {
  it('leaves what the engine reads as it is, and what is in no Redshift form', () => {
    for (const text of ['1999-01-08', '1999-01-08 04:05:06', '1999-01-08T04:05:06', 'nonsense', '1999/01/08', '2018-11-05 04:05:06+00']) {
      expect(engineDatetime(text, 'TIMESTAMP'), text).toBeUndefined();
    }
    expect(engineDatetime('1999-01-08', 'DATE')).toBeUndefined();
  });

  it('reads a two-digit year as 2000 to 2069 below 70, and 1970 to 1999 from 70', () => {
    expect(engineDatetime('01/02/00', 'DATE')).toBe('2000-01-02');
    expect(engineDatetime('12/31/69', 'DATE')).toBe('2069-12-31');
    expect(engineDatetime('1/1/70', 'DATE')).toBe('1970-01-01');
    expect(engineDatetime('991231', 'DATE')).toBe('1999-12-31');
  });

  it('reads 12 AM as midnight and 12 PM as noon, and no hour past 12 before AM or PM', () => {
    expect(engineDatetime('20080215 12:00 AM', 'TIMESTAMP')).toBe('2008-02-15 00:00:00');
    expect(engineDatetime('20080215 12:30 PM', 'TIMESTAMP')).toBe('2008-02-15 12:30:00');
    expect(engineDatetime('20080215 13:05 PM', 'TIMESTAMP')).toBeUndefined();
    expect(engineDatetime('20080215 24:00', 'TIMESTAMP')).toBeUndefined();
  });

  it('counts the days of a year from 001, up to 365 in a common year', () => {
    expect(engineDatetime('2008.001', 'DATE')).toBe('2008-01-01');
    expect(engineDatetime('2008.366', 'DATE')).toBe('2008-12-31');
    expect(engineDatetime('2007.366', 'DATE')).toBeUndefined();
  });

  it('names months in full or by three letters, in any case', () => {
    expect(engineDatetime('SEPTEMBER 9, 2018', 'DATE')).toBe('2018-09-09');
    expect(engineDatetime('9-sep-2018', 'DATE')).toBe('2018-09-09');
    expect(engineDatetime('Sept 9, 2018', 'DATE')).toBeUndefined();
  });

  it("refuses a day past its month's end in Redshift's words, naming the text as written", () => {
    expect(() => engineDatetime('2/29/2018', 'DATE')).toThrow('date/time field value out of range: "2/29/2018"');
    expect(engineDatetime('2/29/2016', 'DATE')).toBe('2016-02-29');
  });

  it('gives a DATE no time', () => {
    expect(engineDatetime('1/8/1999 04:05', 'DATE')).toBeUndefined();
  });
});
