// The local endpoint's control plane for a simulated cluster, through the real SDK clients:
// Redshift's DescribeClusters, Redshift Serverless's GetWorkgroup and GetNamespace, IAM's GetRole
// and SimulatePrincipalPolicy, S3's GetBucketLocation; each as the service answers, each signed
// and loopback-only like the Data API. And the privilege functions the checks ask through the
// Data API.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { GetNamespaceCommand, GetWorkgroupCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { GetBucketLocationCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMistakes, SetupSpecError, type ClusterSetupOptions } from '../../src/local/clusterSetup.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';
import { namespaceRole } from '../../src/pipeline/controlPlane.js';
import { rawRequest } from '../support/http.js';
import { startHarness, type Harness } from './helpers.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROLE = 'arn:aws:iam::123456789012:role/dwhRole';
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'control-plane-'));
  dataDir = join(root, 'mirror');
  writeSample(dataDir, { songs: 5, events: 10, seed: 1 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function withEndpoint<T>(cluster: ClusterSetupOptions, work: (ep: LocalEndpoint, config: { endpoint: string; region: string; credentials: LocalEndpoint['credentials'] }) => Promise<T>): Promise<T> {
  const ep = await startLocalEndpoint({ dataDir, cluster });
  try {
    return await work(ep, { endpoint: ep.url, region: 'us-west-2', credentials: ep.credentials });
  } finally {
    await ep.close();
  }
}

describe('Redshift DescribeClusters', () => {
  it('shows the cluster asked for, available, with the roles given to serve, in-sync', async () => {
    await withEndpoint({ roles: [ROLE] }, async (_, config) => {
      const { Clusters } = await new RedshiftClient(config).send(new DescribeClustersCommand({ ClusterIdentifier: 'dwhcluster' }));
      expect(Clusters).toHaveLength(1);
      expect(Clusters![0]).toMatchObject({ ClusterIdentifier: 'dwhcluster', ClusterStatus: 'available', IamRoles: [{ IamRoleArn: ROLE, ApplyStatus: 'in-sync' }] });
    });
  });

  it('shows a paused cluster as paused', async () => {
    await withEndpoint({ state: 'paused' }, async (_, config) => {
      const { Clusters } = await new RedshiftClient(config).send(new DescribeClustersCommand({ ClusterIdentifier: 'dwhcluster' }));
      expect(Clusters![0]!.ClusterStatus).toBe('paused');
    });
  });

  it('by default, attaches every role a client has named', async () => {
    await withEndpoint({}, async (_, config) => {
      const redshift = new RedshiftClient(config);
      const before = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: 'c1' }));
      expect(before.Clusters![0]!.IamRoles).toEqual([]);
      await new IAMClient(config).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'] }));
      const after = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: 'c1' }));
      expect(after.Clusters![0]!.IamRoles).toEqual([{ IamRoleArn: ROLE, ApplyStatus: 'in-sync' }]);
    });
  });
});

describe('Redshift Serverless', () => {
  it("GetWorkgroup names the namespace; GetNamespace lists its roles as the service spells them", async () => {
    await withEndpoint({ roles: [ROLE] }, async (_, config) => {
      const client = new RedshiftServerlessClient(config);
      const { workgroup } = await client.send(new GetWorkgroupCommand({ workgroupName: 'sparkify' }));
      expect(workgroup).toMatchObject({ workgroupName: 'sparkify', status: 'AVAILABLE', namespaceName: 'sparkify-namespace' });
      const { namespace } = await client.send(new GetNamespaceCommand({ namespaceName: workgroup!.namespaceName! }));
      expect(namespace!.iamRoles).toEqual([`IamRole(applyStatus=in-sync, iamRoleArn=${ROLE})`]);
      expect(namespace!.iamRoles!.map(namespaceRole)).toEqual([{ arn: ROLE, applyStatus: 'in-sync' }]);
    });
  });

  it('reads a role listed either way round', () => {
    expect(namespaceRole(`IamRole(iamRoleArn=${ROLE}, applyStatus=adding)`)).toEqual({ arn: ROLE, applyStatus: 'adding' });
  });
});

describe('IAM', () => {
  it('GetRole gives the trust policy URL-encoded, trusting Redshift; untrusted-role trusts another service', async () => {
    for (const [mistakes, trusted] of [['', ['redshift.amazonaws.com', 'redshift-serverless.amazonaws.com']], ['untrusted-role', ['ec2.amazonaws.com']]] as const) {
      await withEndpoint({ mistakes: parseMistakes(mistakes) }, async (_, config) => {
        const { Role } = await new IAMClient(config).send(new GetRoleCommand({ RoleName: 'dwhRole' }));
        const policy = JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)) as { Statement: { Principal: { Service: string[] } }[] };
        expect(policy.Statement[0]!.Principal.Service).toEqual(trusted);
      });
    }
  });

  it('SimulatePrincipalPolicy decides each action on each resource; role-cannot-read denies them', async () => {
    for (const [mistakes, decision] of [['', 'allowed'], ['role-cannot-read', 'implicitDeny']] as const) {
      await withEndpoint({ mistakes: parseMistakes(mistakes) }, async (_, config) => {
        const { EvaluationResults } = await new IAMClient(config).send(new SimulatePrincipalPolicyCommand({
          PolicySourceArn: ROLE, ActionNames: ['s3:GetObject', 's3:ListBucket'], ResourceArns: ['arn:aws:s3:::udacity-dend/log_data/*', 'arn:aws:s3:::udacity-dend'],
        }));
        expect(EvaluationResults!.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision])).toEqual([
          ['s3:GetObject', 'arn:aws:s3:::udacity-dend/log_data/*', decision], ['s3:GetObject', 'arn:aws:s3:::udacity-dend', decision],
          ['s3:ListBucket', 'arn:aws:s3:::udacity-dend/log_data/*', decision], ['s3:ListBucket', 'arn:aws:s3:::udacity-dend', decision],
        ]);
      });
    }
  });
});

describe('S3 GetBucketLocation', () => {
  it("gives the mirror's buckets us-west-2 by default, bucket-region's otherwise, and NoSuchBucket for a bucket not in the mirror", async () => {
    for (const [mistakes, region] of [['', 'us-west-2'], ['bucket-region=eu-central-1', 'eu-central-1'], ['bucket-region=us-east-1', undefined]] as const) {
      await withEndpoint({ mistakes: parseMistakes(mistakes) }, async (_, config) => {
        const s3 = new S3Client({ ...config, forcePathStyle: true });
        // us-east-1 is no constraint at all, as S3 answers it.
        expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'udacity-dend' }))).LocationConstraint).toBe(region);
        await expect(s3.send(new GetBucketLocationCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
      });
    }
  });
});

describe("deny=ACTION: the caller's identity may not make that call", () => {
  it.each([
    ['redshift:DescribeClusters', 'AccessDenied', (c: object) => new RedshiftClient(c).send(new DescribeClustersCommand({ ClusterIdentifier: 'x' }))],
    ['redshift-serverless:GetWorkgroup', 'AccessDeniedException', (c: object) => new RedshiftServerlessClient(c).send(new GetWorkgroupCommand({ workgroupName: 'wg1' }))],
    ['redshift-serverless:GetNamespace', 'AccessDeniedException', (c: object) => new RedshiftServerlessClient(c).send(new GetNamespaceCommand({ namespaceName: 'ns1' }))],
    ['iam:GetRole', 'AccessDenied', (c: object) => new IAMClient(c).send(new GetRoleCommand({ RoleName: 'dwhRole' }))],
    ['iam:SimulatePrincipalPolicy', 'AccessDenied', (c: object) => new IAMClient(c).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: ROLE, ActionNames: ['s3:GetObject'] }))],
    ['s3:GetBucketLocation', 'AccessDenied', (c: object) => new S3Client({ ...c, forcePathStyle: true }).send(new GetBucketLocationCommand({ Bucket: 'udacity-dend' }))],
  ])('%s is refused with %s', async (action, name, call) => {
    await withEndpoint({ mistakes: parseMistakes(`deny=${action}`) }, async (_, config) => {
      await expect(call(config)).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 403 } });
    });
  });

  it('an unknown mistake or action is refused by name', () => {
    expect(() => parseMistakes('deny=iam:DeleteRole')).toThrow(SetupSpecError);
    expect(() => parseMistakes('paused')).toThrow(/'paused' is not a setup mistake/);
    expect(() => parseMistakes('bucket-region=mars')).toThrow(/a region such as eu-west-1/);
  });
});

describe('signed and loopback-only, like the Data API', () => {
  const describeBody = 'Action=DescribeClusters&Version=2012-12-01&ClusterIdentifier=x';
  const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

  it('answers a request signed for redshift with the key pair, and nothing else', async () => {
    await withEndpoint({}, async (ep) => {
      const signed = await rawRequest(ep.url, { body: describeBody, headers: form, credentials: ep.credentials, service: 'redshift' });
      expect(signed.status).toBe(200);
      const wrongKey = await rawRequest(ep.url, { body: describeBody, headers: form, credentials: { ...ep.credentials, secretAccessKey: 'x'.repeat(40) }, service: 'redshift' });
      expect([wrongKey.status, /<Code>(\w+)<\/Code>/.exec(wrongKey.text)?.[1]]).toEqual([403, 'SignatureDoesNotMatch']);
      const unknownKey = await rawRequest(ep.url, { body: describeBody, headers: form, credentials: { ...ep.credentials, accessKeyId: 'AKIAUNKNOWNUNKNOWN00' }, service: 'iam' });
      expect([unknownKey.status, /<Code>(\w+)<\/Code>/.exec(unknownKey.text)?.[1]]).toEqual([403, 'InvalidClientTokenId']);
    });
  });

  it('refuses a request addressed to another host name, or from a web page, before reading it', async () => {
    await withEndpoint({}, async (ep) => {
      const rebound = await rawRequest(ep.url, { body: describeBody, headers: form, credentials: ep.credentials, service: 'redshift', host: 'evil.example:80' });
      expect([rebound.status, /<Code>(\w+)<\/Code>/.exec(rebound.text)?.[1]]).toEqual([403, 'AccessDenied']);
      const page = await rawRequest(ep.url, { body: '{}', headers: { 'x-amz-target': 'RedshiftServerless.GetWorkgroup', 'content-type': 'application/x-amz-json-1.1', origin: 'http://evil.example' }, credentials: ep.credentials, service: 'redshift-serverless' });
      expect(page.status).toBe(403);
      expect(JSON.parse(page.text)).toMatchObject({ __type: 'AccessDeniedException' });
    });
  });
});

describe('the privilege functions, as the checks ask them through the Data API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('privileges');
    await h.ok('CREATE TABLE songs (song_id VARCHAR(18))');
  });
  afterAll(async () => {
    await h.close();
  });

  // https://docs.aws.amazon.com/redshift/latest/dg/r_HAS_SCHEMA_PRIVILEGE.html and r_HAS_TABLE_PRIVILEGE.html:
  // the local warehouse's one user owns every object, so a privilege on one that exists is granted.
  it('grant the owner every privilege on what exists', async () => {
    expect(await h.query("SELECT HAS_SCHEMA_PRIVILEGE('public', 'CREATE'), HAS_TABLE_PRIVILEGE('public.songs', 'DROP'), has_table_privilege('songs', 'select')")).toEqual([[true, true, true]]);
  });

  it.each([
    ["SELECT HAS_SCHEMA_PRIVILEGE('nowhere', 'CREATE')", 'schema "nowhere" does not exist'],
    ["SELECT HAS_TABLE_PRIVILEGE('public.absent', 'DROP')", 'relation "public.absent" does not exist'],
    ["SELECT HAS_TABLE_PRIVILEGE('songs', 'own')", 'unrecognized privilege type: "own"'],
  ])('%s fails: %s', async (sql, message) => {
    const d = await h.run(sql);
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toContain(message);
  });
});
