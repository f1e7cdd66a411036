// The checks of a Redshift target's setup in the built CLI, against a simulated cluster on the
// local endpoint: check --live prints one line per check (--json one event each), and run
// --yes drops nothing while a check finds a problem.

import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMistakes, type ClusterSetupOptions } from '../../src/local/clusterSetup.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
let cwd: string;
let dataDir: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'cli-setup-'));
  dataDir = join(cwd, 'data');
  writeSample(dataDir, { songs: 20, events: 60, seed: 9 });
  const config = join(cwd, 'sparkify.cfg');
  writeFileSync(config, `[CLUSTER]\nCLUSTER_IDENTIFIER = dwhcluster\nREGION = us-west-2\nDB_NAME = dev\nDB_USER = awsuser\n\n[IAM_ROLE]\nARN = arn:aws:iam::123456789012:role/dwhRole\n\n` +
    `[S3]\nLOG_DATA = s3://udacity-dend/log_data\nLOG_JSONPATH = s3://udacity-dend/log_json_path.json\nSONG_DATA = s3://udacity-dend/song_data\nREGION = us-west-2\n`);
  chmodSync(config, 0o600);
});

interface Result { code: number | null; stdout: string; stderr: string }

/** The built CLI against an endpoint simulating `cluster`, reached through AWS_ENDPOINT_URL (or the variables given). */
async function against(cluster: ClusterSetupOptions, args: string[], endpointEnv?: (url: string) => NodeJS.ProcessEnv): Promise<Result & { endpoint: LocalEndpoint }> {
  const endpoint = await startLocalEndpoint({ dataDir, cluster });
  try {
    const env = {
      ...process.env, CI: 'true',
      ...(endpointEnv ? endpointEnv(endpoint.url) : { AWS_ENDPOINT_URL: endpoint.url }),
      AWS_ACCESS_KEY_ID: endpoint.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: endpoint.credentials.secretAccessKey,
    };
    const result = await new Promise<Result>((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8' }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
    });
    return { ...result, endpoint };
  } finally {
    await endpoint.close();
  }
}

describe('check --live', () => {
  it('on a paused cluster exits 1 with one line per check, the paused one with its command', async () => {
    const r = await against({ state: 'paused' }, ['check', '--live']);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(11); // the config, the target, three locations, six checks of the setup
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([
      'error     cluster dwhcluster is available: cluster dwhcluster is paused; fix: aws redshift resume-cluster --cluster-identifier dwhcluster --region us-west-2, then check again once it is available',
    ]);
  }, 60_000);

  it('with --json, one event per check; a check the caller may not make is unchecked and exits 0', async () => {
    const r = await against({ mistakes: parseMistakes('deny=iam:SimulatePrincipalPolicy') }, ['check', '--live', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; status?: string; detail?: string });
    expect(events[0]).toMatchObject({ type: 'config', ok: true });
    const checks = events.filter((e) => e.type === 'check');
    expect(checks.map((e) => e.id).sort()).toEqual(['available', 'bucket-region', 'db-privileges', 'role-attached', 'role-read', 'role-trust', 's3://udacity-dend/log_data',
      's3://udacity-dend/log_json_path.json', 's3://udacity-dend/song_data', 'target']);
    expect(checks.find((e) => e.id === 'role-read')).toMatchObject({ status: 'unchecked', detail: 'could not check: missing permission iam:SimulatePrincipalPolicy' });
    expect(checks.filter((e) => e.id !== 'role-read').map((e) => e.status)).toEqual(Array(9).fill('ok'));
  }, 60_000);

  it('with only the Data API and S3 pointed at the endpoint, the control plane is not asked: unchecked, saying which variables are missing', async () => {
    const r = await against({ state: 'paused' }, ['check', '--live'], (url) => ({ AWS_ENDPOINT_URL_REDSHIFT_DATA: url, AWS_ENDPOINT_URL_S3: url }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^unchecked cluster dwhcluster is available: could not check: the Data API goes to http:\/\/127\.0\.0\.1:\d+ but AWS_ENDPOINT_URL_REDSHIFT, AWS_ENDPOINT_URL_IAM are not set/m);
  }, 60_000);
});

describe('run --yes drops nothing while a check of the setup finds a problem', () => {
  it.each([
    ['a role that does not trust Redshift', { mistakes: parseMistakes('untrusted-role') }, 'dwhRole trusts redshift.amazonaws.com'],
    ['a bucket in another region', { mistakes: parseMistakes('bucket-region=eu-west-1') }, "the data's bucket is in us-west-2"],
    ['a role not attached', { roles: ['arn:aws:iam::123456789012:role/other'] }, 'dwhRole is attached to the cluster'],
  ])('%s (--plain)', async (_, cluster, title) => {
    const r = await against(cluster, ['run', '--yes', '--plain']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error +${title.replace(/[.]/g, '\\.')}.*; fix: `, 'm'));
    expect(r.stderr).toContain('Nothing was dropped');
    expect(r.endpoint.store.list().map((s) => s.sql ?? '').filter((sql) => /^(DROP|CREATE|COPY)/.test(sql))).toEqual([]);
  }, 60_000);

  it('a paused cluster (--json): the check is an event, no step starts', async () => {
    const r = await against({ state: 'paused' }, ['run', '--yes', '--json']);
    expect(r.code).toBe(1);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; status?: string; fix?: string });
    expect(events.every((e) => e.type === 'check')).toBe(true);
    expect(events.find((e) => e.id === 'available')).toMatchObject({ status: 'error', fix: expect.stringContaining('aws redshift resume-cluster') });
    expect(r.endpoint.store.list().map((s) => s.sql ?? '').filter((sql) => /^(DROP|CREATE|COPY)/.test(sql))).toEqual([]);
  }, 60_000);

  it('a check that could not be made does not stop the run', async () => {
    const r = await against({ mistakes: parseMistakes('deny=iam:GetRole') }, ['run', '--yes', '--plain']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^unchecked dwhRole trusts redshift\.amazonaws\.com: could not check: missing permission iam:GetRole$/m);
    expect(r.stderr).toContain('Done in');
    // The statement log the blocked runs are read from shows what a run that goes ahead sends.
    expect(r.endpoint.store.list().filter((s) => /^(DROP|COPY)/.test(s.sql ?? '')).length).toBeGreaterThan(0);
  }, 120_000);
});
