// Command lines to suggest to the user, for the target a run just reached: exact, and quoted for
// a POSIX shell where a value needs it.

import type { Settings } from '../config/target.js';
import type { TargetFlags } from './settings.js';

const PLAIN = /^[\w@%+=:,./-]+$/;

/** One word as a shell reads it: as it is when it can be, else in single quotes. */
export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `sparkify-wizard query` with the options that reach the same warehouse. */
export function queryCommandLine(settings: Settings, flags: TargetFlags): string {
  const words = ['sparkify-wizard', 'query'];
  if (settings.target.kind === 'local') {
    words.push('--local', '--db', settings.target.dbPath);
    if (flags['data-dir']) words.push('--data-dir', settings.target.dataDir);
  } else {
    if (flags.config && settings.file) words.push('--config', settings.file);
    if (flags.profile) words.push('--profile', flags.profile);
  }
  return words.map(shellWord).join(' ');
}
