// The query command's output: CSV as RFC 4180 reads it, JSON lines, a table that fits its width,
// the error's caret under the place the warehouse points at, and the prompt's reducer.

import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../src/pipeline/dataApiModel.js';
import type { QueryColumn } from '../../src/pipeline/query.js';
import { errorLines } from '../../src/ui/queryMessages.js';
import { CsvSink, csvHeader, fitWidths, resultWriter } from '../../src/ui/queryOutput.js';
import { INITIAL, reducer, statementComplete, type Action, type PromptState } from '../../src/ui/queryPrompt/state.js';

const COLUMNS: QueryColumn[] = [
  { name: 'user_id', typeName: 'int4' },
  { name: 'name', typeName: 'varchar' },
  { name: 'duration', typeName: 'float8' },
];

/** An RFC 4180 reader, written from the RFC (section 2), to read back what the writer wrote. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
    } else if (text[i] === ',') (record.push(field), (field = ''), i++);
    else if (text.startsWith('\r\n', i)) (record.push(field), records.push(record), (record = []), (field = ''), (i += 2));
    else field += text[i++];
  }
  return records;
}

/** The CSV of pages of values: the header, then each page as CsvSink writes it. */
function csvOf(columns: QueryColumn[], pages: FieldValue[][][]): string {
  const sink = new CsvSink();
  let text = csvHeader(columns);
  for (const rows of pages) {
    sink.begin();
    for (const row of rows) {
      for (const value of row) sink.value(value);
      sink.rowEnd();
    }
    text += sink.take().toString('utf8');
  }
  return text;
}

describe('--format csv (RFC 4180)', () => {
  const rows: FieldValue[][] = [
    [1, 'Des\'ree', 215.5],
    [2, 'say "hi", then\nleave', null],
    [3, '', 0],
  ];
  const text = csvOf(COLUMNS, [rows.slice(0, 2), rows.slice(2)]);

  it('has a header row, then one record per row, each ended by CRLF', () => {
    expect(text.startsWith('user_id,name,duration\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('quotes a field with a comma, a quote or a line break, doubling its quotes, and reads back the same', () => {
    expect(text).toContain('"say ""hi"", then\nleave"');
    expect(readCsv(text)).toEqual([['user_id', 'name', 'duration'], ['1', "Des'ree", '215.5'], ['2', 'say "hi", then\nleave', ''], ['3', '', '0']]);
  });

  it('tells NULL (an empty field) from an empty string ("")', () => {
    expect(text).toContain('\r\n2,"say');
    expect(text).toContain(',\r\n3,"",0\r\n');
  });

  it('writes the header alone for a result without rows', () => {
    expect(csvOf(COLUMNS, [])).toBe('user_id,name,duration\r\n');
    expect(csvOf(COLUMNS, [[]])).toBe('user_id,name,duration\r\n');
  });

  it('writes whole numbers digit by digit as String() does, and any other number as String() does', () => {
    const numbers = [0, -0, 7, -7, 10, 99, 100, 2147483648, -9007199254740991, 9007199254740991, 1e21, 0.1, -1.5e-7, 9007199254740993n];
    const text = csvOf([{ name: 'n', typeName: 'int8' }], [numbers.map((n) => [n])]);
    expect(text).toBe(`n\r\n${numbers.map((n) => `${String(n)}\r\n`).join('')}`);
  });

  it('grows its buffer for a page larger than it, for one value more than twice its size, and for quotes doubled', () => {
    const pages: string[][][] = [
      Array.from({ length: 5_000 }, (_, i) => [`say "${i}", again`, `"${i}"`, 'plain']),
      [['x'.repeat(200_000)]],
      // Fits the first buffer (64 KB) as read, not once its quotes are doubled.
      [['"'.repeat(40_000)]],
    ];
    for (const rows of pages) {
      const sink = new CsvSink();
      for (const row of rows) {
        for (const value of row) {
          const bytes = Buffer.from(`{${value}}`);
          sink.text(bytes, 1, bytes.length - 1);
        }
        sink.rowEnd();
      }
      expect(readCsv(sink.take().toString('utf8'))).toEqual(rows);
    }
  });

  it('gives each page in a buffer used again for the next, the earlier page written already', () => {
    const sink = new CsvSink();
    sink.value('first');
    sink.rowEnd();
    const first = sink.take();
    expect(first.toString()).toBe('first\r\n');
    sink.begin();
    sink.value('again');
    sink.rowEnd();
    expect(sink.take().toString()).toBe('again\r\n');
    expect(first.toString()).toBe('again\r\n');
  });
});

describe('a page of text in pieces', () => {
  it('gives a large page in pieces of tens of kilobytes, together the same text, each ending a line', () => {
    const rows: FieldValue[][] = Array.from({ length: 5_000 }, (_, i) => [i, `name ${i}, "quoted"`, i / 2]);
    for (const format of ['json', 'table'] as const) {
      const pieces = resultWriter(format, COLUMNS, 80).rows(rows);
      expect(pieces.length, format).toBeGreaterThan(5);
      for (const piece of pieces) {
        expect(piece.length, format).toBeLessThan(40 * 1024);
        expect(piece.endsWith('\n'), format).toBe(true);
      }
      expect(pieces.join('').split('\n').length, format).toBe(5_000 + (format === 'table' ? 2 : 0) + 1);
    }
  });
});

describe('a BIGINT past 2^53', () => {
  const big: FieldValue[][] = [[9007199254740993n, 'x', -9223372036854775808n]];

  it('is printed with every digit in each format', () => {
    expect(csvOf(COLUMNS, [big])).toContain('9007199254740993,x,-9223372036854775808\r\n');
    expect(resultWriter('json', COLUMNS, 80).rows(big).join('')).toBe('{"user_id":9007199254740993,"name":"x","duration":-9223372036854775808}\n');
    expect(resultWriter('table', COLUMNS, 80).rows(big).join('')).toContain('9007199254740993 | x    | -9223372036854775808');
  });
});

describe('a double that is not a finite number', () => {
  it('is NaN, Infinity or -Infinity in each format, never taken for NULL', () => {
    const rows: FieldValue[][] = [[NaN, Infinity, -Infinity]];
    expect(resultWriter('json', COLUMNS, 80).rows(rows).join('')).toBe('{"user_id":"NaN","name":"Infinity","duration":"-Infinity"}\n');
    expect(csvOf(COLUMNS, [rows])).toContain('\r\nNaN,Infinity,-Infinity\r\n');
    expect(resultWriter('table', COLUMNS, 80).rows(rows).join('')).toMatch(/NaN \| Infinity \| -Infinity/);
  });
});

describe('--format json: one object per row, one per line', () => {
  it('keys each value by its column name, with JSON types and null', () => {
    const text = resultWriter('json', COLUMNS, 80).rows([[1, 'Santafè', null], [2, 'a"b', 1.5]]).join('');
    expect(text.split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual([
      { user_id: 1, name: 'Santafè', duration: null },
      { user_id: 2, name: 'a"b', duration: 1.5 },
    ]);
  });

  it('keeps a column whose name is taken already, as name_2', () => {
    const text = resultWriter('json', [{ name: '?column?', typeName: 'int4' }, { name: '?column?', typeName: 'int4' }], 80).rows([[1, 2]]).join('');
    expect(JSON.parse(text)).toEqual({ '?column?': 1, '?column?_2': 2 });
  });
});

describe('the table', () => {
  const rows: FieldValue[][] = [
    [7, 'Clementina Santafè', 3.25],
    [1234, 'x'.repeat(200), null],
  ];

  it('puts numbers on the right, text on the left, and NULL as NULL', () => {
    const lines = resultWriter('table', COLUMNS, 200).rows(rows).join('').split('\n');
    expect(lines[0]).toMatch(/^ user_id \| name +\| duration$/);
    expect(lines[2]).toMatch(/^ {7}7 \| Clementina Santafè +\| +3\.25$/);
    expect(lines[3]).toMatch(/\| +NULL$/);
  });

  it.each([40, 60, 100])('fits %i columns, cutting the long value with an ellipsis', (width) => {
    const text = resultWriter('table', COLUMNS, width).rows(rows).join('');
    for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
    expect(text).toContain('…');
    expect(text).toContain('Clementina');
  });

  it('ends with the row count', () => {
    const writer = resultWriter('table', COLUMNS, 80);
    writer.rows(rows);
    expect(writer.end(2)).toBe('(2 rows)\n');
    expect(resultWriter('table', COLUMNS, 80).end(1)).toMatch(/user_id.*\n-+.*\n\(1 row\)\n$/);
  });

  it('shows a value with line breaks or escapes on one line', () => {
    const text = resultWriter('table', COLUMNS, 80).rows([[1, 'two\nlines\u001b[31m', 0]]).join('');
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    expect(text).not.toContain('\u001b');
  });

  it('gives way from the widest column first, keeping narrow ones whole', () => {
    expect(fitWidths([5, 50, 10], 40)).toEqual([5, 17, 10]);
    expect(fitWidths([5, 50, 10], 200)).toEqual([5, 50, 10]);
  });
});

describe("the warehouse's error, pointed at its place", () => {
  it('shows the line the position is on and a caret under the character', () => {
    expect(errorLines('SELECT *\nFORM songplays', 'ERROR: syntax error at or near "songplays"', 15)).toEqual([
      'ERROR: syntax error at or near "songplays"',
      'LINE 2: FORM songplays',
      '             ^',
    ]);
  });

  it('counts characters, not bytes, before the place', () => {
    const [, line, caret] = errorLines("SELECT 'Santafè' FORM t", 'ERROR: x', 18);
    expect(caret!.indexOf('^') - 'LINE 1: '.length).toBe(17);
    expect(line!.slice('LINE 1: '.length)[17]).toBe('F');
  });

  it('cuts a very long line to the part around the place', () => {
    const sql = `SELECT ${'a, '.repeat(100)}FORM t`;
    const [, line, caret] = errorLines(sql, 'ERROR: x', sql.indexOf('FORM') + 1);
    expect(line!.length).toBeLessThan(140);
    expect(line![caret!.indexOf('^')]).toBe('F');
  });

  it('is the message alone without a position', () => {
    expect(errorLines('SELECT 1', 'ERROR: division by zero')).toEqual(['ERROR: division by zero']);
  });
});

describe('the prompt', () => {
  const play = (...actions: Action[]): PromptState => actions.reduce(reducer, INITIAL);
  const type = (text: string): Action => ({ type: 'typed', text });
  const enter: Action = { type: 'entered' };

  it.each([
    ['SELECT 1;', true],
    ['SELECT 1', false],
    ["SELECT ';'", false],
    ["SELECT 'a;", false],
    ['SELECT 1; -- done', true],
    ['SELECT 1 -- not yet;', false],
    ['SELECT 1 /* ; */', false],
    ['SELECT "a;b" FROM t;\n', true],
  ])('a statement %j ends: %s', (sql, complete) => {
    expect(statementComplete(sql)).toBe(complete);
  });

  it('Enter before the semicolon starts a new line; Enter after it runs the whole statement', () => {
    const typing = play(type('SELECT count(*)'), enter, type('FROM songplays'));
    expect(typing).toMatchObject({ phase: 'typing', lines: ['SELECT count(*)', 'FROM songplays'] });
    const running = play(type('SELECT count(*)'), enter, type('FROM songplays;'), enter);
    expect(running).toMatchObject({ phase: 'running', running: { sql: 'SELECT count(*)\nFROM songplays;' }, lines: [''] });
  });

  it('a pasted statement with line breaks runs as typed', () => {
    expect(play(type('SELECT 1\r\nFROM t;\r'))).toMatchObject({ phase: 'running', running: { sql: 'SELECT 1\nFROM t;' } });
  });

  it('Up recalls earlier statements, newest first; Down goes back to what was being typed', () => {
    const ended: Action = { type: 'statement-ended', lines: ['(1 row)'], tone: 'ok' };
    const state = play(type('SELECT 1;'), enter, ended, type('SELECT 2;'), enter, ended, type('SEL'));
    const up = reducer(state, { type: 'history-back' });
    expect(up.lines).toEqual(['SELECT 2;']);
    expect(reducer(up, { type: 'history-back' }).lines).toEqual(['SELECT 1;']);
    expect(reducer(reducer(up, { type: 'history-back' }), { type: 'history-back' }).lines).toEqual(['SELECT 1;']);
    expect(reducer(up, { type: 'history-forward' }).lines).toEqual(['SEL']);
  });

  it('Ctrl-C cancels a running statement, and a second leaves at once with 130', () => {
    const cancelling = play(type('SELECT 1;'), enter, { type: 'interrupted' });
    expect(cancelling.phase).toBe('cancelling');
    expect(reducer(cancelling, { type: 'interrupted' })).toMatchObject({ phase: 'leaving', exit: { code: 130, atOnce: true } });
    expect(reducer(cancelling, { type: 'statement-ended', lines: ['Cancelled'], tone: 'cancelled' })).toMatchObject({ phase: 'typing', running: undefined });
  });

  it('Ctrl-C clears what is typed; on an empty prompt it leaves, as Ctrl-D and \\q do', () => {
    expect(play(type('SELECT'), { type: 'interrupted' })).toMatchObject({ phase: 'typing', lines: [''] });
    for (const leave of [[{ type: 'interrupted' }], [{ type: 'input-ended' }], [type('\\q'), enter]] as Action[][]) {
      expect(play(...leave)).toMatchObject({ phase: 'leaving', exit: { code: 0, atOnce: false } });
    }
  });

  it('keys that arrive together are each what they are: Backspaces erase, escape sequences are dropped', () => {
    expect(play(type('SELECT 12'), type('\u007f\u007f3;\u001b[A')).lines).toEqual(['SELECT 3;']);
  });

  it('Backspace erases a character, then joins the line to the one above', () => {
    expect(play(type('SELECT 1'), enter, { type: 'erased' }, { type: 'erased' }).lines).toEqual(['SELECT ']);
  });
});
