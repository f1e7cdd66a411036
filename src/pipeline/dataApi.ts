// The Redshift Data API as the pipeline uses it: every call addressed to the target, results
// paged through, timestamps and units made plain.

import {
  BatchExecuteStatementCommand, CancelStatementCommand, DescribeStatementCommand, ExecuteStatementCommand,
  GetStatementResultCommand, type Field, type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import type { Target } from '../config/target.js';

export type DataApiStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

export interface Description {
  status: DataApiStatus;
  /** Rows affected, returned or loaded; -1 when not applicable. */
  resultRows: number;
  durationMs: number;
  error?: string;
  queryId?: number;
  hasResultSet: boolean;
}

/** The names the local warehouse answers to; any cluster identifier and database would do. */
export const LOCAL_ADDRESS = { ClusterIdentifier: 'local', Database: 'dev' };

export function addressOf(target: Target): Record<string, string | undefined> {
  switch (target.kind) {
    case 'cluster':
      return { ClusterIdentifier: target.clusterIdentifier, Database: target.database, DbUser: target.secretArn ? undefined : target.dbUser, SecretArn: target.secretArn };
    case 'serverless':
      return { WorkgroupName: target.workgroupName, Database: target.database, SecretArn: target.secretArn };
    case 'local':
      return LOCAL_ADDRESS;
  }
}

export const TERMINAL: ReadonlySet<DataApiStatus> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** The longest the Data API holds a DescribeStatement call (WaitTimeSeconds). */
export const LONG_POLL_SECONDS = 30;

export class DataApi {
  private readonly address: Record<string, string | undefined>;

  constructor(
    readonly client: RedshiftDataClient,
    target: Target,
  ) {
    this.address = addressOf(target);
  }

  /** Submits one statement (or a batch run as one transaction); returns its Id. */
  async submit(sql: string[], name: string, signal?: AbortSignal): Promise<string> {
    const common = { ...this.address, StatementName: name };
    const out =
      sql.length === 1
        ? await this.client.send(new ExecuteStatementCommand({ ...common, Sql: sql[0] }), { abortSignal: signal })
        : await this.client.send(new BatchExecuteStatementCommand({ ...common, Sqls: sql }), { abortSignal: signal });
    return out.Id!;
  }

  /** With waitSeconds > 0 the call is held until the statement completes or the time is up. */
  async describe(id: string, waitSeconds: number, signal?: AbortSignal): Promise<Description> {
    const d = await this.client.send(new DescribeStatementCommand({ Id: id, WaitTimeSeconds: waitSeconds || undefined }), { abortSignal: signal });
    return {
      status: d.Status as DataApiStatus,
      resultRows: d.ResultRows ?? -1,
      durationMs: (d.Duration ?? 0) / 1e6, // nanoseconds
      error: d.Error,
      queryId: d.RedshiftQueryId || undefined,
      hasResultSet: d.HasResultSet ?? false,
    };
  }

  async cancel(id: string): Promise<void> {
    await this.client.send(new CancelStatementCommand({ Id: id }));
  }

  /** Runs a query to completion and returns its rows as plain values; rejects with the statement's error. */
  async query(sql: string, name: string): Promise<(string | number | boolean | null)[][]> {
    const id = await this.submit([sql], name);
    let d = await this.describe(id, LONG_POLL_SECONDS);
    while (!TERMINAL.has(d.status)) d = await this.describe(id, LONG_POLL_SECONDS);
    if (d.status !== 'FINISHED') throw new Error(d.error ?? `the statement ended ${d.status}`);
    return d.hasResultSet ? (await this.records(id)).map((r) => r.map(fieldValue)) : [];
  }

  /** All records of a finished statement, every page. */
  async records(id: string, signal?: AbortSignal): Promise<Field[][]> {
    const records: Field[][] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new GetStatementResultCommand({ Id: id, NextToken: token }), { abortSignal: signal });
      records.push(...(page.Records ?? []));
      token = page.NextToken;
    } while (token);
    return records;
  }
}

/** A Field as a plain value. */
export function fieldValue(field: Field): string | number | boolean | null {
  if (field.isNull) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
}
