// A statement as the endpoint keeps it: what was submitted, where it is addressed, its status
// history, timing, result and error. The store (statementStore.ts) runs it.

import type { ResultSet } from './resultSet.js';

export type Status = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';
export const STATUSES: readonly Status[] = ['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'FAILED', 'ABORTED'];
const TERMINAL: ReadonlySet<Status> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

export interface StatementTarget {
  clusterIdentifier?: string;
  workgroupName?: string;
  database: string;
  dbUser?: string;
  secretArn?: string;
}

export interface Submission {
  sqls: string[];
  /** Run in this Data API session (SessionId). */
  sessionId?: string;
  /** Keep the session this many seconds after the statement (SessionKeepAliveSeconds): opens one when there is no SessionId. */
  keepAliveSeconds?: number;
  /** JSON (GetStatementResult) or CSV (GetStatementResultV2). */
  resultFormat?: 'JSON' | 'CSV';
  batch: boolean;
  /** Batches only: TRANSACTION runs all or nothing; AUTO_COMMIT commits each statement. */
  mode: 'TRANSACTION' | 'AUTO_COMMIT';
  target: StatementTarget;
  statementName?: string;
  clientToken?: string;
  parameters?: { name: string; value: string }[];
}

export class Statement {
  status: Status = 'SUBMITTED';
  readonly createdAt = new Date();
  updatedAt = this.createdAt;
  /** Every status this statement took, in order. */
  readonly history: Status[] = ['SUBMITTED'];
  error: string | undefined;
  resultRows = -1;
  resultSize = -1;
  result: ResultSet | undefined;
  /** Why the result is no longer held, once the store has let it go to make room for newer ones. */
  resultDropped: string | undefined;
  queryId: number | undefined;
  pid: number | undefined;
  /** DescribeStatement calls about this statement: what a client's waiting cost. */
  describeCalls = 0;
  /** The Data API session it runs in, if any. */
  sessionId: string | undefined;
  private startedAt: bigint | undefined;
  private endedAt: bigint | undefined;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly id: string,
    readonly sql: string | undefined,
    readonly submission: Submission,
    readonly subStatements: Statement[] = [],
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get terminal(): boolean {
    return TERMINAL.has(this.status);
  }

  /** Nanoseconds spent running: so far while running, in total once done. */
  get durationNs(): number {
    if (this.startedAt === undefined) return 0;
    return Number((this.endedAt ?? process.hrtime.bigint()) - this.startedAt);
  }

  setStatus(status: Status, error?: string): void {
    if (this.terminal) return;
    if (status === 'STARTED') this.startedAt = process.hrtime.bigint();
    this.status = status;
    this.history.push(status);
    this.updatedAt = new Date();
    if (error !== undefined) this.error = error;
    if (TERMINAL.has(status)) {
      this.endedAt = process.hrtime.bigint();
      this.startedAt ??= this.endedAt;
      this.resolveDone();
    }
  }
}
