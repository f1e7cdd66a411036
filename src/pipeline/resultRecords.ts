// GetStatementResult's Records read from the page's bytes straight into plain values. The SDK
// reads every Field through the service's schema into an object, at about 15 µs a value: 1.5 s of
// CPU for 100,000 rows of 9 columns. Even JSON.parse makes an object a Field, and the page a string
// first: several times the work and the memory of reading the values alone. The Records are read
// here when every Field is written as the service writes them (compact JSON, one known member of
// its JSON type); the rest of the page (columns, counts, token, any error) goes through the SDK,
// and a page holding anything else goes through it whole.
//
// The values go to a sink as they are read. A string reaches it as UTF-8 bytes (the page's own, or
// unescaped into a buffer kept for that), so a sink that writes text (CSV) copies them on without
// ever making a string.

import type { GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import { isUtf8 } from 'node:buffer';
import type { FieldValue } from './dataApiModel.js';

/** Where a page's records go, value by value, in order. */
export interface RecordSink {
  /** A page begins, or begins again: whatever was given since the last `begin` is void. */
  begin(): void;
  /** A string, as its UTF-8 bytes: `bytes[start, end)`, read before the sink is given anything more. */
  text(bytes: Buffer, start: number, end: number): void;
  /** Any other value. */
  value(value: FieldValue): void;
  /** The row's values were all given. */
  rowEnd(): void;
}

/** A sink that keeps the rows as plain values. */
export class RowsSink implements RecordSink {
  private rows: FieldValue[][] = [];
  private row: FieldValue[] = [];

  begin(): void {
    this.rows = [];
    this.row = [];
  }

  text(bytes: Buffer, start: number, end: number): void {
    this.row.push(bytes.toString('utf8', start, end));
  }

  value(value: FieldValue): void {
    this.row.push(value);
  }

  rowEnd(): void {
    this.rows.push(this.row);
    this.row = [];
  }

  /** The rows given since the last `begin`; the sink is empty again. */
  take(): FieldValue[][] {
    const rows = this.rows;
    this.begin();
    return rows;
  }
}

/** How many rows of the command's last answer went to the sink, when they were read here; otherwise the SDK's Records are to be read. */
export interface DirectRead {
  rows?: number;
}

/** Reads the Records of `command`'s answers into `sink` directly, before the SDK's deserializer sees the page. */
export function readRecordsDirectly(command: GetStatementResultCommand, sink: RecordSink): DirectRead {
  const read: DirectRead = {};
  const deserializing = (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
    read.rows = undefined;
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (response.statusCode !== 200 || !isAsyncIterable(response.body)) return result;
    // From here to the end, nothing waits: the page is read from the one shared buffer at once.
    const page = joined(await chunksOf(response.body));
    sink.begin();
    const records = recordsIn(page, sink);
    if (records) {
      read.rows = records.rows;
      response.body = Buffer.concat([page.subarray(0, records.start), Buffer.from('[]'), page.subarray(records.end)]);
    } else {
      sink.begin();
      response.body = Buffer.from(page);
    }
    return result;
  };
  // Inside the SDK's deserializer: it sees the page once the Records are taken out.
  command.middlewareStack.addRelativeTo(deserializing as unknown as Middleware, { relation: 'after', toMiddleware: 'deserializerMiddleware' });
  return read;
}

type Middleware = Parameters<GetStatementResultCommand['middlewareStack']['addRelativeTo']>[0];

const KEY = Buffer.from('"Records":');
/** A JSON number, as the service writes a longValue or a doubleValue. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const INTEGER = /^-?\d+$/;
/** Base64 as the SDK reads it: whole groups of four, padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** The text the AWS JSON protocol sends for a double that is not a finite number. */
const NOT_FINITE = new Map([['"NaN"', NaN], ['"Infinity"', Infinity], ['"-Infinity"', -Infinity]]);

const byte = (character: string) => character.charCodeAt(0);
const [QUOTE, COMMA, MINUS, ZERO, NINE, BACKSLASH, SPACE] = [byte('"'), byte(','), byte('-'), byte('0'), byte('9'), byte('\\'), byte(' ')];
const [OPEN, CLOSE, BRACE, CLOSE_BRACE] = [byte('['), byte(']'), byte('{'), byte('}')];

/** Each member of the Field union, by the text that opens a Field of it. */
const OPENINGS = {
  string: Buffer.from('{"stringValue":'),
  long: Buffer.from('{"longValue":'),
  double: Buffer.from('{"doubleValue":'),
  boolean: Buffer.from('{"booleanValue":'),
  blob: Buffer.from('{"blobValue":'),
  isNull: Buffer.from('{"isNull":'),
};

/** The member a Field starting at `at` has, told by its first letters, then checked whole. */
function memberAt(bytes: Buffer, at: number): keyof typeof OPENINGS | undefined {
  let member: keyof typeof OPENINGS | undefined;
  switch (bytes[at + 2]) {
    case 0x73: member = 'string'; break; // s
    case 0x6c: member = 'long'; break; // l
    case 0x64: member = 'double'; break; // d
    case 0x62: member = bytes[at + 3] === 0x6f ? 'boolean' : 'blob'; break; // bo, bl
    case 0x69: member = 'isNull'; break; // i
  }
  return member !== undefined && opens(bytes, at, OPENINGS[member]) ? member : undefined;
}

/**
 * Gives the page's Records to `sink`, and says how many rows there were and where the array starts
 * and ends in `page`; undefined when anything in it is not a Field as the service writes one (the
 * sink has then been given part of the page). The page is read as bytes: strings reach the sink
 * as bytes, and only the other values become JavaScript values. Outside a string a quote is never
 * escaped, and inside one it always is, so the first `"Records":` is the page's own key.
 */
function recordsIn(page: Uint8Array, sink: RecordSink): { rows: number; start: number; end: number } | undefined {
  const bytes = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const key = bytes.indexOf(KEY);
  if (key < 0 || bytes[0] !== BRACE) return undefined;
  // Bytes that are not UTF-8 are read as the SDK reads them, each bad sequence as U+FFFD.
  const utf8 = isUtf8(bytes);
  const start = key + KEY.length;
  let at = start;
  /** Where the next backslash is at or after `at` (Infinity for none), looked for again only once passed. */
  let backslash = -1;

  /** Where the string that opens at `at` closes: the index of its closing quote. */
  let close = 0;

  /** Finds the JSON string starting at `at` (a quote): whether it holds escapes; undefined when it is not one. */
  const stringEnd = (): boolean | undefined => {
    if (bytes[at] !== QUOTE) return undefined;
    close = bytes.indexOf(QUOTE, at + 1);
    if (close < 0) return undefined;
    if (backslash !== Infinity && backslash <= at) {
      const found = bytes.indexOf(BACKSLASH, at + 1);
      backslash = found < 0 ? Infinity : found;
    }
    if (backslash > close) {
      // Unescaped, a control character is not JSON.
      for (let i = at + 1; i < close; i++) if (bytes[i]! < SPACE) return undefined;
      return false;
    }
    // Escaped: the string ends at the first quote after an even number of backslashes.
    for (;;) {
      let before = close - 1;
      while (bytes[before] === BACKSLASH) before--;
      if ((close - 1 - before) % 2 === 0) return true;
      close = bytes.indexOf(QUOTE, close + 1);
      if (close < 0) return undefined;
    }
  };

  /** The string stringEnd found, decoded; `at` moves past it. */
  const decoded = (escaped: boolean): string | undefined => {
    let value: string;
    if (!escaped) {
      value = bytes.toString('utf8', at + 1, close);
    } else {
      try {
        value = JSON.parse(bytes.toString('utf8', at, close + 1)) as string;
      } catch {
        return undefined;
      }
    }
    at = close + 1;
    return value;
  };

  /** The JSON number (or, for a double, the text of one not finite) up to the Field's closing brace; `at` moves to it. */
  const number = (double: boolean): number | bigint | undefined => {
    // Whole numbers of up to 15 digits, most of them, are read digit by digit.
    const negative = bytes[at] === MINUS;
    const first = negative ? at + 1 : at;
    let digit = first;
    let value = 0;
    while (digit - first < 15 && bytes[digit]! >= ZERO && bytes[digit]! <= NINE) value = value * 10 + bytes[digit++]! - ZERO;
    if (bytes[digit] === CLOSE_BRACE && digit > first && (bytes[first] !== ZERO || digit === first + 1)) {
      at = digit;
      return negative ? -value : value;
    }
    const close = bytes.indexOf(CLOSE_BRACE, at);
    if (close < 0) return undefined;
    const token = bytes.toString('latin1', at, close);
    at = close;
    if (!NUMBER.test(token)) return double ? NOT_FINITE.get(token) : undefined;
    const read = Number(token);
    // A BIGINT past 2^53 keeps every digit, as Redshift holds it: a double would print another number.
    return double || Number.isSafeInteger(read) || !INTEGER.test(token) ? read : BigInt(token);
  };

  /** Gives the sink the Field starting at `at` (its opening brace); `at` moves past it. False when it is not one. */
  const field = (): boolean => {
    const member = memberAt(bytes, at);
    if (member === undefined) return false;
    at += OPENINGS[member].length;
    let value: FieldValue | undefined;
    switch (member) {
      case 'string': {
        const escaped = stringEnd();
        if (escaped === undefined) return false;
        // As bytes: the page's own, or unescaped into a buffer kept for it. With a \u escape, or on
        // a page that is not UTF-8, as a string.
        const length = utf8 && escaped ? unescape(bytes, at + 1, close) : -1;
        if (!utf8 || (escaped && length < 0)) {
          value = decoded(escaped);
          break;
        }
        if (bytes[close + 1] !== CLOSE_BRACE) return false;
        if (escaped) sink.text(unescaped, 0, length);
        else sink.text(bytes, at + 1, close);
        at = close + 2;
        return true;
      }
      case 'blob': {
        const escaped = stringEnd();
        const base64 = escaped === undefined ? undefined : decoded(escaped);
        value = base64 === undefined || !BASE64.test(base64) ? undefined : Buffer.from(base64, 'base64').toString('hex');
        break;
      }
      case 'long':
        value = number(false);
        break;
      case 'double':
        value = number(true);
        break;
      default: {
        const word = opens(bytes, at, TRUE) ? true : opens(bytes, at, FALSE) ? false : undefined;
        // isNull is only ever true; a Field saying isNull false means something else.
        if (word === undefined || (member === 'isNull' && !word)) return false;
        value = member === 'isNull' ? null : word;
        at += word ? TRUE.length : FALSE.length;
      }
    }
    if (value === undefined || bytes[at] !== CLOSE_BRACE) return false;
    at++;
    sink.value(value);
    return true;
  };

  /** What `item` reads, between brackets, separated by commas: how many; undefined when anything is not as expected. `at` moves past it. */
  const list = (item: () => boolean): number | undefined => {
    if (bytes[at] !== OPEN) return undefined;
    at++;
    if (bytes[at] === CLOSE) {
      at++;
      return 0;
    }
    for (let count = 1; ; count++) {
      if (!item()) return undefined;
      const next = bytes[at++];
      if (next === CLOSE) return count;
      if (next !== COMMA) return undefined;
    }
  };

  const row = (): boolean => {
    if (list(field) === undefined) return false;
    sink.rowEnd();
    return true;
  };
  const rows = list(row);
  return rows === undefined ? undefined : { rows, start, end: at };
}

/** The escapes unescape reads, by the letter after the backslash, and the byte each stands for. */
const ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']].map(([letter, byte]) => [letter!.charCodeAt(0), byte!.charCodeAt(0)]));
let unescaped = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * The JSON string text `bytes[start, end)` unescaped into `unescaped`: its length; -1 when it holds
 * a \u escape (left to JSON.parse) or anything JSON does not allow.
 */
function unescape(bytes: Buffer, start: number, end: number): number {
  if (unescaped.length < end - start) unescaped = Buffer.allocUnsafeSlow(Math.max(end - start, 2 * unescaped.length));
  let length = 0;
  for (let i = start; i < end; i++) {
    let c = bytes[i]!;
    if (c < SPACE) return -1;
    if (c === BACKSLASH) {
      const byte = ESCAPES.get(bytes[++i]!);
      if (byte === undefined) return -1;
      c = byte;
    }
    unescaped[length++] = c;
  }
  return length;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/** Whether `bytes` hold `prefix` at `at`. */
function opens(bytes: Buffer, at: number, prefix: Buffer): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function isAsyncIterable(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof (body as AsyncIterable<Uint8Array> | undefined)?.[Symbol.asyncIterator] === 'function';
}

async function chunksOf(body: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}

/**
 * The chunks in one buffer, the same one each time for pages up to a few megabytes (fresh memory
 * costs here several times what reused memory does), so read at once; a larger page gets a buffer
 * of its own, not kept once read.
 */
function joined(chunks: Uint8Array[]): Buffer {
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  if (scratch.length < length && length <= LARGEST_SCRATCH) scratch = Buffer.allocUnsafeSlow(Math.min(Math.max(length, 2 * scratch.length), LARGEST_SCRATCH));
  const buffer = length <= scratch.length ? scratch : Buffer.allocUnsafe(length);
  let offset = 0;
  for (const chunk of chunks) {
    buffer.set(chunk, offset);
    offset += chunk.length;
  }
  return buffer.subarray(0, length);
}

const LARGEST_SCRATCH = 16 * 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(64 * 1024);
