// The embedded warehouse: one DuckDB database, a pool of sessions (one connection each), and
// the execution of Redshift statements on a session.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, ResultReturnType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { loadCopy } from './copy/loadCopy.js';
import { IDENTITY_SEQUENCE_MARK, translate, type Piece } from './dialect.js';
import { SYSTEM_TABLES_DDL } from './loadErrors.js';
import { ENGINE_MACROS } from './redshiftFunctions.js';
import { MACRO_CATALOG, translateQuery } from './redshiftQuery.js';
import { readResultSet, RESULT_LIMITS, type ResultSet } from './resultSet.js';
import { DEFAULT_LIMITS, instanceOptions, lockDown, prepareGuarded, type EngineLimits } from './sandbox.js';
import { quoteIdentifier } from './sqlTokens.js';

export interface WarehouseOptions {
  /** DuckDB file; undefined for an in-memory warehouse. */
  dbPath?: string;
  /** Root of the S3 mirror: s3://bucket/key is DIR/bucket/key. */
  dataDir: string;
  /** The engine's memory and threads. */
  limits?: EngineLimits;
  /** False only for the benchmark that measures the sandbox's cost (see server.ts). */
  sandboxed?: boolean;
}

export interface Outcome {
  /** Rows affected, returned or loaded; -1 when not applicable (DDL). */
  resultRows: number;
  result?: ResultSet;
}

export interface ExecutionContext {
  queryId: number;
  signal: AbortSignal;
  /** Values of the statement's :name placeholders, bound by the engine (never pasted into the text). */
  parameters?: ReadonlyMap<string, string>;
}

const SESSION_SETUP = "SET search_path = 'public,main'";
const MAX_IDLE_SESSIONS = 8;
const FIRST_PID = 1073741824;

export class Warehouse {
  private idle: Session[] = [];
  private nextPid = FIRST_PID;
  private nextQueryId: number;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly options: WarehouseOptions,
    readonly scratchDir: string,
    firstQueryId: number,
  ) {
    this.nextQueryId = firstQueryId;
  }

  static async open(options: WarehouseOptions): Promise<Warehouse> {
    const scratchDir = await mkdtemp(join(tmpdir(), 'sparkify-local-'));
    let instance: DuckDBInstance | undefined;
    try {
      instance = await DuckDBInstance.create(options.dbPath ?? ':memory:', instanceOptions(scratchDir, options.limits ?? DEFAULT_LIMITS));
      const setup = await instance.connect();
      try {
        await setup.run('CREATE SCHEMA IF NOT EXISTS public');
        // Redshift's meaning of some functions, in a catalog of its own that lives in memory only.
        await setup.run(`ATTACH ':memory:' AS ${MACRO_CATALOG}`);
        for (const [name, definition] of Object.entries(ENGINE_MACROS)) await setup.run(`CREATE MACRO ${MACRO_CATALOG}.main.${name}${definition}`);
        for (const ddl of SYSTEM_TABLES_DDL) await setup.run(ddl);
        // Query ids keep increasing across restarts, so old load errors never match a new query.
        const last = await setup.runAndReadAll('SELECT coalesce(max(query_id), 0) FROM main.sys_load_error_detail');
        const firstQueryId = Math.max(Number(last.getRowsJson()[0]![0]) + 1, 1000);
        if (options.sandboxed !== false) await lockDown(setup, [scratchDir, resolve(options.dataDir)]);
        return new Warehouse(instance, options, scratchDir, firstQueryId);
      } finally {
        setup.closeSync();
      }
    } catch (error) {
      instance?.closeSync();
      await rm(scratchDir, { recursive: true, force: true });
      throw error;
    }
  }

  allocateQueryId(): number {
    return this.nextQueryId++;
  }

  async session(): Promise<Session> {
    if (this.closed) throw new Error('the warehouse is closed');
    const reused = this.idle.pop();
    if (reused) return reused;
    const conn = await this.instance.connect();
    await conn.run(SESSION_SETUP);
    return new Session(this, conn, this.nextPid++);
  }

  /** Returns a session to the pool; a session that may hold an open transaction is closed instead. */
  release(session: Session): void {
    if (this.closed || session.dirty || this.idle.length >= MAX_IDLE_SESSIONS) session.close();
    else this.idle.push(session);
  }

  /** A short-lived session for bookkeeping (load errors) outside the statement's transaction. */
  async withSession<T>(work: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const session = await this.session();
    try {
      return await work(session.connection);
    } finally {
      this.release(session);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.idle.splice(0)) s.close();
    if (this.options.dbPath) {
      const conn = await this.instance.connect();
      try {
        await conn.run('CHECKPOINT');
      } catch {
        // Another connection may still hold a transaction; closing the instance flushes the WAL anyway.
      } finally {
        conn.closeSync();
      }
    }
    this.instance.closeSync();
    await rm(this.scratchDir, { recursive: true, force: true });
  }
}

const TRANSACTION_CONTROL = /^(BEGIN|START|COMMIT|END|ROLLBACK|ABORT)\b/i;

export class Session {
  /** True while a transaction may be open (after an error or an interrupt inside one). */
  dirty = false;
  private inTransaction = false;

  constructor(
    private readonly warehouse: Warehouse,
    readonly connection: DuckDBConnection,
    readonly pid: number,
  ) {}

  async begin(): Promise<void> {
    this.dirty = true;
    await this.connection.run('BEGIN TRANSACTION');
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    await this.connection.run('COMMIT');
    this.inTransaction = false;
    this.dirty = false;
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    await this.connection.run('ROLLBACK');
    this.dirty = false;
  }

  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
  }

  /**
   * Runs one Redshift statement text (which may hold several statements, as a simple query does).
   * Several DuckDB statements run in one transaction unless the text manages its own.
   */
  async execute(sql: string, context: ExecutionContext): Promise<Outcome> {
    const { pieces, touchesIdentities } = translate(sql);
    if (pieces.length === 0) throw new Error('the statement is empty');
    const wrap = pieces.length > 1 && !this.inTransaction && !pieces.some((p) => TRANSACTION_CONTROL.test(p.text));
    if (wrap) await this.begin();
    try {
      let outcome: Outcome = { resultRows: -1 };
      for (const piece of pieces) {
        context.signal.throwIfAborted();
        outcome = await this.runPiece(piece, context);
      }
      if (touchesIdentities) await this.dropUnusedIdentitySequences();
      if (wrap) await this.commit();
      return outcome;
    } catch (error) {
      if (wrap) await this.rollback().catch(() => undefined);
      throw error;
    }
  }

  private async runPiece(piece: Piece, context: ExecutionContext): Promise<Outcome> {
    if (piece.kind === 'copy') {
      const loaded = await loadCopy(piece.copy, {
        connection: this.connection,
        warehouse: this.warehouse,
        pid: this.pid,
        queryId: context.queryId,
        signal: context.signal,
        inTransaction: this.inTransaction,
      });
      return { resultRows: loaded };
    }
    // CREATE TABLE ... AS and views keep their columns' names: those go into the SQL.
    const query = piece.queryAt === undefined ? undefined : await translateQuery(this.connection, piece.sql.slice(piece.queryAt), piece.queryAt > 0 && /^\s*CREATE\b/i.test(piece.sql));
    const sql = query ? piece.sql.slice(0, piece.queryAt) + query.sql : piece.sql;
    const prepared = await prepareGuarded(this.connection, sql);
    try {
      bindParameters(prepared, context.parameters);
      const streamed = await prepared.stream();
      if (streamed.returnType === ResultReturnType.QUERY_RESULT) {
        const result = await readResultSet(streamed, RESULT_LIMITS, query?.columnNames);
        return { resultRows: result.records.length, result };
      }
      if (streamed.returnType === ResultReturnType.CHANGED_ROWS) return { resultRows: Number((await streamed.getRowsJson())[0]?.[0] ?? 0) };
      return { resultRows: -1 };
    } finally {
      prepared.destroySync();
    }
  }

  /** IDENTITY sequences whose table is gone are dropped, so recreated tables start from their seed. */
  private async dropUnusedIdentitySequences(): Promise<void> {
    const unused = await this.connection.runAndReadAll(
      `SELECT s.schema_name, s.sequence_name FROM duckdb_sequences() s
       WHERE contains(s.sequence_name, '${IDENTITY_SEQUENCE_MARK}')
         AND NOT EXISTS (SELECT 1 FROM duckdb_columns() c WHERE contains(c.column_default, s.sequence_name))`,
    );
    for (const [schema, name] of unused.getRowsJson() as [string, string][]) {
      await this.connection.run(`DROP SEQUENCE IF EXISTS ${quoteIdentifier(schema)}.${quoteIdentifier(name)}`);
    }
  }
}

/** Binds each $name the engine found to the value sent for :name, as text the engine casts as needed. */
function bindParameters(prepared: DuckDBPreparedStatement, values: ReadonlyMap<string, string> | undefined): void {
  for (let i = 1; i <= prepared.parameterCount; i++) {
    const name = prepared.parameterName(i);
    const value = values?.get(name);
    if (value === undefined) throw new Error(`no value was given for the parameter :${name}`);
    prepared.bindVarchar(i, value);
  }
}
