// A query's rows as text, one page at a time: a table that fits the terminal, CSV (RFC 4180, with a
// header row) or JSON lines (one object per row), so a result of any size streams through without
// being held whole. A table and JSON lines are written from a page's values, in pieces of tens of
// kilobytes, as a page's text in one string is megabytes of memory touched for the first time
// twice over (the string, then its bytes on the way out), which costs more than making it. CSV is
// written as the records are read (a RecordSink), into one buffer used again for every page: a
// string arrives as UTF-8 bytes and leaves as them, never made a string.

import { count } from '../format.js';
import type { FieldValue } from '../pipeline/dataApiModel.js';
import type { QueryColumn } from '../pipeline/query.js';
import type { RecordSink } from '../pipeline/resultRecords.js';
import { columns as widthOf, padEnd, padStart, truncate } from './text.js';

export type QueryFormat = 'table' | 'csv' | 'json';
export const QUERY_FORMATS: readonly QueryFormat[] = ['table', 'csv', 'json'];

/** The formats written from a page's values (CSV is written by a CsvSink). */
export type ValuesFormat = Exclude<QueryFormat, 'csv'>;

export interface ResultWriter {
  /** The text for one page of rows, in pieces (the first call also writes the header). */
  rows(rows: readonly FieldValue[][]): string[];
  /** The text after the last page, given how many rows there were. */
  end(rowCount: number): string;
}

export function resultWriter(format: ValuesFormat, columns: readonly QueryColumn[], width: number): ResultWriter {
  switch (format) {
    case 'json':
      return jsonLinesWriter(columns);
    case 'table':
      return tableWriter(columns, width);
  }
}

/** About how long each piece of a page's text is, in characters: small enough for the engine's young generation. */
const PIECE_LENGTH = 32 * 1024;

/** Text added line by line, given back in pieces of about PIECE_LENGTH. */
class Pieces {
  private readonly pieces: string[] = [];
  private current: string;

  constructor(first = '') {
    this.current = first;
  }

  add(text: string): void {
    this.current += text;
    if (this.current.length >= PIECE_LENGTH) {
      this.pieces.push(this.current);
      this.current = '';
    }
  }

  done(): string[] {
    if (this.current !== '') this.pieces.push(this.current);
    return this.pieces;
  }
}

// --- CSV (RFC 4180): CRLF after each record; a field with a comma, a quote or a line break is quoted,
// its quotes doubled. NULL is an empty field, an empty string a quoted one ("").

const CSV_QUOTED = /[",\r\n]/;
const [QUOTE, COMMA, CR, LF, MINUS, ZERO] = [0x22, 0x2c, 0x0d, 0x0a, 0x2d, 0x30];

function csvField(value: FieldValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return value === '' || CSV_QUOTED.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The header row: the columns' names. */
export function csvHeader(columns: readonly QueryColumn[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\r\n`;
}

/** A page's records as CSV rows, in a buffer used again for the next page. */
export class CsvSink implements RecordSink {
  private out = Buffer.allocUnsafeSlow(64 * 1024);
  private length = 0;
  private rowStart = true;

  begin(): void {
    this.length = 0;
    this.rowStart = true;
  }

  text(bytes: Buffer, start: number, end: number): void {
    let quotes = 0;
    let quoted = start === end;
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c === QUOTE) quotes++;
      else if (c === COMMA || c === CR || c === LF) quoted = true;
    }
    this.room(end - start + quotes + 3);
    const out = this.out;
    let at = this.length;
    if (!this.rowStart) out[at++] = COMMA;
    this.rowStart = false;
    if (quoted || quotes > 0) {
      out[at++] = QUOTE;
      for (let i = start; i < end; i++) {
        const c = bytes[i]!;
        out[at++] = c;
        if (c === QUOTE) out[at++] = QUOTE;
      }
      out[at++] = QUOTE;
    } else {
      // Most values are short: a loop costs less than a call to copy them.
      if (end - start > 64) at += bytes.copy(out, at, start, end);
      else for (let i = start; i < end; i++) out[at++] = bytes[i]!;
    }
    this.length = at;
  }

  value(value: FieldValue): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      this.integer(value);
      return;
    }
    const text = csvField(value);
    this.room(Buffer.byteLength(text) + 1);
    if (!this.rowStart) this.out[this.length++] = COMMA;
    this.rowStart = false;
    this.length += this.out.write(text, this.length);
  }

  /** A whole number (at most 16 digits and a sign), its digits written here: most numbers in a result are. */
  private integer(value: number): void {
    this.room(18);
    const out = this.out;
    let at = this.length;
    if (!this.rowStart) out[at++] = COMMA;
    this.rowStart = false;
    if (value < 0) out[at++] = MINUS;
    let rest = Math.abs(value);
    let digits = 1;
    for (let power = 10; power <= rest; power *= 10) digits++;
    at += digits;
    for (let i = at - 1; i >= at - digits; i--) {
      out[i] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length = at;
  }

  rowEnd(): void {
    this.room(2);
    this.out[this.length++] = CR;
    this.out[this.length++] = LF;
    this.rowStart = true;
  }

  /** The rows given since `begin`: a view of the buffer, valid until the sink is given the next page. */
  take(): Buffer {
    return this.out.subarray(0, this.length);
  }

  /** Room for `bytes` more. */
  private room(bytes: number): void {
    if (this.length + bytes <= this.out.length) return;
    const larger = Buffer.allocUnsafeSlow(Math.max(2 * this.out.length, this.length + bytes));
    this.out.copy(larger, 0, 0, this.length);
    this.out = larger;
  }
}

// --- JSON lines: one object per row, keyed by column name; a name taken already gets _2, _3...
// A BIGINT past 2^53 is written with all its digits, as JSON allows; a double that is not a finite
// number, which JSON has no number for, as the string the AWS JSON protocol uses ("NaN",
// "Infinity", "-Infinity"), not as null, which would say the value is NULL.

function jsonValue(value: FieldValue): string {
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return `"${value}"`;
  return JSON.stringify(value);
}

function jsonLinesWriter(columns: readonly QueryColumn[]): ResultWriter {
  const seen = new Map<string, number>();
  const keys = columns.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return JSON.stringify(n === 1 ? c.name : `${c.name}_${n}`);
  });
  return {
    rows: (rows) => {
      const text = new Pieces();
      for (const row of rows) text.add(`{${row.map((v, i) => `${keys[i]}:${jsonValue(v)}`).join(',')}}\n`);
      return text.done();
    },
    end: () => '',
  };
}

// --- A table: columns sized by the first page, cut with an ellipsis to fit `width`; numbers on the
// right; NULL as NULL; line breaks and tabs in a value shown as spaces, so a row stays one line.

const NUMERIC = /^(int|float|numeric|decimal|real|double|smallint|bigint|integer|oid)/i;
const SEPARATOR = ' | ';
/** The narrowest a column is cut to: one letter and the ellipsis. */
const MIN_COLUMN = 2;

export function tableCell(value: FieldValue): string {
  if (value === null) return 'NULL';
  // Control characters (line breaks, tabs, escapes) would break the row or steer the terminal.
  return String(value).replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** Column widths that fit `width` with the separators: the widest columns give way first. */
export function fitWidths(natural: readonly number[], width: number): number[] {
  const widths = [...natural];
  const room = width - SEPARATOR.length * Math.max(0, widths.length - 1) - 2;
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > room) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= MIN_COLUMN) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

function tableWriter(columns: readonly QueryColumn[], width: number): ResultWriter {
  const right = columns.map((c) => NUMERIC.test(c.typeName));
  let widths: number[] | undefined;
  const line = (cells: readonly string[]) =>
    ` ${cells.map((cell, i) => (right[i] ? padStart : padEnd)(truncate(cell, widths![i]!), widths![i]!)).join(SEPARATOR)}`.trimEnd();
  const header = (sample: readonly FieldValue[][]) => {
    const natural = columns.map((c, i) => Math.max(widthOf(c.name), ...sample.map((row) => widthOf(tableCell(row[i]!)))));
    widths = fitWidths(natural, width);
    return `${line(columns.map((c) => c.name))}\n${widths.map((w) => '-'.repeat(w + 2)).join('+').slice(0, width)}\n`;
  };
  return {
    rows: (rows) => {
      const text = new Pieces(widths ? '' : header(rows));
      for (const row of rows) text.add(`${line(row.map(tableCell))}\n`);
      return text.done();
    },
    end: (rowCount) => `${widths ? '' : header([])}(${count(rowCount)} row${rowCount === 1 ? '' : 's'})\n`,
  };
}
