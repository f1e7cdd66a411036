// The data checks' result rows, (check_id, figure, total), made into typed results: a status, the
// figure in words and the query that shows the offending rows.

import { count as n, percent, plural } from '../format.js';
import { CHECKS, MATCH_RATE_WARN_BELOW, type CheckDefinition, type CheckKind, type CheckStatus } from '../sql/dataChecks.js';
import type { ResultRow } from './results.js';

export type { CheckKind, CheckStatus };

export interface CheckResult {
  id: string;
  kind: CheckKind;
  title: string;
  status: CheckStatus;
  /** The count the check measured (offending rows, rows, matched plays). */
  figure: number;
  /** What the figure is out of, when it is out of something. */
  total: number | null;
  /** The figure in words: "0 duplicates", "1 of 1,712 missing from users". */
  detail: string;
  /** The query that shows the offending rows. */
  query: string;
}

/** Two decimals under 10%, where the match rate and its threshold are told apart. */
function matchRate(share: number): string {
  return percent(share, share < 0.1 ? 2 : 1);
}

function describe(check: CheckDefinition, status: CheckStatus, figure: number, total: number | null): string {
  const of = total ?? 0;
  switch (check.kind) {
    case 'has_rows':
      return figure === 0 ? 'empty' : plural(figure, 'row');
    case 'one_per_event':
      return figure === of ? `${n(figure)} of ${plural(of, 'NextSong event')}` : `${plural(figure, 'row')} for ${plural(of, 'NextSong event')}`;
    case 'not_null':
      return figure === 0 ? '0 NULLs' : `${n(figure)} NULL${figure === 1 ? '' : 's'} in ${plural(of, 'row')}`;
    case 'unique':
      return figure === 0 ? '0 duplicates' : `${plural(figure, 'duplicate')} in ${plural(of, 'row')}`;
    case 'relationship':
      return `${n(figure)} of ${n(of)} missing${figure === 0 ? '' : ` from ${check.references}`}`;
    case 'match_rate': {
      if (of === 0) return 'no plays to match';
      if (status === 'pass') return `${matchRate(figure / of)} of plays (${n(figure)} of ${n(of)})`;
      // Truncated to two digits: a rate just under the threshold never reads as the threshold itself.
      return `${percent(Math.floor((figure / of) * 10_000) / 10_000, 2)} of plays (${n(figure)} of ${n(of)}), below ${MATCH_RATE_WARN_BELOW * 100}%`;
    }
  }
}

/** One result per check, in the checks' order. A check whose row is missing fails: it was not measured. */
export function readChecks(rows: readonly ResultRow[], checks: CheckDefinition[] = CHECKS): CheckResult[] {
  const byId = new Map(rows.map(([id, figure, total]) => [String(id), { figure: Number(figure ?? 0), total: total === null || total === undefined ? null : Number(total) }]));
  return checks.map((check) => {
    const measured = byId.get(check.id);
    const base = { id: check.id, kind: check.kind, title: check.title, query: check.offendingRowsSql };
    if (!measured) return { ...base, status: 'fail', figure: 0, total: null, detail: 'no figure came back from the warehouse' };
    const status = check.evaluate(measured.figure, measured.total);
    return { ...base, status, figure: measured.figure, total: measured.total, detail: describe(check, status, measured.figure, measured.total) };
  });
}

export interface CheckTally {
  pass: number;
  warn: number;
  fail: number;
}

export function tallyChecks(checks: readonly CheckResult[]): CheckTally {
  const tally: CheckTally = { pass: 0, warn: 0, fail: 0 };
  for (const c of checks) tally[c.status]++;
  return tally;
}
