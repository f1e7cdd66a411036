// COPY ... FROM 's3://...' FORMAT AS JSON from the S3 mirror: key matching, jsonpaths, the
// Sparkify file layouts, key prefixes, and the value options (EMPTYASNULL, TIMEFORMAT, ...).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedRows, ndjson, startHarness, type Harness } from './helpers.js';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'";

let h: Harness;
beforeAll(async () => {
  h = await startHarness('copy');
});
afterAll(async () => {
  await h?.close();
});

function copy(table: string, from: string, json = "'auto'", options = ''): string {
  return `COPY ${table} FROM '${from}' ${ROLE} FORMAT AS JSON ${json} REGION 'us-west-2' ${options}`.trim();
}

describe("FORMAT AS JSON 'auto' and 'auto ignorecase'", () => {
  beforeAll(async () => {
    await h.put('keys/events.json', ndjson([{ userId: '7', artist: 'Muse' }, { userId: '8', artist: 'Björk' }]));
  });

  it("'auto' matches keys to columns case-sensitively: key userId does not fill column userid", async () => {
    await h.ok('CREATE TABLE auto_cs (userid VARCHAR(10), artist VARCHAR(50))');
    const d = await h.ok(copy('auto_cs', 's3://keys/events.json'));
    expect(await loadedRows(h, d)).toBe(2);
    expect(await h.query('SELECT userid, artist FROM auto_cs ORDER BY artist')).toEqual([
      [null, 'Björk'],
      [null, 'Muse'],
    ]);
  });

  it("'auto ignorecase' matches key userId to column userid", async () => {
    await h.ok('CREATE TABLE auto_ic (userid VARCHAR(10), artist VARCHAR(50))');
    const d = await h.ok(copy('auto_ic', 's3://keys/events.json', "'auto ignorecase'"));
    expect(await loadedRows(h, d)).toBe(2);
    expect(await h.query('SELECT userid, artist FROM auto_ic ORDER BY userid')).toEqual([
      ['7', 'Muse'],
      ['8', 'Björk'],
    ]);
  });

  it("'auto' fills columns whose names equal the keys, and leaves absent keys NULL", async () => {
    await h.put('keys2/a.json', ndjson([{ artist: 'A', length: 215.5 }, { artist: 'B' }]));
    await h.ok('CREATE TABLE auto_absent (artist VARCHAR(10), length DOUBLE PRECISION)');
    await h.ok(copy('auto_absent', 's3://keys2/a.json'));
    expect(await h.query('SELECT artist, length FROM auto_absent ORDER BY artist')).toEqual([
      ['A', 215.5],
      ['B', null],
    ]);
  });

  it('the older CREDENTIALS form is accepted, and COMPUPDATE OFF STATUPDATE OFF are ignored', async () => {
    await h.ok('CREATE TABLE auto_creds (artist VARCHAR(50))');
    const d = await h.run(
      "COPY auto_creds FROM 's3://keys/events.json' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/dwhRole' " +
        "FORMAT AS JSON 'auto' COMPUPDATE OFF STATUPDATE OFF REGION 'us-west-2'",
    );
    expect(d.Error).toBeUndefined();
    expect(await loadedRows(h, d)).toBe(2);
  });

  it('a column list loads only the listed columns', async () => {
    await h.ok('CREATE TABLE auto_list (artist VARCHAR(50), userid VARCHAR(10), note VARCHAR(10))');
    await h.ok(`COPY auto_list (artist) FROM 's3://keys/events.json' ${ROLE} FORMAT AS JSON 'auto'`);
    expect(await h.query('SELECT artist, userid, note FROM auto_list ORDER BY artist')).toEqual([
      ['Björk', null, null],
      ['Muse', null, null],
    ]);
  });
});

describe('jsonpaths', () => {
  it('maps the n-th path to the n-th column, including a nested path', async () => {
    await h.put(
      'paths/data/records.json',
      ndjson([
        { song: { title: 'Intro', year: 2001 }, artist: 'X', len: 1.5 },
        { song: { title: 'Outro', year: 2002 }, artist: 'Y', len: 2.5 },
      ]),
    );
    const paths = await h.put('paths/paths.json', JSON.stringify({ jsonpaths: ["$['artist']", "$['song']['title']", "$['len']", '$.song.year'] }));
    await h.ok('CREATE TABLE jp_t (who VARCHAR(10), title VARCHAR(20), seconds DOUBLE PRECISION, yr INT)');
    const d = await h.ok(copy('jp_t', 's3://paths/data/', `'${paths}'`));
    expect(await loadedRows(h, d)).toBe(2);
    expect(await h.query('SELECT who, title, seconds, yr FROM jp_t ORDER BY who')).toEqual([
      ['X', 'Intro', 1.5, 2001],
      ['Y', 'Outro', 2.5, 2002],
    ]);
  });

  it('maps by position, not by name: keys may differ in case from the columns', async () => {
    await h.put('paths2/data/e.json', ndjson([{ userId: '42', firstName: 'Ann' }]));
    const paths = await h.put('paths2/p.json', JSON.stringify({ jsonpaths: ["$['firstName']", "$['userId']"] }));
    await h.ok('CREATE TABLE jp_pos (first_name VARCHAR(20), user_id VARCHAR(10))');
    await h.ok(copy('jp_pos', 's3://paths2/data/e.json', `'${paths}'`));
    expect(await h.query('SELECT first_name, user_id FROM jp_pos')).toEqual([['Ann', '42']]);
  });

  it('a jsonpaths count different from the column count fails with an Error naming both counts', async () => {
    await h.put('paths3/data/e.json', ndjson([{ a: '1', b: '2' }]));
    const paths = await h.put('paths3/p.json', JSON.stringify({ jsonpaths: ["$['a']", "$['b']"] }));
    await h.ok('CREATE TABLE jp_count (a VARCHAR(5), b VARCHAR(5), c VARCHAR(5))');
    const d = await h.run(copy('jp_count', 's3://paths3/data/', `'${paths}'`));
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(/JSONPath size: 2\b/);
    expect(d.Error).toMatch(/columns in table or column list: 3\b/);
    expect(await h.query('SELECT count(*) FROM jp_count')).toEqual([[0]]);
  });

  it('a jsonpaths file that does not exist fails the COPY', async () => {
    await h.ok('CREATE TABLE jp_missing (a VARCHAR(5))');
    const d = await h.run(copy('jp_missing', 's3://paths3/data/', "'s3://paths3/nope.json'"));
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toContain('s3://paths3/nope.json');
  });
});

describe('the Sparkify layouts', () => {
  const songKeys = (i: number) => ({
    num_songs: 1,
    artist_id: `AR${String(i).padStart(4, '0')}`,
    artist_latitude: i % 3 === 0 ? null : 35.1 + i,
    artist_longitude: i % 3 === 0 ? null : -90.2 - i,
    artist_location: i % 2 === 0 ? '' : 'Memphis, TN',
    artist_name: i === 1 ? "Des'ree" : i === 2 ? 'Clementina Santafè' : `Artist ${i}`,
    song_id: `SO${String(i).padStart(4, '0')}`,
    title: `Song "${i}"`,
    duration: 200 + i / 8,
    year: i % 4 === 0 ? 0 : 1990 + i,
  });
  const SONG_DDL = `CREATE TABLE staging_songs_%s (num_songs INT, artist_id VARCHAR(32), artist_latitude FLOAT, artist_longitude FLOAT,
    artist_location VARCHAR(256), artist_name VARCHAR(256), song_id VARCHAR(32), title VARCHAR(256), duration FLOAT, year INT)`;

  describe('song files', () => {
    // Loaded once for both tests below, so that neither depends on the other having run.
    let loaded: Awaited<ReturnType<Harness['ok']>>;
    beforeAll(async () => {
      const folders = ['A/A/A', 'A/A/B', 'A/B/C', 'B/C/D'];
      for (let i = 1; i <= 24; i++) {
        const folder = folders[i % folders.length];
        await h.put(`songs/song_data/${folder}/TR${folder!.replaceAll('/', '')}${String(i).padStart(3, '0')}.json`, JSON.stringify(songKeys(i)));
      }
      await h.ok(SONG_DDL.replace('%s', 'a'));
      loaded = await h.ok(copy('staging_songs_a', 's3://songs/song_data'));
    });

    it('(one object per file, no trailing newline, nested folders A/B/C/) all load', async () => {
      expect(await loadedRows(h, loaded)).toBe(24);
      expect(await h.query('SELECT count(*), count(DISTINCT song_id), sum(CASE WHEN year = 0 THEN 1 ELSE 0 END) FROM staging_songs_a')).toEqual([
        [24, 24, 6],
      ]);
    });

    it('keep their values: quotes, non-ASCII, empty location, null latitude, float duration', async () => {
      const rows = await h.query(
        "SELECT artist_name, title, artist_location, artist_latitude, duration FROM staging_songs_a WHERE song_id IN ('SO0001', 'SO0002', 'SO0003') ORDER BY song_id",
      );
      expect(rows).toEqual([
        ["Des'ree", 'Song "1"', 'Memphis, TN', 36.1, 200.125],
        ['Clementina Santafè', 'Song "2"', '', 37.1, 200.25],
        ['Artist 3', 'Song "3"', 'Memphis, TN', null, 200.375],
      ]);
    });
  });

  it('log files (NDJSON, no trailing newline) all load with the right counts', async () => {
    const sizes = [5, 6, 7];
    for (const [d, n] of sizes.entries()) {
      const events = Array.from({ length: n }, (_, i) => ({
        artist: i % 2 ? null : 'Muse',
        auth: 'Logged In',
        firstName: 'Ann',
        itemInSession: i,
        length: i % 2 ? null : 215.5,
        page: i % 2 ? 'Home' : 'NextSong',
        registration: 1540919166796.0,
        sessionId: 100 + d,
        ts: 1541903636796 + i,
        userAgent: '"Mozilla/5.0 (Windows NT 6.1)"',
        userId: String(10 + i),
      }));
      await h.put(`logs/log_data/2018/11/2018-11-0${d + 1}-events.json`, ndjson(events));
    }
    await h.ok(`CREATE TABLE staging_log (artist VARCHAR(256), auth VARCHAR(32), firstname VARCHAR(64), iteminsession INT,
      length FLOAT, page VARCHAR(32), registration FLOAT, sessionid INT, ts BIGINT, useragent VARCHAR(256), userid VARCHAR(16))`);
    const d = await h.ok(copy('staging_log', 's3://logs/log_data', "'auto ignorecase'"));
    expect(await loadedRows(h, d)).toBe(18);
    expect(await h.query("SELECT count(*), count(DISTINCT ts) FROM staging_log WHERE page = 'NextSong'")).toEqual([[10, 4]]);
    expect(await h.query('SELECT useragent, registration FROM staging_log LIMIT 1')).toEqual([['"Mozilla/5.0 (Windows NT 6.1)"', 1540919166796]]);
  });

  it('more than 64 files (the path that joins files first) loads every record exactly once', async () => {
    for (let i = 0; i < 200; i++) {
      // Most files lack a trailing newline; every tenth has one; every fiftieth holds two records.
      const records = i % 50 === 0 ? [{ n: i }, { n: 1000 + i }] : [{ n: i }];
      await h.put(`many/part/${String(i).padStart(4, '0')}.json`, ndjson(records) + (i % 10 === 0 ? '\n' : ''));
    }
    await h.ok('CREATE TABLE many_t (n INT)');
    const d = await h.ok(copy('many_t', 's3://many/part/'));
    expect(await loadedRows(h, d)).toBe(204);
    const expectedSum = (199 * 200) / 2 + 1000 * 4 + (0 + 50 + 100 + 150);
    expect(await h.query('SELECT count(*), count(DISTINCT n), sum(n) FROM many_t')).toEqual([[204, 204, expectedSum]]);
  });

  it('more than 64 files where one is pretty-printed and one is NDJSON still load every record', async () => {
    for (let i = 0; i < 80; i++) await h.put(`mixed/part/${String(i).padStart(3, '0')}.json`, JSON.stringify({ n: i }));
    await h.put('mixed/part/040-pretty.json', JSON.stringify({ n: 1000 }, null, 2));
    await h.put('mixed/part/041-ndjson.json', ndjson([{ n: 2000 }, { n: 3000 }]));
    await h.ok('CREATE TABLE mixed_t (n INT)');
    const d = await h.ok(copy('mixed_t', 's3://mixed/part/'));
    expect(await loadedRows(h, d)).toBe(83);
    expect(await h.query('SELECT count(DISTINCT n), sum(n) FROM mixed_t')).toEqual([[83, (79 * 80) / 2 + 6000]]);
  });

  it('a pretty-printed (multi-line) JSON object file loads correctly', async () => {
    const song = songKeys(5);
    await h.put('pretty/song_data/X/TRPRETTY.json', JSON.stringify(song, null, 2));
    await h.put('pretty/song_data/X/TRPRETTY2.json', JSON.stringify(songKeys(6), null, 4) + '\n');
    await h.ok(SONG_DDL.replace('%s', 'pretty'));
    const d = await h.ok(copy('staging_songs_pretty', 's3://pretty/song_data/'));
    expect(await loadedRows(h, d)).toBe(2);
    expect(await h.query('SELECT song_id, artist_id, title, duration, year FROM staging_songs_pretty ORDER BY song_id')).toEqual([
      ['SO0005', 'AR0005', 'Song "5"', 200.625, 1995],
      ['SO0006', 'AR0006', 'Song "6"', 200.75, 1996],
    ]);
  });
});

describe('FROM is a key prefix', () => {
  beforeAll(async () => {
    for (let day = 1; day <= 12; day++) {
      const dd = String(day).padStart(2, '0');
      await h.put(`prefix/log_data/2018/11/2018-11-${dd}-events.json`, ndjson([{ day }]));
    }
    await h.put('prefix/song_data/A/one.json', JSON.stringify({ day: 100 }));
    await h.put('prefix/songs_extra/two.json', JSON.stringify({ day: 200 }));
  });

  it("'s3://b/log_data/2018/11/2018-11-0' loads only days 01 to 09", async () => {
    await h.ok('CREATE TABLE prefix_days (day INT)');
    const d = await h.ok(copy('prefix_days', 's3://prefix/log_data/2018/11/2018-11-0'));
    expect(await loadedRows(h, d)).toBe(9);
    expect(await h.query('SELECT min(day), max(day), count(*) FROM prefix_days')).toEqual([[1, 9, 9]]);
  });

  it("the prefix 'song' also matches the sibling folder 'songs_extra/'", async () => {
    await h.ok('CREATE TABLE prefix_song (day INT)');
    const d = await h.ok(copy('prefix_song', 's3://prefix/song'));
    expect(await loadedRows(h, d)).toBe(2);
    expect(await h.query('SELECT day FROM prefix_song ORDER BY day')).toEqual([[100], [200]]);
  });

  it("the prefix 'song_data/' does not match 'songs_extra/'", async () => {
    await h.ok('CREATE TABLE prefix_song_data (day INT)');
    expect(await loadedRows(h, await h.ok(copy('prefix_song_data', 's3://prefix/song_data/')))).toBe(1);
  });

  it('a prefix that names one object exactly loads that object', async () => {
    await h.ok('CREATE TABLE prefix_exact (day INT)');
    const d = await h.ok(copy('prefix_exact', 's3://prefix/log_data/2018/11/2018-11-12-events.json'));
    expect(await loadedRows(h, d)).toBe(1);
    expect(await h.query('SELECT day FROM prefix_exact')).toEqual([[12]]);
  });

  it.each([
    ['a missing folder', 's3://prefix/log_data/2019/'],
    ['a name prefix that matches nothing', 's3://prefix/log_data/2018/11/2018-12-'],
    ['a bucket that does not exist', 's3://no-such-bucket/anything'],
  ])('%s FAILS with "The specified S3 prefix"', async (_what, from) => {
    await h.ok('CREATE TABLE IF NOT EXISTS prefix_none (day INT)');
    const d = await h.run(copy('prefix_none', from));
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toContain('The specified S3 prefix');
  });
});

describe('value options', () => {
  it('an empty string loads as NULL into numeric columns, and stays an empty string in VARCHAR', async () => {
    await h.put('values/empty.json', ndjson([{ n: '', i: '', d: '', dec: '', s: '', b: 5 }]));
    await h.ok('CREATE TABLE empty_num (n BIGINT, i INT, d DOUBLE PRECISION, dec DECIMAL(10,2), s VARCHAR(10), b INT)');
    await h.ok(copy('empty_num', 's3://values/empty.json'));
    expect(await h.query('SELECT n, i, d, dec, s, b FROM empty_num')).toEqual([[null, null, null, null, '', 5]]);
  });

  it("EMPTYASNULL makes '' NULL in VARCHAR columns", async () => {
    await h.put('values/strings.json', ndjson([{ s: '', t: 'x' }]));
    await h.ok('CREATE TABLE empty_as_null (s VARCHAR(10), t VARCHAR(10))');
    await h.ok(copy('empty_as_null', 's3://values/strings.json', "'auto'", 'EMPTYASNULL'));
    expect(await h.query('SELECT s, t FROM empty_as_null')).toEqual([[null, 'x']]);
  });

  it("without EMPTYASNULL '' stays ''", async () => {
    await h.ok('CREATE TABLE empty_kept (s VARCHAR(10), t VARCHAR(10))');
    await h.ok(copy('empty_kept', 's3://values/strings.json'));
    expect(await h.query('SELECT s, s IS NULL, t FROM empty_kept')).toEqual([['', false, 'x']]);
  });

  it("TIMEFORMAT 'epochmillisecs' reads 1541903636796 as TIMESTAMP '2018-11-11 02:33:56.796'", async () => {
    await h.put('values/ts.json', ndjson([{ ts: 1541903636796 }, { ts: 1541903637000 }]));
    await h.ok('CREATE TABLE ts_ms (ts TIMESTAMP)');
    await h.ok(copy('ts_ms', 's3://values/ts.json', "'auto'", "TIMEFORMAT 'epochmillisecs'"));
    expect(await h.query('SELECT ts FROM ts_ms ORDER BY ts')).toEqual([['2018-11-11 02:33:56.796'], ['2018-11-11 02:33:57']]);
  });

  it('TRUNCATECOLUMNS cuts a long string to the VARCHAR(n) limit', async () => {
    await h.put('values/long.json', ndjson([{ s: 'abcdefgh' }, { s: 'abc' }]));
    await h.ok('CREATE TABLE trunc_t (s VARCHAR(5))');
    const d = await h.ok(copy('trunc_t', 's3://values/long.json', "'auto'", 'TRUNCATECOLUMNS'));
    expect(await loadedRows(h, d)).toBe(2);
    expect(await h.query('SELECT s FROM trunc_t ORDER BY s')).toEqual([['abc'], ['abcde']]);
  });

  it('TRUNCATECOLUMNS keeps multi-byte values that already fit the byte limit', async () => {
    await h.put('values/multibyte-ok.json', ndjson([{ s: 'aéé' }, { s: 'éé' }])); // 5 and 4 bytes
    await h.ok('CREATE TABLE trunc_mb_ok (s VARCHAR(5))');
    await h.ok(copy('trunc_mb_ok', 's3://values/multibyte-ok.json', "'auto'", 'TRUNCATECOLUMNS'));
    expect(await h.query('SELECT s FROM trunc_mb_ok ORDER BY s')).toEqual([['aéé'], ['éé']]);
  });

  // The limit counts bytes, not characters: 'ééé' (6 bytes) becomes 'éé' (4 bytes), as on Redshift.
  it('TRUNCATECOLUMNS cuts a multi-byte value to the byte limit without splitting a character', async () => {
    await h.put('values/multibyte.json', ndjson([{ s: 'ééé' }, { s: 'abcdéf' }])); // 6 and 7 bytes
    await h.ok('CREATE TABLE trunc_mb (s VARCHAR(5))');
    const d = await h.run(copy('trunc_mb', 's3://values/multibyte.json', "'auto'", 'TRUNCATECOLUMNS'));
    expect(d.Error).toBeUndefined();
    expect(await loadedRows(h, d)).toBe(2);
    const rows = (await h.query('SELECT s FROM trunc_mb ORDER BY s')).map(([s]) => s as string);
    expect(rows).toEqual(['abcd', 'éé']);
    for (const s of rows) expect(Buffer.byteLength(s)).toBeLessThanOrEqual(5);
  });

  it('JSON numbers, booleans and nulls load into typed columns', async () => {
    await h.put('values/typed.json', ndjson([{ i: 3, f: 2.5, b: true, s: 'x', n: null }]));
    await h.ok('CREATE TABLE typed_t (i INT, f DOUBLE PRECISION, b BOOLEAN, s VARCHAR(5), n INT)');
    await h.ok(copy('typed_t', 's3://values/typed.json'));
    expect(await h.query('SELECT i, f, b, s, n FROM typed_t')).toEqual([[3, 2.5, true, 'x', null]]);
  });

  it('a COPY has ResultRows 0 and no result set, as on Redshift; its rows loaded are in sys_load_history; a second COPY appends', async () => {
    await h.put('values/three.json', ndjson([{ n: 1 }, { n: 2 }, { n: 3 }]));
    await h.ok('CREATE TABLE rows_t (n INT)');
    const first = await h.ok(copy('rows_t', 's3://values/three.json'));
    expect(first.ResultRows).toBe(0);
    expect(first.HasResultSet).toBe(false);
    expect(await loadedRows(h, first)).toBe(3);
    expect(await loadedRows(h, await h.ok(copy('rows_t', 's3://values/three.json')))).toBe(3);
    expect(await h.query('SELECT count(*) FROM rows_t')).toEqual([[6]]);
  });

  it('a COPY into an IDENTITY table without a column list keeps the identity generating', async () => {
    await h.put('values/ident.json', ndjson([{ v: 'a' }, { v: 'b' }]));
    await h.ok('CREATE TABLE ident_copy (id INT IDENTITY(0,1), v VARCHAR(5))');
    await h.ok(copy('ident_copy', 's3://values/ident.json'));
    expect(await h.query('SELECT count(DISTINCT id), min(id), max(id) FROM ident_copy')).toEqual([[2, 0, 1]]);
  });

  it('a COPY inside a TRANSACTION batch with good data commits with the table', async () => {
    const { BatchExecuteStatementCommand } = await import('@aws-sdk/client-redshift-data');
    const out = await h.client.send(
      new BatchExecuteStatementCommand({
        ClusterIdentifier: 'local',
        Database: 'dev',
        Sqls: ['CREATE TABLE tx_copy_ok (n INT)', copy('tx_copy_ok', 's3://values/three.json')],
      }),
    );
    const d = await h.wait(out.Id!);
    expect(d.Status).toBe('FINISHED');
    expect(await loadedRows(h, d.SubStatements![1]!)).toBe(3);
    expect(await h.query('SELECT count(*) FROM tx_copy_ok')).toEqual([[3]]);
  });
});
