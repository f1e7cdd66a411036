// The query prompt in a real terminal (tmux), as a person uses it: a statement over two lines,
// its table, Up for the last statement, an error longer than a line, Ctrl-C cancelling a long one on the warehouse, Ctrl-D.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_SQL, startHarness } from '../local/helpers.js';
import { closeTerminals, keys, open, type, waitForScreen } from '../support/tmux.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
  dir = mkdtempSync(join(tmpdir(), 'query-terminal-'));
  const h = await startHarness('query-terminal', { dbPath: join(dir, 'w.duckdb'), dataDir: dir });
  try {
    await h.ok('CREATE TABLE users (user_id INTEGER, level VARCHAR(10))');
    await h.ok("INSERT INTO users VALUES (1, 'free'), (2, 'paid'), (3, 'paid')");
  } finally {
    await h.close();
  }
});
afterAll(() => {
  closeTerminals();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the query prompt in a real terminal (80x24)', () => {
  it('runs a statement typed over two lines, recalls it with Up, shows a long error whole, cancels a long one with Ctrl-C, leaves with Ctrl-D', async () => {
    open('prompt', dir, {}, `node '${CLI}' query --local --data-dir '${dir}' --db w.duckdb`);
    await waitForScreen('prompt', (s) => s.includes('Connected to') && s.includes('sql>'));
    await type('prompt', 'SELECT level, count(*) AS users');
    await keys('prompt', 'Enter');
    await type('prompt', 'FROM users GROUP BY level ORDER BY level;');
    await keys('prompt', 'Enter');
    const table = await waitForScreen('prompt', (s) => s.includes('(2 rows'));
    expect(table).toContain('  -> FROM users GROUP BY level ORDER BY level;');
    expect(table).toMatch(/^ level \| users$/m);
    expect(table).toMatch(/^ free {2}\| +1$/m);
    expect(table).toMatch(/^ paid {2}\| +2$/m);

    await keys('prompt', 'Up');
    await waitForScreen('prompt', (s) => s.trimEnd().endsWith('  -> FROM users GROUP BY level ORDER BY level;'));
    await keys('prompt', 'C-c'); // clears what Up brought back

    // An error longer than the terminal is wide is read whole, its end on the next line.
    await type('prompt', "SELECT 'abc'::varbyte;");
    await keys('prompt', 'Enter');
    const error = await waitForScreen('prompt', (s) => s.includes('ERROR: the type VARBYTE'));
    expect(error).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/redshift\/latest\/dg\/c_Supported_data_types\.html\)$/m);

    await type('prompt', `${LONG_SQL};`);
    await keys('prompt', 'Enter');
    await waitForScreen('prompt', (s) => s.includes('Ctrl-C cancels it'));
    await keys('prompt', 'C-c');
    await waitForScreen('prompt', (s) => s.includes('Cancelled: the warehouse stopped the statement.'));

    await keys('prompt', 'C-d');
    await waitForScreen('prompt', (s) => s.includes('EXIT=0'));
  });
});
