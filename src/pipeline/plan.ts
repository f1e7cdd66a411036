// The plan is data: steps with their SQL and the steps they wait for. It can be printed
// (a dry run) and tested without a database; the runner executes it.

import type { Sources } from '../config/target.js';
import { checksQuery } from '../sql/dataChecks.js';
import { insightsQuery } from '../sql/insights.js';
import { TABLES, type TableName } from '../sql/schema.js';
import {
  clearStagingStatements, copyStagingEvents, copyStagingSongs, INSERT_ARTISTS, INSERT_SONGPLAYS, INSERT_SONGS, INSERT_TIME,
  resetStatements, rowCountsQuery, UPSERT_USERS,
} from '../sql/pipelineSql.js';

export type StepKind = 'reset' | 'clear' | 'copy' | 'insert' | 'count' | 'check' | 'insight';

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
}

export interface Plan {
  steps: Step[];
}

/** Drop and recreate all seven tables in one transaction: a failed reset changes nothing. */
export function resetTables(): Step[] {
  return [{ id: 'reset', kind: 'reset', title: `Reset ${TABLES.length} tables`, sql: resetStatements(), dependsOn: [] }];
}

/** Into existing tables: the staging tables (scratch) are emptied first, in one transaction. */
export function clearStagingTables(): Step[] {
  return [{ id: 'clear', kind: 'clear', title: 'Empty the staging tables', sql: clearStagingStatements(), dependsOn: [] }];
}

/** The two COPYs, in parallel once the tables exist. */
export function loadStagingTables(sources: Sources, after: string[]): Step[] {
  return [
    { id: 'staging_events', kind: 'copy', title: 'COPY staging_events', table: 'staging_events', sql: [copyStagingEvents(sources)], dependsOn: after },
    { id: 'staging_songs', kind: 'copy', title: 'COPY staging_songs', table: 'staging_songs', sql: [copyStagingSongs(sources)], dependsOn: after },
  ];
}

/** The star schema, each INSERT as soon as its inputs are loaded; it adds only what is missing. */
export function insertTables(): Step[] {
  const insert = (table: TableName, sql: string | string[], dependsOn: string[]): Step =>
    ({ id: table, kind: 'insert', title: `INSERT ${table}`, table, sql: [sql].flat(), dependsOn });
  return [
    insert('users', UPSERT_USERS, ['staging_events']),
    insert('songs', INSERT_SONGS, ['staging_songs']),
    insert('artists', INSERT_ARTISTS, ['staging_songs']),
    insert('songplays', INSERT_SONGPLAYS, ['staging_events', 'staging_songs']),
    insert('time', INSERT_TIME, ['songplays']),
  ];
}

export function countRows(after: string[]): Step {
  return { id: 'counts', kind: 'count', title: 'Count rows', sql: [rowCountsQuery()], dependsOn: after };
}

/** The data checks, all in one statement: whether the warehouse can be trusted. */
export function checkData(after: string[]): Step {
  return { id: 'checks', kind: 'check', title: 'Check the data', sql: [checksQuery()], dependsOn: after };
}

/** The analyses of the listeners' plays, all in one statement. */
export function queryInsights(after: string[]): Step {
  return { id: 'insights', kind: 'insight', title: 'Query insights', sql: [insightsQuery()], dependsOn: after };
}

export type PlanKind = 'run' | 'create-tables' | 'etl' | 'check-data' | 'report';

/**
 * run: reset, load, insert, then count, check and analyse. create-tables: reset only. etl: load
 * and insert into the existing tables (loading the same data again changes nothing), then count,
 * check and analyse. check-data: the checks alone; report: the checks and the insights, both on
 * the warehouse as it is.
 */
export function buildPlan(kind: PlanKind, sources: Sources): Plan {
  if (kind === 'check-data') return { steps: [checkData([])] };
  if (kind === 'report') return { steps: [checkData([]), queryInsights([])] };
  const first = kind === 'etl' ? clearStagingTables() : resetTables();
  if (kind === 'create-tables') return { steps: [...first, countRows(['reset'])] };
  const loads = loadStagingTables(sources, first.map((s) => s.id));
  const inserts = insertTables();
  const loaded = inserts.map((s) => s.id);
  return { steps: [...first, ...loads, ...inserts, countRows(loaded), checkData(loaded), queryInsights(loaded)] };
}

/** The plan's SQL in the order it can run, for a dry run. */
export function planScript(plan: Plan): string {
  return plan.steps
    .map((step, i) => {
      const how = step.sql.length > 1 ? ' (one transaction)' : '';
      const after = step.dependsOn.length ? `, after ${step.dependsOn.join(', ')}` : '';
      return `-- ${i + 1} of ${plan.steps.length}: ${step.title}${how}${after}\n${step.sql.map((s) => `${s};`).join('\n\n')}`;
    })
    .join('\n\n');
}
