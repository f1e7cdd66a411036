// An attack suite against `sparkify-wizard serve`, as a hostile client on the same machine (or a
// web page reaching it through the browser) would try it: SQL that reads or writes the host's
// files, installs or loads code, or changes the engine; requests for a foreign Host, from a web
// page, unsigned, signed with a wrong key, a wrong secret, an old date, or a tampered body. Each is
// refused, no file appears, and no canary (a file outside the data, a fake ~/.aws/credentials,
// /etc/passwd) ever comes back. Real clients no one here wrote (the SDK, the AWS CLI, boto3) are
// held to the same rules.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeStatementCommand, ExecuteStatementCommand, GetStatementResultCommand, ListStatementsCommand, RedshiftDataClient,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../src/local/sample/generate.js';
import { dataApiRequest, rawRequest, requestHeaders, type Credentials } from '../support/http.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const TARGET = { ClusterIdentifier: 'local', Database: 'dev' };
const CREDENTIALS: Credentials = { accessKeyId: 'AKIAATTACKSUITE00001', secretAccessKey: 'attack-suite-secret-key' };

let tmp: string;
/** Files outside the warehouse's reach, whose contents must never come back. */
let outside: string;
let canaryFile: string;
let home: string;
const CANARY = 'CANARY-7f3a9c-never-returned';
let url: string;
let serve: ChildProcess;
let serveStderr = '';
let client: RedshiftDataClient;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'attacks-'));
  outside = join(tmp, 'outside');
  mkdirSync(outside);
  canaryFile = join(outside, 'canary.csv');
  writeFileSync(canaryFile, `secret\n${CANARY}\n`);
  home = join(tmp, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = AKIA${CANARY}\naws_secret_access_key = ${CANARY}\n`);
  const data = join(tmp, 'data');
  writeSample(data, { songs: 20, events: 200, seed: 3 });

  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, CI: 'true', AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };
  delete env.AWS_SESSION_TOKEN;
  serve = spawn(process.execPath, [CLI, 'serve', '--data-dir', data, '--db', join(tmp, 'warehouse.duckdb')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  serve.stderr!.setEncoding('utf8').on('data', (d: string) => (serveStderr += d));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    serve.on('exit', (code) => reject(new Error(`serve exited ${code}: ${serveStderr}`)));
  });
  client = new RedshiftDataClient({ endpoint: url, region: 'us-west-2', credentials: CREDENTIALS, maxAttempts: 1 });
  await run('CREATE TABLE victim (id INT, secret VARCHAR(64))');
  await run("INSERT INTO victim VALUES (1, 'kept')");
});

afterAll(async () => {
  client?.destroy();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGINT');
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

interface Outcome {
  status: string;
  error: string;
  /** Every value of the result, as text: what an attacker would read. */
  text: string;
}

async function run(sql: string, parameters?: SqlParameter[]): Promise<Outcome> {
  const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql, Parameters: parameters }));
  const d = await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 30 }));
  let text = '';
  if (d.Status === 'FINISHED' && d.HasResultSet) {
    const r = await client.send(new GetStatementResultCommand({ Id }));
    text = JSON.stringify(r.Records);
  }
  return { status: d.Status ?? '', error: d.Error ?? '', text };
}

function leaked(text: string): boolean {
  return text.includes(CANARY) || text.includes('root:x:0:0') || text.includes('aws_secret_access_key');
}

const FILE_READERS = [
  'read_text', 'read_blob', 'read_csv', 'read_csv_auto', 'read_json', 'read_json_auto', 'read_json_objects',
  'read_json_objects_auto', 'read_ndjson', 'read_ndjson_auto', 'read_ndjson_objects', 'read_parquet', 'parquet_scan',
  'parquet_metadata', 'parquet_schema', 'parquet_file_metadata', 'parquet_kv_metadata', 'parquet_full_metadata',
  'read_duckdb', 'sniff_csv', 'glob',
];

describe('SQL that reaches for the host', () => {
  const targets = () => ['/etc/passwd', canaryFile, join(home, '.aws', 'credentials')];

  it.each(FILE_READERS)('%s(path) ends FAILED naming the function, for /etc/passwd, a canary and ~/.aws/credentials', async (fn) => {
    for (const path of targets()) {
      for (const sql of [`SELECT * FROM ${fn}('${path}')`, `SELECT (SELECT count(*) FROM ${fn}('${path}'))`]) {
        const r = await run(sql);
        expect(r.status, sql).toBe('FAILED');
        expect(r.error).toContain(`${fn}() is not supported by Amazon Redshift`);
        expect(leaked(r.text + r.error)).toBe(false);
      }
    }
  });

  it('a path where a table name goes is refused by the engine, naming the file', async () => {
    const r = await run(`SELECT * FROM '${canaryFile}'`);
    expect(r.status).toBe('FAILED');
    expect(r.error).toContain(canaryFile);
    expect(leaked(r.text + r.error)).toBe(false);
  });

  it.each([
    ['a bare path in FROM', () => `SELECT * FROM '${canaryFile}'`],
    ['a quoted path in FROM', () => `SELECT * FROM "${canaryFile}"`],
    ['a CTE', () => `WITH a AS (SELECT * FROM read_text('${canaryFile}')) SELECT * FROM a`],
    ['a subquery in INSERT', () => `INSERT INTO victim SELECT 2, content FROM read_text('${canaryFile}')`],
    ['CREATE TABLE AS', () => `CREATE TABLE stolen AS SELECT * FROM read_csv('${canaryFile}')`],
    ['a view', () => `CREATE VIEW stolen_view AS SELECT * FROM read_text('${canaryFile}')`],
    ['a glob of the home directory', () => `SELECT * FROM glob('${home}/**')`],
  ])('reading a file through %s ends FAILED', async (_, sql) => {
    const r = await run(sql());
    expect(r.status).toBe('FAILED');
    expect(leaked(r.text + r.error)).toBe(false);
  });

  it('a path sent as a bound parameter is refused too', async () => {
    const r = await run('SELECT * FROM read_text(:path)', [{ name: 'path', value: canaryFile }]);
    expect(r.status).toBe('FAILED');
    expect(r.error).toContain('read_text() is not supported by Amazon Redshift');
    expect(leaked(r.text)).toBe(false);
  });

  it.each([
    ['ATTACH of a new file', () => `ATTACH '${outside}/attached.duckdb' AS a`, /ATTACH is not supported by Amazon Redshift/],
    ['ATTACH in memory', () => "ATTACH ':memory:' AS m", /ATTACH is not supported by Amazon Redshift/],
    ['DETACH', () => 'DETACH memory', /DETACH is not supported by Amazon Redshift/],
    ['EXPORT DATABASE', () => `EXPORT DATABASE '${outside}/export'`, /EXPORT is not supported by Amazon Redshift/],
    ['IMPORT DATABASE', () => `IMPORT DATABASE '${outside}'`, /IMPORT is not supported by Amazon Redshift/],
    ['INSTALL', () => 'INSTALL spatial', /INSTALL is not supported by Amazon Redshift/],
    ['FORCE INSTALL', () => 'FORCE INSTALL spatial', /FORCE is not supported by Amazon Redshift/],
    ['LOAD of an extension', () => 'LOAD spatial', /LOAD is not supported by Amazon Redshift/],
    ['LOAD of a file', () => `LOAD '${outside}/evil.duckdb_extension'`, /LOAD is not supported by Amazon Redshift/],
    ['PRAGMA', () => 'PRAGMA database_list', /PRAGMA is not supported by Amazon Redshift/],
    ['PRAGMA enable_profiling (it prints to the server terminal)', () => 'PRAGMA enable_profiling', /PRAGMA is not supported by Amazon Redshift/],
    ['SET threads', () => 'SET threads = 1', /SET is not supported by the local warehouse/],
    ['SET GLOBAL', () => 'SET GLOBAL threads = 1', /SET is not supported by the local warehouse/],
    ['RESET', () => 'RESET threads', /RESET is not supported by the local warehouse/],
    ['SET enable_external_access', () => 'SET enable_external_access = true', /SET is not supported/],
    ['SET allowed_directories', () => "SET allowed_directories = ['/']", /SET is not supported/],
    ['SET lock_configuration', () => 'SET lock_configuration = false', /SET is not supported/],
    ['CHECKPOINT', () => 'CHECKPOINT', /CHECKPOINT is not supported by Amazon Redshift/],
    ['FORCE CHECKPOINT', () => 'FORCE CHECKPOINT', /FORCE is not supported by Amazon Redshift/],
    ['CREATE MACRO', () => 'CREATE MACRO add_one(x) AS x + 1', /CREATE MACRO is not supported by Amazon Redshift/],
    ['CREATE OR REPLACE TEMP MACRO', () => 'CREATE OR REPLACE TEMP MACRO m(x) AS x', /CREATE OR REPLACE .*not supported by Amazon Redshift|CREATE OR REPLACE is not supported/],
    ['CREATE SECRET', () => "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')", /CREATE SECRET is not supported by Amazon Redshift/],
    ['CALL', () => 'CALL pragma_version()', /CALL is not supported by the local warehouse/],
    ['USE', () => 'USE memory', /USE is not supported by the local warehouse/],
    ['COPY ... TO a file', () => `COPY victim TO '${outside}/copy.csv'`, /COPY/],
    ['COPY (query) TO a file', () => `COPY (SELECT * FROM victim) TO '${outside}/copy.csv'`, /COPY/],
    ['COPY FROM a local file', () => `COPY victim FROM '${canaryFile}'`, /s3:\/\/ locations only/],
    ['COPY FROM s3 with .. in the key', () => `COPY victim FROM 's3://udacity-dend/../../../etc/passwd' IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS JSON 'auto'`, /'\.\.' segments/],
    ['UPDATE EXTENSIONS (an engine statement that looks like UPDATE)', () => 'UPDATE EXTENSIONS', /UPDATE EXTENSIONS statements are refused by the local warehouse/],
    ['a second statement after a harmless one', () => "SELECT 1; ATTACH ':memory:' AS s", /ATTACH is not supported by Amazon Redshift/],
    ['a statement hidden in a dollar-quoted string', () => "SELECT $a$ ; ATTACH ':memory:' AS s; $a$", /ATTACH|not supported|one statement/],
  ])('%s ends FAILED with a message naming what is refused', async (_, sql, message) => {
    const r = await run(sql());
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(message);
  });

  it('none of the attacks left a file outside the data, and the engine still answers as before', async () => {
    expect(readdirSync(outside).sort()).toEqual(['canary.csv']);
    expect(readdirSync(tmp).sort()).toEqual(['data', 'home', 'outside', 'warehouse.duckdb', ...(existsSync(join(tmp, 'warehouse.duckdb.wal')) ? ['warehouse.duckdb.wal'] : [])].sort());
    const r = await run('SELECT id, secret FROM victim ORDER BY id');
    expect(r.status).toBe('FINISHED');
    expect(r.text).toBe(JSON.stringify([[{ longValue: 1 }, { stringValue: 'kept' }]]));
    expect(serveStderr).not.toContain('Query Profiling Information');
  });
});

describe('requests that are not from an allowed, signed caller', () => {
  /** A statement that leaves a mark when it runs: the table it names. */
  const marker = (name: string) => ({ ...TARGET, Sql: `CREATE TABLE ${name} (a INT)` });
  async function exists(table: string): Promise<boolean> {
    const r = await run(`SELECT count(*) FROM information_schema.tables WHERE table_name = '${table}'`);
    return r.text.includes('"longValue":1');
  }

  it.each([
    ['a foreign Host (DNS rebinding)', 'evil_host', { host: 'attacker.example.com' }, 403, 'AccessDeniedException'],
    ['a foreign Host on the right port', 'evil_host_port', { hostPort: 'attacker.example.com' }, 403, 'AccessDeniedException'],
    ['a browser Origin header', 'evil_origin', { headers: { origin: 'http://attacker.example.com' } }, 403, 'AccessDeniedException'],
    ['a browser Sec-Fetch-Mode header', 'evil_fetch', { headers: { 'sec-fetch-mode': 'no-cors' } }, 403, 'AccessDeniedException'],
    ['no signature', 'evil_unsigned', { unsigned: true }, 403, 'MissingAuthenticationTokenException'],
    ['an unknown access key', 'evil_key', { credentials: { ...CREDENTIALS, accessKeyId: 'AKIAUNKNOWNKEY000000' } }, 403, 'UnrecognizedClientException'],
    ['a wrong secret', 'evil_secret', { credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' } }, 403, 'InvalidSignatureException'],
    ['a date 20 minutes old', 'evil_old', { signingDate: new Date(Date.now() - 20 * 60_000) }, 403, 'InvalidSignatureException'],
    ['a date 20 minutes ahead', 'evil_future', { signingDate: new Date(Date.now() + 20 * 60_000) }, 403, 'InvalidSignatureException'],
    ['a signature scoped to another service', 'evil_service', { service: 's3' as const }, 403, 'InvalidSignatureException'],
  ])('%s is refused (%#) and nothing runs', async (_, table, how, status, type) => {
    const o = how as { host?: string; hostPort?: string; headers?: Record<string, string>; unsigned?: boolean; credentials?: Credentials; signingDate?: Date; service?: 's3' };
    const port = new URL(url).port;
    const res = await rawRequest(url, dataApiRequest('ExecuteStatement', marker(table), {
      host: o.host ?? (o.hostPort ? `${o.hostPort}:${port}` : undefined),
      headers: o.headers,
      credentials: o.unsigned ? undefined : (o.credentials ?? CREDENTIALS),
      signingDate: o.signingDate,
      service: o.service,
    }));
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text).__type).toBe(type);
    expect(await exists(table)).toBe(false);
  });

  it('a signed request replayed with a tampered body is refused, and neither body runs', async () => {
    const signed = dataApiRequest('ExecuteStatement', marker('replay_original'), { credentials: CREDENTIALS });
    // Sign the original, then send its headers with another body: what a man in the middle would do.
    const headers = await requestHeaders(url, signed);
    const tampered = JSON.stringify(marker('replay_tampered'));
    const res = await rawRequest(url, { method: 'POST', path: '/', headers: { ...headers, 'content-length': String(Buffer.byteLength(tampered)) }, body: tampered });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).__type).toBe('InvalidSignatureException');
    expect(await exists('replay_tampered')).toBe(false);
    expect(await exists('replay_original')).toBe(false);
  });

  it('the expired-date refusal says by how much, as AWS does', async () => {
    const res = await rawRequest(url, dataApiRequest('ListStatements', {}, { credentials: CREDENTIALS, signingDate: new Date(Date.now() - 16 * 60_000) }));
    expect(JSON.parse(res.text).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
  });

  it('the SDK client with a wrong secret gets InvalidSignatureException; with a wrong key, UnrecognizedClientException', async () => {
    for (const [credentials, name] of [
      [{ ...CREDENTIALS, secretAccessKey: 'not-the-secret' }, 'InvalidSignatureException'],
      [{ accessKeyId: 'AKIANOTTHEKEY0000000', secretAccessKey: CREDENTIALS.secretAccessKey }, 'UnrecognizedClientException'],
    ] as const) {
      const other = new RedshiftDataClient({ endpoint: url, region: 'us-west-2', credentials, maxAttempts: 1 });
      await expect(other.send(new ListStatementsCommand({}))).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 403 } });
      other.destroy();
    }
  });

  it('the S3 side: the SDK lists the mirror when signed, and gets SignatureDoesNotMatch or AccessDenied otherwise', async () => {
    const s3 = (credentials: Credentials) => new S3Client({ endpoint: url, region: 'us-west-2', forcePathStyle: true, credentials, maxAttempts: 1 });
    const good = s3(CREDENTIALS);
    const listed = await good.send(new ListObjectsV2Command({ Bucket: 'udacity-dend', Prefix: 'log_data/' }));
    expect(listed.KeyCount).toBeGreaterThan(0);
    good.destroy();
    const bad = s3({ ...CREDENTIALS, secretAccessKey: 'not-the-secret' });
    await expect(bad.send(new ListObjectsV2Command({ Bucket: 'udacity-dend', Prefix: 'log_data/' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    bad.destroy();
    const unsigned = await rawRequest(url, { method: 'GET', path: '/udacity-dend?list-type=2&prefix=log_data/' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toContain('<Code>AccessDenied</Code>');
    const foreign = await rawRequest(url, { method: 'GET', path: '/udacity-dend?list-type=2', credentials: CREDENTIALS, service: 's3', host: 'attacker.example.com' });
    expect(foreign.status).toBe(403);
  });
});

describe('parameters are bound, not pasted', () => {
  it('the value is returned as a value, and a value that looks like SQL stays a value', async () => {
    const hostile = "x'); DROP TABLE victim; --";
    const r = await run('SELECT :v AS v, id FROM victim WHERE id = :id', [{ name: 'v', value: hostile }, { name: 'id', value: '1' }]);
    expect(r.status).toBe('FINISHED');
    expect(r.text).toBe(JSON.stringify([[{ stringValue: hostile }, { longValue: 1 }]]));
    expect((await run('SELECT count(*) FROM victim')).status).toBe('FINISHED');
  });

  it('DescribeStatement and ListStatements show the text as sent, with :name, never the value pasted in', async () => {
    const secret = 'p4ssw0rd-in-a-parameter';
    const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'SELECT id FROM victim WHERE secret <> :pw', Parameters: [{ name: 'pw', value: secret }] }));
    const d = await client.send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 30 }));
    expect(d.Status).toBe('FINISHED');
    expect(d.QueryString).toBe('SELECT id FROM victim WHERE secret <> :pw');
    const listed = await client.send(new ListStatementsCommand({}));
    const mine = listed.Statements!.find((s) => s.Id === Id)!;
    expect(mine.QueryString).toBe('SELECT id FROM victim WHERE secret <> :pw');
  });
});

describe('limits that protect the machine', () => {
  it('a row over the Data API limit of 64 KB ends FAILED with its message, and the endpoint goes on', async () => {
    const r = await run("SELECT lpad('x', 70000, 'x') AS big");
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(/Packet for query is too large/);
    expect((await run('SELECT 1')).status).toBe('FINISHED');
  });
});

describe('real clients no one here wrote, signed with the key pair', () => {
  const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
  const hasBoto3 = spawnSync('python3', ['-c', 'import boto3']).status === 0;
  const env = () => ({ ...process.env, HOME: home, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_DEFAULT_REGION: 'us-west-2', AWS_SESSION_TOKEN: '' });

  it.skipIf(!hasAwsCli)('the AWS CLI runs a statement as the README shows, and is refused with a wrong secret', () => {
    const ok = spawnSync('aws', ['redshift-data', 'execute-statement', '--endpoint-url', url, '--cluster-identifier', 'local', '--database', 'dev', '--sql', 'select 1'], { env: env(), encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).Id).toMatch(/^[0-9a-f-]{36}$/);
    const bad = spawnSync('aws', ['redshift-data', 'list-statements', '--endpoint-url', url], { env: { ...env(), AWS_SECRET_ACCESS_KEY: 'wrong' }, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('InvalidSignatureException');
  });

  it.skipIf(!hasBoto3)('boto3 runs a statement and reads its result; with a wrong key it gets UnrecognizedClientException', () => {
    const script = `
import boto3, botocore, sys, time
c = boto3.client('redshift-data', endpoint_url=sys.argv[1])
s = c.execute_statement(ClusterIdentifier='local', Database='dev', Sql="select 'from boto3' as who")
d = c.describe_statement(Id=s['Id'])
while d['Status'] not in ('FINISHED', 'FAILED', 'ABORTED'):
    time.sleep(0.05); d = c.describe_statement(Id=s['Id'])
print(c.get_statement_result(Id=s['Id'])['Records'][0][0]['stringValue'])
bad = boto3.client('redshift-data', endpoint_url=sys.argv[1], aws_access_key_id='AKIANOTTHEKEY0000000', aws_secret_access_key='x')
try:
    bad.list_statements()
except botocore.exceptions.ClientError as e:
    print(e.response['Error']['Code'])
`;
    const r = spawnSync('python3', ['-c', script, url], { env: env(), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['from boto3', 'UnrecognizedClientException']);
  });
});
