// Redshift SQL on the local warehouse: each construct the pipeline may rely on gives the result
// Redshift gives.
//
// This file runs in UTC (set before DuckDB starts; vitest isolates each file in its own process);
// timezone.test.ts checks what happens when the host is not in UTC.
process.env.TZ = 'UTC';

import { GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numbers, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('dialect');
});
afterAll(async () => {
  await h?.close();
});

async function value(expr: string) {
  const rows = await h.query(`SELECT ${expr} AS v`);
  return rows[0]![0];
}

describe('arithmetic', () => {
  it('7/2 is integer division: 3', async () => {
    expect(await value('7/2')).toBe(3);
  });

  it('-7/2 truncates toward zero: -3', async () => {
    expect(await value('-7/2')).toBe(-3);
  });

  it('7/2.0 divides exactly: 3.5', async () => {
    expect(Number(await value('7/2.0'))).toBe(3.5);
  });

  // Redshift's AVG returns BIGINT for any integer argument (r_AVG.html): AVG of 1 and 2 is 1.
  it('AVG of an integer column is a truncated BIGINT, as on Redshift: avg(1, 2) = 1', async () => {
    await h.ok('CREATE TABLE avg_t (a INT)');
    await h.ok('INSERT INTO avg_t VALUES (1), (2)');
    expect(await h.query('SELECT avg(a) FROM avg_t')).toEqual([[1]]);
  });

  it('integer columns divide as integers too', async () => {
    await h.ok('CREATE TABLE div_t (a INT, b BIGINT)');
    await h.ok('INSERT INTO div_t VALUES (7, 2)');
    expect(await h.query('SELECT a / b FROM div_t')).toEqual([[3]]);
  });
});

describe('epoch milliseconds to timestamps', () => {
  it("TIMESTAMP 'epoch' + ms/1000 * INTERVAL '1 second' drops the milliseconds (integer division)", async () => {
    expect(await value("TIMESTAMP 'epoch' + 1541903636796/1000 * INTERVAL '1 second'")).toBe('2018-11-11 02:33:56');
  });

  it("TIMESTAMP 'epoch' + ms/1000.0 * INTERVAL '1 second' keeps the milliseconds", async () => {
    expect(await value("TIMESTAMP 'epoch' + 1541903636796/1000.0 * INTERVAL '1 second'")).toBe('2018-11-11 02:33:56.796');
  });

  it('the same expression over a BIGINT column keeps the milliseconds with /1000.0', async () => {
    await h.ok('CREATE TABLE ts_src (ts BIGINT)');
    await h.ok('INSERT INTO ts_src VALUES (1541903636796)');
    expect(await h.query("SELECT TIMESTAMP 'epoch' + ts/1000.0 * INTERVAL '1 second' FROM ts_src")).toEqual([['2018-11-11 02:33:56.796']]);
  });
});

describe('EXTRACT on 2018-11-18 13:45:10 (a Sunday, ISO week 46)', () => {
  const ts = "TIMESTAMP '2018-11-18 13:45:10'";
  it.each([
    ['hour', 13],
    ['day', 18],
    ['week', 46],
    ['month', 11],
    ['year', 2018],
    ['dow', 0],
    ['weekday', 0],
    ['dw', 0],
    ['minute', 45],
  ])('EXTRACT(%s) is %i', async (part, expected) => {
    expect(Number(await value(`EXTRACT(${part} FROM ${ts})`))).toBe(expected);
  });

  it('dow of a Saturday (2018-11-17) is 6', async () => {
    expect(Number(await value("EXTRACT(dow FROM TIMESTAMP '2018-11-17 00:00:00')"))).toBe(6);
  });

  it('DATE_PART with a synonym (dw) works too', async () => {
    expect(Number(await value(`DATE_PART('dw', ${ts})`))).toBe(0);
  });
});

describe('GETDATE()', () => {
  it('has whole seconds and is close to now, in UTC', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const text = (await value('GETDATE()')) as string;
    const after = Date.now();
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const at = Date.parse(text.replace(' ', 'T') + 'Z');
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(after + 1000);
  });

  it('is typed timestamp', async () => {
    const d = await h.ok('SELECT GETDATE() AS now');
    const rows = await h.client.send(new GetStatementResultCommand({ Id: d.Id! }));
    expect(rows.ColumnMetadata?.[0]?.typeName).toBe('timestamp');
  });
});

describe('CREATE TABLE with Redshift attributes is accepted', () => {
  it.each([
    ['DISTSTYLE ALL', 'CREATE TABLE attr_all (a INT, b VARCHAR(10)) DISTSTYLE ALL'],
    ['DISTSTYLE EVEN', 'CREATE TABLE attr_even (a INT) DISTSTYLE EVEN'],
    ['DISTSTYLE KEY DISTKEY(col)', 'CREATE TABLE attr_key (a INT, b INT) DISTSTYLE KEY DISTKEY(a)'],
    ['DISTKEY(col) table attribute', 'CREATE TABLE attr_distkey (a INT, b INT) DISTKEY(b)'],
    ['COMPOUND SORTKEY(a,b)', 'CREATE TABLE attr_compound (a INT, b INT, c INT) COMPOUND SORTKEY(a, b)'],
    ['INTERLEAVED SORTKEY(a,b)', 'CREATE TABLE attr_interleaved (a INT, b INT) INTERLEAVED SORTKEY(a, b)'],
    ['SORTKEY(col)', 'CREATE TABLE attr_sortkey (a INT, b INT) SORTKEY(a)'],
    ['column ENCODE zstd', 'CREATE TABLE attr_encode (a INT ENCODE az64, b VARCHAR(10) ENCODE zstd)'],
    ['column DISTKEY and SORTKEY', 'CREATE TABLE attr_colkeys (a INT NOT NULL DISTKEY, b TIMESTAMP NOT NULL SORTKEY)'],
    ['column PRIMARY KEY', 'CREATE TABLE attr_pk (a INT PRIMARY KEY, b VARCHAR(5))'],
    ['table PRIMARY KEY constraint', 'CREATE TABLE attr_tpk (a INT, b INT, PRIMARY KEY (a))'],
    ['IF NOT EXISTS with everything', 'CREATE TABLE IF NOT EXISTS attr_all2 (a INT PRIMARY KEY ENCODE zstd SORTKEY, b VARCHAR(10) NOT NULL DISTKEY) DISTSTYLE KEY'],
    ['IDENTITY(0,1) with a sort key', 'CREATE TABLE attr_ident (id INT IDENTITY(0,1) PRIMARY KEY, a INT) SORTKEY(id)'],
  ])('%s', async (_what, ddl) => {
    const d = await h.run(ddl);
    expect(d.Error).toBeUndefined();
    expect(d.Status).toBe('FINISHED');
    const table = /TABLE (?:IF NOT EXISTS )?(\w+)/.exec(ddl)![1]!;
    expect(await h.query(`SELECT count(*) FROM ${table}`)).toEqual([[0]]);
  });

  it('the columns keep their names and order', async () => {
    await h.ok('CREATE TABLE attr_cols (user_id INT NOT NULL SORTKEY, level VARCHAR(10) ENCODE zstd, start_time TIMESTAMP) DISTSTYLE ALL');
    expect(await h.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'attr_cols' ORDER BY ordinal_position")).toEqual([
      ['user_id'],
      ['level'],
      ['start_time'],
    ]);
  });

  it('PRIMARY KEY is not enforced: duplicate keys insert fine, as on Redshift', async () => {
    await h.ok('CREATE TABLE pk_dupes (user_id INT PRIMARY KEY, level VARCHAR(10))');
    const d = await h.run("INSERT INTO pk_dupes VALUES (1, 'free'), (1, 'paid')");
    expect(d.Status).toBe('FINISHED');
    expect(await h.query('SELECT count(*) FROM pk_dupes WHERE user_id = 1')).toEqual([[2]]);
  });

  it('a table PRIMARY KEY constraint is not enforced either', async () => {
    await h.ok('CREATE TABLE pk_dupes2 (a INT, b INT, PRIMARY KEY (a))');
    await h.ok('INSERT INTO pk_dupes2 VALUES (1, 1)');
    expect((await h.run('INSERT INTO pk_dupes2 VALUES (1, 2)')).Status).toBe('FINISHED');
    expect(await h.query('SELECT count(*) FROM pk_dupes2')).toEqual([[2]]);
  });
});

describe('IDENTITY', () => {
  it('IDENTITY(0,1) generates 0, 1, 2', async () => {
    await h.ok('CREATE TABLE ident_a (id BIGINT IDENTITY(0,1), v VARCHAR(5))');
    await h.ok("INSERT INTO ident_a (v) VALUES ('a'), ('b'), ('c')");
    expect(await h.query('SELECT id, v FROM ident_a ORDER BY id')).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('after DROP TABLE and CREATE TABLE again the identity starts again at its seed', async () => {
    await h.ok('CREATE TABLE ident_b (id INT IDENTITY(0,1), v INT)');
    await h.ok('INSERT INTO ident_b (v) VALUES (1), (2), (3)');
    await h.ok('DROP TABLE ident_b');
    await h.ok('CREATE TABLE ident_b (id INT IDENTITY(0,1), v INT)');
    await h.ok('INSERT INTO ident_b (v) VALUES (10), (20)');
    expect(await h.query('SELECT id, v FROM ident_b ORDER BY id')).toEqual([
      [0, 10],
      [1, 20],
    ]);
  });

  it('DROP TABLE IF EXISTS + CREATE in one statement text restarts the identity too', async () => {
    await h.ok('CREATE TABLE ident_c (id INT IDENTITY(0,1), v INT)');
    await h.ok('INSERT INTO ident_c (v) VALUES (1), (2)');
    await h.ok('DROP TABLE IF EXISTS ident_c; CREATE TABLE ident_c (id INT IDENTITY(0,1), v INT)');
    await h.ok('INSERT INTO ident_c (v) VALUES (7)');
    expect(await h.query('SELECT id, v FROM ident_c')).toEqual([[0, 7]]);
  });

  it('IDENTITY(1,1) starts at 1', async () => {
    await h.ok('CREATE TABLE ident_d (id INT IDENTITY(1,1), v INT)');
    await h.ok('INSERT INTO ident_d (v) VALUES (5), (6)');
    expect(await h.query('SELECT id FROM ident_d ORDER BY id')).toEqual([[1], [2]]);
  });

  it('INSERT ... SELECT fills an identity column with distinct values', async () => {
    await h.ok('CREATE TABLE ident_e (id BIGINT IDENTITY(0,1), v INT)');
    await h.ok(`INSERT INTO ident_e (v) ${numbers(100)}`);
    expect(await h.query('SELECT count(DISTINCT id), min(id), max(id) FROM ident_e')).toEqual([[100, 0, 99]]);
  });
});

describe('column types', () => {
  it('FLOAT is 8 bytes: 0.1 round-trips as 0.1, not 0.10000000149', async () => {
    await h.ok('CREATE TABLE float_t (x FLOAT)');
    await h.ok('INSERT INTO float_t VALUES (0.1)');
    expect(await h.query('SELECT x FROM float_t')).toEqual([[0.1]]);
  });

  it('a registration such as 1540919166796.0 survives a FLOAT column exactly', async () => {
    await h.ok('CREATE TABLE float_r (registration FLOAT)');
    await h.ok('INSERT INTO float_r VALUES (1540919166796.0)');
    expect(await h.query('SELECT registration FROM float_r')).toEqual([[1540919166796]]);
  });

  it("VARCHAR(3) refuses 'abcd' on INSERT and keeps nothing", async () => {
    await h.ok('CREATE TABLE vc_t (s VARCHAR(3))');
    const d = await h.run("INSERT INTO vc_t VALUES ('abcd')");
    expect(d.Status).toBe('FAILED');
    expect(await h.query('SELECT count(*) FROM vc_t')).toEqual([[0]]);
  });

  it("VARCHAR(3) accepts 'abc'", async () => {
    await h.ok('CREATE TABLE vc_ok (s VARCHAR(3))');
    expect((await h.run("INSERT INTO vc_ok VALUES ('abc')")).Status).toBe('FINISHED');
  });

  it("VARCHAR(n) counts bytes: VARCHAR(3) refuses 'éé' (4 bytes in UTF-8)", async () => {
    await h.ok('CREATE TABLE vc_bytes (s VARCHAR(3))');
    expect((await h.run("INSERT INTO vc_bytes VALUES ('éé')")).Status).toBe('FAILED');
  });

  it('DECIMAL without precision is DECIMAL(18,0): 2.6 is stored as 3', async () => {
    await h.ok('CREATE TABLE dec_t (x DECIMAL)');
    await h.ok('INSERT INTO dec_t VALUES (2.6)');
    expect(await h.query('SELECT x FROM dec_t')).toEqual([['3']]);
  });

  it('CAST(2.6 AS DECIMAL) is 3 too', async () => {
    expect(await value('CAST(2.6 AS DECIMAL)')).toBe('3');
  });
});

describe('unsupported commands', () => {
  it("UNLOAD ends FAILED with an Error that says it is not supported", async () => {
    const d = await h.run("UNLOAD ('SELECT 1') TO 's3://bucket/out/' IAM_ROLE 'arn:aws:iam::123456789012:role/r'");
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(/UNLOAD/);
    expect(d.Error).toMatch(/not supported/);
  });

  it('CREATE EXTERNAL TABLE ends FAILED as not supported', async () => {
    const d = await h.run("CREATE EXTERNAL TABLE spectrum.t (a INT) LOCATION 's3://bucket/x/'");
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(/not supported/);
  });
});
