// Statements as the Data API sees them: submitted, run asynchronously on their own session,
// described, waited for (long-polling), cancelled and listed.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { engineMessage } from './engineErrors.js';
import { STATUSES, Statement, type Status, type StatementTarget, type Submission } from './storedStatement.js';
import type { FaultInjector } from './faults.js';
import type { Session, Warehouse } from './warehouse.js';

export { STATUSES, Statement, type Status, type StatementTarget, type Submission };

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

/**
 * What the results of finished statements may hold in all before the oldest are let go. Redshift
 * keeps every result for 24 hours; a long-running endpoint cannot keep them all in memory.
 */
export const DEFAULT_RESULT_MEMORY = 1024 ** 3;

/** The most memory the results of finished statements may hold in all, and the option that set it (named when a result is let go). */
export interface ResultMemory {
  bytes: number;
  option?: string;
}

const RETENTION_MS = 24 * 60 * 60 * 1000;
const INTERRUPT_EVERY_MS = 25;

export class StatementStore {
  private readonly statements = new Map<string, Statement>();
  private readonly byToken = new Map<string, Statement>();
  private readonly running = new Map<Statement, { controller: AbortController; session?: Session }>();
  private readonly sessions = new Map<string, DataApiSession>();
  /** Statements whose results are held, oldest first, and the bytes those results hold. */
  private readonly holding = new Set<Statement>();
  private heldBytes = 0;

  constructor(
    private readonly warehouse: Warehouse,
    private readonly faults: FaultInjector,
    private readonly maxActive = DEFAULT_MAX_ACTIVE,
    private readonly resultMemory: ResultMemory = { bytes: DEFAULT_RESULT_MEMORY },
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
      const outcome = await session.execute(statement.sql!, { queryId: statement.queryId, signal, parameters, fileLatencyMs: this.faults.spec.fileLatencyMs });
      statement.resultRows = outcome.resultRows;
      statement.result = outcome.result;
      statement.resultSize = outcome.result ? outcome.result.size : -1;
      this.hold(statement);
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
      for (const held of [statement, ...statement.subStatements]) this.letGo(held);
      if (statement.submission.clientToken) this.byToken.delete(statement.submission.clientToken);
    }
  }

  /** Keeps a statement's result; lets the oldest others go while all of them hold more than the store may. */
  private hold(statement: Statement): void {
    // An empty result holds nothing worth letting go.
    if (!statement.result || statement.result.records.count === 0) return;
    this.holding.add(statement);
    this.heldBytes += statement.result.records.memory;
    for (const oldest of this.holding) {
      if (this.heldBytes <= this.resultMemory.bytes || oldest === statement) break;
      this.letGo(oldest);
      const setBy = this.resultMemory.option ? ` (${this.resultMemory.option})` : '';
      oldest.resultDropped =
        `The result of ${oldest.id} is no longer held: the local warehouse keeps the newest results, up to ${Number((this.resultMemory.bytes / 2 ** 20).toFixed(1))} MB ` +
        `in all${setBy}, and lets the oldest go first. Run the statement again.`;
    }
  }

  private letGo(statement: Statement): void {
    if (!statement.result || !this.holding.delete(statement)) return;
    this.heldBytes -= statement.result.records.memory;
    statement.result = undefined;
  }
}
