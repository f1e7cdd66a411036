// One line per step start and end, as dbt prints its runs, on stderr:
//   3 of 11 OK     INSERT songs            14,896 rows  0.42 s
// with a line every few seconds for each running COPY, from its load samples,
// then the row counts, one line per data check, a few facts about the listeners, the most played
// songs and artists by the event log's titles, and the verdict.

import { count, plural, seconds } from '../format.js';
import type { PipelineEvent, StepInfo } from '../pipeline/events.js';
import { checkLines, tallyLine } from './checkLines.js';
import { listenerFacts, loggedLines } from './facts.js';
import { loadLine, rateBetween, rateStart } from './loadLine.js';
import type { LoadProgress } from '../pipeline/loadProgress.js';

/** How often a running COPY gets a line. */
export const PROGRESS_EVERY_MS = 5000;

export function plainReporter(write: (line: string) => void): (event: PipelineEvent) => void {
  let steps: StepInfo[] = [];
  const label = (id: string) => {
    const i = steps.findIndex((s) => s.id === id);
    return { n: `${i + 1} of ${steps.length}`, title: steps[i]?.title ?? id };
  };
  const line = (id: string, word: string, rest = '') => {
    const { n, title } = label(id);
    write(`${n} ${word.padEnd(9)} ${title.padEnd(22)}${rest ? ` ${rest}` : ''}`.trimEnd());
  };

  // Per COPY: its first sample (for the rate) and when it last had a line.
  const loads = new Map<string, { first: LoadProgress; firstAt: number; printedAt: number }>();

  return (event) => {
    switch (event.type) {
      case 'progress': {
        const { type: _type, step, at, ...latest } = event;
        const seen = loads.get(step);
        const load = { ...rateStart(seen, latest, at), printedAt: seen?.printedAt ?? at };
        loads.set(step, load);
        if (at - load.printedAt >= PROGRESS_EVERY_MS) {
          load.printedAt = at;
          line(step, 'LOADING', loadLine(latest, rateBetween(load.first, load.firstAt, latest, at)));
        }
        break;
      }
      case 'start':
        steps = event.steps;
        write(`Target: ${event.target}`);
        for (const note of event.notes ?? []) write(note);
        break;
      case 'status':
        if (event.status === 'submitted') line(event.step, 'START', event.statementId ? `[${event.statementId}]` : '');
        break;
      case 'finished':
        line(event.step, 'OK', `${event.rows >= 0 ? `${plural(event.rows, 'row')}  ` : ''}${seconds(event.durationMs)}`);
        break;
      case 'failed':
        line(event.step, 'ERROR', event.error);
        for (const e of event.loadErrors ?? []) write(`    ${e.file}, line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.reason} (error ${e.code})`);
        if (event.loadErrors?.length) write('    (from sys_load_error_detail)');
        break;
      case 'skipped':
        line(event.step, 'SKIP', `(${event.because})`);
        break;
      case 'cancelled':
        line(event.step, 'CANCELLED', `(${event.status})`);
        break;
      case 'retry': {
        const { n, title } = label(event.step);
        write(`${n} ${'RETRY'.padEnd(9)} ${title.padEnd(22)} ${event.operation}: ${event.reason}, retrying in ${seconds(event.delayMs, 1)} (attempt ${event.attempt + 1})`);
        break;
      }
      case 'cancelling':
        write(`Cancelling ${plural(event.running, 'running statement')}...`);
        break;
      case 'counts': {
        const width = Math.max(...Object.keys(event.counts).map((t) => t.length));
        write('Rows:');
        for (const [table, rows] of Object.entries(event.counts)) write(`  ${table.padEnd(width)}  ${count(rows).padStart(9)}`);
        break;
      }
      case 'summary': {
        if (event.checks) {
          write(`Checks (${event.checks.length}): ${tallyLine(event.checks)}`);
          for (const l of checkLines(event.checks, '  ')) write(l);
        }
        if (event.insights) {
          write('Listeners:');
          for (const fact of listenerFacts(event.insights)) write(`  ${fact}`);
          for (const l of loggedLines(event.insights)) write(`  ${l}`);
          write('  Every figure, as a report to share: sparkify-wizard report --out report.md (same target options)');
        }
        const failedChecks = (event.checks ?? []).filter((c) => c.status === 'fail');
        const checksFailed = `${plural(failedChecks.length, 'check')} failed (${failedChecks.map((c) => c.title).join(', ')})`;
        if (event.cancelled) write(`Cancelled after ${seconds(event.durationMs)}.`);
        else if (event.failed.length > 0) write(`Failed after ${seconds(event.durationMs)}: ${event.failed.join(', ')} did not finish.`);
        else if (failedChecks.length > 0 && !event.ok) write(`Failed after ${seconds(event.durationMs)}: ${checksFailed}: the warehouse cannot be trusted yet.`);
        else if (failedChecks.length > 0) write(`Done in ${seconds(event.durationMs)}: ${steps.length} of ${steps.length} steps OK, but ${checksFailed}.`);
        else if (event.ok) write(`Done in ${seconds(event.durationMs)}: ${steps.length} of ${steps.length} steps OK.`);
        else write(`Failed after ${seconds(event.durationMs)}: a step did not finish.`);
        break;
      }
    }
  };
}
