// The embedded warehouse: one DuckDB database, sessions (one connection each), and the execution
// of Redshift statements on a session. A statement sent without a Data API session gets a session
// of its own, closed when it ends: as on Redshift, it starts clean (no temp table, no variable of
// another statement's).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, ResultReturnType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { loadCopy } from './copy/loadCopy.js';
import { IDENTITY_SEQUENCE_MARK } from './createTable.js';
import { translate, type Piece } from './dialect.js';
import { describeTable } from './tableColumns.js';
import { UnsupportedSql } from './unsupported.js';
import { SYSTEM_TABLES_DDL } from './loadErrors.js';
import { ENGINE_MACROS } from './engineMacros.js';
import { translateDml } from './redshiftDml.js';
import { MACRO_CATALOG, translateQuery } from './redshiftQuery.js';
import { readResultSet, RESULT_LIMITS, type ResultSet } from './resultSet.js';
import { DEFAULT_LIMITS, instanceOptions, lockDown, prepareGuarded, type EngineLimits } from './sandbox.js';
import { quoteIdentifier, quoteLiteral } from './sqlTokens.js';

export interface WarehouseOptions {
  /** DuckDB file; undefined for an in-memory warehouse. */
  dbPath?: string;
  /** Root of the S3 mirror: s3://bucket/key is DIR/bucket/key. */
  dataDir: string;
  /** The engine's memory and threads. */
  limits?: EngineLimits;
  /** False only for the benchmark that measures the sandbox's cost (see server.ts). */
  sandboxed?: boolean;
  /** The name of the one database (default dev). */
  database?: string;
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

export const DEFAULT_DATABASE = 'dev';
const SESSION_SETUP = "SET search_path = 'public,main'";
const FIRST_PID = 1073741824;

export class Warehouse {
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
        await setup.run(`CREATE MACRO ${MACRO_CATALOG}.main.current_database() AS ${quoteLiteral(options.database ?? DEFAULT_DATABASE)}`);
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

  /** The name of the warehouse's one database. */
  get database(): string {
    return this.options.database ?? DEFAULT_DATABASE;
  }

  allocateQueryId(): number {
    return this.nextQueryId++;
  }

  /** A new session: a connection of its own (about 0.15 ms to open). */
  async session(): Promise<Session> {
    if (this.closed) throw new Error('the warehouse is closed');
    const conn = await this.instance.connect();
    await conn.run(SESSION_SETUP);
    return new Session(this, conn, this.nextPid++);
  }

  /** Ends a session: its temp tables, variables and any open transaction go with it. */
  release(session: Session): void {
    session.close();
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
  private inTransaction = false;

  constructor(
    private readonly warehouse: Warehouse,
    readonly connection: DuckDBConnection,
    readonly pid: number,
  ) {}

  async begin(): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    await this.connection.run('COMMIT');
    this.inTransaction = false;
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    await this.connection.run('ROLLBACK');
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
      // PG_LAST_COPY_COUNT(): the rows of the session's last COPY, 0 when it failed loading.
      await this.connection.run('SET VARIABLE pg_last_copy_count = 0');
      const loaded = await loadCopy(piece.copy, {
        connection: this.connection,
        warehouse: this.warehouse,
        pid: this.pid,
        queryId: context.queryId,
        signal: context.signal,
        inTransaction: this.inTransaction,
      });
      await this.connection.run(`SET VARIABLE pg_last_copy_count = ${loaded}`);
      return { resultRows: loaded };
    }
    // CREATE TABLE ... AS and views keep their columns' names: those go into the SQL.
    if (piece.kind === 'createLike') {
      await this.createLike(piece);
      return { resultRows: -1 };
    }
    const query = piece.queryAt === undefined ? undefined : await translateQuery(this.connection, piece.sql.slice(piece.queryAt), piece.queryAt > 0 && /^\s*CREATE\b/i.test(piece.sql));
    const sql = query ? piece.sql.slice(0, piece.queryAt) + query.sql : piece.dml ? await translateDml(this.connection, piece.sql) : piece.sql;
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

  /**
   * CREATE TABLE (LIKE parent): the parent's columns, types, NOT NULL and VARCHAR byte limits; its
   * defaults only with INCLUDING DEFAULTS; never its keys (r_CREATE_TABLE_NEW.html).
   */
  private async createLike(piece: Extract<Piece, { kind: 'createLike' }>): Promise<void> {
    const { schema, table } = piece.parent;
    const parent = await describeTable(this.connection, table, schema);
    if (!parent) throw new Error(`relation "${schema ? `${schema}.` : ''}${table}" does not exist`);
    const columns = parent.columns.map((c) => {
      if (piece.includingDefaults && c.identity) {
        throw new UnsupportedSql(`CREATE TABLE (LIKE ${table} INCLUDING DEFAULTS) of a table with an IDENTITY column (${c.name}) is not supported by the local warehouse yet`);
      }
      return [
        quoteIdentifier(c.name), c.type, c.notNull ? 'NOT NULL' : '',
        piece.includingDefaults && c.default !== undefined ? `DEFAULT ${c.default}` : '',
        c.maxBytes !== undefined ? `CHECK (strlen(${quoteIdentifier(c.name)}) <= ${c.maxBytes})` : '',
      ].filter(Boolean).join(' ');
    });
    await this.connection.run(`${piece.head} (${columns.join(', ')})`);
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
