// What a run found, read from the records of the steps that return rows: row counts ('count'
// steps), data checks ('check') and insights ('insight'). The runner stays generic: it keeps each
// step's records, and this module says what they mean.

import type { FieldValue } from './dataApiModel.js';
import { readChecks, type CheckResult } from './dataChecks.js';
import { readInsights, type Insights } from './insights.js';
import type { Step } from './plan.js';

/** One record of a result set, as plain values. */
export type ResultRow = readonly FieldValue[];

export interface RunResults {
  counts: Record<string, number>;
  /** Present when the plan checked the data and the check step finished. */
  checks?: CheckResult[];
  insights?: Insights;
}

export function readResults(steps: readonly Step[], recordsOf: (stepId: string) => readonly ResultRow[] | undefined): RunResults {
  const finished = (kind: Step['kind']) => steps.filter((s) => s.kind === kind).map((s) => recordsOf(s.id)).filter((r) => r !== undefined);
  const counts = Object.fromEntries(finished('count').flat().map(([table, rows]) => [String(table), Number(rows)]));
  const checks = finished('check');
  const insights = finished('insight');
  return {
    counts,
    ...(checks.length > 0 ? { checks: readChecks(checks.flat()) } : {}),
    ...(insights.length > 0 ? { insights: readInsights(insights.flat()) } : {}),
  };
}
