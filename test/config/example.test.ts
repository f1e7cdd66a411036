// sparkify.cfg.example at the repository root: it documents every key, each in its section, and once
// its placeholders are filled in it is a valid config.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYS } from '../../src/config/keys.js';
import { loadSettings } from '../../src/config/load.js';

const EXAMPLE = fileURLToPath(new URL('../../sparkify.cfg.example', import.meta.url));
const text = readFileSync(EXAMPLE, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'sparkify-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Keys written as "KEY =" (or commented out as ";KEY ="), with the section header above them. */
function mentionedKeys(): Set<string> {
  const found = new Set<string>();
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) section = header[1]!.trim();
    const key = /^\s*[;#]?\s*([A-Z_]+)\s*=/.exec(line);
    if (key && section) found.add(`${section}.${key[1]}`);
  }
  return found;
}

const FILLED: [RegExp, string][] = [
  [/<your-cluster>/g, 'dwhcluster'],
  [/<id>/g, 'c1abcdefgh2i'],
  [/<account-id>/g, '123456789012'],
  [/<your-role>/g, 'dwhRole'],
];

describe('sparkify.cfg.example', () => {
  it.each(KEYS.map((k) => [`${k.section}.${k.key}`] as const))('mentions %s in its section', (id) => {
    expect([...mentionedKeys()]).toContain(id);
  });

  it('holds placeholders, so that it is not mistaken for a working config as it is', () => {
    const file = join(dir, 'as-is.cfg');
    writeFileSync(file, text);
    const { settings, problems } = loadSettings({ configFile: file, cwd: dir, mode: { kind: 'redshift' } });
    expect(settings).toBeUndefined();
    expect(problems.some((p) => p.message.includes('still holds a placeholder'))).toBe(true);
  });

  it('validates, without errors or warnings, once its placeholders are filled in', () => {
    let filled = text;
    for (const [placeholder, value] of FILLED) filled = filled.replace(placeholder, value);
    expect(filled).not.toMatch(/<[^>]+>/); // no placeholder left unfilled
    const file = join(dir, 'sparkify.cfg');
    writeFileSync(file, filled, { mode: 0o600 });
    const { settings, problems } = loadSettings({ configFile: file, cwd: dir, mode: { kind: 'redshift' } });
    expect(problems).toEqual([]);
    expect(settings?.target).toEqual({ kind: 'cluster', clusterIdentifier: 'dwhcluster', database: 'dev', region: 'us-west-2', dbUser: 'awsuser' });
    expect(settings?.sources).toMatchObject({ iamRole: 'arn:aws:iam::123456789012:role/dwhRole', logData: 's3://udacity-dend/log_data' });
  });
});
