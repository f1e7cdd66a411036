// COPY ... FROM 's3://...' FORMAT AS JSON against the S3 mirror.
//
// The mirror's worker lists the prefix and reads every file once (mirror.ts), which the load
// history shows as it goes (loadHistory.ts). Fast path: DuckDB's JSON reader over the files (small
// files joined by the worker), converting with the rules of convert.ts inside one INSERT; a bad
// value raises and the INSERT loads nothing.
// Diagnostic pass, only when the fast path fails: every record is scanned with its file and line,
// bad records become rows of sys_load_error_detail and stl_load_errors, and then either the COPY
// fails (more errors than MAXERROR) or the good records load through the same conversion.

import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { recordLoadErrors, type LoadError } from '../loadErrors.js';
import type { Load } from '../loadHistory.js';
import { quoteIdentifier, quoteLiteral } from '../sqlTokens.js';
import { describeTable } from '../tableColumns.js';
import { UnsupportedSql } from '../unsupported.js';
import type { Warehouse } from '../warehouse.js';
import { columnRule, redshiftTypeName, strictValue, type ColumnRule, type TargetColumn } from './convert.js';
import { mirrorPath, objectPath, readPrefix, type PrefixListing, type PrefixRead } from './mirror.js';
import type { CopyCommand } from './parseCopy.js';
import { MAX_OBJECT_BYTES, scanRecords } from './records.js';

export interface CopyContext {
  connection: DuckDBConnection;
  warehouse: Warehouse;
  pid: number;
  queryId: number;
  signal: AbortSignal;
  /** Inside an explicit transaction a failed INSERT would doom it, so data is checked first. */
  inTransaction: boolean;
  /** Each mirror file waits this long before it is read (the file-latency fault). */
  fileLatencyMs: number;
  /** The connection the load runs on while it runs (undefined after), so a cancel reaches it. */
  loadingOn(connection: DuckDBConnection | undefined): void;
}

/** Above this many objects, files are joined before DuckDB reads them. */
const JOIN_ABOVE_FILES = 64;
/** Load errors kept per COPY (Redshift keeps fewer: those up to MAXERROR + 1). */
const MAX_RECORDED_ERRORS = 100;
const RECORD_KEY = '__sparkify_record';

/** Runs one COPY and keeps its row of the load history up to date; the rows it loaded. */
export async function loadCopy(copy: CopyCommand, ctx: CopyContext): Promise<number> {
  const table = await targetTable(ctx.connection, copy);
  const load = ctx.warehouse.loads.begin({
    queryId: ctx.queryId, pid: ctx.pid, database: ctx.warehouse.database, table: copy.table, dataSource: copy.from,
  });
  try {
    const loaded = await loadFiles(copy, table, load, ctx);
    load.end('completed', loaded);
    return loaded;
  } catch (error) {
    load.end('aborted', 0);
    throw error;
  }
}

async function loadFiles(copy: CopyCommand, table: Table, load: Load, ctx: CopyContext): Promise<number> {
  const dataDir = ctx.warehouse.options.dataDir;
  const source = await sourceFor(copy, table.columns, dataDir);
  const rules = table.columns.map((column, i) => columnRule(column, source.exprs[i]!, copy));

  const insert = (relation: string, where = '') =>
    `INSERT INTO ${table.qualified} (${table.columns.map((c) => quoteIdentifier(c.name)).join(', ')})
     SELECT ${rules.map((rule, i) => strictValue(rule, table.columns[i]!)).join(', ')} FROM ${relation} ${where}`;

  const joinedFile = join(ctx.warehouse.scratchDir, `copy-${ctx.queryId}.json`);
  let files: PrefixRead | undefined;
  try {
    const read = await readPrefix(dataDir, copy.from, ctx.signal, { join: { into: joinedFile, above: JOIN_ABOVE_FILES }, fileLatencyMs: ctx.fileLatencyMs });
    files = read;
    load.listed(read);
    // Files DuckDB reads itself are read while the worker counts their lines, unless the
    // file-latency fault paces the worker: then the COPY loads once the worker has read them all.
    if (read.joins || ctx.fileLatencyMs > 0) await read.finished;
    ctx.signal.throwIfAborted();
    const relation = source.relation(read.joins ? [joinedFile] : pathsOf(read, dataDir), false);
    const loaded = async (conn = ctx.connection) => {
      const rows = await rowsChanged(conn, insert(relation));
      await read.finished;
      return rows;
    };
    if (!ctx.inTransaction && !read.joins) return await loadTracked(loaded, read, load, ctx);
    if (!ctx.inTransaction) return await loaded();
    // In a transaction: validate on a separate session so a bad record cannot abort the transaction.
    const clean = await ctx.warehouse
      .withSession((c) => c.runAndReadAll(`SELECT count(*) FROM ${relation} WHERE NOT (${allValid(rules)})`))
      .then((r) => Number(r.getRowsJson()[0]![0]) === 0)
      .catch(() => false);
    if (clean) return await loaded();
  } catch (error) {
    // The diagnostic pass below finds what went wrong, unless nothing was there to load.
    if (ctx.signal.aborted || !files) throw error;
  } finally {
    await rm(joinedFile, { force: true });
  }

  // The diagnostic pass.
  ctx.signal.throwIfAborted();
  const scratch = join(ctx.warehouse.scratchDir, `diagnose-${ctx.queryId}.json`);
  try {
    const { errors, records } = await diagnose(files, source, rules, table.columns, scratch, ctx);
    load.errorCount = errors.length;
    if (errors.length > 0) {
      await ctx.warehouse.withSession((c) =>
        recordLoadErrors(c, { queryId: ctx.queryId, pid: ctx.pid, tableId: table.id, startTime: new Date(load.start) }, errors.slice(0, MAX_RECORDED_ERRORS)),
      );
    }
    if (errors.length > copy.maxError) {
      throw new Error(`Load into table '${copy.table}' failed. Check 'sys_load_error_detail' system table for details.`);
    }
    const rejected = [...records.rejected];
    const where = rejected.length > 0 ? `WHERE ${RECORD_KEY} NOT IN (${rejected.join(', ')})` : '';
    return await rowsChanged(ctx.connection, insert(source.relation([scratch], true), where));
  } finally {
    await rm(scratch, { force: true });
  }
}

/**
 * Loads files DuckDB reads itself on a connection whose progress the engine tracks. The worker
 * only counts their lines, and on large files runs far ahead of the engine: the load history shows
 * no more files than the engine's progress (the share of the files it has read) covers.
 */
async function loadTracked(loadOn: (conn: DuckDBConnection) => Promise<number>, read: PrefixRead, load: Load, ctx: CopyContext): Promise<number> {
  return ctx.warehouse.withLoader(ctx.connection, async (conn, tracked) => {
    let past = 0;
    if (tracked) {
      load.engineFiles = () => {
        const { percentage } = conn.progress;
        past = Math.max(past, Math.floor((read.keys.length * Math.max(0, percentage)) / 100));
        return past;
      };
    }
    ctx.loadingOn(conn);
    try {
      return await loadOn(conn);
    } catch (error) {
      // Unless cancelled, a failed load is diagnosed next by reading every file: all count as read.
      if (!ctx.signal.aborted) load.engineFiles = undefined;
      throw error;
    } finally {
      ctx.loadingOn(undefined);
    }
  });
}

function pathsOf(listing: PrefixListing, dataDir: string): string[] {
  return Array.from(listing.keys, (key) => objectPath(dataDir, listing.bucket, key));
}

async function rowsChanged(conn: DuckDBConnection, sql: string): Promise<number> {
  const reader = await conn.runAndReadAll(sql);
  return Number(reader.getRowsJson()[0]?.[0] ?? 0);
}

function allValid(rules: ColumnRule[]): string {
  return rules.map((r) => r.valid).join(' AND ') || 'true';
}

interface Table {
  qualified: string;
  id: number;
  columns: TargetColumn[];
}

async function targetTable(conn: DuckDBConnection, copy: CopyCommand): Promise<Table> {
  const table = await describeTable(conn, copy.table, copy.schema);
  if (!table) throw new Error(`relation "${copy.table}" does not exist`);
  let columns: TargetColumn[];
  if (copy.columns) {
    columns = copy.columns.map((name) => {
      const found = table.columns.find((c) => c.name === name);
      if (!found) throw new Error(`column "${name}" of relation "${copy.table}" does not exist`);
      return found;
    });
  } else {
    // Without a column list, IDENTITY columns keep generating their values.
    columns = table.columns.filter((c) => !c.identity);
  }
  return { qualified: `${quoteIdentifier(table.schema)}.${quoteIdentifier(copy.table)}`, id: table.oid, columns };
}

/** Where each column's text comes from, and the DuckDB relation that reads the files. */
interface Source {
  exprs: string[];
  relation(files: string[], withRecordKey: boolean): string;
}

const READ_OPTIONS = `format = 'newline_delimited', records = 'true', maximum_object_size = ${MAX_OBJECT_BYTES + 1}`;

async function sourceFor(copy: CopyCommand, columns: TargetColumn[], dataDir: string): Promise<Source> {
  const fileList = (files: string[]) => `[${files.map(quoteLiteral).join(', ')}]`;
  if (copy.mapping.kind === 'auto' && copy.mapping.ignoreCase) {
    // Keys are matched case-insensitively by looking each column up among the object's keys.
    return {
      exprs: columns.map(
        (c) => `json_extract_string(json, '/' || replace(replace(list_filter(json_keys(json), k -> lower(k) = ${quoteLiteral(c.name.toLowerCase())})[1], '~', '~0'), '/', '~1'))`,
      ),
      relation: (files, withKey) =>
        `(SELECT json${withKey ? `, CAST(json_extract(json, '$.${RECORD_KEY}') AS BIGINT) AS ${RECORD_KEY}` : ''}
          FROM read_json_objects(${fileList(files)}, format = 'newline_delimited', maximum_object_size = ${MAX_OBJECT_BYTES + 1}))`,
    };
  }
  const paths = copy.mapping.kind === 'jsonpaths' ? await readJsonPaths(copy.mapping.uri, dataDir, columns.length) : columns.map((c) => [c.name]);
  // Top-level keys are read directly; deeper paths read their top key as JSON and extract from it.
  const keys = new Map<string, 'VARCHAR' | 'JSON'>();
  const exprs = paths.map((segments) => {
    const [top, ...rest] = segments as [string | number, ...(string | number)[]];
    const key = String(top);
    if (rest.length === 0) {
      if (!keys.has(key)) keys.set(key, 'VARCHAR');
      return quoteIdentifier(key);
    }
    keys.set(key, 'JSON');
    const path = '$' + rest.map((s) => (typeof s === 'number' ? `[${s}]` : `."${s}"`)).join('');
    return `json_extract_string(${quoteIdentifier(key)}, ${quoteLiteral(path)})`;
  });
  for (const [key, type] of keys) {
    if (type === 'JSON' && exprs.includes(quoteIdentifier(key))) {
      throw new UnsupportedSql(`jsonpaths: key '${key}' is used both whole and as an object, which the local warehouse does not support`);
    }
  }
  return {
    exprs,
    relation: (files, withKey) => {
      const spec = [...keys, ...(withKey ? [[RECORD_KEY, 'BIGINT'] as const] : [])]
        .map(([k, type]) => `${quoteLiteral(k)}: '${type}'`)
        .join(', ');
      return `read_json(${fileList(files)}, ${READ_OPTIONS}, columns = {${spec}})`;
    },
  };
}

/** Reads a jsonpaths file: {"jsonpaths": ["$['artist']", "$.user.id", ...]}. */
async function readJsonPaths(uri: string, dataDir: string, columnCount: number): Promise<(string | number)[][]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(mirrorPath(dataDir, uri), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : `it is not valid JSON (${(error as Error).message})`;
    throw new Error(`jsonpaths file ${uri} cannot be used: ${reason}`);
  }
  const list = (parsed as { jsonpaths?: unknown }).jsonpaths;
  if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) {
    throw new Error(`jsonpaths file ${uri}: expected an object {"jsonpaths": ["$['key']", ...]}`);
  }
  if (list.length !== columnCount) {
    throw new Error(`Number of jsonpaths and the number of columns should match. JSONPath size: ${list.length}, Number of columns in table or column list: ${columnCount}`);
  }
  return (list as string[]).map((p) => parseJsonPath(p, uri));
}

export function parseJsonPath(path: string, uri: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /\.([A-Za-z_$][\w$]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]/y;
  if (!path.startsWith('$')) throw new Error(`Invalid JSONPath format in ${uri}: '${path}' must start with $`);
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const m = pattern.exec(path);
    if (!m) throw new Error(`Invalid JSONPath format in ${uri}: '${path}'`);
    segments.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3])!);
  }
  if (segments.length === 0 || typeof segments[0] !== 'string') {
    throw new Error(`Invalid JSONPath format in ${uri}: '${path}' must name a member of the object`);
  }
  return segments;
}

/**
 * Reads every record with its file and line. Syntax problems are found here; value problems by
 * running the column rules over the well-formed records, written one per line to `scratch`.
 */
async function diagnose(
  files: PrefixListing,
  source: Source,
  rules: ColumnRule[],
  columns: TargetColumn[],
  scratch: string,
  ctx: CopyContext,
): Promise<{ errors: LoadError[]; records: { rejected: Set<number> } }> {
  const errors: LoadError[] = [];
  const origins: { file: string; line: number; text: string }[] = [];
  const lines: string[] = [];
  for (const key of files.keys) {
    ctx.signal.throwIfAborted();
    const uri = `s3://${files.bucket}/${key}`;
    const data = await readFile(objectPath(ctx.warehouse.options.dataDir, files.bucket, key));
    for (const record of scanRecords(data)) {
      if (!record.ok) {
        errors.push({
          fileName: uri, lineNumber: record.line, columnName: '', columnType: '', columnLength: 0,
          position: record.position, errorCode: record.code, errorMessage: record.message,
          rawLine: record.text.split('\n')[0]!, rawFieldValue: '',
        });
        continue;
      }
      const index = origins.length;
      origins.push({ file: uri, line: record.line, text: record.text });
      // Newlines inside a JSON value can only be whitespace, so a record fits on one line.
      const body = record.text.slice(1).replace(/[\r\n]/g, ' ');
      lines.push(`{"${RECORD_KEY}":${index}${body.trim() === '}' ? '' : ','}${body}`);
    }
  }
  await writeFile(scratch, lines.join('\n'));
  const rejected = new Set<number>();
  if (origins.length > 0) {
    const checks = rules.map((r) => r.valid).join(', ');
    const raws = source.exprs.join(', ');
    const reader = await ctx.connection.runAndReadAll(
      `SELECT ${RECORD_KEY}, [${checks}], [${raws}] FROM ${source.relation([scratch], true)} WHERE NOT (${allValid(rules)}) ORDER BY 1`,
    );
    for (const [index, oks, raw] of reader.getRowsJson() as [string, boolean[], (string | null)[]][]) {
      const record = Number(index);
      const column = oks.findIndex((ok) => !ok);
      const problem = rules[column]!.error(raw[column] ?? null);
      const origin = origins[record]!;
      rejected.add(record);
      errors.push({
        fileName: origin.file, lineNumber: origin.line, columnName: columns[column]!.name,
        columnType: redshiftTypeName(columns[column]!), columnLength: columns[column]!.maxBytes ?? 0,
        position: problem.position, errorCode: problem.code, errorMessage: problem.message,
        rawLine: origin.text.split('\n')[0]!, rawFieldValue: raw[column] ?? '',
      });
    }
  }
  errors.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : a.lineNumber - b.lineNumber));
  return { errors, records: { rejected } };
}
