// Redshift's load history: SYS_LOAD_HISTORY (one row per COPY, running or ended), SYS_LOAD_DETAIL
// and STL_LOAD_COMMITS (one row per file read; the second is a view of the first).
//
// A COPY's progress lives in memory while it runs: a few counters here, and per-file typed arrays
// the mirror's worker fills in shared memory (mirror.ts). It reaches the tables only when a
// statement reads them, or when a warehouse kept in a file closes, so a COPY nobody watches pays
// next to nothing for it. Each write adds the files read since the last one and rewrites the rows
// of the COPYs that changed.
//
// loaded_rows counts, while a COPY runs, the lines of the files read so far (one record per line
// in Sparkify's files), and once it ends, the rows it loaded: 0 when it was aborted. file_etag is
// NULL: the mirror computes no checksum of a file.

import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { DuckDBDataChunk, DuckDBTimestampValue, INTEGER, TIMESTAMP, VARCHAR } from './duckdb.js';
import type { PrefixRead } from './copy/mirror.js';

/** Created in schema main with the other system relations; only the warehouse writes them. */
export const LOAD_HISTORY_DDL = [
  `CREATE TABLE IF NOT EXISTS main.sys_load_history (
    user_id INTEGER, query_id BIGINT, transaction_id BIGINT, session_id INTEGER, database_name VARCHAR, status VARCHAR,
    table_name VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, duration BIGINT, data_source VARCHAR, file_format VARCHAR,
    loaded_rows BIGINT, loaded_bytes BIGINT, source_file_count INTEGER, source_file_bytes BIGINT, file_count_scanned INTEGER,
    file_bytes_scanned BIGINT, error_count BIGINT, copy_job_id BIGINT)`,
  `CREATE TABLE IF NOT EXISTS main.sys_load_detail (
    user_id INTEGER, query_id INTEGER, file_name VARCHAR, bytes_scanned INTEGER, lines_scanned INTEGER, record_time TIMESTAMP,
    splits_scanned INTEGER, start_time TIMESTAMP, end_time TIMESTAMP, file_etag VARCHAR, file_last_modified TIMESTAMP)`,
  // STL_LOAD_COMMITS' internal columns (name, byte_offset, errors, status) hold fixed values; JSON
  // is the one format the local warehouse loads.
  `CREATE OR REPLACE VIEW main.stl_load_commits AS
    SELECT user_id AS userid, query_id AS query, 0 AS slice, CAST(NULL AS VARCHAR) AS name, file_name AS filename,
      0 AS byte_offset, lines_scanned, 0 AS errors, record_time AS curtime, 1 AS status, 'JSON' AS file_format,
      0 AS is_partial, CAST(0 AS BIGINT) AS start_offset, CAST(0 AS BIGINT) AS copy_job_id
    FROM main.sys_load_detail`,
  // Redshift keeps about a week of history.
  'DELETE FROM main.sys_load_history WHERE start_time < now()::TIMESTAMP - INTERVAL 7 DAY',
  'DELETE FROM main.sys_load_detail WHERE start_time < now()::TIMESTAMP - INTERVAL 7 DAY',
  // A COPY written while it ran, when the warehouse then stopped, never ended: it was aborted.
  `UPDATE main.sys_load_history SET status = 'aborted', end_time = start_time + to_microseconds(duration) WHERE status = 'running'`,
];

const LOAD_RELATIONS = /\b(sys_load_history|sys_load_detail|stl_load_commits)\b/i;

/** True when the text reads the load history, so the warehouse writes what it holds first. */
export function readsLoadHistory(text: string): boolean {
  return LOAD_RELATIONS.test(text);
}

export interface LoadStart {
  queryId: number;
  /** The session's process id, which DescribeStatement reports as RedshiftPid. */
  pid: number;
  database: string;
  table: string;
  /** The FROM location, s3://bucket/prefix. */
  dataSource: string;
}

export type LoadStatus = 'running' | 'completed' | 'aborted';

/** One COPY: its counters, its files once listed, and how much of it the tables already hold. */
export class Load {
  readonly start = Date.now();
  status: LoadStatus = 'running';
  endTime: number | undefined;
  loadedRows = 0;
  errorCount = 0;
  files: PrefixRead | undefined;
  /** Files whose rows are in sys_load_detail, and their bytes and lines. */
  filesWritten = 0;
  bytesWritten = 0;
  linesWritten = 0;
  /** Whether its row in sys_load_history shows it ended. */
  endWritten = false;

  constructor(
    readonly info: LoadStart,
    private readonly onEnd: (load: Load) => void,
  ) {}

  listed(files: PrefixRead): void {
    this.files = files;
  }

  end(status: Exclude<LoadStatus, 'running'>, loadedRows: number): void {
    if (this.status !== 'running') return;
    // A completed load is past every file; an aborted one stays where the engine stopped.
    const past = this.filesRead();
    this.engineFiles = this.engineFiles && status === 'aborted' ? () => past : undefined;
    this.status = status;
    this.loadedRows = status === 'completed' ? loadedRows : 0;
    this.endTime = Date.now();
    this.onEnd(this);
  }

  /** How many files the engine is past, when the engine can tell. */
  engineFiles: (() => number) | undefined;

  /**
   * Files read so far: by the worker's count, and no further than the engine is (never fewer
   * than the tables show already: the file-latency fault has the worker read them all first).
   */
  filesRead(): number {
    const read = this.files ? Atomics.load(this.files.progress.filesRead, 0) : 0;
    return this.engineFiles ? Math.max(this.filesWritten, Math.min(read, this.engineFiles())) : read;
  }
}

/** Files of ended COPYs held in memory before they are written anyway, to bound the memory. */
const MAX_UNWRITTEN_FILES = 1_000_000;

/** The COPYs the tables do not fully show yet: running, or ended and not yet written. */
export class LoadHistory {
  private loads: Load[] = [];

  /** `flush` is called when ended COPYs hold more files than memory should keep. */
  constructor(private readonly flush: () => void) {}

  /** True when the tables show every COPY in full. */
  get empty(): boolean {
    return this.loads.length === 0;
  }

  begin(info: LoadStart): Load {
    const load = new Load(info, () => {
      const unwritten = this.loads.reduce((sum, l) => sum + (l.status === 'running' ? 0 : (l.files?.keys.length ?? 0) - l.filesWritten), 0);
      if (unwritten > MAX_UNWRITTEN_FILES) this.flush();
    });
    this.loads.push(load);
    return load;
  }

  /** Writes what changed since the last write, in one transaction; callers run one write at a time. */
  async write(conn: DuckDBConnection): Promise<void> {
    if (this.empty) return;
    // Each COPY as it stands now: one that moves on meanwhile is written again next time.
    const now = Date.now();
    const states = this.loads.map((load): LoadState => ({
      load, status: load.status, end: load.endTime ?? now, loadedRows: load.loadedRows, errorCount: load.errorCount, read: load.filesRead(),
    }));
    await conn.run('BEGIN TRANSACTION');
    try {
      const detail = await conn.createAppender('sys_load_detail', 'main');
      for (const state of states) state.totals = appendFiles(detail, state.load, state.read);
      detail.closeSync();
      const changed = states.filter((state) => !state.load.endWritten);
      if (changed.length > 0) {
        await conn.run(`DELETE FROM main.sys_load_history WHERE query_id IN (${changed.map((state) => state.load.info.queryId).join(', ')})`);
        const history = await conn.createAppender('sys_load_history', 'main');
        for (const state of changed) appendLoad(history, state);
        history.closeSync();
      }
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    for (const { load, status, read, totals } of states) {
      load.filesWritten = read;
      load.bytesWritten = totals!.bytesWritten;
      load.linesWritten = totals!.linesWritten;
      load.endWritten = status !== 'running';
    }
    this.loads = this.loads.filter((load) => !load.endWritten);
  }
}

/** A COPY as one write sees it. */
interface LoadState {
  load: Load;
  status: LoadStatus;
  /** When it ended, or the time of the write while it runs. */
  end: number;
  loadedRows: number;
  errorCount: number;
  read: number;
  totals?: Totals;
}

interface Totals {
  bytesWritten: number;
  linesWritten: number;
}

/** sys_load_detail's columns, as the engine types them. */
const DETAIL_TYPES = [INTEGER, INTEGER, VARCHAR, INTEGER, INTEGER, TIMESTAMP, INTEGER, TIMESTAMP, TIMESTAMP, VARCHAR, TIMESTAMP];
/** Rows per chunk: the engine's vector size. */
const CHUNK_ROWS = 2048;

/**
 * Appends the rows of the files read since the last write, a chunk of columns at a time (a call
 * into the engine per column, not per value); the totals over all files written.
 */
function appendFiles(appender: DuckDBAppender, load: Load, read: number): Totals {
  let { bytesWritten, linesWritten } = load;
  const files = load.files;
  if (!files) return { bytesWritten, linesWritten };
  const { lines, times } = files.progress;
  const prefix = `s3://${files.bucket}/`;
  for (let first = load.filesWritten; first < read; first += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, read - first);
    const chunk = DuckDBDataChunk.create(DETAIL_TYPES, rows);
    const columns = DETAIL_TYPES.map((_, c) => chunk.getColumnVector(c));
    const [user, query, name, bytes, lineCount, recorded, splits, start, end, etag, modified] = columns;
    // A file starts when the one before it ends: the worker reads them one after another.
    let started = timestamp(times[first]!);
    for (let row = 0; row < rows; row++) {
      const i = first + row;
      const ended = timestamp(times[i + 1]!);
      user!.setItem(row, 100);
      query!.setItem(row, load.info.queryId);
      name!.setItem(row, prefix + files.keys.at(i));
      bytes!.setItem(row, Math.min(files.sizes[i]!, INT_MAX)); // an INTEGER column, as on Redshift
      lineCount!.setItem(row, lines[i]!);
      recorded!.setItem(row, ended);
      splits!.setItem(row, 1);
      start!.setItem(row, started);
      end!.setItem(row, ended);
      started = ended;
      etag!.setItem(row, null);
      modified!.setItem(row, timestamp(files.modified[i]!));
      bytesWritten += files.sizes[i]!;
      linesWritten += lines[i]!;
    }
    for (const column of columns) column.flush();
    appender.appendDataChunk(chunk);
  }
  return { bytesWritten, linesWritten };
}

/** Appends the COPY's row of sys_load_history as the write saw it. */
function appendLoad(appender: DuckDBAppender, state: LoadState): void {
  const { load, status, end, read } = state;
  const { info, files } = load;
  const totals = state.totals!;
  const running = status === 'running';
  appender.appendInteger(100);
  appender.appendBigInt(BigInt(info.queryId));
  appender.appendBigInt(BigInt(info.queryId));
  appender.appendInteger(info.pid);
  appender.appendVarchar(info.database);
  appender.appendVarchar(status);
  appender.appendVarchar(info.table);
  appender.appendTimestamp(timestamp(load.start));
  if (running) appender.appendNull();
  else appender.appendTimestamp(timestamp(end));
  appender.appendBigInt(BigInt(Math.round((end - load.start) * 1000)));
  appender.appendVarchar(info.dataSource);
  appender.appendVarchar('json');
  appender.appendBigInt(BigInt(running ? totals.linesWritten : state.loadedRows));
  appender.appendBigInt(BigInt(status === 'aborted' ? 0 : totals.bytesWritten));
  appender.appendInteger(files?.keys.length ?? 0);
  const sourceBytes = sourceFileBytes(files, read);
  if (sourceBytes === null) appender.appendNull();
  else appender.appendBigInt(BigInt(sourceBytes));
  appender.appendInteger(read);
  appender.appendBigInt(BigInt(totals.bytesWritten));
  appender.appendBigInt(BigInt(state.errorCount));
  appender.appendBigInt(0n);
  appender.endRow();
}

const INT_MAX = 2 ** 31 - 1;

/** The bytes of the COPY's files: as listed, or, for files sized as they are read, once all are read. */
function sourceFileBytes(files: PrefixRead | undefined, read: number): number | null {
  if (!files) return 0;
  if (files.totalBytes !== null) return files.totalBytes;
  if (read < files.keys.length) return null;
  let total = 0;
  for (const size of files.sizes) total += size;
  return total;
}

function timestamp(epochMs: number): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(Math.round(epochMs * 1000)));
}
