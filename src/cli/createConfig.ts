// Writes sparkify.cfg from the example shipped with the package.

import { copyFileSync, chmodSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigFile } from '../config/read.js';
import { validateConfig } from '../config/validate.js';

export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../sparkify.cfg.example', import.meta.url));

/** Copies the example (never over an existing file) and says which keys are left to fill. */
export async function createConfigFromExample(cwd: string): Promise<{ path: string; keys: string[] }> {
  const path = resolve(cwd, 'sparkify.cfg');
  copyFileSync(EXAMPLE_CONFIG, path, constants.COPYFILE_EXCL);
  chmodSync(path, 0o600); // it may come to hold secrets
  const { parsed } = readConfigFile(path);
  const problems = parsed ? validateConfig(parsed, { kind: 'redshift' }).problems : [];
  const keys = problems.filter((p) => p.severity === 'error' && p.key).map((p) => `[${p.section}] ${p.key} (line ${p.line})`);
  return { path, keys };
}
