// Times are UTC on Redshift whatever the client machine's time zone (the engine's TimeZone is set
// to UTC and locked). This file runs
// the endpoint in a process whose TZ is far from UTC (set before DuckDB starts; vitest isolates
// each test file in its own process, so no other file sees it).

process.env.TZ = 'America/New_York';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('timezone');
});
afterAll(async () => {
  await h?.close();
});

async function offsetFromNowMs(expr: string): Promise<number> {
  const before = Date.now();
  const [[text]] = (await h.query(`SELECT ${expr}`)) as [[string]];
  return Date.parse(text.replace(' ', 'T') + 'Z') - before;
}

describe('with the host time zone America/New_York', () => {
  it('the process really runs in that zone (so the tests below can fail)', () => {
    expect(new Date(Date.UTC(2018, 10, 11, 12)).getHours()).toBe(7);
  });

  it('GETDATE() is still UTC (within a few seconds of now)', async () => {
    expect(Math.abs(await offsetFromNowMs('GETDATE()'))).toBeLessThan(3_000);
  });

  it('SYSDATE is still UTC (within a few seconds of now)', async () => {
    expect(Math.abs(await offsetFromNowMs('SYSDATE'))).toBeLessThan(3_000);
  });

  it("CAST(TIMESTAMPTZ '2018-11-11 02:33:56+00' AS TIMESTAMP) is '2018-11-11 02:33:56', as on a UTC cluster", async () => {
    expect(await h.query("SELECT CAST(TIMESTAMPTZ '2018-11-11 02:33:56+00' AS TIMESTAMP)")).toEqual([['2018-11-11 02:33:56']]);
  });

  it('CURRENT_DATE and a cast of now() follow UTC, not the host zone', async () => {
    const [[date, hour]] = (await h.query('SELECT CURRENT_DATE, EXTRACT(hour FROM CAST(GETDATE() AS TIMESTAMPTZ))')) as [[string, number]];
    expect(date).toBe(new Date().toISOString().slice(0, 10));
    expect(Number(hour)).toBe(new Date().getUTCHours());
  });

  it("TIMESTAMP 'epoch' arithmetic does not depend on the host zone", async () => {
    expect(await h.query("SELECT TIMESTAMP 'epoch' + 1541903636796/1000.0 * INTERVAL '1 second'")).toEqual([['2018-11-11 02:33:56.796']]);
  });
});
