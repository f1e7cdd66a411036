// GetStatementResult's Records read with one JSON.parse. The SDK reads every Field through the
// service's schema, at about 15 µs a value: 1.5 s of CPU for 100,000 rows of 9 columns, most of
// what a large result costs its reader. A well-formed Field (one known member, of its JSON type)
// reads the same either way, so those pages skip the schema; the rest of the page (columns,
// counts, token, any error) still goes through the SDK, and a page holding anything else goes
// through it whole.

import type { Field, GetStatementResultCommand } from '@aws-sdk/client-redshift-data';

/** The Records of the command's last answer, when they were read here; otherwise the SDK's own are used. */
export interface DirectRecords {
  records?: Field[][];
}

/** Reads the Records of `command`'s answers directly, before the SDK's deserializer sees the page. */
export function readRecordsDirectly(command: GetStatementResultCommand): DirectRecords {
  const read: DirectRecords = {};
  const deserializing = (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
    read.records = undefined;
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (response.statusCode !== 200 || !isAsyncIterable(response.body)) return result;
    const chunks = await chunksOf(response.body);
    const page = parsed(chunks);
    const records = page && wellFormedRecords(page.Records);
    if (page && records) {
      read.records = records;
      delete page.Records;
      response.body = Buffer.from(JSON.stringify(page));
    } else {
      response.body = Buffer.concat(chunks);
    }
    return result;
  };
  // Inside the SDK's deserializer: it sees the page once the Records are taken out.
  command.middlewareStack.addRelativeTo(deserializing as unknown as Middleware, { relation: 'after', toMiddleware: 'deserializerMiddleware' });
  return read;
}

type Middleware = Parameters<GetStatementResultCommand['middlewareStack']['addRelativeTo']>[0];

type FieldMember = 'isNull' | 'booleanValue' | 'longValue' | 'doubleValue' | 'stringValue' | 'blobValue';

/** Each member of the Field union and the JSON type it arrives as. */
const MEMBER_TYPES: Record<FieldMember, string> = {
  isNull: 'boolean',
  booleanValue: 'boolean',
  longValue: 'number',
  doubleValue: 'number',
  stringValue: 'string',
  blobValue: 'string',
};

/**
 * The records as the SDK would give them, or undefined when any Field is not a single known
 * member of its JSON type (the SDK then reads the page). A blob arrives in base64, as bytes.
 */
function wellFormedRecords(records: unknown): Field[][] | undefined {
  if (!Array.isArray(records)) return undefined;
  for (const row of records) {
    if (!Array.isArray(row)) return undefined;
    for (let i = 0; i < row.length; i++) {
      const field = row[i] as Record<string, unknown> | null;
      if (typeof field !== 'object' || field === null) return undefined;
      let member: string | undefined;
      for (const key in field) {
        if (member !== undefined) return undefined;
        member = key;
      }
      if (member === undefined || !Object.hasOwn(MEMBER_TYPES, member)) return undefined;
      const value = field[member];
      if (typeof value !== MEMBER_TYPES[member as FieldMember]) return undefined;
      if (member === 'blobValue') row[i] = { blobValue: new Uint8Array(Buffer.from(value as string, 'base64')) };
    }
  }
  return records as Field[][];
}

/** The body's JSON object. Decoded chunk by chunk: joining a large body into one buffer first costs several times more here. */
function parsed(chunks: Uint8Array[]): Record<string, unknown> | undefined {
  const decoder = new TextDecoder();
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // the SDK reports it, as it would have
  }
}

function isAsyncIterable(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof (body as AsyncIterable<Uint8Array> | undefined)?.[Symbol.asyncIterator] === 'function';
}

async function chunksOf(body: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}
