// A statement's outcome as the prompt shows it: the table (its first rows, when there are many),
// the rows affected, or the warehouse's error with a caret under the place it points at.

import { count, seconds } from '../../format.js';
import type { QueryOutcome } from '../../pipeline/query.js';
import { doneLine, errorLines } from '../queryMessages.js';
import { resultWriter } from '../queryOutput.js';
import type { Entry } from './state.js';

/** The most rows the prompt prints of one result; the rest stay unread on the warehouse. */
export const PROMPT_ROWS = 500;

export async function outcomeText(sql: string, outcome: QueryOutcome, width: number): Promise<{ lines: string[]; tone: Entry['tone'] }> {
  switch (outcome.status) {
    case 'failed':
      return { lines: errorLines(sql, outcome.error, outcome.position), tone: 'error' };
    case 'cancelled':
      return { lines: [outcome.ended === 'aborted' ? 'Cancelled: the warehouse stopped the statement.' : `Cancelled, but the statement had already ${outcome.ended}.`], tone: 'cancelled' };
    case 'done':
      return { lines: [doneLine(outcome.resultRows, outcome.durationMs)], tone: 'ok' };
    case 'rows': {
      const writer = resultWriter('table', outcome.columns, width);
      let text = '';
      let shown = 0;
      for await (const rows of outcome.pages) {
        const taken = rows.slice(0, PROMPT_ROWS - shown);
        text += writer.rows(taken).join('');
        shown += taken.length;
        if (shown >= PROMPT_ROWS) break;
      }
      const total = outcome.totalRows >= 0 ? outcome.totalRows : shown;
      const table = text === '' ? [] : text.trimEnd().split('\n');
      if (shown < total) {
        return { lines: [...table, `(the first ${count(shown)} of ${count(total)} rows, ${seconds(outcome.durationMs)}: sparkify-wizard query --format csv prints them all)`], tone: 'ok' };
      }
      // The header (when there were no rows) and the row count, with the time it took.
      const end = writer.end(shown).trimEnd().replace(/\)$/, `, ${seconds(outcome.durationMs)})`);
      return { lines: [...table, ...end.split('\n')], tone: 'ok' };
    }
  }
}
