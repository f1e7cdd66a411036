// For the commands that read a warehouse already built (check-data, report): the settings, a
// connection, and the assurance that the seven tables are there, or a message saying what to do.

import { existsSync } from 'node:fs';
import { formatProblem } from '../config/problem.js';
import type { Settings } from '../config/target.js';
import type { Connection } from '../pipeline/connection.js';
import { currentRowCounts } from '../pipeline/inspect.js';
import { EXIT } from './pipelineCommands.js';
import { ConfigError, settingsFor, type TargetFlags } from './settings.js';
import { UsageError } from './usage.js';

export type Opened = { settings: Settings; connection: Connection } | { exitCode: number };

/**
 * Opens the warehouse the flags name. Config problems are said and end with exit 2 (and, with
 * `json`, a config event on stdout); missing tables are said and end with exit 1.
 */
export async function openExistingWarehouse(
  command: string,
  flags: TargetFlags,
  say: (line: string) => void,
  json?: (line: string) => void,
): Promise<Opened> {
  let settings: Settings;
  try {
    settings = await settingsFor(command, flags, (p) => say(`warning: ${formatProblem(p)}`));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) say(`${p.severity}: ${formatProblem(p)}`);
    json?.(JSON.stringify({ type: 'config', ok: false, problems: error.problems }));
    return { exitCode: EXIT.usage };
  }
  // Opening a file that is not there would create an empty warehouse: say where to build one.
  if (settings.target.kind === 'local' && !existsSync(settings.target.dbPath)) {
    throw new UsageError(`no warehouse at ${settings.target.dbPath}: build one with sparkify-wizard run --local, or name it with --db FILE`, command);
  }
  const { connect } = await import('./connect.js');
  const connection = await connect(settings, flags.profile);
  try {
    const counts = await currentRowCounts(connection.api);
    const missing = Object.entries(counts).filter(([, rows]) => rows === null).map(([table]) => table);
    if (missing.length > 0) {
      say(`The warehouse has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'}: build it first with sparkify-wizard run.`);
      await connection.close();
      return { exitCode: EXIT.failed };
    }
  } catch (error) {
    await connection.close();
    throw error;
  }
  return { settings, connection };
}

/** Runs `work` with Ctrl-C (and SIGTERM) aborting its signal; a second Ctrl-C leaves at once. */
export async function withCancel<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController();
  const onSignal = () => {
    if (cancel.signal.aborted) process.exit(EXIT.cancelled);
    cancel.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(cancel.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
