// For the commands that read a warehouse already built (check-data, report): the settings, a
// connection, and the assurance that the seven tables are there, or a message saying what to do.

import { existsSync } from 'node:fs';
import type { Settings } from '../config/target.js';
import type { Connection } from '../pipeline/connection.js';
import { currentRowCounts } from '../pipeline/inspect.js';
import { EXIT } from './exit.js';
import { settingsOrExit, type TargetFlags } from './settings.js';
import { UsageError } from './usage.js';

/** Opening a file that is not there would create an empty warehouse: says where to build one instead. */
export function requireWarehouseFile(command: string, settings: Settings): void {
  if (settings.target.kind === 'local' && !existsSync(settings.target.dbPath)) {
    throw new UsageError(`no warehouse at ${settings.target.dbPath}: build one with sparkify-wizard run --local, or name it with --db FILE`, command);
  }
}

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
  const settings = await settingsOrExit(command, flags, say, json);
  if (typeof settings === 'number') return { exitCode: settings };
  requireWarehouseFile(command, settings);
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
