// The built CLI (node dist/cli.js) as a user meets it: spawned in a temp directory, not on a TTY,
// with CI set. Exit codes, what goes to stdout and stderr, and that nothing prints a stack trace.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSample, type SampleSummary } from '../../src/local/sample/generate.js';
import { startLocalEndpoint } from '../../src/local/server.js';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import { CHECKS } from '../../src/sql/dataChecks.js';

/** How many data checks and steps there are, from their definitions. */
const CHECK_COUNT = CHECKS.length;
const STEPS = buildPlan('run', UDACITY_SOURCES).steps.length;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const COMMANDS = ['run', 'create-tables', 'etl', 'check', 'check-data', 'report', 'query', 'serve', 'sample-data'];
const TABLES = ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];
const STACK_LINE = /^\s+at .*\(.*:\d+:\d+\)/m;

let tmp: string;
/** A small generated dataset, the --data-dir of the local runs. */
let dataDir: string;
let sample: SampleSummary;

interface Result {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}
/** Every run of the CLI in this file, for the check on stack traces at the end. */
const runs: Result[] = [];

/** Runs the built CLI in its own temp working directory, stdin not a TTY, CI set. */
function cli(args: string[], options: { cwd?: string; onStderr?: (stderr: string, child: ChildProcess) => void } = {}): Promise<Result> {
  const cwd = options.cwd ?? mkdtempSync(join(tmp, 'cwd-'));
  const env = { ...process.env, CI: 'true', XDG_CACHE_HOME: join(tmp, 'cache'), NO_COLOR: '1', FORCE_COLOR: '0' };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { args, code, stdout, stderr };
      runs.push(result);
      resolve(result);
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

beforeAll(() => {
  // The CLI under test is the one built from the current sources.
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`tsc -p . failed:\n${build.stdout}\n${build.stderr}`);
  tmp = mkdtempSync(join(tmpdir(), 'sparkify-cli-'));
  dataDir = join(tmp, 'mirror');
  sample = writeSample(dataDir, { songs: 300, events: 2000, seed: 31 });
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('help and version', () => {
  it.each([['--version'], ['-v']])('%s prints the version of package.json and exits 0', async (flag) => {
    const r = await cli([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it.each(['--help', '-h'])('%s lists every command and exits 0', async (flag) => {
    const r = await cli([flag]);
    expect(r.code).toBe(0);
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\s`, 'm'));
  });

  it.each(COMMANDS)('%s --help shows the usage of that command and exits 0', async (command) => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: sparkify-wizard ${command}`);
  });
});

describe('usage errors exit 2 with a message and the usage line', () => {
  it('an unknown command', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).toContain('Usage:');
  });

  it.each([
    [['--bogus']],
    [['run', '--bogus']],
    [['check', '--bogus']],
    [['sample-data', '--bogus']],
  ])('an unknown option: %j', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'--bogus'");
    expect(r.stderr).toContain('Usage:');
  });

  it('--json together with --plain, naming both', async () => {
    const r = await cli(['run', '--json', '--plain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--json');
    expect(r.stderr).toContain('--plain');
  });

  it.each(['abc', '0', '51', '1.5'])('--concurrency %s, naming the option and the allowed range', async (value) => {
    const r = await cli(['run', '--local', '--data-dir', dataDir, '--concurrency', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--concurrency must be a whole number from 1 to 50');
  });

  it('run --local without --yes, not on a TTY: refuses the reset, names --yes, and creates no warehouse', async () => {
    const cwd = mkdtempSync(join(tmp, 'noyes-'));
    const r = await cli(['run', '--local', '--data-dir', dataDir, '--db', 'w.duckdb'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(existsSync(join(cwd, 'w.duckdb'))).toBe(false);
  });

  it('--db without --local', async () => {
    const r = await cli(['run', '--yes', '--db', 'w.duckdb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('add --local');
  });
});

describe('run --local --yes --json', () => {
  let r: Result;
  let cwd: string;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmp, 'json-'));
    r = await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', join(cwd, 'w.duckdb'), '--json'], { cwd });
  });

  it('exits 0', () => {
    expect(r.code, r.stderr).toBe(0);
  });

  it('writes only JSON lines to stdout, each an event with a type', () => {
    const out = lines(r.stdout);
    expect(out.length).toBeGreaterThan(9);
    for (const line of out) {
      const event = JSON.parse(line) as { type?: unknown };
      expect(typeof event.type, line).toBe('string');
    }
  });

  it('ends with a summary that is ok and counts all seven tables as the generated files say', () => {
    const last = JSON.parse(lines(r.stdout).at(-1)!) as { type: string; ok: boolean; counts: Record<string, number> };
    expect(last).toMatchObject({ type: 'summary', ok: true });
    expect(Object.keys(last.counts).sort()).toEqual([...TABLES].sort());
    expect(last.counts).toMatchObject({ staging_events: sample.events, staging_songs: sample.songFiles, songplays: sample.nextSongEvents, songs: sample.songFiles });
  });

  it('keeps the warehouse file it was given', () => {
    expect(existsSync(join(cwd, 'w.duckdb'))).toBe(true);
  });
});

describe('run --local --yes --plain', () => {
  let r: Result;
  let cwd: string;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmp, 'plain-'));
    r = await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', 'w.duckdb', '--plain'], { cwd });
  });

  it('exits 0', () => {
    expect(r.code, r.stderr).toBe(0);
  });

  it('prints a START and an OK line for each of the eleven steps on stderr, dbt-style', () => {
    const progress = lines(r.stderr).filter((l) => new RegExp(`^\\d+ of ${STEPS} (START|OK)\\b`).test(l));
    for (let n = 1; n <= 11; n++) {
      expect(progress.filter((l) => l.startsWith(`${n} of ${STEPS} START`)), `step ${n}`).toHaveLength(1);
      expect(progress.filter((l) => l.startsWith(`${n} of ${STEPS} OK`)), `step ${n}`).toHaveLength(1);
    }
  });

  it("ends the step lines with a 'Done in' line", () => {
    expect(r.stderr).toMatch(new RegExp(`^Done in \\d+(\\.\\d+)? s: ${STEPS} of ${STEPS} steps OK\\.$`, 'm'));
  });

  it('prints nothing on stdout (stdout is for data)', () => {
    expect(r.stdout).toBe('');
  });

  it('ends suggesting the query command for that warehouse, which answers as suggested', async () => {
    const suggested = /Query it with: sparkify-wizard (query .*) "(SELECT \* FROM songplays LIMIT 5)"$/m.exec(r.stderr);
    expect(suggested, r.stderr).not.toBeNull();
    expect(suggested![1]).toBe(`query --local --db ${join(cwd, 'w.duckdb')} --data-dir ${dataDir}`);
    const answer = await cli([...suggested![1]!.split(' '), '--format', 'csv', suggested![2]!]);
    expect(answer.code, answer.stderr).toBe(0);
    expect(lines(answer.stdout)).toHaveLength(6);
    expect(r.stderr).toContain(`or with DuckDB: duckdb ${join(cwd, 'w.duckdb')} "SELECT * FROM songplays LIMIT 5"`);
  });
});

describe('create-tables, then etl', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmp, 'split-'));
  });

  it('create-tables --yes exits 0 and counts seven empty tables', async () => {
    const r = await cli(['create-tables', '--local', '--yes', '--data-dir', dataDir, '--db', 'w.duckdb', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(lines(r.stdout).at(-1)!) as { counts: Record<string, number> };
    expect(last.counts).toEqual(Object.fromEntries(TABLES.map((t) => [t, 0])));
  });

  it('etl needs no --yes (it drops nothing), exits 0 and fills the tables', async () => {
    const r = await cli(['etl', '--local', '--data-dir', dataDir, '--db', 'w.duckdb', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(lines(r.stdout).at(-1)!) as { ok: boolean; counts: Record<string, number> };
    expect(last).toMatchObject({ ok: true, counts: { staging_events: sample.events, songplays: sample.nextSongEvents } });
  });
});

describe('run --dry-run', () => {
  it('prints the SQL on stdout, exits 0 and starts nothing (no warehouse file)', async () => {
    const cwd = mkdtempSync(join(tmp, 'dry-'));
    const r = await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', 'w.duckdb', '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('COPY staging_events');
    expect(r.stdout).toContain('COPY staging_songs');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('failures', () => {
  it('exits 1 when the pipeline fails (no data under the prefixes), naming the failed COPY', async () => {
    const empty = mkdtempSync(join(tmp, 'empty-mirror-'));
    const r = await cli(['run', '--local', '--yes', '--data-dir', empty, '--db', 'w.duckdb', '--plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^\\d+ of ${STEPS} ERROR\\s+COPY staging_events`, 'm'));
    expect(r.stderr).toMatch(/^Failed after/m);
  });

  it('exits 1 with one line when the warehouse file cannot be opened', async () => {
    const r = await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', join(tmp, 'no', 'such', 'dir', 'w.duckdb')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot open the warehouse file');
  });

  it('prints the load errors of a failed COPY: the s3:// file and the line of the bad record', async () => {
    const mirror = join(tmp, 'mirror-broken');
    writeSample(mirror, { songs: 20, events: 200, seed: 3 });
    const file = join(mirror, 'udacity-dend', 'log_data', '2018', '11', '2018-11-02-events.json');
    const text = readFileSync(file, 'utf8').split('\n');
    text[1] = '{"artist": "x", "auth": }';
    writeFileSync(file, text.join('\n'));
    const r = await cli(['run', '--local', '--yes', '--data-dir', mirror, '--db', 'w.duckdb', '--plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^2 of ${STEPS} ERROR\\s+COPY staging_events`, 'm'));
    expect(r.stderr).toContain('s3://udacity-dend/log_data/2018/11/2018-11-02-events.json, line 2');
    expect(r.stderr).toMatch(new RegExp(`^\\d of ${STEPS} SKIP\\s+INSERT users`, 'm'));
  });

  it('with --json, a config error is also a JSON line on stdout', async () => {
    const file = join(tmp, 'json-bad.cfg');
    writeFileSync(file, '[CLUSTER]\nDB_NAME = dev\n');
    const r = await cli(['run', '--yes', '--json', '--config', file]);
    expect(r.code).toBe(2);
    const out = lines(r.stdout).map((l) => JSON.parse(l) as { type: string; ok: boolean; problems: unknown[] });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'config', ok: false });
    expect(out[0]!.problems.length).toBeGreaterThan(0);
  });
});

describe('check', () => {
  it('with a bad config exits 2 and prints file:line for each problem', async () => {
    const file = join(tmp, 'bad.cfg');
    writeFileSync(file, [
      '[CLUSTER]',
      'HOST = dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com',
      'DB_NAMES = dev', // 3: unknown key
      'DB_USER = awsuser',
      'DB_PORT = abc', // 5: not a port
      '',
      '[IAM_ROLE]',
      'ARN = arn:aws:iam::xxxxxxxxxxxx:role/x', // 8: placeholder
      '',
      '[S3]',
      'LOG_DATA = s3://udacity-dend/log_data',
      'LOG_JSONPATH = s3://udacity-dend/log_json_path.json',
      'SONG_DATA = song_data', // 13: not an S3 location
    ].join('\n'));
    const r = await cli(['check', '--config', file]);
    expect(r.code).toBe(2);
    for (const line of [3, 5, 8, 13]) expect(r.stdout).toContain(`${file}:${line} `);
    const problems = lines(r.stdout).filter((l) => /^(error|warning)\b/.test(l));
    expect(problems.length).toBeGreaterThanOrEqual(4);
    for (const problem of problems) expect(problem).toMatch(new RegExp(`^(error|warning)\\s+${file.replace(/[.]/g, '\\.')}:\\d+ `));
    expect(r.stdout).toContain('did you mean DB_NAME?');
  });

  it("with Udacity's dwh.cfg exits 0, warns about DB_PASSWORD, and never prints the password", async () => {
    const cwd = mkdtempSync(join(tmp, 'dwh-'));
    writeFileSync(join(cwd, 'dwh.cfg'), [
      '[CLUSTER]',
      "HOST='dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com'",
      "DB_NAME='dwh'",
      "DB_USER='dwhuser'",
      "DB_PASSWORD='Sup3r-S3cret'",
      "DB_PORT='5439'",
      '',
      '[IAM_ROLE]',
      "ARN='arn:aws:iam::123456789012:role/dwhRole'",
      '',
      '[S3]',
      "LOG_DATA='s3://udacity-dend/log_data'",
      "LOG_JSONPATH='s3://udacity-dend/log_json_path.json'",
      "SONG_DATA='s3://udacity-dend/song_data'",
    ].join('\n'), { mode: 0o644 });
    const r = await cli(['check'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning .*dwh\.cfg:5 \[CLUSTER\] DB_PASSWORD: DB_PASSWORD is not used/m);
    expect(r.stdout).toMatch(/^ok .*cluster dwhcluster, database dwh, us-west-2/m);
    expect(r.stdout + r.stderr).not.toContain('Sup3r-S3cret');
  });

  it('--local --live on a dataset exits 0 and prints only ok lines', async () => {
    const r = await cli(['check', '--local', '--live', '--data-dir', dataDir, '--db', 'w.duckdb']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.length).toBeGreaterThanOrEqual(5); // the config, the target, and the three locations
    for (const line of out) expect(line).toMatch(/^ok\s/);
    expect(r.stdout).toContain('the target answers');
  });

  it('--local --live on an empty mirror exits 1 and names each missing location', async () => {
    const empty = mkdtempSync(join(tmp, 'empty-check-'));
    const r = await cli(['check', '--local', '--live', '--data-dir', empty, '--db', 'w.duckdb']);
    expect(r.code).toBe(1);
    for (const uri of ['s3://udacity-dend/log_data', 's3://udacity-dend/song_data', 's3://udacity-dend/log_json_path.json']) {
      expect(r.stdout).toMatch(new RegExp(`^error .*nothing under ${uri.replace(/[.]/g, '\\.')}`, 'm'));
    }
  });
});

/** Runs SQL on a warehouse file from this process, while no CLI has it open. */
async function onWarehouse(dbPath: string, statements: string[]): Promise<void> {
  const endpoint = await startLocalEndpoint({ dataDir, dbPath });
  const target = { kind: 'local' as const, dbPath, dataDir };
  const api = DataApi.connect({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials }, target);
  try {
    for (const sql of statements) await api.query(sql, 'cli test');
  } finally {
    api.client.destroy();
    await endpoint.close();
  }
}

/** Lines of a Markdown text that are not table rows and are longer than 80 columns. */
const wideProse = (markdown: string) => markdown.split('\n').filter((l) => !l.startsWith('|') && [...l].length > 80);

describe('check-data', () => {
  let db: string;
  const target = () => ['--local', '--data-dir', dataDir, '--db', db];
  beforeAll(async () => {
    db = join(mkdtempSync(join(tmp, 'check-data-')), 'w.duckdb');
    const built = await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', db, '--json']);
    expect(built.code, built.stderr).toBe(0);
  });

  it('on a sound warehouse exits 0 and prints a PASS line per check on stdout', async () => {
    const r = await cli(['check-data', ...target()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Checks (${CHECK_COUNT}): ${CHECK_COUNT} pass, 0 warn, 0 fail`);
    expect(lines(r.stdout).filter((l) => /^ {2}PASS {2}\S/.test(l))).toHaveLength(CHECK_COUNT);
    expect(r.stdout).toMatch(/^ {2}PASS {2}songplays = NextSong events +[\d,]+ of [\d,]+ NextSong events$/m);
    expect(r.stdout).toMatch(/^Done in [\d.]+ s: 1 of 1 steps OK\.$/m);
  });

  it('with --json writes events ending with a summary that holds every check', async () => {
    const r = await cli(['check-data', ...target(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(lines(r.stdout).at(-1)!) as { type: string; ok: boolean; checks: { id: string; status: string; query: string }[] };
    expect(last).toMatchObject({ type: 'summary', ok: true });
    expect(last.checks).toHaveLength(CHECK_COUNT);
    expect(last.checks.every((c) => c.status === 'pass' && c.query.startsWith('SELECT'))).toBe(true);
  });

  it('exits 1 on a seeded defect, with a FAIL line and the query that shows the offending rows', async () => {
    const broken = join(mkdtempSync(join(tmp, 'check-data-broken-')), 'w.duckdb');
    expect((await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', broken, '--json'])).code).toBe(0);
    await onWarehouse(broken, ['INSERT INTO users SELECT * FROM users WHERE user_id = (SELECT MIN(user_id) FROM users)']);
    const r = await cli(['check-data', '--local', '--data-dir', dataDir, '--db', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}users\.user_id unique +1 duplicate in [\d,]+ rows$/m);
    expect(r.stdout).toContain('        offending rows:\n          SELECT * FROM users\n          WHERE user_id IN (SELECT user_id FROM users');
    expect(r.stdout).toMatch(/^Failed after [\d.]+ s: 1 check failed \(users\.user_id unique\): the warehouse cannot be trusted yet\.$/m);
  });

  it('exits 2 when there is no warehouse file, and creates none', async () => {
    const cwd = mkdtempSync(join(tmp, 'check-data-none-'));
    const r = await cli(['check-data', '--local', '--data-dir', dataDir, '--db', 'nothing.duckdb'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no warehouse at');
    expect(r.stderr).toContain('sparkify-wizard run --local');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('exits 1 on a warehouse without the tables, naming them and what to do', async () => {
    const empty = join(mkdtempSync(join(tmp, 'check-data-empty-')), 'w.duckdb');
    await onWarehouse(empty, ['SELECT 1']);
    const r = await cli(['check-data', '--local', '--data-dir', dataDir, '--db', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The warehouse has no staging_events, staging_songs, songplays, users, songs, artists, time tables: build it first with sparkify-wizard run.');
  });
});

describe('report', () => {
  let db: string;
  const target = () => ['--local', '--data-dir', dataDir, '--db', db];
  beforeAll(async () => {
    db = join(mkdtempSync(join(tmp, 'report-')), 'w.duckdb');
    expect((await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', db, '--json'])).code).toBe(0);
  });

  it('prints a Markdown report on stdout that reads at 80 columns, and exits 0', async () => {
    const r = await cli(['report', ...target()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# Sparkify listening report');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`from local warehouse ${db}`);
    expect(r.stdout).toContain(`Yes: all ${CHECK_COUNT} data checks pass.`);
    expect(r.stdout).toContain(`- ${sample.nextSongEvents.toLocaleString('en-US')} plays by`);
    for (const heading of ["## Top 10 songs by the event log's titles", "## Top 10 artists by the event log's names", '## Top 10 songs matched to song_data', '## Plays by hour of day (UTC)', '## Plays by weekday', '## Free and paid', '## Top 5 locations', '## Browsers and systems', '## Sessions per listener']) {
      expect(r.stdout).toContain(`\n${heading}\n`);
    }
    expect(wideProse(r.stdout)).toEqual([]);
  });

  it('with --format json --out FILE writes the figures to the file and says where on stderr', async () => {
    const out = join(mkdtempSync(join(tmp, 'report-out-')), 'report.json');
    const r = await cli(['report', ...target(), '--format', 'json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Wrote the report to ${out}`);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      target: string; checks: unknown[];
      insights: { totals: { plays: number; loggedPlays: number }; playsByHour: unknown[]; topLoggedSongs: { title: string; artist: string; plays: number; known: boolean }[] };
    };
    expect(report.checks).toHaveLength(CHECK_COUNT);
    expect(report.insights.totals.plays).toBe(sample.nextSongEvents);
    expect(report.insights.totals.loggedPlays).toBe(sample.nextSongEvents);
    expect(report.insights.playsByHour).toHaveLength(24);
    expect(report.insights.topLoggedSongs).toHaveLength(10);
    expect(report.insights.topLoggedSongs.every((s) => typeof s.known === 'boolean' && s.plays > 0)).toBe(true);
  });

  it('with --format md --out FILE writes the Markdown report', async () => {
    const out = join(mkdtempSync(join(tmp, 'report-md-')), 'report.md');
    const r = await cli(['report', ...target(), '--format', 'md', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Sparkify listening report\n/);
  });

  it.each([[['--format', 'xml'], "--format must be md or json, not 'xml'"], [['--out', join('no', 'such', 'dir', 'r.md')], 'does not exist']])('refuses %j with exit 2', async (args, message) => {
    const r = await cli(['report', ...target(), ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('still writes the report when a check fails, and exits 1 (0 with --no-fail-on-check)', async () => {
    const broken = join(mkdtempSync(join(tmp, 'report-broken-')), 'w.duckdb');
    expect((await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', broken, '--json'])).code).toBe(0);
    await onWarehouse(broken, ['UPDATE songplays SET user_id = 999999 WHERE songplay_id = (SELECT MAX(songplay_id) FROM songplays)']);
    const strict = await cli(['report', '--local', '--data-dir', dataDir, '--db', broken]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(new RegExp(`^No: 1 of ${CHECK_COUNT} data checks failed\\.`, 'm'));
    expect(strict.stdout).toContain('### FAIL: songplays.user_id in users');
    expect(strict.stderr).toContain('1 data check failed (songplays.user_id in users)');
    const tolerant = await cli(['report', '--local', '--data-dir', dataDir, '--db', broken, '--no-fail-on-check']);
    expect(tolerant.code).toBe(0);
    expect(tolerant.stdout).toBe(strict.stdout.replace(/^Generated .*$/m, tolerant.stdout.match(/^Generated .*$/m)![0]));
  });
});

describe('a run whose data fails a check (the logs hold no song play)', () => {
  let silent: string;
  beforeAll(() => {
    silent = join(tmp, 'mirror-silent');
    writeSample(silent, { songs: 50, events: 300, seed: 12 });
    const days = join(silent, 'udacity-dend', 'log_data', '2018', '11');
    for (const day of readdirSync(days)) writeFileSync(join(days, day), readFileSync(join(days, day), 'utf8').replaceAll('"page":"NextSong"', '"page":"Home"'));
  });

  it('exits 1, every step OK, naming the failed checks', async () => {
    const r = await cli(['run', '--local', '--yes', '--data-dir', silent, '--db', 'w.duckdb', '--plain']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr).filter((l) => new RegExp(`^\\d+ of ${STEPS} OK\\b`).test(l))).toHaveLength(STEPS);
    expect(r.stderr).toMatch(/^ {2}FAIL {2}songplays has rows +empty$/m);
    expect(r.stderr).toMatch(/^Failed after [\d.]+ s: 3 checks failed \(songplays has rows, users has rows, time has rows\): the warehouse cannot be trusted yet\.$/m);
  });

  it('exits 0 with --no-fail-on-check, and still says which checks failed', async () => {
    const r = await cli(['run', '--local', '--yes', '--data-dir', silent, '--db', 'w.duckdb', '--plain', '--no-fail-on-check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^Done in [\\d.]+ s: ${STEPS} of ${STEPS} steps OK, but 3 checks failed \\(songplays has rows, users has rows, time has rows\\)\\.$`, 'm'));
  });

  it('says so in the --json summary: ok false, every failed check with its status', async () => {
    const r = await cli(['run', '--local', '--yes', '--data-dir', silent, '--db', 'w.duckdb', '--json']);
    expect(r.code).toBe(1);
    const last = JSON.parse(lines(r.stdout).at(-1)!) as { ok: boolean; failed: string[]; checks: { id: string; status: string }[]; insights: { totals: { plays: number } } };
    expect(last).toMatchObject({ ok: false, failed: [] });
    expect(last.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['has_rows.songplays', 'has_rows.users', 'has_rows.time']);
    expect(last.insights.totals.plays).toBe(0);
  });

  it('create-tables refuses --no-fail-on-check with exit 2: it checks no data', async () => {
    const r = await cli(['create-tables', '--local', '--yes', '--data-dir', silent, '--db', 'w.duckdb', '--no-fail-on-check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--no-fail-on-check is for run and etl');
  });
});

describe('sample-data', () => {
  let out: string;
  let first: Result;
  beforeAll(async () => {
    out = join(tmp, 'sample-out');
    first = await cli(['sample-data', '--out', out, '--songs', '20', '--events', '100']);
  });

  it('exits 0 and prints the directory on stdout', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe(out);
  });

  it('writes the Udacity layout: song_data/A/B/C/TR*.json, log_data/2018/11/2018-11-DD-events.json and log_json_path.json', () => {
    const bucket = join(out, 'udacity-dend');
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const keys = walk(bucket).map((f) => relative(bucket, f).split(sep).join('/'));
    const songs = keys.filter((k) => k.startsWith('song_data/'));
    const logs = keys.filter((k) => k.startsWith('log_data/'));
    expect(songs).toHaveLength(20);
    for (const k of songs) expect(k).toMatch(/^song_data\/[A-Z]\/[A-Z]\/[A-Z]\/TR[A-Z0-9]{16}\.json$/);
    expect(logs.length).toBeGreaterThan(0);
    for (const k of logs) expect(k).toMatch(/^log_data\/2018\/11\/2018-11-(0[1-9]|[12]\d|30)-events\.json$/);
    expect(keys).toContain('log_json_path.json');
    const eventLines = logs.flatMap((k) => lines(readFileSync(join(bucket, k), 'utf8')));
    expect(eventLines).toHaveLength(100);
  });

  it('refuses, with exit 2, to write into a directory that already holds a dataset', async () => {
    const again = await cli(['sample-data', '--out', out, '--songs', '20', '--events', '100']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds files');
  });

  it('requires --out (exit 2)', async () => {
    const r = await cli(['sample-data']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out DIR is required');
  });
});

describe('serve', () => {
  it('prints its URL first, answers the Data API there, and stops with exit 0 on SIGINT', async () => {
    const { RedshiftDataClient, ExecuteStatementCommand, DescribeStatementCommand } = await import('@aws-sdk/client-redshift-data');
    let resolveUrl!: (u: string) => void;
    const url = new Promise<string>((resolve) => (resolveUrl = resolve));
    let stdout = '';
    const credentials = { accessKeyId: 'AKIASERVETESTKEY0001', secretAccessKey: 'serve-test-secret' };
    const env = { ...process.env, CI: 'true', XDG_CACHE_HOME: join(tmp, 'cache'), AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
    const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /^sparkify-wizard local Data API listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m) resolveUrl(m[1]!);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const endpoint = await url;
      expect(stdout.split('\n')[0]).toBe(`sparkify-wizard local Data API listening on ${endpoint}`);
      const client = new RedshiftDataClient({ endpoint, region: 'us-west-2', credentials });
      const { Id } = await client.send(new ExecuteStatementCommand({ ClusterIdentifier: 'local', Database: 'dev', Sql: 'SELECT 1' }));
      const d = await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 30 }));
      client.destroy();
      expect(d.Status).toBe('FINISHED');
    } finally {
      child.kill('SIGINT');
    }
    const code = await exited;
    runs.push({ args: ['serve'], code, stdout, stderr });
    expect(code).toBe(0);
  });
});

/** Starts serve with the given arguments and environment; resolves once its URL is printed. */
async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; stderr: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, ...args], { cwd: tmp, env: { ...env, CI: 'true', XDG_CACHE_HOME: join(tmp, 'cache') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code, signal) => {
      if (signal) stderr += `\n[ended by ${signal}]`;
      resolve(code);
    }),
  );
  // Ready once the URL is on stdout and the notes (the last says how to stop) are on stderr.
  const url = await new Promise<string>((resolve, reject) => {
    const ready = () => {
      const m = /listening on (http:\/\/\S+)$/m.exec(stdout);
      if (m && stderr.includes('Ctrl-C stops the endpoint')) resolve(m[1]!);
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      ready();
    });
    child.stderr.on('data', ready);
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGINT');
      const code = await exited;
      runs.push({ args: ['serve', ...args], code, stdout, stderr });
      return code;
    },
  };
}

describe('serve: who may call it', () => {
  const withoutAwsKeys = () => {
    const env = { ...process.env };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
    return env;
  };

  it('with no key pair in its environment, prints a fresh one as two export lines, and that pair signs requests', async () => {
    const { RedshiftDataClient, ListStatementsCommand } = await import('@aws-sdk/client-redshift-data');
    const serve = await startServe([], withoutAwsKeys());
    try {
      const id = /^export AWS_ACCESS_KEY_ID=(AKIA[A-Z2-7]{16})$/m.exec(serve.stderr())?.[1];
      const secret = /^export AWS_SECRET_ACCESS_KEY=(\S{40})$/m.exec(serve.stderr())?.[1];
      expect(id).toBeDefined();
      expect(secret).toBeDefined();
      const client = new RedshiftDataClient({ endpoint: serve.url, region: 'us-west-2', credentials: { accessKeyId: id!, secretAccessKey: secret! }, maxAttempts: 1 });
      await expect(client.send(new ListStatementsCommand({}))).resolves.toMatchObject({ Statements: [] });
      const stranger = new RedshiftDataClient({ endpoint: serve.url, region: 'us-west-2', credentials: { accessKeyId: id!, secretAccessKey: 'guess' }, maxAttempts: 1 });
      await expect(stranger.send(new ListStatementsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
      client.destroy();
      stranger.destroy();
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('a fresh pair each start: two serves never share one', async () => {
    const first = await startServe([], withoutAwsKeys());
    const second = await startServe([], withoutAwsKeys());
    const key = (text: string) => /^export AWS_ACCESS_KEY_ID=(\S+)$/m.exec(text)?.[1];
    expect(key(first.stderr())).not.toBe(key(second.stderr()));
    await first.stop();
    await second.stop();
  });

  it('with the environment\'s key pair, says so and prints no secret', async () => {
    const serve = await startServe([], { ...withoutAwsKeys(), AWS_ACCESS_KEY_ID: 'AKIAENVIRONMENTKEY01', AWS_SECRET_ACCESS_KEY: 'the-users-own-secret' });
    await serve.stop();
    expect(serve.stderr()).toContain('signed with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of this environment');
    expect(serve.stderr()).not.toContain('the-users-own-secret');
    expect(serve.stderr()).not.toContain('export ');
  });

  it('listening beyond loopback prints a warning that says who can now reach the warehouse', async () => {
    const serve = await startServe(['--host', '0.0.0.0'], withoutAwsKeys());
    await serve.stop();
    expect(serve.stderr()).toMatch(/warning: listening on 0\.0\.0\.0, not loopback: any machine that can reach 0\.0\.0\.0:\d+ and holds the key pair can run SQL on this warehouse/);
  });

  it('keeps results up to --result-memory, and says so', async () => {
    const serve = await startServe(['--result-memory', '100MB'], withoutAwsKeys());
    await serve.stop();
    expect(serve.stderr()).toContain('engine memory limit 768MB; results kept up to 100MB in all');
  });

  it.each([
    ['--memory-limit', 'lots', "--memory-limit must be a size such as 512MB or 4GB, not 'lots'"],
    ['--memory-limit', '10MB', '--memory-limit 10MB is too small: give at least 64MB'],
    ['--memory-limit', '-1GB', "Option '--memory-limit' argument is ambiguous"],
    ['--result-memory', 'lots', "--result-memory must be a size such as 512MB or 4GB, not 'lots'"],
    ['--result-memory', '1KB', '--result-memory 1KB is too small: give at least 64MB'],
  ])('refuses %s %s with exit 2, naming the option and what is wrong', async (option, value, message) => {
    const r = await cli(['serve', option, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('Ctrl-C during a run', () => {
  let r: Result;
  let cwd: string;
  let mirror: string;
  beforeAll(async () => {
    // Larger than the other runs' dataset, and one statement at a time, so the run is still going
    // when the signal arrives right after the first step starts.
    mirror = join(tmp, 'mirror-ctrl-c');
    writeSample(mirror, { songs: 3000, events: 20000, seed: 5 });
    cwd = mkdtempSync(join(tmp, 'sigint-'));
    let sent = false;
    r = await cli(['run', '--local', '--yes', '--data-dir', mirror, '--db', 'w.duckdb', '--plain', '--concurrency', '1'], {
      cwd,
      onStderr: (stderr, child) => {
        if (!sent && new RegExp(`^1 of ${STEPS} START`, 'm').test(stderr)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
  });

  it('exits 130', () => {
    expect(r.code, r.stderr).toBe(130);
  });

  it('says it is cancelling, then that the run was cancelled', () => {
    expect(r.stderr).toMatch(/^Cancelling \d+ running statements?\.\.\.$/m);
    expect(r.stderr).toMatch(/^Cancelled after [\d.]+ s\.$/m);
    expect(r.stderr.indexOf('Cancelling')).toBeLessThan(r.stderr.indexOf('Cancelled after'));
  });

  it('does not report the run as done', () => {
    expect(r.stderr).not.toContain('Done in');
    expect(r.stderr).not.toMatch(new RegExp(`^${STEPS} of ${STEPS} OK`, 'm'));
  });

  it('leaves a warehouse file that the next run can use', async () => {
    const again = await cli(['run', '--local', '--yes', '--data-dir', dataDir, '--db', 'w.duckdb', '--json'], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(lines(again.stdout).at(-1)!)).toMatchObject({ type: 'summary', ok: true });
  });
});

describe('every run above', () => {
  it('printed no stack trace, on stdout or stderr', () => {
    expect(runs.length).toBeGreaterThan(20);
    const traced = runs.filter((r) => STACK_LINE.test(r.stdout) || STACK_LINE.test(r.stderr)).map((r) => r.args.join(' '));
    expect(traced).toEqual([]);
  });

  it('ended by itself with an exit code (none was killed)', () => {
    const killed = runs.filter((r) => r.code === null);
    expect(killed.map((r) => r.args.join(' ')), killed.map((r) => `${r.args.join(' ')}:\n${r.stderr}`).join('\n')).toEqual([]);
  });
});
