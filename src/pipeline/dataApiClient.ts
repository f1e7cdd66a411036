// The Redshift Data API as the pipeline uses it: every call addressed to the target, results
// paged through, timestamps and units made plain.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as Sdk from '@aws-sdk/client-redshift-data';
import type { ColumnMetadata, RedshiftDataClient, RedshiftDataClientConfig } from '@aws-sdk/client-redshift-data';
import { requireCommonJs } from '../commonJs.js';
import type { Target } from '../config/target.js';
import { addressOf, fieldValue, LONG_POLL_SECONDS, TERMINAL, type DataApiStatus, type Description, type FieldValue } from './dataApiModel.js';
import { readRecordsDirectly, RowsSink, type RecordSink } from './resultRecords.js';
import { DEFAULT_RETRY, transientReason, type CallOptions, type RetryPolicy } from './retryPolicy.js';

const sdk = requireCommonJs('@aws-sdk/client-redshift-data') as typeof Sdk;

/** A page of a result, its records given to a sink. */
export interface PageOf {
  columns: ColumnMetadata[];
  /** Rows in the whole result, as the first page tells (-1 when not told). */
  totalRows: number;
  /** Rows on this page. */
  rowCount: number;
}

/** A page of a result, its rows as plain values. */
export interface ResultPage extends PageOf {
  rows: FieldValue[][];
}

export class DataApi {
  private readonly address: Record<string, string | undefined>;

  constructor(
    readonly client: RedshiftDataClient,
    target: Target,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.address = addressOf(target);
  }

  /** A client whose retries are this class's alone (observable, bounded), addressed to the target. */
  static connect(config: RedshiftDataClientConfig, target: Target, retry: RetryPolicy = DEFAULT_RETRY): DataApi {
    return new DataApi(new sdk.RedshiftDataClient({ ...config, maxAttempts: 1 }), target, retry);
  }

  /**
   * Submits one statement (or a batch run as one transaction); returns its Id. The ClientToken
   * stays the same across retries, so a submission whose answer was lost runs once.
   */
  async submit(sql: string[], name: string, options: CallOptions = {}): Promise<string> {
    const common = { ...this.address, StatementName: name, ClientToken: randomUUID() };
    const out = await this.call('ExecuteStatement', options, () =>
      sql.length === 1
        ? this.client.send(new sdk.ExecuteStatementCommand({ ...common, Sql: sql[0] }))
        : this.client.send(new sdk.BatchExecuteStatementCommand({ ...common, Sqls: sql })),
    );
    return out.Id!;
  }

  /** With waitSeconds > 0 the call is held until the statement completes or the time is up. */
  async describe(id: string, waitSeconds: number, options: CallOptions = {}): Promise<Description> {
    const d = await this.call('DescribeStatement', options, () =>
      this.client.send(new sdk.DescribeStatementCommand({ Id: id, WaitTimeSeconds: waitSeconds || undefined }), { abortSignal: options.signal }),
    );
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
    await this.call('CancelStatement', {}, () => this.client.send(new sdk.CancelStatementCommand({ Id: id })));
  }

  /** Runs a query to completion and returns its rows as plain values; rejects with the statement's error. */
  async query(sql: string, name: string, options: CallOptions = {}): Promise<FieldValue[][]> {
    const { id, hasResultSet } = await this.execute([sql], name, options);
    return hasResultSet ? await this.rows(id, options) : [];
  }

  /** Runs a statement (or a batch, as one transaction) to completion; rejects with its error. */
  async execute(sql: string[], name: string, options: CallOptions = {}): Promise<{ id: string; hasResultSet: boolean }> {
    const id = await this.submit(sql, name, options);
    let d = await this.describe(id, LONG_POLL_SECONDS, options);
    while (!TERMINAL.has(d.status)) d = await this.describe(id, LONG_POLL_SECONDS, options);
    if (d.status !== 'FINISHED') throw new Error(d.error ?? `the statement ended ${d.status}`);
    return { id, hasResultSet: d.hasResultSet };
  }

  /** All rows of a finished statement, every page. */
  async rows(id: string, options: CallOptions = {}): Promise<FieldValue[][]> {
    const rows: FieldValue[][] = [];
    for await (const page of this.pages(id, options)) rows.push(...page.rows);
    return rows;
  }

  /** A finished statement's result, one page (GetStatementResult, paged by NextToken) at a time. */
  async *pages(id: string, options: CallOptions = {}): AsyncGenerator<ResultPage> {
    const sink = new RowsSink();
    for await (const page of this.pagesInto(id, sink, options)) yield { ...page, rows: sink.take() };
  }

  /**
   * A finished statement's result, one page at a time, each page's records given to `sink` before
   * the page is yielded. The sink is given the next page only once asked for it.
   */
  async *pagesInto(id: string, sink: RecordSink, options: CallOptions = {}): AsyncGenerator<PageOf> {
    let token: string | undefined;
    do {
      const command = new sdk.GetStatementResultCommand({ Id: id, NextToken: token });
      const direct = readRecordsDirectly(command, sink);
      const page = await this.call('GetStatementResult', options, () => this.client.send(command, { abortSignal: options.signal }));
      let rowCount = direct.rows;
      if (rowCount === undefined) {
        // The SDK read the page itself.
        const records = page.Records ?? [];
        sink.begin();
        for (const record of records) {
          for (const field of record) sink.value(fieldValue(field));
          sink.rowEnd();
        }
        rowCount = records.length;
      }
      yield { columns: page.ColumnMetadata ?? [], totalRows: page.TotalNumRows ?? -1, rowCount };
      token = page.NextToken;
    } while (token);
  }

  /** Calls the API, trying again after a transient fault, within the policy's bounds. */
  private async call<T>(operation: string, options: CallOptions, send: () => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const reason = options.signal?.aborted ? undefined : transientReason(error);
        const delayMs = Math.round(Math.random() * Math.min(this.retry.capMs, this.retry.baseMs * 2 ** (attempt - 1)));
        if (!reason || attempt >= this.retry.maxAttempts || Date.now() - started + delayMs > this.retry.totalMs) throw error;
        options.onRetry?.({ operation, reason, attempt, delayMs });
        await sleep(delayMs, undefined, { signal: options.signal });
      }
    }
  }
}

