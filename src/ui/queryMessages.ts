// What the query command says besides the rows: the warehouse's error with the line of SQL it points
// at and a caret under the place, and how a statement without rows ended.

import { plural, seconds } from '../format.js';
import { columns as widthOf } from './text.js';

/** A first question to ask a warehouse just built, suggested at the end of a run. */
export const EXAMPLE_QUERY = 'SELECT * FROM songplays LIMIT 5';

/** The most of a long SQL line shown around the place an error points at. */
const CONTEXT = 60;

/**
 * The error, then (when the warehouse gave a position, 1 for the SQL's first character) the line
 * it is on and a caret under it, as psql shows it: "LINE 2: ... FORM songplays".
 */
export function errorLines(sql: string, error: string, position?: number): string[] {
  const lines = [error];
  const chars = [...sql];
  if (position === undefined || position < 1 || position > chars.length + 1) return lines;
  const before = chars.slice(0, position - 1).join('');
  const lineNumber = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  let text = sql.slice(lineStart).split('\n')[0]!.replace(/\t/g, ' ').replace(/\r$/, '');
  let column = widthOf(before.slice(lineStart));
  // A long line is cut to the part around the place, marked with ellipses.
  if (widthOf(text) > CONTEXT * 2) {
    const from = Math.max(0, column - CONTEXT);
    const cut = [...text];
    text = `${from > 0 ? '…' : ''}${cut.slice(from, from + CONTEXT * 2).join('')}${from + CONTEXT * 2 < cut.length ? '…' : ''}`;
    column = column - from + (from > 0 ? 1 : 0);
  }
  const label = `LINE ${lineNumber}: `;
  lines.push(`${label}${text}`, `${' '.repeat(label.length + column)}^`);
  return lines;
}

/** A statement without a result set, ended: its rows affected, when that means something. */
export function doneLine(resultRows: number, durationMs: number): string {
  return resultRows >= 0 ? `OK, ${plural(resultRows, 'row')} affected (${seconds(durationMs)})` : `OK (${seconds(durationMs)})`;
}
