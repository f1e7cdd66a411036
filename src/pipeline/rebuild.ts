// Around a rebuild: what the warehouse holds before it (which live tables exist, which helper
// tables a rebuild that did not end left behind), and after a rebuild beside the live tables that
// did not swap them in, dropping the tables it built, so that nothing of it stays.

import { randomBytes } from 'node:crypto';
import { plural } from '../format.js';
import { TABLES, type TableName } from '../sql/schema.js';
import { dropHelperStatements, helperTableNames, isHelperName, REBUILD_TABLES_QUERY } from '../sql/swapSql.js';
import type { DataApi } from './dataApiClient.js';
import type { Plan, Rebuild } from './plan.js';
import type { RunSummary } from './runner.js';

/** How long dropping the helper tables may take, even after a cancel. */
const DISCARD_TIMEOUT_MS = 30_000;

/** A new rebuild's token: its helper tables' names share it. */
export function newToken(): string {
  return randomBytes(4).toString('hex');
}

/** Asks the warehouse what a rebuild starts from; `swap`: build beside the live tables. */
export async function rebuildFrom(api: DataApi, swap: boolean): Promise<Rebuild> {
  const names = (await api.query(REBUILD_TABLES_QUERY, 'sparkify-wizard tables before the rebuild')).map(([name]) => String(name));
  const live = TABLES.map((t) => t.name).filter((name) => names.includes(name));
  const leftovers = names.filter(isHelperName);
  return { ...(swap ? { swap: { token: newToken(), live } } : {}), leftovers };
}

/** A dry run asks nothing: it shows the rebuild of a warehouse whose tables all exist. */
export function assumedRebuild(swap: boolean): Rebuild {
  return swap ? { swap: { token: newToken(), live: TABLES.map((t): TableName => t.name) } } : {};
}

/** Whether the run put new tables in the live ones' place (a plan that builds in place: whether it built). */
export function swapped(plan: Plan, summary: Pick<RunSummary, 'outcomes'>): boolean {
  return plan.helpers !== undefined && summary.outcomes.get('swap')?.status === 'finished';
}

/**
 * After a rebuild beside the live tables that did not swap: drops the tables it built, in one
 * transaction, within a bounded time (a cancelled run still gets to tidy up). Says what became of
 * them; undefined when there was nothing to drop.
 */
export async function discardHelpers(api: DataApi, plan: Plan, summary: Pick<RunSummary, 'outcomes'>): Promise<string | undefined> {
  if (!plan.helpers || swapped(plan, summary)) return undefined;
  const created = summary.outcomes.get('create');
  if (created === undefined || created.status === 'queued' || created.status === 'skipped') return undefined;
  const helpers = helperTableNames(plan.helpers);
  try {
    await api.execute(dropHelperStatements(helpers), 'sparkify-wizard drop the new tables', { signal: AbortSignal.timeout(DISCARD_TIMEOUT_MS) });
    return `The ${plural(helpers.length, 'table')} built beside the live ones were dropped.`;
  } catch (error) {
    return `The tables built beside the live ones could not be dropped (${(error as Error).message}): the next run drops them.`;
  }
}
