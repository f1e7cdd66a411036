// The embedded warehouse: one DuckDB database, with the Redshift functions and system relations
// set up when it opens, and sessions (one connection each, session.ts). A statement sent without a
// Data API session gets a session of its own, closed when it ends: as on Redshift, it starts clean
// (no temp table, no variable of another statement's).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from './duckdb.js';
import { dropClientViews, leaveClientViews } from './duckdbClients.js';
import { ENGINE_MACROS } from './engineMacros.js';
import { SYSTEM_TABLES_DDL } from './loadErrors.js';
import { LOAD_HISTORY_DDL, LoadHistory } from './loadHistory.js';
import { QueryParser } from './queryParser.js';
import { MACRO_CATALOG } from './queryTree.js';
import type { ResultSet } from './resultSet.js';
import { DEFAULT_LIMITS, instanceOptions, lockDown, type EngineLimits } from './sandbox.js';
import { Session } from './session.js';
import { quoteLiteral } from './sqlTokens.js';
import { recordQueries, systemRelationsDdl, upgradeQueryHistory, type QueryRecord } from './systemViews.js';

export { Session };

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
  /** Rows affected or returned (0 for a COPY, as on Redshift); -1 when not applicable (DDL). */
  resultRows: number;
  result?: ResultSet;
}

export interface ExecutionContext {
  queryId: number;
  signal: AbortSignal;
  /** Values of the statement's :name placeholders, bound by the engine (never pasted into the text). */
  parameters?: ReadonlyMap<string, string>;
  /** Each mirror file a COPY reads waits this long first (the file-latency fault). */
  fileLatencyMs?: number;
}

export const DEFAULT_DATABASE = 'dev';
const SESSION_SETUP = "SET search_path = 'public,main'";
/**
 * Connections a COPY loads on, made before the configuration is locked so that DuckDB tracks
 * their progress (not printed): the load history then shows a file once the engine is past it.
 */
const LOADERS = 4;
const LOADER_SETUP = script(['SET enable_progress_bar = true', 'SET enable_progress_bar_print = false', 'SET progress_bar_time = 0', SESSION_SETUP]);
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
    /** The front end's parser (redshiftQuery.ts), on a connection of its own. */
    readonly parser: QueryParser,
    private readonly loaders: DuckDBConnection[],
  ) {
    this.nextQueryId = firstQueryId;
  }

  static async open(options: WarehouseOptions): Promise<Warehouse> {
    const scratchDir = await mkdtemp(join(tmpdir(), 'sparkify-local-'));
    let instance: DuckDBInstance | undefined;
    const loaders: DuckDBConnection[] = [];
    try {
      instance = await DuckDBInstance.create(options.dbPath ?? ':memory:', instanceOptions(scratchDir, options.limits ?? DEFAULT_LIMITS));
      const database = options.database ?? DEFAULT_DATABASE;
      // One step after another: the engine has crashed with these steps run side by side on several connections.
      const setup = await instance.connect();
      try {
        await functions(setup, database);
        const firstQueryId = await systemRelations(setup, database);
        for (let i = 0; i < LOADERS; i++) {
          const loader = await instance.connect();
          loaders.push(loader);
          await loader.run(LOADER_SETUP);
        }
        if (options.sandboxed !== false) await lockDown(setup, [scratchDir, resolve(options.dataDir)]);
        return new Warehouse(instance, options, scratchDir, firstQueryId, await QueryParser.open(instance), loaders);
      } finally {
        setup.closeSync();
      }
    } catch (error) {
      for (const loader of loaders) loader.closeSync();
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

  /** Statements that ended and are not yet in sys_query_history: written when a query reads it. */
  private endedQueries: QueryRecord[] = [];

  noteQuery(record: QueryRecord): void {
    this.endedQueries.push(record);
  }

  /** Writes the ended statements to the query history, on a connection of its own (never rolled back). */
  async writeQueryHistory(): Promise<void> {
    const records = this.endedQueries;
    if (records.length === 0) return;
    this.endedQueries = [];
    await this.withSession((conn) => recordQueries(conn, records));
  }

  /** COPYs the load history tables do not fully show yet (loadHistory.ts). */
  readonly loads = new LoadHistory(() => void this.writeLoadHistory().catch(() => undefined));
  private loadWrites: Promise<void> = Promise.resolve();

  /** Writes the COPYs' progress to the load history, one write at a time, on a connection of its own. */
  writeLoadHistory(): Promise<void> {
    if (this.loads.empty) return this.loadWrites;
    const write = this.loadWrites.then(() => this.withSession((conn) => this.loads.write(conn)));
    this.loadWrites = write.catch(() => undefined);
    return write;
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

  /**
   * Runs a COPY's load, outside any transaction, on a connection whose progress the engine tracks;
   * on the caller's own connection (`fallback`) when all of them are busy.
   */
  async withLoader<T>(fallback: DuckDBConnection, work: (conn: DuckDBConnection, tracked: boolean) => Promise<T>): Promise<T> {
    const loader = this.loaders.pop();
    if (!loader) return work(fallback, false);
    try {
      return await work(loader, true);
    } finally {
      if (this.closed) loader.closeSync();
      else this.loaders.push(loader);
    }
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
    await this.writeQueryHistory().catch(() => undefined);
    // Nobody can read an in-memory warehouse once it is closed: only a file keeps the load history.
    if (this.options.dbPath) await this.writeLoadHistory().catch(() => undefined);
    this.closed = true;
    if (this.options.dbPath) {
      const conn = await this.instance.connect();
      try {
        // For DuckDB's own clients, which search main (duckdbClients.ts); the tables are there regardless.
        await leaveClientViews(conn).catch(() => undefined);
        await conn.run('CHECKPOINT');
      } catch {
        // Another connection may still hold a transaction; closing the instance flushes the WAL anyway.
      } finally {
        conn.closeSync();
      }
    }
    this.parser.close();
    for (const loader of this.loaders.splice(0)) loader.closeSync();
    this.instance.closeSync();
    await rm(this.scratchDir, { recursive: true, force: true });
  }
}

/**
 * The schema public, and the system relations in main (created where missing, an old query history
 * upgraded); returns the first query id of this run: query ids keep increasing across restarts, so
 * old load errors and history never match a new query.
 */
async function systemRelations(conn: DuckDBConnection, database: string): Promise<number> {
  await conn.run('CREATE SCHEMA IF NOT EXISTS public');
  await dropClientViews(conn);
  await upgradeQueryHistory(conn);
  await conn.run(script([...SYSTEM_TABLES_DDL, ...systemRelationsDdl(database), ...LOAD_HISTORY_DDL]));
  const last = await conn.runAndReadAll(
    'SELECT greatest(coalesce((SELECT max(query_id) FROM main.sys_load_error_detail), 0), coalesce((SELECT max(query_id) FROM main.sys_query_history), 0))',
  );
  return Math.max(Number(last.getRowsJson()[0]![0]) + 1, 1000);
}

/** Redshift's meaning of some functions, in a catalog of its own that lives in memory only. */
async function functions(conn: DuckDBConnection, database: string): Promise<void> {
  await conn.run(`ATTACH ':memory:' AS ${MACRO_CATALOG}`);
  const macros = {
    ...ENGINE_MACROS,
    'current_database()': ` AS ${quoteLiteral(database)}`,
    'database_named(name)': ` AS CASE WHEN name = ${quoteLiteral(database)} THEN name ELSE error('database "' || name || '" does not exist') END`,
  };
  await conn.run(script(Object.entries(macros).map(([name, definition]) => `CREATE MACRO ${MACRO_CATALOG}.main.${name}${definition}`)));
}

/** Statements as one script, run in one call: each call costs a round trip of its own. */
function script(statements: readonly string[]): string {
  return statements.map((statement) => `${statement};`).join('\n');
}
