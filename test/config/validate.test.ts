// sparkify.cfg: every problem names its line, section and key, says what is wrong and how to fix it;
// good configs (Udacity's dwh.cfg as it is, serverless, secrets) resolve to the right target.

import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load.js';
import { formatProblem, type Problem } from '../../src/config/problem.js';
import { readConfigFile } from '../../src/config/read.js';
import { validateConfig, type Mode } from '../../src/config/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'sparkify-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REDSHIFT: Mode = { kind: 'redshift' };
const LOCAL: Mode = { kind: 'local', dbPath: '/tmp/w.duckdb', dataDir: '/tmp/mirror' };

/**
 * A valid config; the table below edits it. Its lines:
 *  1 [CLUSTER]          7 [IAM_ROLE]      10 [S3]
 *  2 HOST = ...         8 ARN = ...       11 LOG_DATA = ...
 *  3 DB_NAME = dev                        12 LOG_JSONPATH = ...
 *  4 DB_USER = awsuser                    13 SONG_DATA = ...
 *  5 DB_PORT = 5439
 */
const GOOD = [
  '[CLUSTER]',
  'HOST = dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com',
  'DB_NAME = dev',
  'DB_USER = awsuser',
  'DB_PORT = 5439',
  '',
  '[IAM_ROLE]',
  'ARN = arn:aws:iam::123456789012:role/dwhRole',
  '',
  '[S3]',
  'LOG_DATA = s3://udacity-dend/log_data',
  'LOG_JSONPATH = s3://udacity-dend/log_json_path.json',
  'SONG_DATA = s3://udacity-dend/song_data',
].join('\n') + '\n';

/** GOOD with line N (1-based) replaced by the given lines (none: the line removed). */
function withLine(n: number, ...lines: string[]): string {
  const all = GOOD.split('\n');
  all.splice(n - 1, 1, ...lines);
  return all.join('\n');
}

/** GOOD without the lines from..to (inclusive). */
function withoutLines(from: number, to: number): string {
  const all = GOOD.split('\n');
  all.splice(from - 1, to - from + 1);
  return all.join('\n');
}

let counter = 0;
function write(content: string | Buffer, mode = 0o600): string {
  const file = join(dir, `case-${++counter}.cfg`);
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

function load(file: string, mode: Mode = REDSHIFT) {
  return loadSettings({ configFile: file, cwd: dir, mode });
}

type Special = { special: 'missing' | 'directory' };
interface Row {
  name: string;
  file: string | Buffer | Special;
  severity: 'error' | 'warning';
  line?: number;
  section?: string;
  key?: string;
  /** A distinctive part of the message. */
  message: string;
  /** A distinctive part of the fix, when the fix is the point. */
  fix?: string;
}

const ROWS: Row[] = [
  // The file itself
  { name: 'a file that does not exist', file: { special: 'missing' }, severity: 'error', message: 'the file does not exist', fix: 'sparkify.cfg.example' },
  { name: 'a directory', file: { special: 'directory' }, severity: 'error', message: 'this is a directory, not a config file' },
  { name: 'an empty file', file: '', severity: 'error', section: 'CLUSTER', message: 'section [CLUSTER] is missing' },
  { name: 'a binary file with NUL bytes', file: Buffer.from('[CLUSTER]\nDB_NAME = \u0000\u0001dev\n'), severity: 'error', message: 'this is not a text file (it holds NUL bytes)' },
  {
    name: 'bytes that are not UTF-8 (Latin-1 é on line 4)',
    file: Buffer.concat([Buffer.from('[CLUSTER]\nHOST = dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com\nDB_NAME = dev\nDB_USER = caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    severity: 'error', line: 4, message: 'the file is not valid UTF-8 text', fix: 'save it as UTF-8',
  },
  { name: 'a file over 1 MB', file: GOOD + `; ${'padding '.repeat(140_000)}\n`, severity: 'error', message: 'far larger than a config' },
  { name: 'a 10 MB file', file: Buffer.alloc(10 * 1024 * 1024, 'x'), severity: 'error', message: 'far larger than a config' },
  { name: 'CRLF line ends, a bad port on line 5', file: withLine(5, 'DB_PORT = abc').replaceAll('\n', '\r\n'), severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_PORT', message: "'abc' is not a port number" },
  { name: 'a byte-order mark, a bad port on line 5', file: `\uFEFF${withLine(5, 'DB_PORT = abc')}`, severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_PORT', message: "'abc' is not a port number" },
  { name: 'tabs around the key and value, a bad port', file: withLine(5, '\tDB_PORT\t=\tabc'), severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_PORT', message: "'abc' is not a port number" },
  { name: 'a value with an unmatched quote', file: withLine(3, "DB_NAME = 'dev"), severity: 'error', line: 3, section: 'CLUSTER', key: 'DB_NAME', message: "''dev' is not a name of letters" },

  // Required keys and sections
  { name: 'DB_NAME missing', file: withLine(3), severity: 'error', line: 1, section: 'CLUSTER', key: 'DB_NAME', message: 'DB_NAME is missing from [CLUSTER]', fix: 'add DB_NAME = dev' },
  { name: 'ARN missing', file: withLine(8), severity: 'error', line: 7, section: 'IAM_ROLE', key: 'ARN', message: 'ARN is missing from [IAM_ROLE]' },
  { name: 'LOG_DATA missing', file: withLine(11), severity: 'error', line: 10, section: 'S3', key: 'LOG_DATA', message: 'LOG_DATA is missing from [S3]' },
  { name: 'LOG_JSONPATH missing', file: withLine(12), severity: 'error', line: 10, section: 'S3', key: 'LOG_JSONPATH', message: 'LOG_JSONPATH is missing from [S3]' },
  { name: 'SONG_DATA missing', file: withLine(13), severity: 'error', line: 10, section: 'S3', key: 'SONG_DATA', message: 'SONG_DATA is missing from [S3]' },
  { name: 'the [CLUSTER] section missing', file: withoutLines(1, 6), severity: 'error', section: 'CLUSTER', message: 'section [CLUSTER] is missing', fix: 'DB_NAME' },
  { name: 'the [IAM_ROLE] section missing', file: withoutLines(7, 9), severity: 'error', section: 'IAM_ROLE', message: 'section [IAM_ROLE] is missing', fix: 'ARN' },
  { name: 'the [S3] section missing', file: withoutLines(10, 13), severity: 'error', section: 'S3', message: 'section [S3] is missing', fix: 'LOG_DATA, LOG_JSONPATH, SONG_DATA' },

  // Empty values and placeholders
  { name: 'DB_NAME empty', file: withLine(3, 'DB_NAME ='), severity: 'error', line: 3, section: 'CLUSTER', key: 'DB_NAME', message: 'DB_NAME is empty' },
  { name: 'ARN empty', file: withLine(8, 'ARN = '), severity: 'error', line: 8, section: 'IAM_ROLE', key: 'ARN', message: 'ARN is empty' },
  { name: 'SONG_DATA empty', file: withLine(13, 'SONG_DATA ='), severity: 'error', line: 13, section: 'S3', key: 'SONG_DATA', message: 'SONG_DATA is empty' },
  { name: 'HOST still <your-cluster>', file: withLine(2, 'HOST = <your-cluster>.<id>.us-west-2.redshift.amazonaws.com'), severity: 'error', line: 2, section: 'CLUSTER', key: 'HOST', message: 'HOST still holds a placeholder' },
  { name: 'ARN with xxxxxxxxxxxx for the account', file: withLine(8, 'ARN = arn:aws:iam::xxxxxxxxxxxx:role/x'), severity: 'error', line: 8, section: 'IAM_ROLE', key: 'ARN', message: "ARN still holds a placeholder ('arn:aws:iam::xxxxxxxxxxxx:role/x')" },
  { name: 'DB_USER = changeme', file: withLine(4, 'DB_USER = changeme'), severity: 'error', line: 4, section: 'CLUSTER', key: 'DB_USER', message: 'DB_USER still holds a placeholder' },
  { name: 'LOG_DATA with <your-bucket>', file: withLine(11, 'LOG_DATA = s3://<your-bucket>/log_data'), severity: 'error', line: 11, section: 'S3', key: 'LOG_DATA', message: 'LOG_DATA still holds a placeholder' },

  // Malformed values
  { name: 'DB_PORT not a number', file: withLine(5, 'DB_PORT = abc'), severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_PORT', message: "'abc' is not a port number from 1 to 65535" },
  { name: 'DB_PORT above 65535', file: withLine(5, 'DB_PORT = 70000'), severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_PORT', message: "'70000' is not a port number" },
  { name: 'DB_PORT zero', file: withLine(5, 'DB_PORT = 0'), severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_PORT', message: "'0' is not a port number" },
  { name: 'HOST with characters no host has', file: withLine(2, 'HOST = my_host!.com'), severity: 'error', line: 2, section: 'CLUSTER', key: 'HOST', message: "'my_host!.com' is not a host name" },
  { name: 'REGION in [CLUSTER] malformed', file: withLine(5, 'DB_PORT = 5439', 'REGION = uswest2'), severity: 'error', line: 6, section: 'CLUSTER', key: 'REGION', message: "'uswest2' is not an AWS region" },
  { name: 'REGION in [S3] malformed', file: `${GOOD}REGION = US-WEST-2\n`, severity: 'error', line: 14, section: 'S3', key: 'REGION', message: "'US-WEST-2' is not an AWS region" },
  { name: 'ARN with a short account id', file: withLine(8, 'ARN = arn:aws:iam::123:role/dwhRole'), severity: 'error', line: 8, section: 'IAM_ROLE', key: 'ARN', message: 'is not a role ARN' },
  { name: 'ARN of a user, not a role', file: withLine(8, 'ARN = arn:aws:iam::123456789012:user/bob'), severity: 'error', line: 8, section: 'IAM_ROLE', key: 'ARN', message: "'arn:aws:iam::123456789012:user/bob' is not a role ARN" },
  { name: 'LOG_DATA as an https URL', file: withLine(11, 'LOG_DATA = https://udacity-dend/log_data'), severity: 'error', line: 11, section: 'S3', key: 'LOG_DATA', message: 'is not an S3 location' },
  { name: 'SONG_DATA with an invalid bucket name', file: withLine(13, 'SONG_DATA = s3://Udacity_Dend/song_data'), severity: 'error', line: 13, section: 'S3', key: 'SONG_DATA', message: 'is not an S3 location' },
  { name: 'LOG_JSONPATH naming a folder, not an object', file: withLine(12, 'LOG_JSONPATH = s3://udacity-dend/'), severity: 'error', line: 12, section: 'S3', key: 'LOG_JSONPATH', message: "'s3://udacity-dend/' is not an S3 object" },
  { name: 'SECRET_ARN with a short account id', file: withLine(4, 'SECRET_ARN = arn:aws:secretsmanager:us-west-2:123:secret:x'), severity: 'error', line: 4, section: 'CLUSTER', key: 'SECRET_ARN', message: 'is not a secret ARN' },
  { name: 'CLUSTER_IDENTIFIER with capitals and _', file: withLine(2, 'CLUSTER_IDENTIFIER = DWH_Cluster', 'REGION = us-west-2'), severity: 'error', line: 2, section: 'CLUSTER', key: 'CLUSTER_IDENTIFIER', message: "'DWH_Cluster' is not a cluster identifier" },
  { name: 'CLUSTER_IDENTIFIER with two hyphens in a row', file: withLine(2, 'CLUSTER_IDENTIFIER = dwh--cluster', 'REGION = us-west-2'), severity: 'error', line: 2, section: 'CLUSTER', key: 'CLUSTER_IDENTIFIER', message: 'is not a cluster identifier' },
  { name: 'WORKGROUP too short', file: withLine(2, 'WORKGROUP = ab', 'REGION = us-west-2'), severity: 'error', line: 2, section: 'CLUSTER', key: 'WORKGROUP', message: "'ab' is not a workgroup name" },
  { name: 'DB_NAME starting with a digit', file: withLine(3, 'DB_NAME = 1dev'), severity: 'error', line: 3, section: 'CLUSTER', key: 'DB_NAME', message: "'1dev' is not a name of letters" },

  // Unknown and misplaced keys and sections
  { name: 'DB_NAMES (a typo)', file: withLine(3, 'DB_NAMES = dev'), severity: 'error', line: 3, section: 'CLUSTER', key: 'DB_NAMES', message: 'unknown key DB_NAMES in [CLUSTER]', fix: 'did you mean DB_NAME?' },
  { name: 'LOG_DATA under [CLUSTER]', file: withLine(5, 'DB_PORT = 5439', 'LOG_DATA = s3://udacity-dend/log_data'), severity: 'error', line: 6, section: 'CLUSTER', key: 'LOG_DATA', message: 'unknown key LOG_DATA in [CLUSTER]', fix: 'move it to [S3]' },
  { name: 'ARN under [S3]', file: `${GOOD}ARN = arn:aws:iam::123456789012:role/dwhRole\n`, severity: 'error', line: 14, section: 'S3', key: 'ARN', message: 'unknown key ARN in [S3]', fix: 'move it to [IAM_ROLE]' },
  { name: 'a section [CLUSTR] (a typo)', file: withLine(1, '[CLUSTR]'), severity: 'error', line: 1, section: 'CLUSTR', message: 'unknown section [CLUSTR]', fix: 'did you mean [CLUSTER]?' },
  { name: 'a section [DATABASE] (nothing like a known one)', file: `${GOOD}[DATABASE]\nX = 1\n`, severity: 'error', line: 14, section: 'DATABASE', message: 'unknown section [DATABASE]', fix: 'use the sections [CLUSTER], [IAM_ROLE], [S3]' },
  { name: 'a key twice in one section', file: withLine(4, 'DB_USER = awsuser', 'DB_USER = other'), severity: 'error', line: 5, section: 'CLUSTER', key: 'DB_USER', message: 'DB_USER appears twice in [CLUSTER] (lines 4 and 5)' },
  { name: 'a section twice', file: `${GOOD}\n[S3]\nREGION = us-west-2\n`, severity: 'error', line: 15, section: 'S3', message: 'section [S3] appears twice (lines 10 and 15)', fix: 'merge' },
  { name: 'a key before any section', file: `DB_NAME = dev\n${GOOD}`, severity: 'error', line: 1, key: 'DB_NAME', message: 'this key comes before any section' },
  { name: 'a bare key with no "="', file: withLine(4, 'DB_USER'), severity: 'error', line: 4, section: 'CLUSTER', key: 'DB_USER', message: 'DB_USER has no value (there is no "=")' },
  { name: 'an unclosed section header', file: withLine(10, '[S3'), severity: 'error', line: 10, message: "'[S3' is not a section header" },

  // The target
  {
    name: 'WORKGROUP together with CLUSTER_IDENTIFIER',
    file: withLine(2, 'WORKGROUP = sparkify', 'CLUSTER_IDENTIFIER = dwhcluster', 'REGION = us-west-2'),
    severity: 'error', line: 2, section: 'CLUSTER', key: 'WORKGROUP', message: 'WORKGROUP and CLUSTER_IDENTIFIER are both set',
  },
  { name: 'a cluster with neither DB_USER nor SECRET_ARN', file: withLine(4), severity: 'error', line: 1, section: 'CLUSTER', key: 'DB_USER', message: 'a cluster needs DB_USER (temporary credentials) or SECRET_ARN' },
  {
    name: 'a HOST that names no cluster, and no CLUSTER_IDENTIFIER',
    file: withLine(2, 'HOST = example.com'), severity: 'error', line: 2, section: 'CLUSTER', key: 'HOST',
    message: "cannot tell the cluster from HOST 'example.com' (not a *.redshift.amazonaws.com address)",
  },
  { name: 'no HOST, CLUSTER_IDENTIFIER or WORKGROUP at all', file: withLine(2, 'REGION = us-west-2'), severity: 'error', line: 1, section: 'CLUSTER', key: 'CLUSTER_IDENTIFIER', message: 'no cluster or workgroup is named' },
  { name: 'a CLUSTER_IDENTIFIER but no region anywhere', file: withLine(2, 'CLUSTER_IDENTIFIER = dwhcluster'), severity: 'error', line: 1, section: 'CLUSTER', key: 'REGION', message: 'the region is not known' },
];

function fileFor(row: Row): string {
  if (typeof row.file === 'object' && 'special' in row.file) {
    const path = join(dir, `special-${++counter}.cfg`);
    if (row.file.special === 'directory') mkdirSync(path);
    return path;
  }
  return write(row.file);
}

describe('a bad config', () => {
  it('the table has the rows the specification asks for', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
  });

  it('through the CLI, every row exits 2 with the file, line and key, and never a stack trace', async () => {
    const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
    const check = (file: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        execFile(process.execPath, [cli, 'check', '--config', file], { cwd: dir, env: { ...process.env, CI: 'true' } }, (error, stdout, stderr) =>
          resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, out: `${stdout}${stderr}` }));
      });
    const results = await Promise.all(ROWS.filter((r) => r.severity === 'error').map(async (row) => ({ row, file: fileFor(row) })).map(async (p) => {
      const { row, file } = await p;
      return { row, file, ...(await check(file)) };
    }));
    for (const { row, file, code, out } of results) {
      expect(code, `${row.name}:\n${out}`).toBe(2);
      expect(out, row.name).toContain(row.line === undefined ? file : `${file}:${row.line}`);
      if (row.key) expect(out, row.name).toContain(row.key);
      expect(out, row.name).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    }
  }, 60_000);

  it.each(ROWS.map((r) => [r.name, r] as const))('%s: reported where it is, with what is wrong', (_name, row) => {
    const file = fileFor(row);
    const { settings, problems } = load(file);
    const matching = problems.filter((p) => p.message.includes(row.message));
    expect(matching, `problems were:\n${problems.map(formatProblem).join('\n')}`).toHaveLength(1);
    const [p] = matching as [Problem];
    expect({ severity: p.severity, line: p.line, section: p.section, key: p.key }).toEqual({
      severity: row.severity, line: row.line, section: row.section, key: row.key,
    });
    expect(p.file).toBe(file);
    if (row.fix) expect(p.fix).toContain(row.fix);
    expect(p.fix.length).toBeGreaterThan(0);
    if (row.severity === 'error') expect(settings).toBeUndefined();
  });
});

describe('readConfigFile and validateConfig', () => {
  it('readConfigFile gives every key with its section, value (quotes removed) and line', () => {
    const file = write(withLine(3, "DB_NAME = 'dev'"));
    const { parsed, problems } = readConfigFile(file);
    expect(problems).toEqual([]);
    expect(parsed!.entries.find((e) => e.key === 'DB_NAME')).toMatchObject({ section: 'CLUSTER', value: 'dev', line: 3, bare: false });
    expect(parsed!.sections).toEqual([{ name: 'CLUSTER', line: 1 }, { name: 'IAM_ROLE', line: 7 }, { name: 'S3', line: 10 }]);
  });

  it('validateConfig reports every problem of a file at once, not only the first', () => {
    const text = GOOD.replace('DB_PORT = 5439', 'DB_PORT = abc').replace('DB_NAME = dev', 'DB_NAMES = dev').replace('s3://udacity-dend/song_data', 'song_data');
    const { parsed } = readConfigFile(write(text));
    const { problems, settings } = validateConfig(parsed!, REDSHIFT);
    expect(settings).toBeUndefined();
    expect(problems.map((p) => p.line)).toEqual(expect.arrayContaining([3, 5, 13]));
  });

  it('formatProblem puts file:line, [section] and key first', () => {
    const file = write(withLine(5, 'DB_PORT = abc'));
    const [p] = load(file).problems;
    expect(formatProblem(p!)).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:5 \\[CLUSTER\\] DB_PORT: 'abc' is not a port number.*Fix: write it like DB_PORT = 5439\\.$`));
  });
});

const UDACITY_DWH_CFG = `[CLUSTER]
HOST='dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com'
DB_NAME='dwh'
DB_USER='dwhuser'
DB_PASSWORD='Passw0rd'
DB_PORT='5439'

[IAM_ROLE]
ARN='arn:aws:iam::123456789012:role/dwhRole'

[S3]
LOG_DATA='s3://udacity-dend/log_data'
LOG_JSONPATH='s3://udacity-dend/log_json_path.json'
SONG_DATA='s3://udacity-dend/song_data'
`;

describe('a good config', () => {
  it("Udacity's dwh.cfg as it is resolves to the cluster named in HOST, in the region named in HOST", () => {
    const { settings, problems } = load(write(UDACITY_DWH_CFG));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(settings?.target).toEqual({ kind: 'cluster', clusterIdentifier: 'dwhcluster', region: 'us-west-2', database: 'dwh', dbUser: 'dwhuser' });
    expect(settings?.sources).toMatchObject({
      logData: 's3://udacity-dend/log_data', logJsonPath: 's3://udacity-dend/log_json_path.json', songData: 's3://udacity-dend/song_data',
      iamRole: 'arn:aws:iam::123456789012:role/dwhRole',
    });
  });

  it("Udacity's dwh.cfg gets one warning, on line 5, that DB_PASSWORD is not used", () => {
    const { problems } = load(write(UDACITY_DWH_CFG));
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', line: 5, section: 'CLUSTER', key: 'DB_PASSWORD', message: expect.stringContaining('DB_PASSWORD is not used') })]);
  });

  it('with a byte-order mark and CRLF line endings resolves as the plain file does, with the same lines', () => {
    const bom = load(write(`\uFEFF${GOOD.replace(/\n/g, '\r\n')}`));
    expect(bom.problems).toEqual([]);
    expect(bom.settings?.target).toEqual(load(write(GOOD)).settings?.target);
    const withError = load(write(`\uFEFF${withLine(5, 'DB_PORT = abc').replace(/\n/g, '\r\n')}`));
    expect(withError.problems.map((p) => p.line)).toEqual([5]);
  });

  it('with WORKGROUP and REGION resolves to serverless', () => {
    const { settings, problems } = load(write(withLine(2, 'WORKGROUP = sparkify', 'REGION = eu-west-1').replace('DB_USER = awsuser\n', '')));
    expect(problems).toEqual([]);
    expect(settings?.target).toEqual({ kind: 'serverless', workgroupName: 'sparkify', database: 'dev', region: 'eu-west-1' });
  });

  it('with a redshift-serverless HOST resolves to that workgroup and region', () => {
    const { settings, problems } = load(write(withLine(2, 'HOST = wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com')));
    expect(problems).toEqual([]);
    expect(settings?.target).toMatchObject({ kind: 'serverless', workgroupName: 'wg', region: 'eu-west-1', database: 'dev' });
  });

  it('with SECRET_ARN instead of DB_USER resolves to a cluster reached through the secret', () => {
    const secret = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:sparkify-db-AbCdEf';
    const { settings, problems } = load(write(withLine(4, `SECRET_ARN = ${secret}`)));
    expect(problems).toEqual([]);
    expect(settings?.target).toEqual({ kind: 'cluster', clusterIdentifier: 'dwhcluster', database: 'dev', region: 'us-west-2', secretArn: secret });
  });

  it('with REGION in [CLUSTER] and in [S3] uses each for its own purpose', () => {
    const text = withLine(5, 'DB_PORT = 5439', 'REGION = eu-west-1') + 'REGION = us-east-1\n';
    const { settings, problems } = load(write(text));
    expect(problems).toEqual([]);
    expect(settings?.target).toMatchObject({ region: 'eu-west-1' });
    expect(settings?.sources.region).toBe('us-east-1');
  });

  it('with lowercase section and key names, comments and double quotes is read as the plain file is', () => {
    const text = GOOD.replace('[CLUSTER]', '[cluster]').replace('DB_NAME = dev', '# the database\ndb_name = "dev"').replace('[S3]', '; where the data is\n[S3]');
    const { settings, problems } = load(write(text));
    expect(problems).toEqual([]);
    expect(settings?.target).toMatchObject({ database: 'dev' });
  });

  it('in local mode ignores [CLUSTER] but still checks the data locations', () => {
    const badCluster = withLine(2, 'HOST = example.com').replace('DB_USER = awsuser\n', '');
    expect(load(write(badCluster), LOCAL)).toMatchObject({ problems: [], settings: { target: LOCAL } });
    const badData = withLine(11, 'LOG_DATA = https://udacity-dend/log_data');
    expect(load(write(badData), LOCAL).problems).toEqual([expect.objectContaining({ line: 11, key: 'LOG_DATA' })]);
  });
});

describe('section headers the line scan (read.ts) and `ini` read differently', () => {
  it('a comment after a section header ([S3]  ; ...): the keys of that section are read (as Python configparser does)', () => {
    // read.ts accepts "[S3]  ; the data" as a header, but `ini` does not: it files the section's
    // keys under the previous section, so LOG_DATA, LOG_JSONPATH and SONG_DATA are reported empty.
    const { settings, problems } = load(write(GOOD.replace('[S3]', '[S3]  ; the data')));
    expect(problems).toEqual([]);
    expect(settings?.sources.logData).toBe('s3://udacity-dend/log_data');
  });

  it('an indented section header (  [S3]): keys that hold values are never reported empty', () => {
    // Same root cause: read.ts trims the line and takes "  [S3]" for a header, `ini` does not, so
    // the three [S3] keys, which hold values, are reported as "is empty".
    const { problems } = load(write(GOOD.replace('[S3]', '  [S3]')));
    expect(problems.filter((p) => p.message.endsWith('is empty'))).toEqual([]);
  });
});

describe('a password in the config', () => {
  const withPassword = withLine(4, 'DB_USER = awsuser', 'DB_PASSWORD = Sup3r-S3cret');

  it.each([
    [0o644, true],
    [0o640, true],
    [0o604, true],
    [0o600, false],
    [0o400, false],
  ])('in a file of mode %o: warned as readable by others: %s', (mode, warned) => {
    const file = write(withPassword, mode);
    const { settings, problems } = load(file);
    expect(settings).toBeDefined(); // a warning, not an error
    const chmod = problems.filter((p) => p.message === 'the file holds a password and other users can read it');
    expect(chmod).toHaveLength(warned ? 1 : 0);
    if (warned) expect(chmod[0]).toMatchObject({ severity: 'warning', fix: `chmod 600 ${file}` });
  });

  it('in a world-readable file without a password gives no chmod warning', () => {
    const { problems } = load(write(GOOD, 0o644));
    expect(problems).toEqual([]);
  });

  it.each([
    ['beside an error elsewhere', withLine(4, 'DB_USER = awsuser', 'DB_PASSWORD = Sup3r-S3cret', 'DB_PORT = abc')],
    ['given twice', withLine(4, 'DB_USER = awsuser', 'DB_PASSWORD = Sup3r-S3cret', 'DB_PASSWORD = Sup3r-S3cret')],
    ['in the wrong section', `${GOOD}DB_PASSWORD = Sup3r-S3cret\n`],
    ['before any section', `DB_PASSWORD = Sup3r-S3cret\n${GOOD}`],
    ['in an unknown section', `${GOOD}[SECRETS]\nDB_PASSWORD = Sup3r-S3cret\n`],
    ['that looks like a placeholder', withLine(4, 'DB_USER = awsuser', 'DB_PASSWORD = <Sup3r-S3cret>')],
  ])('never appears in a problem when it is %s', (_where, text) => {
    const { problems } = load(write(text, 0o644));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(formatProblem(p)).not.toContain('Sup3r-S3cret');
  });
});

describe('finding the config file', () => {
  const cwdWith = (files: Record<string, string>) => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text, { mode: 0o600 });
    return cwd;
  };

  it('reads ./sparkify.cfg when no --config is given', () => {
    const cwd = cwdWith({ 'sparkify.cfg': GOOD });
    expect(loadSettings({ cwd, mode: REDSHIFT }).settings?.file).toBe(join(cwd, 'sparkify.cfg'));
  });

  it("falls back to Udacity's ./dwh.cfg", () => {
    const cwd = cwdWith({ 'dwh.cfg': UDACITY_DWH_CFG });
    expect(loadSettings({ cwd, mode: REDSHIFT }).settings?.file).toBe(join(cwd, 'dwh.cfg'));
  });

  it('prefers sparkify.cfg to dwh.cfg when both are there', () => {
    const cwd = cwdWith({ 'sparkify.cfg': GOOD, 'dwh.cfg': UDACITY_DWH_CFG });
    expect(loadSettings({ cwd, mode: REDSHIFT }).settings?.file).toBe(join(cwd, 'sparkify.cfg'));
  });

  it('resolves a relative --config against the working directory', () => {
    const cwd = cwdWith({ 'other.cfg': GOOD });
    expect(loadSettings({ configFile: 'other.cfg', cwd, mode: REDSHIFT }).settings?.file).toBe(join(cwd, 'other.cfg'));
  });

  it('reports, against Redshift, that there is no config, naming both names and --local', () => {
    const { settings, problems } = loadSettings({ cwd: cwdWith({}), mode: REDSHIFT });
    expect(settings).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ severity: 'error', message: 'no config file found (looked for sparkify.cfg and dwh.cfg)', fix: expect.stringContaining('--local') })]);
  });

  it("needs no config for the local warehouse, and then uses Udacity's locations", () => {
    const { settings, problems } = loadSettings({ cwd: cwdWith({}), mode: LOCAL });
    expect(problems).toEqual([]);
    expect(settings?.target).toEqual(LOCAL);
    expect(settings?.sources).toMatchObject({ logData: 's3://udacity-dend/log_data', songData: 's3://udacity-dend/song_data', logJsonPath: 's3://udacity-dend/log_json_path.json' });
  });
});
