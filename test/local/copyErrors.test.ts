// COPY load errors: a bad record fails the COPY, nothing is half-loaded, and the error is in
// sys_load_error_detail and stl_load_errors under the COPY's RedshiftQueryId, with the s3:// file,
// the 1-based line, the column (for value errors) and Redshift's error code. MAXERROR, and COPY
// inside a TRANSACTION batch.

import { BatchExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET, loadedRows, ndjson, startHarness, type Harness, type Plain } from './helpers.js';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'";

let h: Harness;
beforeAll(async () => {
  h = await startHarness('copyerrors');
});
afterAll(async () => {
  await h?.close();
});

function copy(table: string, from: string, options = ''): string {
  return `COPY ${table} FROM '${from}' ${ROLE} FORMAT AS JSON 'auto' REGION 'us-west-2' ${options}`.trim();
}

async function detail(queryId: number): Promise<Plain[][]> {
  return h.query(
    `SELECT file_name, line_number, column_name, error_code, error_message FROM sys_load_error_detail WHERE query_id = ${queryId} ORDER BY file_name, line_number`,
  );
}

async function stl(queryId: number): Promise<Plain[][]> {
  return h.query(`SELECT query, filename, line_number, colname, err_code FROM stl_load_errors WHERE query = ${queryId} ORDER BY filename, line_number`);
}

const trim = (v: Plain) => (typeof v === 'string' ? v.trim() : v);

interface BadCase {
  name: string;
  columns: string;
  /** The second object in the prefix: it holds the bad record. */
  bad: string | Buffer;
  line: number;
  /** For value errors: the column; for record errors (syntax, encoding, size): undefined. */
  column?: string;
  code: number;
}

const BIG = 'x'.repeat(4 * 1024 * 1024 + 1024);

const cases: BadCase[] = [
  {
    name: 'a malformed JSON line',
    columns: 'a INT, s VARCHAR(10)',
    bad: ['{"a": 1, "s": "x"}', '{"a": 2, "s": "y"}', '{"a": 3, "s": }', '{"a": 4, "s": "z"}'].join('\n'),
    line: 3,
    code: 1216,
  },
  {
    name: "a string 'abc' in a BIGINT column",
    columns: 'n BIGINT, s VARCHAR(10)',
    bad: ndjson([{ n: 1, s: 'a' }, { n: 'abc', s: 'b' }, { n: 3, s: 'c' }]),
    line: 2,
    column: 'n',
    code: 1207,
  },
  {
    name: 'a float 1.5 in an INTEGER column',
    columns: 's VARCHAR(10), n INTEGER',
    bad: ndjson([{ n: 1 }, { n: 2 }, { n: 1.5 }]),
    line: 3,
    column: 'n',
    code: 1207,
  },
  {
    name: 'a string too long for VARCHAR(5)',
    columns: 'id INT, name VARCHAR(5)',
    bad: ndjson([{ id: 1, name: 'abcdefgh' }]),
    line: 1,
    column: 'name',
    code: 1204,
  },
  {
    // Redshift would pad 'ab' with a blank; the local warehouse keeps CHAR(n) values of n bytes.
    name: 'a value shorter than CHAR(3)',
    columns: 'id INT, name CHAR(3)',
    bad: ndjson([{ id: 1, name: 'abc' }, { id: 2, name: 'ab' }]),
    line: 2,
    column: 'name',
    code: 1204,
  },
  {
    name: 'a truncated file (the last object is not closed)',
    columns: 'a INT, s VARCHAR(10)',
    bad: '{"a": 1, "s": "x"}\n{"a": 2, "s": "y"}\n{"a": 3, "s": "tru',
    line: 3,
    code: 1216,
  },
  {
    name: 'invalid UTF-8 bytes',
    columns: 'a INT, s VARCHAR(10)',
    bad: Buffer.concat([Buffer.from('{"a": 1, "s": "ok"}\n{"a": 2, "s": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"a": 3, "s": "fine"}')]),
    line: 2,
    code: 1220,
  },
  {
    name: 'an object over 4 MB',
    columns: 'a INT, s VARCHAR(65535)',
    bad: ndjson([{ a: 1, s: 'small' }, { a: 2, s: BIG }]),
    line: 2,
    code: 1216,
  },
];

for (const [i, badCase] of cases.entries()) {
  const c = { ...badCase, table: `bad_${i}`, bucket: `bad-case-${i}` };
  describe(`a COPY meeting ${c.name}`, () => {
    let queryId: number;
    let status: string | undefined;
    let error: string | undefined;

    beforeAll(async () => {
      // A good object before the bad one, so that "nothing half-loaded" means something.
      await h.put(`${c.bucket}/data/part-0001.json`, ndjson([{ a: 10, n: 10, id: 10, s: 'good', name: 'god' }]));
      await h.put(`${c.bucket}/data/part-0002.json`, c.bad);
      await h.ok(`CREATE TABLE ${c.table} (${c.columns})`);
      const d = await h.run(copy(c.table, `s3://${c.bucket}/data/`));
      queryId = d.RedshiftQueryId!;
      status = d.Status;
      error = d.Error;
    });

    it('is FAILED with an Error pointing at sys_load_error_detail', () => {
      expect(status).toBe('FAILED');
      expect(error).toContain('sys_load_error_detail');
      expect(queryId).toBeGreaterThan(0);
    });

    it('leaves the table empty (nothing half-loaded)', async () => {
      expect(await h.query(`SELECT count(*) FROM ${c.table}`)).toEqual([[0]]);
    });

    it(`records the s3:// file, line ${c.line}${c.column ? `, column ${c.column}` : ''} and code ${c.code} in sys_load_error_detail`, async () => {
      const rows = await detail(queryId);
      expect(rows).toHaveLength(1);
      const [file, line, column, code, message] = rows[0]!;
      expect(file).toBe(`s3://${c.bucket}/data/part-0002.json`);
      expect(line).toBe(c.line);
      if (c.column) expect(trim(column!)).toBe(c.column);
      expect(code).toBe(c.code);
      expect(message).toEqual(expect.any(String));
      expect((message as string).length).toBeGreaterThan(0);
    });

    it('records a matching row in stl_load_errors', async () => {
      const rows = await stl(queryId);
      expect(rows).toHaveLength(1);
      const [query, file, line, column, code] = rows[0]!;
      expect(query).toBe(queryId);
      expect(trim(file!)).toBe(`s3://${c.bucket}/data/part-0002.json`);
      expect(line).toBe(c.line);
      if (c.column) expect(trim(column!)).toBe(c.column);
      expect(code).toBe(c.code);
    });
  });
}

describe('load errors are reported the same way whatever the JSON mapping', () => {
  beforeAll(async () => {
    await h.put('mapping-case/data/a.json', ndjson([{ userId: '1', Ts: 1 }, { userId: '2', Ts: 'x1' }, { userId: '3', Ts: 3 }]));
    await h.put('mapping-case/paths.json', JSON.stringify({ jsonpaths: ["$['userId']", "$['Ts']"] }));
  });

  it.each([
    ["'auto ignorecase'", "'auto ignorecase'"],
    ['a jsonpaths file', "'s3://mapping-case/paths.json'"],
  ])('%s: the bad value is at line 2 of the file, column ts, code 1207', async (_what, json) => {
    const table = `mapping_${json.includes('paths') ? 'paths' : 'ic'}`;
    await h.ok(`CREATE TABLE ${table} (userid VARCHAR(5), ts BIGINT)`);
    const d = await h.run(`COPY ${table} FROM 's3://mapping-case/data/' ${ROLE} FORMAT AS JSON ${json}`);
    expect(d.Status).toBe('FAILED');
    expect(await h.query(`SELECT count(*) FROM ${table}`)).toEqual([[0]]);
    expect((await detail(d.RedshiftQueryId!)).map((r) => [r[0], r[1], trim(r[2]!), r[3]])).toEqual([['s3://mapping-case/data/a.json', 2, 'ts', 1207]]);
  });

  it('a value error behind a nested jsonpath names the column it was meant for', async () => {
    await h.put('nested-case/data/a.json', ndjson([{ song: { year: 2001 } }, { song: { year: 'MMII' } }]));
    await h.put('nested-case/paths.json', JSON.stringify({ jsonpaths: ["$['song']['year']"] }));
    await h.ok('CREATE TABLE nested_err (yr INT)');
    const d = await h.run(`COPY nested_err FROM 's3://nested-case/data/' ${ROLE} FORMAT AS JSON 's3://nested-case/paths.json'`);
    expect(d.Status).toBe('FAILED');
    expect((await detail(d.RedshiftQueryId!)).map((r) => [r[1], trim(r[2]!), r[3]])).toEqual([[2, 'yr', 1207]]);
  });
});

describe('error details', () => {
  it("an invalid digit's message names the value and the type, as Redshift's does", async () => {
    await h.put('msg-case/d.json', ndjson([{ n: 'abc' }]));
    await h.ok('CREATE TABLE msg_t (n BIGINT)');
    const d = await h.run(copy('msg_t', 's3://msg-case/d.json'));
    const [[message]] = (await h.query(`SELECT error_message FROM sys_load_error_detail WHERE query_id = ${d.RedshiftQueryId}`)) as [[string]];
    expect(message).toMatch(/Invalid digit, Value 'a', Pos 0, Type: Long/);
  });

  it('errors in several files are each reported against their own file and line', async () => {
    await h.put('multi-case/data/a.json', ndjson([{ n: 1 }, { n: 'x' }]));
    await h.put('multi-case/data/b.json', ndjson([{ n: 2 }, { n: 3 }, { n: 'y' }]));
    await h.ok('CREATE TABLE multi_t (n INT)');
    const d = await h.run(copy('multi_t', 's3://multi-case/data/'));
    expect(d.Status).toBe('FAILED');
    expect((await detail(d.RedshiftQueryId!)).map((r) => [r[0], r[1], trim(r[2]!), r[3]])).toEqual([
      ['s3://multi-case/data/a.json', 2, 'n', 1207],
      ['s3://multi-case/data/b.json', 3, 'n', 1207],
    ]);
  });

  it('the line number of a record in a pretty-printed file is the line where the object starts', async () => {
    const pretty = JSON.stringify({ n: 1 }, null, 2) + '\n' + JSON.stringify({ n: 'bad' }, null, 2);
    await h.put('pretty-case/p.json', pretty); // object 1: lines 1-3, object 2: lines 4-6
    await h.ok('CREATE TABLE pretty_err (n INT)');
    const d = await h.run(copy('pretty_err', 's3://pretty-case/p.json'));
    expect((await detail(d.RedshiftQueryId!)).map((r) => r[1])).toEqual([4]);
  });

  it('a failed COPY into a table that already has rows keeps exactly the old rows', async () => {
    await h.put('keep-case/good.json', ndjson([{ n: 1 }, { n: 2 }]));
    await h.put('keep-case/bad.json', ndjson([{ n: 3 }, { n: 'z' }]));
    await h.ok('CREATE TABLE keep_t (n INT)');
    await h.ok(copy('keep_t', 's3://keep-case/good.json'));
    const d = await h.run(copy('keep_t', 's3://keep-case/bad.json'));
    expect(d.Status).toBe('FAILED');
    expect(await h.query('SELECT n FROM keep_t ORDER BY n')).toEqual([[1], [2]]);
  });

  it('load errors of one COPY are not mixed with those of another', async () => {
    await h.put('sep-case/a.json', ndjson([{ n: 'q' }]));
    await h.ok('CREATE TABLE sep_t (n INT)');
    const first = await h.run(copy('sep_t', 's3://sep-case/a.json'));
    const second = await h.run(copy('sep_t', 's3://sep-case/a.json'));
    expect(second.RedshiftQueryId).not.toBe(first.RedshiftQueryId);
    expect(await detail(first.RedshiftQueryId!)).toHaveLength(1);
    expect(await detail(second.RedshiftQueryId!)).toHaveLength(1);
  });
});

describe('MAXERROR', () => {
  beforeAll(async () => {
    await h.put('maxerr/two-bad.json', ndjson([{ n: 1 }, { n: 'x' }, { n: 3 }, { n: 'y' }, { n: 5 }]));
    await h.put('maxerr/three-bad.json', ndjson([{ n: 1 }, { n: 'x' }, { n: 3 }, { n: 'y' }, { n: 'z' }]));
  });

  it('MAXERROR 2 with 2 bad lines loads the good ones and records 2 errors', async () => {
    await h.ok('CREATE TABLE maxerr_two (n INT)');
    const d = await h.run(copy('maxerr_two', 's3://maxerr/two-bad.json', 'MAXERROR 2'));
    expect(d.Status).toBe('FINISHED');
    expect(await loadedRows(h, d)).toBe(3);
    expect(await h.query('SELECT n FROM maxerr_two ORDER BY n')).toEqual([[1], [3], [5]]);
    expect((await detail(d.RedshiftQueryId!)).map((r) => [r[0], r[1], trim(r[2]!), r[3]])).toEqual([
      ['s3://maxerr/two-bad.json', 2, 'n', 1207],
      ['s3://maxerr/two-bad.json', 4, 'n', 1207],
    ]);
  });

  it('MAXERROR 2 with 3 bad lines fails and loads nothing', async () => {
    await h.ok('CREATE TABLE maxerr_three (n INT)');
    const d = await h.run(copy('maxerr_three', 's3://maxerr/three-bad.json', 'MAXERROR 2'));
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toContain('sys_load_error_detail');
    expect(await h.query('SELECT count(*) FROM maxerr_three')).toEqual([[0]]);
    const lines = (await detail(d.RedshiftQueryId!)).map((r) => r[1]);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect([2, 4, 5]).toContain(line);
  });

  it('MAXERROR tolerates a malformed JSON line too', async () => {
    await h.put('maxerr/syntax.json', ['{"n": 1}', '{"n": 2 "m": 1}', '{"n": 3}'].join('\n'));
    await h.ok('CREATE TABLE maxerr_syntax (n INT)');
    const d = await h.run(copy('maxerr_syntax', 's3://maxerr/syntax.json', 'MAXERROR 1'));
    expect(d.Status).toBe('FINISHED');
    expect(await h.query('SELECT n FROM maxerr_syntax ORDER BY n')).toEqual([[1], [3]]);
  });
});

describe('COPY inside a TRANSACTION batch', () => {
  it('a bad record fails the batch and rolls back the CREATE TABLE before it', async () => {
    await h.put('txbad/data.json', ndjson([{ n: 1 }, { n: 'nope' }]));
    const out = await h.client.send(
      new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['CREATE TABLE tx_bad_copy (n INT)', copy('tx_bad_copy', 's3://txbad/data.json')] }),
    );
    const d = await h.wait(out.Id!);
    expect(d.Status).toBe('FAILED');
    expect(d.SubStatements?.map((s) => s.Status)).toEqual(['FINISHED', 'FAILED']);
    expect(d.SubStatements?.[1]?.Error).toContain('sys_load_error_detail');
    expect(await h.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'tx_bad_copy'")).toEqual([[0]]);
  });

  it("the load error is still recorded under the sub-statement's RedshiftQueryId", async () => {
    await h.put('txbad2/data.json', ndjson([{ n: 1 }, { n: 'nope' }]));
    const out = await h.client.send(
      new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['CREATE TABLE tx_bad_copy2 (n INT)', copy('tx_bad_copy2', 's3://txbad2/data.json')] }),
    );
    const d = await h.wait(out.Id!);
    const rows = await detail(d.SubStatements![1]!.RedshiftQueryId!);
    expect(rows.map((r) => [r[0], r[1], trim(r[2]!), r[3]])).toEqual([['s3://txbad2/data.json', 2, 'n', 1207]]);
  });

  it('a malformed line inside a transaction batch fails it and rolls back the table too', async () => {
    await h.put('txbad3/data.json', '{"n": 1}\n{"n": 2');
    const out = await h.client.send(
      new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['CREATE TABLE tx_bad_copy3 (n INT)', copy('tx_bad_copy3', 's3://txbad3/data.json')] }),
    );
    const d = await h.wait(out.Id!);
    expect(d.Status).toBe('FAILED');
    expect(await h.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'tx_bad_copy3'")).toEqual([[0]]);
  });
});
