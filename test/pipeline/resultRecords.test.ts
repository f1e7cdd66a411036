// GetStatementResult's Records read directly (resultRecords.ts) must give exactly the values the
// SDK's own reading gives: the same pages, answered by a plain HTTP server, read both ways and
// compared; and the CSV written from a page's bytes must be the CSV written from those values.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetStatementResultCommand, RedshiftDataClient, type Field } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import { fieldValue } from '../../src/pipeline/dataApiModel.js';
import { readRecordsDirectly, RowsSink } from '../../src/pipeline/resultRecords.js';
import { CsvSink } from '../../src/ui/queryOutput.js';

const COLUMNS = [{ name: 'x', label: 'x', typeName: 'varchar', nullable: 1, precision: 0, scale: 0, isCaseSensitive: true, isCurrency: false, isSigned: false, length: 0, schemaName: '', tableName: '' }];

/** Pages by NextToken; each is the raw JSON body the server answers with. */
const PAGES: Record<string, string | Buffer> = {
  wellFormed: JSON.stringify({
    Records: [
      [{ stringValue: 'plain' }, { longValue: 42 }, { doubleValue: 0.1 }, { booleanValue: true }, { isNull: true }, { blobValue: Buffer.from('abc').toString('base64') }],
      [{ stringValue: 'Beyoncé, "quoted"\n🎵' }, { longValue: -9007199254740991 }, { doubleValue: -1.5e300 }, { booleanValue: false }, { stringValue: '' }, { blobValue: '' }],
    ],
    ColumnMetadata: COLUMNS,
    TotalNumRows: 2,
    NextToken: 'longDigits',
  }),
  // Beyond 2^53 the SDK reads a double, another number; read here, a BIGINT keeps its digits.
  longDigits: `{"Records":[[{"longValue":9007199254740993},{"longValue":123456789012345},{"longValue":-0},{"doubleValue":1E-7},{"doubleValue":-0.0}]],"ColumnMetadata":[],"TotalNumRows":1}`,
  empty: JSON.stringify({ Records: [], ColumnMetadata: COLUMNS, TotalNumRows: 0 }),
  // The AWS JSON protocol sends a double that is not a finite number as a string.
  nanDouble: JSON.stringify({ Records: [[{ doubleValue: 'NaN' }, { doubleValue: '-Infinity' }, { doubleValue: 'Infinity' }]], TotalNumRows: 1 }),
  // Escapes of every kind, a backslash ending a string, and a quote right after escaped backslashes.
  escapes: JSON.stringify({ Records: [[{ stringValue: 'a\\' }, { stringValue: '\\"\\' }, { stringValue: 'tab\tcr\rnul\u0000\u2028' }, { stringValue: 'no escapes' }], [{ stringValue: '\\\\' }, { stringValue: 'é' }, { stringValue: '"' }, { stringValue: '' }]], TotalNumRows: 2 }),
  // The Records after the other members, and one written with \u escapes only.
  recordsLast: `{"ColumnMetadata":[{"name":"\\"Records\\":[","label":"x"}],"TotalNumRows":1,"Records":[[{"stringValue":"\\u00e9\\ud83c\\udfb5"}]]}`,
  // Not as the service writes a Field: the SDK reads the whole page.
  spaced: JSON.stringify({ Records: [[{ stringValue: 'a' }, { longValue: 1 }]], TotalNumRows: 1 }, null, 2),
  twoMembers: JSON.stringify({ Records: [[{ stringValue: 'a' }], [{ stringValue: 'b', longValue: 1 }]], TotalNumRows: 2 }),
  unknownMember: JSON.stringify({ Records: [[{ stringValue: 'a' }], [{ decimalValue: '1.5' }]], TotalNumRows: 2 }),
  nullMember: JSON.stringify({ Records: [[{ stringValue: null, longValue: 3 }]], TotalNumRows: 1 }),
  protoKey: `{"Records":[[{"__proto__":{"isNull":true}}]],"TotalNumRows":1}`,
  notFalse: `{"Records":[[{"isNull":false}]],"TotalNumRows":1}`,
  hexNumber: `{"Records":[[{"longValue":0x10}]],"TotalNumRows":1}`,
  leadingZero: `{"Records":[[{"longValue":0123}]],"TotalNumRows":1}`,
  protoDouble: `{"Records":[[{"doubleValue":constructor}]],"TotalNumRows":1}`,
  rawTab: `{"Records":[[{"stringValue":"a\tb"}]],"TotalNumRows":1}`,
  unpaddedBlob: `{"Records":[[{"blobValue":"AQI"}]],"TotalNumRows":1}`,
  looseBlob: `{"Records":[[{"blobValue":"A!QI="}]],"TotalNumRows":1}`,
  stringLong: `{"Records":[[{"longValue":"12"}]],"TotalNumRows":1}`,
  // What CSV quotes, unescaped and escaped; long values (copied, not looped over); every escape
  // JSON has, as written by hand; numbers CSV writes as they are read.
  csvCases: `{"Records":[${[
    JSON.stringify([{ stringValue: 'a,b' }, { stringValue: 'say "hi"' }, { stringValue: 'line\r\nbreak' }, { stringValue: '' }, { isNull: true }, { stringValue: 'é, ü' }]),
    JSON.stringify([{ stringValue: 'x'.repeat(200) }, { stringValue: `${'y'.repeat(100)},${'z'.repeat(100)}` }, { longValue: -42 }, { longValue: 0 }, { doubleValue: -0 }, { longValue: 9007199254740991 }]),
    String.raw`[{"stringValue":"\\\/\b\f\n\r\t\"\u0041\u00e9"},{"stringValue":"\"quoted\", then"},{"stringValue":"\\"},{"longValue":-9007199254740991},{"doubleValue":1E21},{"doubleValue":-0.5}]`,
    JSON.stringify([{ booleanValue: true }, { booleanValue: false }, { blobValue: Buffer.from([0, 255]).toString('base64') }, { doubleValue: 'NaN' }, { isNull: true }, { stringValue: ',' }]),
    JSON.stringify([{ stringValue: 'cr\ronly' }, { stringValue: 'lf\nonly' }]),
  ].join(',')}],"TotalNumRows":5}`,
  // Escaped strings longer than the buffer they are unescaped into (64 KB), and a raw control
  // character in a string that also holds an escape (not JSON).
  largeEscaped: JSON.stringify({ Records: [[{ stringValue: `"${'q'.repeat(70_000)}"\\${'r'.repeat(70_000)}` }, { stringValue: `${'s'.repeat(200_000)}"` }]], TotalNumRows: 1 }),
  rawTabEscaped: `{"Records":[[{"stringValue":"a\tb\\"c"}]],"TotalNumRows":1}`,
  // A byte that is not UTF-8 in a string: read as the SDK reads it, as U+FFFD.
  badUtf8: Buffer.concat([Buffer.from('{"Records":[[{"stringValue":"a'), Buffer.from([0xff]), Buffer.from(',b"},{"stringValue":"plain"}]],"TotalNumRows":1}')]),
  // Larger than the buffer the reader keeps (16 MB).
  large: JSON.stringify({ Records: Array.from({ length: 900 }, (_, i) => [{ longValue: i }, { stringValue: `${i}`.padEnd(10_000, 'é') }]), TotalNumRows: 900 }),
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      // A result starts at wellFormed, or at the page its Id names.
      const { Id, NextToken } = JSON.parse(body) as { Id: string; NextToken?: string };
      const token = NextToken ?? (Id === 'x' ? 'wellFormed' : Id);
      const page = PAGES[token];
      if (page === undefined) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ValidationException', message: `no page ${token}` }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(page);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new RedshiftDataClient({ endpoint: url, region: 'us-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

/** The page as the SDK reads it, and as readRecordsDirectly reads it (with the rows it read, if it did). */
async function bothWays(token: string) {
  const sdk = client();
  const direct = client();
  try {
    const bySdk = await sdk.send(new GetStatementResultCommand({ Id: 'x', NextToken: token }));
    const command = new GetStatementResultCommand({ Id: 'x', NextToken: token });
    const sink = new RowsSink();
    const read = readRecordsDirectly(command, sink);
    const page = await direct.send(command);
    const rows = read.rows === undefined ? undefined : sink.take();
    if (rows) expect(rows).toHaveLength(read.rows!);
    return { bySdk, page, rows };
  } finally {
    sdk.destroy();
    direct.destroy();
  }
}

const withoutMetadata = <T extends { $metadata?: unknown }>(page: T) => ({ ...page, $metadata: undefined });
const valuesOf = (records: Field[][] | undefined) => (records ?? []).map((r) => r.map(fieldValue));

describe('GetStatementResult Records read directly', () => {
  it.each(['wellFormed', 'empty', 'nanDouble', 'escapes', 'recordsLast', 'csvCases', 'badUtf8', 'largeEscaped'])(
    'reads a page of Fields as the service writes them (%s) into the values the SDK gives, the rest of the page by the SDK',
    async (token) => {
      const { bySdk, page, rows } = await bothWays(token);
      expect(rows).toBeDefined();
      expect(rows).toEqual(valuesOf(bySdk.Records));
      expect(withoutMetadata({ ...page, Records: bySdk.Records })).toEqual(withoutMetadata(bySdk));
      expect(page.Records).toEqual([]);
    },
  );

  it('keeps every digit of a BIGINT past 2^53, where the SDK reads another number', async () => {
    const { bySdk, rows } = await bothWays('longDigits');
    expect(valuesOf(bySdk.Records)[0]![0]).toBe(9007199254740992);
    expect(rows).toEqual([[9007199254740993n, 123456789012345, -0, 1e-7, -0]]);
    expect(typeof rows![0]![1]).toBe('number');
  });

  it('gives a blob in hexadecimal, as Redshift prints VARBYTE', async () => {
    const { rows } = await bothWays('wellFormed');
    expect(rows![0]![5]).toBe('616263');
    expect(rows![1]![5]).toBe('');
  });

  it('reads escapes and characters beyond ASCII exactly', async () => {
    const { rows } = await bothWays('escapes');
    expect(rows).toEqual([
      ['a\\', '\\"\\', 'tab\tcr\rnul\u0000\u2028', 'no escapes'],
      ['\\\\', 'é', '"', ''],
    ]);
    expect((await bothWays('recordsLast')).rows).toEqual([['é🎵']]);
  });

  it.each(['spaced', 'twoMembers', 'unknownMember', 'nullMember', 'protoKey', 'notFalse', 'stringLong'])(
    'leaves a page with anything else (%s) wholly to the SDK',
    async (token) => {
      const { bySdk, page, rows } = await bothWays(token);
      expect(rows).toBeUndefined();
      expect(withoutMetadata(page)).toEqual(withoutMetadata(bySdk));
    },
  );

  it.each(['hexNumber', 'leadingZero', 'protoDouble', 'rawTab', 'rawTabEscaped', 'unpaddedBlob', 'looseBlob'])('reads nothing JSON or base64 does not allow (%s): the SDK reports the page', async (token) => {
    const command = new GetStatementResultCommand({ Id: 'x', NextToken: token });
    const read = readRecordsDirectly(command, new RowsSink());
    const c = client();
    await expect(c.send(command)).rejects.toThrow();
    c.destroy();
    expect(read.rows).toBeUndefined();
  });

  it('reads a page larger than the buffer it keeps, and the pages after it', async () => {
    const large = await bothWays('large');
    expect(Buffer.byteLength(PAGES.large!)).toBeGreaterThan(16 * 1024 * 1024);
    expect(large.rows).toHaveLength(900);
    expect(large.rows).toEqual(valuesOf(large.bySdk.Records));
    const after = await bothWays('escapes');
    expect(after.rows).toEqual(valuesOf(after.bySdk.Records));
  });

  it('reads pages answered at the same time each as its own', async () => {
    const tokens = ['wellFormed', 'escapes', 'empty', 'recordsLast', 'wellFormed', 'nanDouble'];
    const pages = await Promise.all(tokens.map(bothWays));
    for (const { bySdk, rows } of pages) expect(rows).toEqual(valuesOf(bySdk.Records));
  });

  it("leaves an error to the SDK: the service's exception, with its message", async () => {
    const command = new GetStatementResultCommand({ Id: 'x', NextToken: 'missing' });
    const read = readRecordsDirectly(command, new RowsSink());
    const c = client();
    await expect(c.send(command)).rejects.toMatchObject({ name: 'ValidationException', message: 'no page missing' });
    c.destroy();
    expect(read.rows).toBeUndefined();
  });

  it("is how DataApi pages a result: each page's rows, the SDK's columns and count, up to the last token", async () => {
    const api = new DataApi(client(), { kind: 'local', dbPath: ':memory:', dataDir: '.' });
    try {
      const pages = [];
      for await (const page of api.pages('x')) pages.push(page);
      const first = await bothWays('wellFormed');
      const second = await bothWays('longDigits');
      expect(pages).toEqual([
        { rows: valuesOf(first.bySdk.Records), columns: first.bySdk.ColumnMetadata, totalRows: 2, rowCount: 2 },
        { rows: second.rows, columns: [], totalRows: 1, rowCount: 1 },
      ]);
    } finally {
      api.client.destroy();
    }
  });

  it('gives the SDK its own Records when it reads a page: DataApi pages them as values all the same', async () => {
    const api = new DataApi(client(), { kind: 'local', dbPath: ':memory:', dataDir: '.' });
    try {
      const rows = [];
      for await (const page of api.pages('x', {})) rows.push(page.rows);
      expect(rows[0]![0]).toEqual(['plain', 42, 0.1, true, null, '616263']);
    } finally {
      api.client.destroy();
    }
  });
});

describe('CSV written from the bytes of a page', () => {
  /** The page read directly into a CsvSink, and the same page's values (as RowsSink reads them) given to one. */
  async function csvBothWays(token: string) {
    const c = client();
    try {
      const command = new GetStatementResultCommand({ Id: 'x', NextToken: token });
      const direct = new CsvSink();
      const read = readRecordsDirectly(command, direct);
      await c.send(command);
      const fromValues = new CsvSink();
      for (const row of (await bothWays(token)).rows!) {
        for (const value of row) fromValues.value(value);
        fromValues.rowEnd();
      }
      return { read: read.rows, direct: Buffer.from(direct.take()), fromValues: Buffer.from(fromValues.take()) };
    } finally {
      c.destroy();
    }
  }

  it.each(['wellFormed', 'empty', 'nanDouble', 'escapes', 'recordsLast', 'csvCases', 'badUtf8', 'longDigits', 'large', 'largeEscaped'])(
    'is the CSV of its values, byte for byte (%s)',
    async (token) => {
      const { read, direct, fromValues } = await csvBothWays(token);
      expect(read).toBeDefined();
      expect(direct.equals(fromValues)).toBe(true);
    },
  );

  it('writes a byte that is not UTF-8 as U+FFFD, as the SDK reads it', async () => {
    const { direct } = await csvBothWays('badUtf8');
    expect(direct.toString('latin1')).toBe(`"a${Buffer.from('\uFFFD').toString('latin1')},b",plain\r\n`);
  });

  it('quotes what RFC 4180 asks to, doubles quotes, and writes numbers, NULL and the empty string as the values writer does', async () => {
    const { direct } = await csvBothWays('csvCases');
    expect(direct.toString('utf8')).toBe(
      '"a,b","say ""hi""","line\r\nbreak","",,"é, ü"\r\n' +
        `${'x'.repeat(200)},"${'y'.repeat(100)},${'z'.repeat(100)}",-42,0,0,9007199254740991\r\n` +
        '"\\/\b\f\n\r\t""Aé","""quoted"", then",\\,-9007199254740991,1e+21,-0.5\r\n' +
        'true,false,00ff,NaN,,","\r\n' +
        '"cr\ronly","lf\nonly"\r\n',
    );
  });

  it('has the page again from the start when the SDK reads it after all: nothing of the part read before is kept', async () => {
    const api = new DataApi(client(), { kind: 'local', dbPath: ':memory:', dataDir: '.' });
    try {
      const sink = new CsvSink();
      const pages = [];
      // Its first row is read here, its second is not as the service writes a Field.
      for await (const page of api.pagesInto('twoMembers', sink)) pages.push({ rowCount: page.rowCount, csv: sink.take().toString('utf8') });
      expect(pages).toEqual([{ rowCount: 2, csv: 'a\r\nb\r\n' }]);
    } finally {
      api.client.destroy();
    }
  });
});
