// A COPY's progress as other sessions see it while it runs, paced by the file-latency fault.
// Columns as documented:
//   https://docs.aws.amazon.com/redshift/latest/dg/SYS_LOAD_HISTORY.html
//   https://docs.aws.amazon.com/redshift/latest/dg/SYS_LOAD_DETAIL.html

import { CancelStatementCommand, DescribeStatementCommand } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaults } from '../../src/local/faults.js';
import { TERMINAL, startHarness, until, type Harness } from './helpers.js';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'";
const FILES = 40;

async function putFiles(h: Harness, bucket: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await h.put(`${bucket}/part/${String(i).padStart(3, '0')}.json`, `{"n": ${i}}\n{"n": ${1000 + i}}`);
}

/** The statement's RedshiftQueryId, once it has one (it is given when the statement starts). */
async function queryIdOf(h: Harness, id: string): Promise<number> {
  await until(() => (h.ep.store.get(id).queryId ?? 0) > 0);
  return (await h.client.send(new DescribeStatementCommand({ Id: id }))).RedshiftQueryId!;
}

describe('file-latency=MS', () => {
  it('parses as a whole number of milliseconds', () => {
    expect(parseFaults('file-latency=25,latency=5').fileLatencyMs).toBe(25);
    expect(parseFaults('latency=5').fileLatencyMs).toBe(0);
    expect(() => parseFaults('file-latency=fast')).toThrow(FaultSpecError);
    expect(() => parseFaults('file-latncy=5')).toThrow(/file-latency=MS/);
  });
});

describe('a COPY watched while it runs (file-latency=50)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('load-progress', { faults: parseFaults('file-latency=50') });
    await putFiles(h, 'slow-bucket', FILES);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows file_count_scanned growing up to source_file_count, and a sys_load_detail row per file read', async () => {
    await h.ok('CREATE TABLE watched (n INT)');
    const id = await h.submit(`COPY watched FROM 's3://slow-bucket/part/' ${ROLE} FORMAT AS JSON 'auto'`);
    const queryId = await queryIdOf(h, id);
    const seen: { status: string; scanned: number; listed: number; details: number; rows: number }[] = [];
    while (!(TERMINAL as readonly string[]).includes(h.ep.store.get(id).status)) {
      // Another statement, on a session of its own, as a client watching the COPY would send it.
      const rows = await h.query(
        `SELECT h.status, h.file_count_scanned, h.source_file_count, (SELECT count(*) FROM sys_load_detail d WHERE d.query_id = h.query_id), h.loaded_rows
         FROM sys_load_history h WHERE h.query_id = ${queryId}`,
      );
      if (rows.length === 1) {
        const [status, scanned, listed, details, loaded] = rows[0] as [string, number, number, number, number];
        seen.push({ status, scanned, listed, details, rows: loaded });
      }
    }
    const running = seen.filter((s) => s.status === 'running');
    expect(running.length).toBeGreaterThanOrEqual(3);
    for (const [i, s] of running.entries()) {
      expect(s.scanned).toBeLessThanOrEqual(s.listed);
      expect(s.details).toBe(s.scanned);
      expect(s.rows).toBe(2 * s.scanned); // while it runs: the lines of the files read so far
      if (i > 0) expect(s.scanned).toBeGreaterThanOrEqual(running[i - 1]!.scanned);
    }
    expect(running.some((s) => s.listed === FILES && s.scanned > 0 && s.scanned < FILES)).toBe(true);
    expect(new Set(running.map((s) => s.scanned)).size).toBeGreaterThanOrEqual(2);

    expect((await h.wait(id)).Status).toBe('FINISHED');
    expect(await h.query(`SELECT status, file_count_scanned, source_file_count, loaded_rows FROM sys_load_history WHERE query_id = ${queryId}`)).toEqual([
      ['completed', FILES, FILES, 2 * FILES],
    ]);
    expect(await h.query('SELECT count(*) FROM watched')).toEqual([[2 * FILES]]);
  });

  it('a cancelled COPY is aborted, with the files it read before the cancel', async () => {
    await h.ok('CREATE TABLE cancelled_copy (n INT)');
    const id = await h.submit(`COPY cancelled_copy FROM 's3://slow-bucket/part/' ${ROLE} FORMAT AS JSON 'auto'`);
    const queryId = await queryIdOf(h, id);
    const scanned = async () => Number((await h.query(`SELECT file_count_scanned FROM sys_load_history WHERE query_id = ${queryId}`))[0]?.[0] ?? 0);
    for (let attempt = 0; attempt < 200 && (await scanned()) < 3; attempt++);
    await h.client.send(new CancelStatementCommand({ Id: id }));
    expect((await h.wait(id)).Status).toBe('ABORTED');
    const [[status, read, listed, loaded, end]] = (await h.query(
      `SELECT status, file_count_scanned, source_file_count, loaded_rows, end_time FROM sys_load_history WHERE query_id = ${queryId}`,
    )) as [[string, number, number, number, string | null]];
    expect([status, listed, loaded]).toEqual(['aborted', FILES, 0]);
    expect(read).toBeGreaterThanOrEqual(3);
    expect(read).toBeLessThan(FILES);
    expect(end).not.toBeNull();
    expect(await h.query(`SELECT count(*) FROM sys_load_detail WHERE query_id = ${queryId}`)).toEqual([[read]]);
    expect(await h.query('SELECT count(*) FROM cancelled_copy')).toEqual([[0]]);
  });
});

describe('a cancel during a long file-latency wait (file-latency=30000)', () => {
  it('ends the COPY at once, not when the wait is over', async () => {
    const h = await startHarness('load-cancel', { faults: parseFaults('file-latency=30000') });
    try {
      await putFiles(h, 'far-bucket', 2);
      await h.ok('CREATE TABLE far_copy (n INT)');
      const id = await h.submit(`COPY far_copy FROM 's3://far-bucket/part/' ${ROLE} FORMAT AS JSON 'auto'`);
      const queryId = await queryIdOf(h, id);
      const listed = async () => Number((await h.query(`SELECT source_file_count FROM sys_load_history WHERE query_id = ${queryId}`))[0]?.[0] ?? 0);
      for (let attempt = 0; attempt < 200 && (await listed()) !== 2; attempt++);
      const cancelled = Date.now();
      await h.client.send(new CancelStatementCommand({ Id: id }));
      expect((await h.wait(id)).Status).toBe('ABORTED');
      expect(Date.now() - cancelled).toBeLessThan(5000);
      expect(await h.query(`SELECT status, file_count_scanned FROM sys_load_history WHERE query_id = ${queryId}`)).toEqual([['aborted', 0]]);
    } finally {
      await h.close();
    }
  });
});

describe('a COPY of large files, which the engine reads itself', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('load-large');
    // Four files of about 20 MB: the line count of all four takes milliseconds, the load seconds.
    const line = (i: number) => `{"n": ${i}, "s": "${'x'.repeat(180)}"}\n`;
    for (let f = 0; f < 4; f++) await h.put(`large-bucket/part/${f}.json`, Array.from({ length: 100_000 }, (_, i) => line(f * 100_000 + i)).join(''));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows a file scanned once the engine is past it, not when a quick first pass has counted its lines', async () => {
    await h.ok('CREATE TABLE large_copy (n INT, s VARCHAR(256))');
    const id = await h.submit(`COPY large_copy FROM 's3://large-bucket/part/' ${ROLE} FORMAT AS JSON 'auto'`);
    const queryId = await queryIdOf(h, id);
    const running: number[] = [];
    while (!(TERMINAL as readonly string[]).includes(h.ep.store.get(id).status)) {
      const rows = await h.query(`SELECT status, file_count_scanned FROM sys_load_history WHERE query_id = ${queryId}`);
      if (rows[0]?.[0] === 'running') running.push(Number(rows[0][1]));
    }
    expect((await h.wait(id)).Status).toBe('FINISHED');
    // Part way through it shows some of the files, never all of them: the last shows when it ends.
    expect(running.some((files) => files > 0)).toBe(true);
    expect(Math.max(...running)).toBeLessThan(4);
    expect(await h.query(`SELECT status, file_count_scanned, loaded_rows FROM sys_load_history WHERE query_id = ${queryId}`)).toEqual([['completed', 4, 400_000]]);
  });

  it('a cancel stops the load in the engine: aborted, nothing loaded', async () => {
    await h.ok('CREATE TABLE large_cancelled (n INT, s VARCHAR(256))');
    const id = await h.submit(`COPY large_cancelled FROM 's3://large-bucket/part/' ${ROLE} FORMAT AS JSON 'auto'`);
    const queryId = await queryIdOf(h, id);
    // Once the engine is past a file, the first pass has long counted all four: the cancel must
    // reach the engine, and the history keep where it stopped.
    const scannedSoFar = async () => Number((await h.query(`SELECT file_count_scanned FROM sys_load_history WHERE query_id = ${queryId}`))[0]?.[0] ?? 0);
    for (let attempt = 0; attempt < 2000 && (await scannedSoFar()) < 1; attempt++);
    await h.client.send(new CancelStatementCommand({ Id: id }));
    expect((await h.wait(id)).Status).toBe('ABORTED');
    const [[status, loaded, scanned]] = (await h.query(`SELECT status, loaded_rows, file_count_scanned FROM sys_load_history WHERE query_id = ${queryId}`)) as [[string, number, number]];
    expect([status, loaded]).toEqual(['aborted', 0]);
    // Where the engine stopped, not every file the first pass counted.
    expect(scanned).toBeLessThan(4);
    expect(await h.query(`SELECT count(*) FROM sys_load_detail WHERE query_id = ${queryId}`)).toEqual([[scanned]]);
    expect(await h.query('SELECT count(*) FROM large_cancelled')).toEqual([[0]]);
  });
});
