// A session: one engine connection, and the execution of Redshift statements on it. The front end
// (dialect.ts, redshiftQuery.ts, redshiftDml.ts) says what each statement becomes; the session runs
// the pieces, in one transaction when a statement has several.

import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { ResultReturnType, StatementType } from './duckdb.js';
import { rebuildTable, sourceLimits } from './byteLimits.js';
import { loadCopy } from './copy/loadCopy.js';
import { IDENTITY_SEQUENCE_MARK } from './createTable.js';
import { translate, type Piece } from './dialect.js';
import { missingColumnIn } from './engineErrors.js';
import { readsLoadHistory } from './loadHistory.js';
import { translateDml } from './redshiftDml.js';
import { SyntaxErrorAt, translateQuery, type EngineQuery } from './redshiftQuery.js';
import { readQuery, RESULT_LIMITS } from './resultSet.js';
import { prepareGuarded } from './sandbox.js';
import { quoteIdentifier, significant, tokenize } from './sqlTokens.js';
import { readsQueryHistory, recordAttributes, tableAttributes } from './systemViews.js';
import { describeTable, limitCheck } from './tableColumns.js';
import { UnsupportedSql } from './unsupported.js';
import type { ExecutionContext, Outcome, Warehouse } from './warehouse.js';

const TRANSACTION_CONTROL = /^\s*(BEGIN|START|COMMIT|END|ROLLBACK|ABORT)\b/i;

export class Session {
  private inTransaction = false;
  /** Another connection running this session's work (a COPY's load), which a cancel must reach too. */
  private loading: DuckDBConnection | undefined;

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
    this.loading?.interrupt();
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
      throw pointed(error, sql);
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
        fileLatencyMs: context.fileLatencyMs ?? 0,
        loadingOn: (connection) => (this.loading = connection),
      });
      await this.connection.run(`SET VARIABLE pg_last_copy_count = ${loaded}`);
      // DescribeStatement reports ResultRows 0 for a COPY on Redshift (aws/aws-sdk issues 333 and
      // 356): the rows loaded are PG_LAST_COPY_COUNT() and sys_load_history's loaded_rows.
      return { resultRows: 0 };
    }
    if (readsQueryHistory(piece.text)) await this.warehouse.writeQueryHistory();
    if (readsLoadHistory(piece.text)) await this.warehouse.writeLoadHistory();
    if (piece.kind === 'createLike') {
      await this.createLike(piece);
      return { resultRows: -1 };
    }
    if (piece.kind === 'addColumn') {
      await this.whole(() => rebuildTable(this.connection, piece.table, { addColumn: piece.column }));
      return { resultRows: -1 };
    }
    // CREATE TABLE ... AS and views keep their columns' names: those go into the SQL.
    const query = piece.queryAt === undefined ? undefined : await translateQuery(this.warehouse.parser, piece.sql.slice(piece.queryAt), piece.queryAt > 0 && /^\s*CREATE\b/i.test(piece.sql));
    if (piece.ctas && query) {
      const limited = await this.createAsWithLimits(piece.sql.slice(0, piece.queryAt), piece.ctas, query, context);
      if (limited) return limited;
    }
    const sql = query ? piece.sql.slice(0, piece.queryAt) + query.sql : piece.dml ? await translateDml(this.warehouse.parser, piece.sql) : piece.sql;
    const outcome = await this.runEngineSql(sql, context, query).catch((error: unknown) => {
      throw missingColumnIn(error, query?.soleRelation);
    });
    // The client's own BEGIN ... COMMIT: statements with several pieces then run inside it.
    const control = TRANSACTION_CONTROL.exec(piece.sql);
    if (control) this.inTransaction = /^(BEGIN|START)$/i.test(control[1]!);
    return outcome;
  }

  private async runEngineSql(sql: string, context: ExecutionContext, query?: EngineQuery): Promise<Outcome> {
    const prepared = await prepareGuarded(this.connection, sql);
    try {
      const bind = (statement: DuckDBPreparedStatement) => bindParameters(statement, context.parameters);
      if (prepared.statementType === StatementType.SELECT) {
        const result = await readQuery(this.connection, sql, prepared, bind, RESULT_LIMITS, query?.columnNames);
        return { resultRows: result.records.count, result };
      }
      bind(prepared);
      const streamed = await prepared.stream();
      // Only a query returns rows to a client.
      if (streamed.returnType === ResultReturnType.QUERY_RESULT) throw new UnsupportedSql(`${StatementType[prepared.statementType]} statements are not run by the local warehouse`);
      if (streamed.returnType === ResultReturnType.CHANGED_ROWS) return { resultRows: Number((await streamed.getRowsJson())[0]?.[0] ?? 0) };
      return { resultRows: -1 };
    } finally {
      prepared.destroySync();
    }
  }

  /**
   * CREATE TABLE ... AS whose columns copy columns with byte limits (or cast to VARCHAR(n)): the table
   * is made empty, given those limits, then filled, all in one transaction. Undefined when no column
   * takes a limit: the statement runs as it is.
   */
  private async createAsWithLimits(head: string, table: { schema?: string; table: string }, query: EngineQuery, context: ExecutionContext): Promise<Outcome | undefined> {
    if (!query.columnSources || !query.columnNames) return undefined;
    const limits = await sourceLimits(this.connection, query.columnSources);
    const byName = new Map<string, number>();
    limits.forEach((bytes, i) => bytes !== undefined && byName.set(query.columnNames![i]!, bytes));
    if (byName.size === 0) return undefined;
    return this.whole(async () => {
      await this.connection.run(`${head}${query.sql}\nWITH NO DATA`);
      await rebuildTable(this.connection, table, { limits: byName });
      const name = [table.schema, table.table].filter((p) => p !== undefined).map((p) => quoteIdentifier(p!)).join('.');
      return this.runEngineSql(`INSERT INTO ${name} ${query.sql}`, context);
    });
  }

  /** Runs work in the open transaction, or in one of its own. */
  private async whole<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    await this.begin();
    try {
      const result = await work();
      await this.commit();
      return result;
    } catch (error) {
      await this.rollback().catch(() => undefined);
      throw error;
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
        c.maxBytes !== undefined ? limitCheck(c.name, c.maxBytes, c.fixed) : '',
      ].filter(Boolean).join(' ');
    });
    await this.connection.run(`${piece.head} (${columns.join(', ')})`);
    // The parent's distribution and sort keys come along (systemViews.ts).
    const attributes = await tableAttributes(this.connection, parent.oid);
    await this.connection.run(recordAttributes(piece.name, { ...attributes, created: undefined }));
  }

  /** IDENTITY sequences whose table is gone are dropped (a recreated table has a sequence of its own). */
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

/**
 * A syntax error, pointed at its place in the statement as sent: Redshift ends the message with
 * "Position: N", N counting characters from 1 (the place the query front end parsed is found in it).
 */
function pointed(error: unknown, sql: string): unknown {
  if (!(error instanceof SyntaxErrorAt)) return error;
  const at = sql.indexOf(error.text);
  const place = at >= 0 ? at + error.offset : sameTokenPlace(error.text, error.offset, sql);
  if (place === undefined) return new Error(error.message);
  return new Error(`${error.message}\n  Position: ${[...sql.slice(0, place)].length + 1}`);
}

/**
 * The place in the statement as sent of a place in the text the engine parsed, when that text is
 * the statement with some literals written anew ('a\\b' as 'a\b'): the same token, as far in.
 */
function sameTokenPlace(parsed: string, offset: number, sql: string): number | undefined {
  const engine = significant(tokenize(parsed));
  const sent = significant(tokenize(sql));
  if (engine.length !== sent.length || engine.some((t, i) => t.kind !== sent[i]!.kind || (t.kind !== 'string' && t.text !== sent[i]!.text))) return undefined;
  const index = engine.findIndex((t) => offset < t.at + t.text.length);
  if (index < 0) return sql.length;
  return sent[index]!.at + Math.min(Math.max(0, offset - engine[index]!.at), sent[index]!.text.length - 1);
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
