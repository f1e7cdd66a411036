// The data checks folded for the wizard's summary: checks of one kind that pass become one line
// ("dimension keys unique (4)"); a check that warns or fails keeps its own line and its query.

import type { CheckKind, CheckResult, CheckStatus } from '../../pipeline/dataChecks.js';
import { count } from '../../format.js';

export interface CheckGroupRow {
  key: string;
  status: CheckStatus;
  title: string;
  detail: string;
  /** The query that shows the offending rows, for a check that did not pass. */
  query?: string;
}

const GROUP_TITLE: Partial<Record<CheckKind, string>> = {
  has_rows: 'tables have rows',
  not_null: 'key columns not NULL',
  unique: 'dimension keys unique',
  relationship: 'play keys in their dimensions',
};

/** What passing checks of a kind found, in one figure. */
function groupDetail(kind: CheckKind, passing: CheckResult[]): string {
  if (kind === 'has_rows') {
    const rows = passing.map((c) => c.figure);
    const [least, most] = [Math.min(...rows), Math.max(...rows)];
    return least === most ? `${count(least)} rows each` : `${count(least)} to ${count(most)} rows`;
  }
  return passing[0]!.detail.replace(/ of [\d,]+ missing$/, ' missing');
}

export function groupChecks(checks: readonly CheckResult[]): CheckGroupRow[] {
  const kinds = [...new Set(checks.map((c) => c.kind))];
  return kinds.flatMap((kind) => {
    const members = checks.filter((c) => c.kind === kind);
    const passing = members.filter((c) => c.status === 'pass');
    const own = (c: CheckResult): CheckGroupRow => ({ key: c.id, status: c.status, title: c.title, detail: c.detail, query: c.status === 'pass' ? undefined : c.query });
    const title = GROUP_TITLE[kind];
    if (members.length === 1 || !title || passing.length === 0) return members.map(own);
    const folded: CheckGroupRow = {
      key: kind,
      status: 'pass',
      title: `${title} (${passing.length === members.length ? passing.length : `${passing.length} of ${members.length}`})`,
      detail: groupDetail(kind, passing),
    };
    return [folded, ...members.filter((c) => c.status !== 'pass').map(own)];
  });
}
