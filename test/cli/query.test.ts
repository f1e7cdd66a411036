// `sparkify-wizard query` as a script meets it: the built CLI, not on a terminal, on a warehouse
// file made for the test. SQL from the argument, --file and stdin; the three formats; a result
// longer than a page of GetStatementResult; the warehouse's error with its caret; usage errors.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numbers, startHarness } from '../local/helpers.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** Longer than one page of GetStatementResult (the local endpoint pages by 10,000 records). */
const MANY = 25_000;
const USERS = [
  [1, 'Ann', 'free'],
  [2, 'Des\'ree', 'paid'],
  [3, 'Clementina Santafè', null],
] as const;
const STACK_LINE = /^\s+at .*\(.*:\d+:\d+\)/m;

let tmp: string;
let db: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, with stdin given (or empty), not on a terminal. */
function query(args: string[], stdin = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'query', ...args], { cwd: tmp, env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      expect(stderr).not.toMatch(STACK_LINE);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}
const local = (...args: string[]) => ['--local', '--data-dir', tmp, '--db', db, ...args];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
  tmp = mkdtempSync(join(tmpdir(), 'sparkify-query-'));
  db = join(tmp, 'w.duckdb');
  const h = await startHarness('query-cli', { dbPath: db, dataDir: tmp });
  try {
    await h.ok('CREATE TABLE users (user_id INTEGER, first_name VARCHAR(50), level VARCHAR(10))');
    await h.ok(`INSERT INTO users VALUES ${USERS.map(([id, name, level]) => `(${id}, '${name.replaceAll("'", "''")}', ${level === null ? 'NULL' : `'${level}'`})`).join(', ')}`);
    await h.ok(`CREATE TABLE many AS ${numbers(MANY)}`);
  } finally {
    await h.close();
  }
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the rows, on stdout', () => {
  it('as a table by default: numbers on the right, NULL as NULL, the row count last', async () => {
    const r = await query(local('SELECT user_id, first_name, level FROM users ORDER BY user_id'));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ user_id \| first_name +\| level$/);
    expect(lines[4]).toMatch(/^ +3 \| Clementina Santafè \| NULL$/);
    expect(lines.at(-1)).toBe('(3 rows)');
  });

  it('as CSV with a header row, every row of a result longer than a page', async () => {
    const r = await query(local('--format', 'csv', 'SELECT n FROM many ORDER BY n'));
    expect(r.code).toBe(0);
    const records = r.stdout.split('\r\n');
    expect(records.at(-1)).toBe('');
    expect(records.slice(0, -1)).toEqual(['n', ...Array.from({ length: MANY }, (_, i) => String(i))]);
  });

  it('as CSV: a comma, a quote or a line break quoted, NULL an empty field, an empty string ""', async () => {
    const r = await query(local('--format', 'csv', `SELECT 'a,b' AS comma, 'say "hi"' AS quote, 'two' || chr(10) || 'lines' AS lines, NULL AS nothing, '' AS empty, 'Santafè' AS plain, 2.5 AS half`));
    expect(r).toMatchObject({ code: 0, stdout: 'comma,quote,lines,nothing,empty,plain,half\r\n"a,b","say ""hi""","two\nlines",,"",Santafè,2.5\r\n' });
  });

  it('as JSON lines, one object per row', async () => {
    const r = await query(local('--format', 'json', 'SELECT user_id, first_name, level FROM users ORDER BY user_id'));
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual(USERS.map(([user_id, first_name, level]) => ({ user_id, first_name, level })));
  });

  it('prints a BIGINT past 2^53 with every digit, in each format', async () => {
    const sql = 'SELECT 9007199254740993 AS big, -9223372036854775808 AS least, 9223372036854775807 AS most';
    const csv = await query(local('--format', 'csv', sql));
    expect(csv.stdout).toBe('big,least,most\r\n9007199254740993,-9223372036854775808,9223372036854775807\r\n');
    const json = await query(local('--format', 'json', sql));
    expect(json.stdout).toBe('{"big":9007199254740993,"least":-9223372036854775808,"most":9223372036854775807}\n');
    expect((await query(local(sql))).stdout).toContain(' 9007199254740993 | -9223372036854775808 | 9223372036854775807');
  });

  it('reads the SQL from --file and from stdin alike', async () => {
    const file = join(tmp, 'count.sql');
    writeFileSync(file, 'SELECT count(*) AS users\nFROM users;\n');
    const fromFile = await query(local('--format', 'csv', '--file', file));
    const fromStdin = await query(local('--format', 'csv'), 'SELECT count(*) AS users FROM users');
    expect(fromFile).toMatchObject({ code: 0, stdout: `users\r\n${USERS.length}\r\n` });
    expect(fromStdin).toMatchObject({ code: 0, stdout: `users\r\n${USERS.length}\r\n` });
  });

  it('says how a statement without rows ended on stderr, leaving stdout empty', async () => {
    const r = await query(local("UPDATE users SET level = 'paid' WHERE user_id = 1"));
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('OK, 1 row affected');
  });
});

describe('a statement that fails', () => {
  it("exits 1 with the warehouse's error, the line it points at and a caret under the place", async () => {
    const r = await query(local('SELECT user_id\nFORM users'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(['ERROR: syntax error at or near "users"', 'LINE 2: FORM users', '             ^']);
  });

  it('exits 1 with the message alone when the warehouse gives no position', async () => {
    const r = await query(local('SELECT 1/0'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('ERROR: division by zero');
  });
});

describe('usage errors exit 2 and name the fix', () => {
  it.each([
    [['--format', 'xml', 'SELECT 1'], "--format must be table, csv or json, not 'xml'"],
    [['--file', 'nothing.sql'], '--file nothing.sql: cannot read'],
    [['--file', 'x.sql', 'SELECT 1'], 'give the SQL as an argument or with --file, not both'],
    [['SELECT 1', 'SELECT 2'], "unexpected argument 'SELECT 2'"],
  ])('%j', async (args, message) => {
    const r = await query(local(...args));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage: sparkify-wizard query');
  });

  it('no SQL at all (stdin empty)', async () => {
    const r = await query(local());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the SQL is empty (nothing came on stdin)');
  });

  it('no warehouse file: says how to build one, and creates none', async () => {
    const r = await query(['--local', '--data-dir', tmp, '--db', join(tmp, 'none.duckdb'), 'SELECT 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('build one with sparkify-wizard run --local');
    expect(existsSync(join(tmp, 'none.duckdb'))).toBe(false);
  });
});
