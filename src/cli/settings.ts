// From command-line options to settings: which target, which config, which local files.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSettings } from '../config/load.js';
import { formatProblem, type Problem } from '../config/problem.js';
import type { Settings } from '../config/target.js';
import { EXIT } from './exit.js';
import { addSecret } from './redact.js';
import { UsageError } from './usage.js';

/** The local warehouse file kept after a run, so analysts can query it. */
export const DEFAULT_LOCAL_DB = 'sparkify.duckdb';


export interface TargetFlags {
  config?: string;
  local?: boolean;
  'data-dir'?: string;
  db?: string;
  profile?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n'));
  }
}

/** Settings for the flags; throws ConfigError with every problem when the config has errors. */
export async function settingsFor(command: string, flags: TargetFlags, onWarning: (p: Problem) => void): Promise<Settings> {
  if (!flags.local && (flags.db || flags['data-dir'])) {
    throw new UsageError(`--db and --data-dir are for the local warehouse: add --local`, command);
  }
  if (flags.local && flags.profile) throw new UsageError('--profile is for AWS targets, not --local', command);
  let mode: Parameters<typeof loadSettings>[0]['mode'] = { kind: 'redshift' };
  if (flags.local) {
    const dataDir = flags['data-dir'] ? resolve(flags['data-dir']) : await (await import('../local/sample/cache.js')).bundledSampleDir();
    if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
      throw new UsageError(`--data-dir ${flags['data-dir']}: no such directory (it should hold BUCKET/KEY files, such as udacity-dend/song_data/...)`, command);
    }
    mode = { kind: 'local', dbPath: resolve(flags.db ?? DEFAULT_LOCAL_DB), dataDir };
  }
  const { settings, problems, secrets } = loadSettings({ configFile: flags.config, cwd: process.cwd(), mode });
  for (const secret of secrets) addSecret(secret);
  for (const p of problems.filter((p) => p.severity === 'warning')) onWarning(p);
  if (!settings) throw new ConfigError(problems);
  return settings;
}

/**
 * Settings for the flags, or the exit code once every config problem has been said (and, with
 * `json`, given as a config event on stdout).
 */
export async function settingsOrExit(
  command: string,
  flags: TargetFlags,
  say: (line: string) => void,
  json?: (line: string) => void,
): Promise<Settings | number> {
  try {
    return await settingsFor(command, flags, (p) => say(`warning: ${formatProblem(p)}`));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) say(`${p.severity}: ${formatProblem(p)}`);
    json?.(JSON.stringify({ type: 'config', ok: false, problems: error.problems }));
    return EXIT.usage;
  }
}
