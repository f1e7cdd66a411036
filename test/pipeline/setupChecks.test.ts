// The checks of a Redshift target's setup, end to end: the real SDK clients (Redshift, Redshift
// Serverless, IAM, S3, the Data API) against the local endpoint's simulated cluster, one setup
// mistake at a time. Each mistake is found, named, and given its fix; a call the caller may not
// make degrades to "could not check"; a setup in order passes.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings, Target } from '../../src/config/target.js';
import { parseMistakes, type ClusterSetupOptions } from '../../src/local/clusterSetup.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';
import { awsControlPlane } from '../../src/pipeline/controlPlane.js';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import { preflightProbes, runProbes, type ProbeReport } from '../../src/pipeline/preflight.js';
import { s3BucketLocator, s3ObjectCounter } from '../../src/pipeline/s3Objects.js';
import { trusts } from '../../src/pipeline/setupChecks.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROLE = 'arn:aws:iam::123456789012:role/dwhRole';
const CLUSTER: Target = { kind: 'cluster', clusterIdentifier: 'dwhcluster', database: 'dev', dbUser: 'awsuser', region: 'us-west-2' };
const SERVERLESS: Target = { kind: 'serverless', workgroupName: 'sparkify', database: 'dev', region: 'us-west-2' };
const settingsFor = (target: Target): Settings => ({
  file: 'sparkify.cfg',
  target,
  sources: {
    logData: 's3://udacity-dend/log_data', songData: 's3://udacity-dend/song_data', logJsonPath: 's3://udacity-dend/log_json_path.json',
    region: 'us-west-2', iamRole: ROLE,
  },
});

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'setup-checks-'));
  dataDir = join(root, 'mirror');
  writeSample(dataDir, { songs: 20, events: 60, seed: 5 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every check before a run, against an endpoint simulating `cluster`, by id. */
async function check(cluster: ClusterSetupOptions, target: Target = CLUSTER): Promise<Map<string, ProbeReport>> {
  const endpoint: LocalEndpoint = await startLocalEndpoint({ dataDir, cluster });
  try {
    const access = { endpoint: endpoint.url, region: target.kind === 'local' ? 'us-west-2' : target.region, credentials: endpoint.credentials };
    const api = DataApi.connect(access, target);
    const connection = { api, countObjects: s3ObjectCounter(access), controlPlane: awsControlPlane(access, s3BucketLocator(access)) };
    const reports = await runProbes(preflightProbes(settingsFor(target), connection));
    api.client.destroy();
    return new Map(reports.map((r) => [r.id, r]));
  } finally {
    await endpoint.close();
  }
}

const blocking = (reports: Map<string, ProbeReport>) => [...reports.values()].filter((r) => r.status === 'error').map((r) => r.id);

describe('a cluster set up right', () => {
  it('passes every check', async () => {
    const reports = await check({});
    expect([...reports.values()].map((r) => [r.id, r.status])).toEqual([
      ['target', 'ok'], ['s3://udacity-dend/log_data', 'ok'], ['s3://udacity-dend/song_data', 'ok'], ['s3://udacity-dend/log_json_path.json', 'ok'],
      ['available', 'ok'], ['role-attached', 'ok'], ['role-trust', 'ok'], ['role-read', 'ok'], ['bucket-region', 'ok'], ['db-privileges', 'ok'],
    ]);
    expect(reports.get('role-attached')!.title).toBe('dwhRole is attached to the cluster');
    expect(reports.get('db-privileges')!.title).toBe('user awsuser may create and drop the tables');
  }, 60_000);

  it('a Serverless workgroup set up right passes too', async () => {
    const reports = await check({}, SERVERLESS);
    expect(blocking(reports)).toEqual([]);
    expect(reports.get('available')!.title).toBe('workgroup sparkify is available');
    expect(reports.get('role-trust')!.title).toBe('dwhRole trusts redshift-serverless.amazonaws.com');
  }, 60_000);
});

describe('each setup mistake is found, named, given its fix, and blocks the reset', () => {
  it('a paused cluster: the resume-cluster command', async () => {
    const reports = await check({ state: 'paused' });
    expect(blocking(reports)).toEqual(['available']);
    expect(reports.get('available')).toMatchObject({
      detail: 'cluster dwhcluster is paused',
      fix: 'aws redshift resume-cluster --cluster-identifier dwhcluster --region us-west-2, then check again once it is available',
    });
  }, 60_000);

  it('a role not attached to the cluster: the modify-cluster-iam-roles command', async () => {
    const reports = await check({ roles: ['arn:aws:iam::123456789012:role/otherRole'] });
    expect(blocking(reports)).toEqual(['role-attached']);
    expect(reports.get('role-attached')!.detail).toContain(`${ROLE} is not attached to cluster dwhcluster`);
    expect(reports.get('role-attached')!.fix).toBe(`aws redshift modify-cluster-iam-roles --cluster-identifier dwhcluster --add-iam-roles ${ROLE} --region us-west-2`);
  }, 60_000);

  it("a role not attached to the workgroup's namespace: update-namespace naming the roles it keeps", async () => {
    const other = 'arn:aws:iam::123456789012:role/otherRole';
    const reports = await check({ roles: [other] }, SERVERLESS);
    expect(blocking(reports)).toEqual(['role-attached']);
    expect(reports.get('role-attached')!.fix).toBe(`aws redshift-serverless update-namespace --namespace-name sparkify-namespace --iam-roles ${other} ${ROLE} --region us-west-2`);
  }, 60_000);

  it('a role that does not trust Redshift: the trust policy to set', async () => {
    const reports = await check({ mistakes: parseMistakes('untrusted-role') });
    expect(blocking(reports)).toEqual(['role-trust']);
    expect(reports.get('role-trust')!.detail).toBe('the trust policy of dwhRole does not let redshift.amazonaws.com assume it');
    const fix = reports.get('role-trust')!.fix!;
    expect(fix).toMatch(/^aws iam update-assume-role-policy --role-name dwhRole --policy-document '/);
    expect(trusts(/'(.*)'/.exec(fix)![1]!, 'redshift.amazonaws.com')).toBe(true);
  }, 60_000);

  it('on Serverless, the trust policy must name redshift-serverless.amazonaws.com', async () => {
    const reports = await check({ mistakes: parseMistakes('untrusted-role') }, SERVERLESS);
    expect(reports.get('role-trust')!.fix).toContain('"Service":"redshift-serverless.amazonaws.com"');
  }, 60_000);

  it('a role that may not read the bucket: each action and resource denied, and the policy to attach', async () => {
    const reports = await check({ mistakes: parseMistakes('role-cannot-read') });
    expect(blocking(reports)).toEqual(['role-read']);
    const { detail, fix } = reports.get('role-read')!;
    for (const denied of ['s3:GetObject arn:aws:s3:::udacity-dend/log_data/*', 's3:GetObject arn:aws:s3:::udacity-dend/song_data/*',
      's3:GetObject arn:aws:s3:::udacity-dend/log_json_path.json', 's3:ListBucket arn:aws:s3:::udacity-dend']) expect(detail).toContain(denied);
    expect(fix).toMatch(/^aws iam attach-role-policy --role-name dwhRole --policy-arn arn:aws:iam::aws:policy\/AmazonS3ReadOnlyAccess/);
  }, 60_000);

  it('a bucket in another region than the COPY names: the REGION to set', async () => {
    const reports = await check({ mistakes: parseMistakes('bucket-region=eu-west-1') });
    expect(blocking(reports)).toEqual(['bucket-region']);
    expect(reports.get('bucket-region')).toMatchObject({
      detail: 'bucket udacity-dend is in eu-west-1, but the COPY reads it from us-west-2',
      fix: "set REGION = eu-west-1 under [S3] in sparkify.cfg (COPY then names the bucket's region)",
    });
  }, 60_000);
});

describe("a check the caller's identity may not make says so and blocks nothing", () => {
  it.each([
    ['redshift:DescribeClusters', ['available', 'role-attached']],
    ['iam:GetRole', ['role-trust']],
    ['iam:SimulatePrincipalPolicy', ['role-read']],
    ['s3:GetBucketLocation', ['bucket-region']],
  ])('without %s', async (action, unchecked) => {
    const reports = await check({ mistakes: parseMistakes(`deny=${action}`) });
    expect(blocking(reports)).toEqual([]);
    for (const id of unchecked) expect(reports.get(id)!.status, id).toBe('unchecked');
    expect([...reports.values()].filter((r) => r.status === 'unchecked').map((r) => r.id)).toEqual(unchecked);
    expect(reports.get(unchecked[0]!)!.detail).toMatch(new RegExp(`^could not check: missing permission ${action.replace(/[:]/g, ':')}`));
  }, 60_000);

  it('without redshift-serverless:GetWorkgroup', async () => {
    const reports = await check({ mistakes: parseMistakes('deny=redshift-serverless:GetWorkgroup') }, SERVERLESS);
    expect(blocking(reports)).toEqual([]);
    expect(reports.get('available')).toMatchObject({ status: 'unchecked', detail: 'could not check: missing permission redshift-serverless:GetWorkgroup' });
  }, 60_000);

  it('a mistake is still found beside a check that could not be made', async () => {
    const reports = await check({ state: 'paused', mistakes: parseMistakes('deny=iam:GetRole,bucket-region=eu-west-1') });
    expect(blocking(reports).sort()).toEqual(['available', 'bucket-region']);
    expect(reports.get('role-trust')!.status).toBe('unchecked');
  }, 60_000);
});

describe('reading a trust policy', () => {
  const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
  it.each([
    [{ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }, true],
    [[{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'redshift.amazonaws.com'] }, Action: ['sts:AssumeRole'] }], true],
    [{ Effect: 'Deny', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }, false],
    [{ Effect: 'Allow', Principal: { Service: 'redshift-serverless.amazonaws.com' }, Action: 'sts:AssumeRole' }, false],
    [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }, false],
    [{ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:TagSession' }, false],
  ])('%j trusts redshift.amazonaws.com: %s', (statement, expected) => {
    expect(trusts(policy(statement), 'redshift.amazonaws.com')).toBe(expected);
  });
});
