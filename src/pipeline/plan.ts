// The plan is data: steps with their SQL and the steps they wait for. It can be printed
// (a dry run) and tested without a database; the runner executes it.

import type { Sources } from '../config/target.js';
import { plural } from '../format.js';
import { checksOn, checksQuery } from '../sql/dataChecks.js';
import { insightsQuery } from '../sql/insights.js';
import { LIVE_NAMES, TABLES, type TableName, type TableNames } from '../sql/schema.js';
import {
  clearStagingStatements, copyStagingEvents, copyStagingSongs, insertArtists, insertSongplays, insertSongs, insertTime,
  resetStatements, rowCountsQuery, upsertUsers,
} from '../sql/pipelineSql.js';
import { createHelperStatements, dropHelperStatements, helperNames, swapStatements } from '../sql/swapSql.js';

/**
 * reset: drop and create the tables; cleanup: drop what an unfinished rebuild left; create: make
 * the tables beside the live ones; swap: put them in the live ones' place.
 */
export type StepKind = 'reset' | 'clear' | 'cleanup' | 'create' | 'copy' | 'insert' | 'count' | 'check' | 'swap' | 'insight';

export interface Step {
  id: string;
  kind: StepKind;
  /** What the step does, for people: "COPY staging_events". */
  title: string;
  /** The table it fills, if one. */
  table?: TableName;
  /** One statement, or several sent as one batch in a transaction (all or nothing). */
  sql: string[];
  dependsOn: string[];
  /** Runs only if no data check before it failed (unless the run is told not to fail on checks). */
  onlyIfChecksPass?: boolean;
}

export interface Plan {
  steps: Step[];
  /** Set when the plan builds beside the live tables: where it builds them until the swap. */
  helpers?: TableNames;
  /** What people should know about how this plan builds, said before it runs. */
  notes?: string[];
}

/** How `run` rebuilds, from what the warehouse holds before it. */
export interface Rebuild {
  /** Build beside the live tables (those of them that exist are `live`), then swap them in. */
  swap?: { token: string; live: readonly TableName[] };
  /** Helper tables a rebuild that did not end left behind: dropped first. */
  leftovers?: readonly string[];
}

/** Drop and recreate all seven tables in one transaction: a failed reset changes nothing. */
export function resetTables(after: string[] = []): Step[] {
  return [{ id: 'reset', kind: 'reset', title: `Reset ${TABLES.length} tables`, sql: resetStatements(), dependsOn: after }];
}

/** Into existing tables: the staging tables (scratch) are emptied first, in one transaction. */
export function clearStagingTables(): Step[] {
  return [{ id: 'clear', kind: 'clear', title: 'Empty the staging tables', sql: clearStagingStatements(), dependsOn: [] }];
}

/** Tables a rebuild that did not end left behind, dropped in one transaction. */
export function dropLeftovers(leftovers: readonly string[]): Step[] {
  if (leftovers.length === 0) return [];
  return [{ id: 'cleanup', kind: 'cleanup', title: `DROP ${plural(leftovers.length, 'table')} left behind`, sql: dropHelperStatements(leftovers), dependsOn: [] }];
}

/** The seven tables under the helper names, in one transaction. */
export function createBeside(helpers: TableNames, after: string[]): Step {
  return { id: 'create', kind: 'create', title: `CREATE ${TABLES.length} new tables`, sql: createHelperStatements(helpers), dependsOn: after };
}

/** The two COPYs, in parallel once the tables exist. */
export function loadStagingTables(sources: Sources, after: string[], names: TableNames = LIVE_NAMES): Step[] {
  return [
    { id: 'staging_events', kind: 'copy', title: 'COPY staging_events', table: 'staging_events', sql: [copyStagingEvents(sources, names)], dependsOn: after },
    { id: 'staging_songs', kind: 'copy', title: 'COPY staging_songs', table: 'staging_songs', sql: [copyStagingSongs(sources, names)], dependsOn: after },
  ];
}

/** The star schema, each INSERT as soon as its inputs are loaded; it adds only what is missing. */
export function insertTables(names: TableNames = LIVE_NAMES): Step[] {
  const insert = (table: TableName, sql: string | string[], dependsOn: string[]): Step =>
    ({ id: table, kind: 'insert', title: `INSERT ${table}`, table, sql: [sql].flat(), dependsOn });
  return [
    insert('users', upsertUsers(names), ['staging_events']),
    insert('songs', insertSongs(names), ['staging_songs']),
    insert('artists', insertArtists(names), ['staging_songs']),
    insert('songplays', insertSongplays(names), ['staging_events', 'staging_songs']),
    insert('time', insertTime(names), ['songplays']),
  ];
}

export function countRows(after: string[], names: TableNames = LIVE_NAMES): Step {
  return { id: 'counts', kind: 'count', title: 'Count rows', sql: [rowCountsQuery(TABLES, names)], dependsOn: after };
}

/** The data checks, all in one statement: whether the warehouse can be trusted. */
export function checkData(after: string[], names: TableNames = LIVE_NAMES): Step {
  return { id: 'checks', kind: 'check', title: 'Check the data', sql: [checksQuery(checksOn(names))], dependsOn: after };
}

/** The helpers take the live tables' place, in one transaction, once every check passed. */
export function swapIn(helpers: TableNames, live: readonly TableName[], after: string[]): Step {
  return { id: 'swap', kind: 'swap', title: `SWAP ${TABLES.length} tables in`, sql: swapStatements(helpers, live), dependsOn: after, onlyIfChecksPass: true };
}

/** The analyses of the listeners' plays, all in one statement. */
export function queryInsights(after: string[]): Step {
  return { id: 'insights', kind: 'insight', title: 'Query insights', sql: [insightsQuery()], dependsOn: after };
}

export type PlanKind = 'run' | 'create-tables' | 'etl' | 'check-data' | 'report';

/**
 * run: reset, load, insert, then count, check and analyse; or, with `rebuild.swap`, all that
 * beside the live tables, which the new ones replace in one transaction once every check passed.
 * create-tables: reset only. etl: load and insert into the existing tables (loading the same data
 * again changes nothing), then count, check and analyse. check-data: the checks alone; report:
 * the checks and the insights, both on the warehouse as it is. `run` first drops the helper tables
 * an unfinished rebuild left (`rebuild.leftovers`).
 */
export function buildPlan(kind: PlanKind, sources: Sources, rebuild: Rebuild = {}): Plan {
  if (kind === 'check-data') return { steps: [checkData([])] };
  if (kind === 'report') return { steps: [checkData([]), queryInsights([])] };
  const cleanup = kind === 'run' ? dropLeftovers(rebuild.leftovers ?? []) : [];
  const notes = cleanup.length > 0 ? [`A rebuild that did not end left ${plural(rebuild.leftovers!.length, 'table')} beside the live ones: they are dropped first.`] : [];
  const { swap } = rebuild;
  if (kind === 'run' && swap && swap.live.length > 0) return { ...swapPlan(sources, swap, cleanup), notes };
  if (kind === 'run' && swap) notes.push('The warehouse has none of its tables yet: there is nothing to swap out, so this first load builds them in place.');
  const first = kind === 'etl' ? clearStagingTables() : resetTables(cleanup.map((s) => s.id));
  if (kind === 'create-tables') return { steps: [...first, countRows(['reset'])] };
  const loads = loadStagingTables(sources, first.map((s) => s.id));
  const inserts = insertTables();
  const loaded = inserts.map((s) => s.id);
  const steps = [...cleanup, ...first, ...loads, ...inserts, countRows(loaded), checkData(loaded), queryInsights(loaded)];
  return notes.length > 0 ? { steps, notes } : { steps };
}

/** Build, count and check under the helper names; swap in; then the insights, on the live tables. */
function swapPlan(sources: Sources, swap: NonNullable<Rebuild['swap']>, cleanup: Step[]): Plan {
  const helpers = helperNames(swap.token);
  const create = createBeside(helpers, cleanup.map((s) => s.id));
  const loads = loadStagingTables(sources, [create.id], helpers);
  const inserts = insertTables(helpers);
  const loaded = inserts.map((s) => s.id);
  const [counts, checks] = [countRows(loaded, helpers), checkData(loaded, helpers)];
  const swapped = swapIn(helpers, swap.live, [counts.id, checks.id]);
  return { steps: [...cleanup, create, ...loads, ...inserts, counts, checks, swapped, queryInsights([swapped.id])], helpers };
}

/** The plan's SQL in the order it can run, for a dry run. */
export function planScript(plan: Plan): string {
  const notes = (plan.notes ?? []).map((note) => `-- ${note}\n\n`).join('');
  return notes + plan.steps
    .map((step, i) => {
      const how = step.sql.length > 1 ? ' (one transaction)' : '';
      const gate = step.onlyIfChecksPass ? ', only if every data check passed' : '';
      const after = step.dependsOn.length ? `, after ${step.dependsOn.join(', ')}` : '';
      return `-- ${i + 1} of ${plan.steps.length}: ${step.title}${how}${after}${gate}\n${step.sql.map((s) => `${s};`).join('\n\n')}`;
    })
    .join('\n\n');
}
