// `sparkify-wizard query`: SQL on the warehouse through the Data API, from the argument, --file or
// stdin, its rows on stdout as a table, CSV or JSON lines; with no SQL on a terminal, a prompt.
// Messages (errors, rows affected, retries, cancelling) go to stderr: stdout is the data.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import type { Connection } from '../../pipeline/connection.js';
import type { DataApi } from '../../pipeline/dataApiClient.js';
import { runQuery, runQueryInto } from '../../pipeline/query.js';
import { RowsSink } from '../../pipeline/resultRecords.js';
import type { Retry } from '../../pipeline/retryPolicy.js';
import { seconds } from '../../format.js';
import { doneLine, errorLines } from '../../ui/queryMessages.js';
import { CsvSink, csvHeader, QUERY_FORMATS, resultWriter, type QueryFormat } from '../../ui/queryOutput.js';
import { parseCommandLine } from '../args.js';
import { EXIT, withCancel } from '../exit.js';
import { requireWarehouseFile } from '../existingWarehouse.js';
import { interactive } from '../frontEnd.js';
import { settingsOrExit } from '../settings.js';
import { UsageError } from '../usage.js';
import { COMMANDS } from './index.js';

/** The table's width when stdout is not a terminal (and COLUMNS does not say). */
const PIPED_WIDTH = 120;

export async function query(args: string[]): Promise<number> {
  const { values: options, positionals } = parseCommandLine('query', args, COMMANDS.query.options, 1);
  const format = (options.format ?? 'table') as QueryFormat;
  if (!QUERY_FORMATS.includes(format)) throw new UsageError(`--format must be table, csv or json, not '${options.format}'`, 'query');
  if (positionals.length > 0 && options.file !== undefined) throw new UsageError('give the SQL as an argument or with --file, not both', 'query');
  const say = (line: string) => process.stderr.write(`${line}\n`);

  let sql = positionals[0] ?? (options.file === undefined ? undefined : sqlFile(options.file));
  const prompt = sql === undefined && Boolean(process.stdin.isTTY);
  if (prompt && !interactive()) throw new UsageError('no SQL: give it as an argument, with --file FILE, or on stdin', 'query');
  if (sql === undefined && !prompt) sql = await text(process.stdin);
  if (sql !== undefined && sql.trim() === '') {
    throw new UsageError(`the SQL is empty${options.file !== undefined ? ` (${options.file})` : positionals.length === 0 ? ' (nothing came on stdin)' : ''}`, 'query');
  }

  const settings = await settingsOrExit('query', options, say);
  if (typeof settings === 'number') return settings;
  requireWarehouseFile('query', settings);
  const { connect } = await import('../connect.js');
  if (sql !== undefined) {
    const connection = await connect(settings, options.profile);
    try {
      return await printQuery(connection.api, sql, format, say);
    } finally {
      await connection.close();
    }
  }
  // The prompt is on the screen (and the terminal in raw mode) before the warehouse is reached.
  const [{ runQueryPrompt }, { describeTarget }] = await Promise.all([import('../../ui/queryPrompt/index.js'), import('../../config/target.js')]);
  let connecting: Promise<Connection> | undefined;
  const open = () => (connecting ??= connect(settings, options.profile));
  try {
    return await runQueryPrompt({
      target: describeTarget(settings.target),
      connect: async () => void (await open()),
      run: async (statement, signal) => runQuery((await open()).api, statement, { signal }),
    });
  } finally {
    await (await connecting?.catch(() => undefined))?.close();
  }
}

/** The SQL in a file, or a usage error naming it. */
function sqlFile(file: string): string {
  const path = resolve(file);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`--file ${file}: ${path} is a folder, not a file of SQL`, 'query');
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--file ${file}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'query');
  }
}

/** Runs one statement and prints its rows as they come, page by page; Ctrl-C cancels it on the warehouse. */
async function printQuery(api: DataApi, sql: string, format: QueryFormat, say: (line: string) => void): Promise<number> {
  const onRetry = (r: Retry) => say(`RETRY ${r.operation}: ${r.reason}, retrying in ${seconds(r.delayMs, 1)} (attempt ${r.attempt + 1})`);
  const out = new Output(process.stdout);
  return withCancel(async (signal) => {
    signal.addEventListener('abort', () => say('Cancelling the statement on the warehouse... (Ctrl-C again to leave at once)'), { once: true });
    const cancelled = (ended: string) => {
      say(ended === 'aborted' ? 'Cancelled: the warehouse stopped the statement.' : `Cancelled (the statement had already ${ended === 'finished' ? 'finished' : `ended ${ended}`}).`);
      return EXIT.cancelled;
    };
    // CSV is written from the records' bytes as they are read; a table and JSON lines from their values.
    const csv = format === 'csv' ? new CsvSink() : undefined;
    const values = new RowsSink();
    const outcome = await runQueryInto(api, sql, csv ?? values, { signal, onRetry });
    switch (outcome.status) {
      case 'failed':
        for (const line of errorLines(sql, outcome.error, outcome.position)) say(line);
        return EXIT.failed;
      case 'cancelled':
        return cancelled(outcome.ended);
      case 'done':
        say(doneLine(outcome.resultRows, outcome.durationMs));
        return EXIT.ok;
      case 'rows': {
        const width = process.stdout.columns || Number(process.env.COLUMNS) || PIPED_WIDTH;
        const writer = format === 'csv' ? undefined : resultWriter(format, outcome.columns, width);
        let rowCount = 0;
        try {
          if (csv && !(await out.write(csvHeader(outcome.columns)))) return EXIT.ok;
          for await (const rows of outcome.pages) {
            rowCount += rows;
            const pieces = writer ? writer.rows(values.take()) : [csv!.take()];
            for (const piece of pieces) if (!(await out.write(piece))) return EXIT.ok;
          }
          if (writer) await out.write(writer.end(rowCount));
        } catch (error) {
          if (signal.aborted) return cancelled('finished');
          throw error;
        }
        return EXIT.ok;
      }
    }
  });
}

/** stdout, each write waited for; a reader that went away (`| head`) ends the output quietly, exit 0. */
class Output {
  private closed = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    // EPIPE, or any other failure to write: nothing more can be printed.
    stream.on('error', () => {
      this.closed = true;
    });
  }

  /** Writes `chunk` and waits until it is written (a buffer may be filled again next); false once nobody reads any more. */
  async write(chunk: string | Uint8Array): Promise<boolean> {
    if (this.closed) return false;
    if (chunk.length === 0) return true;
    await new Promise<void>((resolve) =>
      this.stream.write(chunk, (error) => {
        if (error) this.closed = true;
        resolve();
      }),
    );
    return !this.closed;
  }
}
