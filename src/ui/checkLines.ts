// The data checks as lines, dbt-style: status, title, figure; a warning or a failure is followed
// by the query that shows its offending rows.
//   PASS  users.user_id unique            0 duplicates
// And the checks before a run, one line each with the fix of a problem.

import { tallyChecks, type CheckResult, type CheckStatus } from '../pipeline/dataChecks.js';
import type { ProbeReport } from '../pipeline/preflight.js';
import { padEnd } from './text.js';

export const CHECK_WORD: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

export function checkLines(checks: readonly CheckResult[], indent = ''): string[] {
  const width = Math.max(0, ...checks.map((c) => c.title.length));
  return checks.flatMap((c) => {
    const line = `${indent}${padEnd(CHECK_WORD[c.status], 5)} ${padEnd(c.title, width)}  ${c.detail}`;
    if (c.status === 'pass') return [line];
    return [line, `${indent}      offending rows:`, ...c.query.split('\n').map((q) => `${indent}        ${q}`)];
  });
}

/** "22 pass, 1 warn, 0 fail" */
export function tallyLine(checks: readonly CheckResult[]): string {
  const { pass, warn, fail } = tallyChecks(checks);
  return `${pass} pass, ${warn} warn, ${fail} fail`;
}

/** The checks before a run, one line each: "error     cluster x is available: it is paused; fix: ...". */
const PROBE_WORD = { ok: 'ok', error: 'error', unchecked: 'unchecked' } as const;
export const PROBE_WORD_WIDTH = Math.max(...Object.values(PROBE_WORD).map((w) => w.length));

export function probeLine(r: Pick<ProbeReport, 'status' | 'title' | 'detail' | 'fix'>): string {
  const word = r.status === 'running' ? 'checking' : PROBE_WORD[r.status];
  return `${padEnd(word, PROBE_WORD_WIDTH)} ${r.title}${r.detail ? `: ${r.detail}` : ''}${r.fix ? `; fix: ${r.fix}` : ''}`;
}
