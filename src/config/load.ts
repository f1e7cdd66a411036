// Finds the config file, reads and validates it.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { problem, type Problem } from './problem.js';
import { readConfigFile } from './read.js';
import { UDACITY_SOURCES, type Settings } from './target.js';
import { validateConfig, type Mode } from './validate.js';

/** Default names, in order: sparkify.cfg, then Udacity's dwh.cfg. */
export const DEFAULT_CONFIG_FILES = ['sparkify.cfg', 'dwh.cfg'];

export function findConfigFile(cwd: string): string | undefined {
  return DEFAULT_CONFIG_FILES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

export interface LoadOptions {
  /** --config FILE, when given. */
  configFile?: string;
  cwd: string;
  mode: Mode;
}

/**
 * Against Redshift a config is required. The local warehouse needs none: it mirrors Udacity's
 * layout, unless --config names a file whose [S3] and [IAM_ROLE] locations it should use.
 */
export function loadSettings({ configFile, cwd, mode }: LoadOptions): { settings?: Settings; problems: Problem[]; secrets: string[] } {
  if (mode.kind === 'local' && !configFile) {
    return { settings: { target: { kind: 'local', dbPath: mode.dbPath, dataDir: mode.dataDir }, sources: UDACITY_SOURCES }, problems: [], secrets: [] };
  }
  const file = configFile ? resolve(cwd, configFile) : findConfigFile(cwd);
  if (!file) {
    return {
      secrets: [],
      problems: [problem('error', resolve(cwd, DEFAULT_CONFIG_FILES[0]!), {
        message: 'no config file found (looked for sparkify.cfg and dwh.cfg)',
        fix: 'create one from sparkify.cfg.example, pass --config FILE, or run on the local warehouse with --local',
      })],
    };
  }
  const { parsed, problems } = readConfigFile(file);
  if (!parsed) return { problems, secrets: [] };
  const checked = validateConfig(parsed, mode);
  const all = [...problems, ...checked.problems];
  // The password is never used, but it is a secret all the same: callers keep it out of any output.
  const secrets = parsed.entries.filter((e) => e.key.toUpperCase() === 'DB_PASSWORD' && e.value).map((e) => e.value);
  return { settings: all.some((p) => p.severity === 'error') ? undefined : checked.settings, problems: all, secrets };
}
