// GetStatementResult's Records read directly (resultRecords.ts) must be exactly what the SDK's own
// reading gives: the same pages, answered by a plain HTTP server, read both ways and compared.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetStatementResultCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import { readRecordsDirectly } from '../../src/pipeline/resultRecords.js';

const COLUMNS = [{ name: 'x', label: 'x', typeName: 'varchar', nullable: 1, precision: 0, scale: 0, isCaseSensitive: true, isCurrency: false, isSigned: false, length: 0, schemaName: '', tableName: '' }];

/** Pages by NextToken; each is the raw JSON body the server answers with. */
const PAGES: Record<string, string> = {
  wellFormed: JSON.stringify({
    Records: [
      [{ stringValue: 'plain' }, { longValue: 42 }, { doubleValue: 0.1 }, { booleanValue: true }, { isNull: true }, { blobValue: Buffer.from('abc').toString('base64') }],
      [{ stringValue: 'Beyoncé, "quoted"\n🎵' }, { longValue: -9007199254740991 }, { doubleValue: -1.5e300 }, { booleanValue: false }, { stringValue: '' }, { blobValue: '' }],
    ],
    ColumnMetadata: COLUMNS,
    TotalNumRows: 2,
    NextToken: 'longDigits',
  }),
  // Beyond 2^53 the digits are lost either way: JSON numbers are doubles to both readers.
  longDigits: `{"Records":[[{"longValue":9007199254740993}]],"ColumnMetadata":[],"TotalNumRows":1}`,
  empty: JSON.stringify({ Records: [], ColumnMetadata: COLUMNS, TotalNumRows: 0 }),
  // Not a single known member of its JSON type: the SDK reads the whole page.
  twoMembers: JSON.stringify({ Records: [[{ stringValue: 'a' }], [{ stringValue: 'b', longValue: 1 }]], TotalNumRows: 2 }),
  unknownMember: JSON.stringify({ Records: [[{ stringValue: 'a' }], [{ decimalValue: '1.5' }]], TotalNumRows: 2 }),
  nanDouble: JSON.stringify({ Records: [[{ doubleValue: 'NaN' }, { doubleValue: '-Infinity' }]], TotalNumRows: 1 }),
  nullMember: JSON.stringify({ Records: [[{ stringValue: null, longValue: 3 }]], TotalNumRows: 1 }),
  protoKey: `{"Records":[[{"__proto__":{"isNull":true}}]],"TotalNumRows":1}`,
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const token = (JSON.parse(body) as { NextToken?: string }).NextToken ?? 'wellFormed';
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

/** The page as the SDK reads it, and as readRecordsDirectly reads it (with whether it took the Records). */
async function bothWays(token: string) {
  const sdk = client();
  const direct = client();
  try {
    const bySdk = await sdk.send(new GetStatementResultCommand({ Id: 'x', NextToken: token }));
    const command = new GetStatementResultCommand({ Id: 'x', NextToken: token });
    const read = readRecordsDirectly(command);
    const page = await direct.send(command);
    return { bySdk, page, records: read.records };
  } finally {
    sdk.destroy();
    direct.destroy();
  }
}

const withoutMetadata = <T extends { $metadata?: unknown }>(page: T) => ({ ...page, $metadata: undefined });

describe('GetStatementResult Records read directly', () => {
  it.each(['wellFormed', 'longDigits', 'empty'])('reads a page of well-formed Fields (%s) as the SDK does, the rest of the page by the SDK', async (token) => {
    const { bySdk, page, records } = await bothWays(token);
    expect(records).toBeDefined();
    expect(records).toEqual(bySdk.Records);
    expect(withoutMetadata({ ...page, Records: records })).toEqual(withoutMetadata(bySdk));
  });

  it('gives a blob as bytes, as the SDK does', async () => {
    const { records } = await bothWays('wellFormed');
    expect(records![0]![5]).toEqual({ blobValue: new Uint8Array([0x61, 0x62, 0x63]) });
    expect(records![0]![5]!.blobValue).toBeInstanceOf(Uint8Array);
  });

  it.each(['twoMembers', 'unknownMember', 'nanDouble', 'nullMember', 'protoKey'])('leaves a page with any other Field (%s) wholly to the SDK', async (token) => {
    const { bySdk, page, records } = await bothWays(token);
    expect(records).toBeUndefined();
    expect(withoutMetadata(page)).toEqual(withoutMetadata(bySdk));
  });

  it("leaves an error to the SDK: the service's exception, with its message", async () => {
    const command = new GetStatementResultCommand({ Id: 'x', NextToken: 'missing' });
    const read = readRecordsDirectly(command);
    const c = client();
    await expect(c.send(command)).rejects.toMatchObject({ name: 'ValidationException', message: 'no page missing' });
    c.destroy();
    expect(read.records).toBeUndefined();
  });

  it("is how DataApi pages a result: each page's records, the SDK's columns and count, up to the last token", async () => {
    const api = new DataApi(client(), { kind: 'local', dbPath: ':memory:', dataDir: '.' });
    try {
      const pages = [];
      for await (const page of api.pages('x')) pages.push(page);
      const first = await bothWays('wellFormed');
      const second = await bothWays('longDigits');
      expect(pages).toEqual([
        { records: first.bySdk.Records, columns: first.bySdk.ColumnMetadata, totalRows: 2 },
        { records: second.bySdk.Records, columns: [], totalRows: 1 },
      ]);
    } finally {
      api.client.destroy();
    }
  });
});
