// Statements as the Data API sees them: submitted, run asynchronously on their own session,
// described, waited for (long-polling), cancelled and listed.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResultSet } from './resultSet.js';
import type { FaultInjector } from './faults.js';
import type { Session, Warehouse } from './warehouse.js';

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

export class NotFound extends Error {}
export class TooManyActive extends Error {}
/** A SessionId that cannot take a statement now: closed, unknown or busy. */
export class SessionUnavailable extends Error {}

/**
 * A Data API session: one connection that keeps its state (temp tables, an open transaction,
 * PG_LAST_COPY_COUNT) from one statement to the next, runs one statement at a time, and closes
 * after SessionKeepAliveSeconds without one.
 */
interface DataApiSession {
  id: string;
  target: StatementTarget;
  keepAliveMs: number;
  connection?: Session;
  busyWith?: Statement;
  expiry?: NodeJS.Timeout;
}

/** Redshift's default quota of statements running at once, per cluster or workgroup. */
export const DEFAULT_MAX_ACTIVE = 200;

const RETENTION_MS = 24 * 60 * 60 * 1000;
const INTERRUPT_EVERY_MS = 25;

export class StatementStore {
  private readonly statements = new Map<string, Statement>();
  private readonly byToken = new Map<string, Statement>();
  private readonly running = new Map<Statement, { controller: AbortController; session?: Session }>();
  private readonly sessions = new Map<string, DataApiSession>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly faults: FaultInjector,
    private readonly maxActive = DEFAULT_MAX_ACTIVE,
  ) {}

  submit(submission: Submission): Statement {
    if (submission.clientToken) {
      const earlier = this.byToken.get(submission.clientToken);
      if (earlier) return earlier;
    }
    if (this.running.size >= this.maxActive || this.faults.atActiveLimit(this.running.size)) {
      throw new TooManyActive(`Active statements exceeded the allowed quota (${this.running.size}).`);
    }
    const dataApiSession = this.sessionFor(submission);
    this.forgetExpired();
    const id = randomUUID();
    const statement = submission.batch
      ? new Statement(id, undefined, submission, submission.sqls.map((sql, i) => new Statement(`${id}:${i + 1}`, sql, submission)))
      : new Statement(id, submission.sqls[0], submission);
    if (dataApiSession) {
      dataApiSession.busyWith = statement;
      statement.sessionId = dataApiSession.id;
    }
    this.statements.set(id, statement);
    if (submission.clientToken) this.byToken.set(submission.clientToken, statement);
    const controller = new AbortController();
    this.running.set(statement, { controller });
    setImmediate(() => void this.run(statement, controller.signal));
    return statement;
  }

  /** The session a submission runs in: the one its SessionId names, a new one, or none. */
  private sessionFor(submission: Submission): DataApiSession | undefined {
    const keepAliveMs = submission.keepAliveSeconds === undefined ? undefined : submission.keepAliveSeconds * 1000;
    if (submission.sessionId === undefined) {
      if (keepAliveMs === undefined) return undefined;
      const session: DataApiSession = { id: randomUUID(), target: submission.target, keepAliveMs };
      this.sessions.set(session.id, session);
      return session;
    }
    const session = this.sessions.get(submission.sessionId);
    if (!session) throw new SessionUnavailable(`Session ${submission.sessionId} is closed or does not exist: start one with SessionKeepAliveSeconds`);
    if (session.busyWith) {
      throw new SessionUnavailable(`Session ${session.id} is busy with statement ${session.busyWith.id}: a session runs one statement at a time`);
    }
    clearTimeout(session.expiry);
    if (keepAliveMs !== undefined) session.keepAliveMs = keepAliveMs;
    return session;
  }

  /** The target a statement addresses: its own, or its session's. */
  targetOf(statement: Statement): StatementTarget {
    return (statement.sessionId && this.sessions.get(statement.sessionId)?.target) || statement.submission.target;
  }

  private async closeSession(session: DataApiSession): Promise<void> {
    this.sessions.delete(session.id);
    clearTimeout(session.expiry);
    if (session.connection) {
      await session.connection.rollback().catch(() => undefined);
      this.warehouse.release(session.connection);
    }
  }

  /** A statement or a batch's sub-statement (`<Id>:<n>`). */
  get(id: string): Statement {
    const [parentId = '', index] = id.split(':');
    const parent = this.statements.get(parentId);
    const found = index === undefined ? parent : parent?.subStatements[Number(index) - 1];
    if (!found) throw new NotFound(`Query ${id} does not exist.`);
    return found;
  }

  /** Top-level statements, newest first. */
  list(): Statement[] {
    return [...this.statements.values()].reverse();
  }

  /** Resolves once the statement is done or the time is up, whichever comes first. */
  async waitFor(statement: Statement, ms: number, signal?: AbortSignal): Promise<void> {
    if (statement.terminal || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    await Promise.race([
      statement.done,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        onAbort = resolve;
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }

  /** Stops a statement that has not finished; returns false when it already had. */
  cancel(statement: Statement): boolean {
    if (statement.terminal) return false;
    const run = this.running.get(statement);
    run?.controller.abort();
    if (!run?.session) {
      this.abort(statement); // not started yet: it never will
      return true;
    }
    // DuckDB drops an interrupt that comes before its query begins: repeat it until the end.
    const session = run.session;
    session.interrupt();
    const again = setInterval(() => session.interrupt(), INTERRUPT_EVERY_MS);
    void statement.done.then(() => clearInterval(again));
    return true;
  }

  /** Cancels everything in flight and waits (bounded) until each has stopped. */
  async close(timeoutMs = 5000): Promise<void> {
    const active = [...this.running.keys()];
    for (const statement of active) this.cancel(statement);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(active.map((s) => s.done)), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    for (const session of [...this.sessions.values()]) await this.closeSession(session);
  }

  private abort(statement: Statement): void {
    const message = `Query ${statement.queryId ?? ''} cancelled on user's request`.replace('  ', ' ');
    for (const sub of statement.subStatements) sub.setStatus('ABORTED', sub.terminal ? undefined : message);
    statement.setStatus('ABORTED', message);
  }

  private async run(statement: Statement, signal: AbortSignal): Promise<void> {
    const run = this.running.get(statement)!;
    const dataApiSession = statement.sessionId === undefined ? undefined : this.sessions.get(statement.sessionId);
    let session: Session | undefined;
    try {
      if (signal.aborted) return;
      statement.setStatus('PICKED');
      const database = this.targetOf(statement).database;
      if (database !== this.warehouse.database) throw new Error(`database "${database}" does not exist`);
      session = dataApiSession ? (dataApiSession.connection ??= await this.warehouse.session()) : await this.warehouse.session();
      run.session = session;
      statement.pid = session.pid;
      if (signal.aborted) throw signal.reason;
      statement.setStatus('STARTED');
      if (this.faults.spec.slowMs > 0) await sleep(this.faults.spec.slowMs, undefined, { signal });
      if (statement.subStatements.length === 0) {
        await this.execute(statement, session, signal);
      } else {
        await this.executeBatch(statement, session, signal);
      }
      if (!statement.terminal) statement.setStatus('FINISHED');
    } catch (error) {
      if (signal.aborted) this.abort(statement);
      else statement.setStatus('FAILED', engineMessage(error));
    } finally {
      this.running.delete(statement);
      if (dataApiSession) {
        // The session stays for the next statement, until it has been idle its keep-alive time.
        dataApiSession.busyWith = undefined;
        if (signal.aborted) await session?.rollback().catch(() => undefined);
        dataApiSession.expiry = setTimeout(() => void this.closeSession(dataApiSession), dataApiSession.keepAliveMs);
        dataApiSession.expiry.unref();
      } else if (session) {
        this.warehouse.release(session);
      }
    }
  }

  private async execute(statement: Statement, session: Session, signal: AbortSignal): Promise<void> {
    statement.queryId = this.warehouse.allocateQueryId();
    statement.pid = session.pid;
    if (this.faults.failsStatement(statement.sql!)) throw new Error('injected failure: the statement matches the fail= fault');
    const parameters = statement.submission.parameters && new Map(statement.submission.parameters.map((p) => [p.name, p.value]));
    const start = new Date();
    const record = { queryId: statement.queryId, pid: session.pid, database: this.warehouse.database, text: statement.sql!, start };
    try {
      const outcome = await session.execute(statement.sql!, { queryId: statement.queryId, signal, parameters });
      statement.resultRows = outcome.resultRows;
      statement.result = outcome.result;
      statement.resultSize = outcome.result ? outcome.result.size : -1;
      this.warehouse.noteQuery({ ...record, status: 'success', end: new Date(), rows: Math.max(outcome.resultRows, 0), bytes: Math.max(statement.resultSize, 0) });
    } catch (error) {
      const status = signal.aborted ? 'canceled' : 'failed';
      this.warehouse.noteQuery({ ...record, status, end: new Date(), error: engineMessage(error), rows: 0, bytes: 0 });
      throw error;
    }
  }

  private async executeBatch(batch: Statement, session: Session, signal: AbortSignal): Promise<void> {
    const transaction = batch.submission.mode === 'TRANSACTION';
    if (transaction) await session.begin();
    for (const [i, sub] of batch.subStatements.entries()) {
      try {
        sub.setStatus('PICKED');
        sub.setStatus('STARTED');
        await this.execute(sub, session, signal);
        batch.queryId = sub.queryId;
        sub.setStatus('FINISHED');
      } catch (error) {
        if (signal.aborted) throw error;
        const message = engineMessage(error);
        sub.setStatus('FAILED', message);
        for (const later of batch.subStatements.slice(i + 1)) later.setStatus('ABORTED');
        if (transaction) await session.rollback();
        batch.setStatus('FAILED', message);
        return;
      }
    }
    if (transaction) await session.commit();
    // Rows over the sub-statements that have any; -1 when none does (all DDL).
    const counted = batch.subStatements.filter((s) => s.resultRows >= 0);
    batch.resultRows = counted.length === 0 ? -1 : counted.reduce((sum, s) => sum + s.resultRows, 0);
  }

  private forgetExpired(): void {
    const cutoff = Date.now() - RETENTION_MS;
    for (const [id, statement] of this.statements) {
      if (statement.createdAt.getTime() >= cutoff) break;
      if (!statement.terminal) continue;
      this.statements.delete(id);
      if (statement.submission.clientToken) this.byToken.delete(statement.submission.clientToken);
    }
  }
}

/** The engine's message, first paragraph only, in Redshift's "ERROR: ..." form. */
function engineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let first = text.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ').trim();
  // The sandbox's refusal (sandbox.ts), said in the warehouse's words.
  const denied = /^Permission Error: (.*?)(?: - file system operations are disabled by configuration)?$/.exec(first);
  if (denied) first = `the local warehouse reads and writes no files but its own and the S3 mirror's, through COPY: ${denied[1]}`;
  // Errors the Redshift functions raise (engineMacros.ts), such as division by zero, as Redshift words them.
  first = first.replace(/^Invalid Input Error: /, '');
  // A VARCHAR(n) byte limit (kept as a CHECK), as Redshift words it.
  first = first.replace(/^Constraint Error: CHECK constraint failed on table \S+ with expression CHECK\(\(strlen\(.*\) <= (\d+)\)\)$/, 'value too long for type character varying($1)');
  first = first.replace(/^Constraint Error: CHECK constraint failed on table \S+ with expression CHECK\(\(\(strlen\((.*?)\) = (\d+)\) AND .*$/, (_, column: string, n: string) =>
    `value for ${column} does not fit character(${n}) here: longer fails on Redshift too; shorter, or ending in a blank, Redshift pads with blanks, which the local warehouse does not (use VARCHAR(${n}))`);
  // A missing table, as Redshift names it (the engine would suggest one of its own catalog's).
  first = first.replace(/^Catalog Error: Table with name (\S+) does not exist!.*$/, (_, name: string) => `relation "${name.toLowerCase()}" does not exist`);
  return first.startsWith('ERROR:') ? first : `ERROR: ${first}`;
}
