// The setup of a Redshift target, checked before a reset drops anything: the mistakes new
// engineers make when they stand up their first cluster, each found with what to do about it.
// The cluster or workgroup is available; the COPY role is attached to it, trusts Redshift and may
// read the data; the bucket is in the region the COPY names; the database user may create and
// drop the tables. Each is a probe (preflight.ts) that runs beside the others.

import type { Settings } from '../config/target.js';
import { EXISTING_TABLES_QUERY, privilegesQuery } from '../sql/pipelineSql.js';
import { TABLES } from '../sql/schema.js';
import type { AttachedRole, ControlPlane } from './controlPlane.js';
import { NoSuchRole } from './controlPlane.js';
import type { DataApi } from './dataApiClient.js';
import { CouldNotCheck, ProbeProblem, type Probe } from './preflight.js';

type RedshiftTarget = Exclude<Settings['target'], { kind: 'local' }>;

/** `plane` is the control plane, or why it cannot be asked (its checks are then unchecked). */
export function setupProbes(settings: Settings, api: DataApi, plane: ControlPlane | string): Probe[] {
  const { target, sources } = settings;
  if (target.kind === 'local') return [];
  const file = settings.file ?? 'the config';
  const roleArn = sources.iamRole;
  const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const partition = /^arn:([^:]+):/.exec(roleArn)?.[1] ?? 'aws';
  const copyRegion = sources.region ?? target.region;
  const where = target.kind === 'cluster' ? `cluster ${target.clusterIdentifier}` : `workgroup ${target.workgroupName}`;
  const region = `--region ${target.region}`;

  // The role is read once for the probes that need it.
  let roleLookup: ReturnType<ControlPlane['role']> | undefined;
  let readLookup: Promise<{ action: string; resource: string; decision: string }[]> | undefined;
  const control = (run: (plane: ControlPlane, signal?: AbortSignal) => Promise<string>) => async (signal?: AbortSignal) => {
    if (typeof plane === 'string') throw new CouldNotCheck(plane);
    return run(plane, signal);
  };
  const buckets = [...new Set([sources.logData, sources.songData, sources.logJsonPath].map((uri) => /^s3:\/\/([^/]+)/.exec(uri)?.[1] ?? ''))];
  const objectArns = [sources.logData, sources.songData].map((uri) => `${s3Arn(partition, uri)}${uri.endsWith('/') ? '' : '/'}*`).concat(s3Arn(partition, sources.logJsonPath));
  const bucketArns = buckets.map((b) => `arn:${partition}:s3:::${b}`);
  const readable = (p: ControlPlane, signal?: AbortSignal) =>
    (readLookup ??= Promise.all([p.simulate(roleArn, ['s3:GetObject'], objectArns, signal), p.simulate(roleArn, ['s3:ListBucket'], bucketArns, signal)]).then((r) => r.flat()));

  return [
    {
      id: 'available',
      title: `${where} is available`,
      run: control(async (p, signal) => (target.kind === 'cluster' ? clusterAvailable(p, target, signal) : workgroupAvailable(p, target, signal))),
    },
    {
      id: 'role-attached',
      title: `${roleName} is attached to the ${target.kind === 'cluster' ? 'cluster' : "workgroup's namespace"}`,
      run: control(async (p, signal) => {
        // Asked after IAM, so that a role IAM does not know is reported there rather than here.
        await Promise.allSettled([(roleLookup ??= p.role(roleName, signal)), readable(p, signal)]);
        const attached = await attachedRoles(p, target, signal);
        const found = attached.roles.find((r) => r.arn === roleArn);
        if (found?.applyStatus === 'in-sync') return 'in-sync';
        if (found) throw new ProbeProblem(`${roleArn} is being attached (${found.applyStatus})`, 'wait a minute or two, then check again');
        throw new ProbeProblem(`${roleArn} is not attached to ${attached.name}: COPY would fail with "not authorized to assume IAM Role"`, attached.fix);
      }),
    },
    {
      id: 'role-trust',
      title: `${roleName} trusts ${target.kind === 'cluster' ? 'redshift.amazonaws.com' : 'redshift-serverless.amazonaws.com'}`,
      run: control(async (p, signal) => {
        const service = target.kind === 'cluster' ? 'redshift.amazonaws.com' : 'redshift-serverless.amazonaws.com';
        const role = await (roleLookup ??= p.role(roleName, signal));
        if (!role) throw noSuchRole(roleArn, file);
        if (trusts(role.trustPolicy, service)) return 'sts:AssumeRole allowed';
        const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
        throw new ProbeProblem(
          `the trust policy of ${roleName} does not let ${service} assume it`,
          `aws iam update-assume-role-policy --role-name ${roleName} --policy-document '${policy}' (or IAM console > Roles > ${roleName} > Trust relationships > Edit)`,
        );
      }),
    },
    {
      id: 'role-read',
      title: `${roleName} may read the data (s3:GetObject, s3:ListBucket)`,
      run: control(async (p, signal) => {
        let results;
        try {
          results = await readable(p, signal);
        } catch (error) {
          if (error instanceof NoSuchRole) throw noSuchRole(roleArn, file);
          throw error;
        }
        const denied = results.filter((r) => r.decision !== 'allowed');
        if (denied.length === 0) return `${results.length} of ${results.length} allowed`;
        throw new ProbeProblem(
          `${roleName} may not ${denied.map((d) => `${d.action} ${d.resource}`).join(', ')}`,
          `aws iam attach-role-policy --role-name ${roleName} --policy-arn arn:${partition}:iam::aws:policy/AmazonS3ReadOnlyAccess (or a policy allowing s3:GetObject and s3:ListBucket on ${buckets.join(', ')})`,
        );
      }),
    },
    {
      id: 'bucket-region',
      title: `the data's bucket is in ${copyRegion}, where the COPY reads it`,
      run: control(async (p, signal) => {
        const regions = await Promise.all(buckets.map(async (b) => [b, await p.bucketRegion(b, signal)] as const));
        const missing = regions.filter(([, r]) => r === undefined).map(([b]) => b);
        if (missing.length > 0) throw new CouldNotCheck(`no bucket ${missing.join(', ')}`);
        const elsewhere = regions.find(([, r]) => r !== copyRegion);
        if (!elsewhere) return `${buckets.join(', ')} in ${copyRegion}`;
        const [bucket, actual] = elsewhere;
        throw new ProbeProblem(`bucket ${bucket} is in ${actual}, but the COPY reads it from ${copyRegion}`, `set REGION = ${actual} under [S3] in ${file} (COPY then names the bucket's region)`);
      }),
    },
    {
      id: 'db-privileges',
      title: `${target.kind === 'cluster' && target.dbUser ? `user ${target.dbUser}` : 'the database user'} may create and drop the tables`,
      async run(signal) {
        const existing = new Set((await api.query(EXISTING_TABLES_QUERY, 'sparkify-wizard tables', { signal })).map(([name]) => String(name)));
        const present = TABLES.filter((t) => existing.has(t.name));
        const [row = []] = await api.query(privilegesQuery(present), 'sparkify-wizard privileges', { signal });
        const user = target.kind === 'cluster' && target.dbUser ? target.dbUser : '<your database user>';
        if (!granted(row[0])) throw new ProbeProblem(`the database user may not create tables in schema public of ${target.database}`, `as an admin: GRANT CREATE ON SCHEMA public TO ${user};`);
        const undroppable = present.filter((_, i) => !granted(row[i + 1])).map((t) => t.name);
        if (undroppable.length > 0) {
          throw new ProbeProblem(`the database user may not drop ${undroppable.join(', ')}`, `as an admin or the tables' owner: GRANT DROP ON TABLE ${undroppable.join(', ')} TO ${user};`);
        }
        return present.length > 0 ? `CREATE on public, DROP on ${present.length} existing table${present.length === 1 ? '' : 's'}` : 'CREATE on public';
      },
    },
  ];

  async function attachedRoles(p: ControlPlane, t: RedshiftTarget, signal?: AbortSignal): Promise<{ name: string; roles: AttachedRole[]; fix: string }> {
    if (t.kind === 'cluster') {
      const cluster = await p.cluster(t.clusterIdentifier, signal);
      if (!cluster) throw new CouldNotCheck(`no cluster ${t.clusterIdentifier}`);
      return {
        name: `cluster ${t.clusterIdentifier}`,
        roles: cluster.roles,
        fix: `aws redshift modify-cluster-iam-roles --cluster-identifier ${t.clusterIdentifier} --add-iam-roles ${roleArn} ${region}`,
      };
    }
    const workgroup = await p.workgroup(t.workgroupName, signal);
    if (!workgroup) throw new CouldNotCheck(`no workgroup ${t.workgroupName}`);
    const namespace = await p.namespace(workgroup.namespace, signal);
    if (!namespace) throw new CouldNotCheck(`no namespace ${workgroup.namespace}`);
    // update-namespace replaces the list: it names the roles attached already too.
    const all = [...namespace.roles.map((r) => r.arn), roleArn].join(' ');
    return {
      name: `namespace ${workgroup.namespace}`,
      roles: namespace.roles,
      fix: `aws redshift-serverless update-namespace --namespace-name ${workgroup.namespace} --iam-roles ${all} ${region}`,
    };
  }

  async function clusterAvailable(p: ControlPlane, t: Extract<RedshiftTarget, { kind: 'cluster' }>, signal?: AbortSignal): Promise<string> {
    const cluster = await p.cluster(t.clusterIdentifier, signal);
    if (!cluster) {
      throw new ProbeProblem(`there is no cluster ${t.clusterIdentifier} in ${t.region}`, `correct CLUSTER_IDENTIFIER (or HOST) and REGION in ${file}; aws redshift describe-clusters ${region} lists your clusters`);
    }
    if (cluster.status === 'available') return 'available';
    if (cluster.status === 'paused') {
      throw new ProbeProblem(`cluster ${t.clusterIdentifier} is paused`, `aws redshift resume-cluster --cluster-identifier ${t.clusterIdentifier} ${region}, then check again once it is available`);
    }
    throw new ProbeProblem(`cluster ${t.clusterIdentifier} is ${cluster.status}`, `wait until it is available: aws redshift wait cluster-available --cluster-identifier ${t.clusterIdentifier} ${region}`);
  }

  async function workgroupAvailable(p: ControlPlane, t: Extract<RedshiftTarget, { kind: 'serverless' }>, signal?: AbortSignal): Promise<string> {
    const workgroup = await p.workgroup(t.workgroupName, signal);
    if (!workgroup) {
      throw new ProbeProblem(`there is no workgroup ${t.workgroupName} in ${t.region}`, `correct WORKGROUP (or HOST) and REGION in ${file}; aws redshift-serverless list-workgroups ${region} lists your workgroups`);
    }
    if (workgroup.status === 'AVAILABLE') return 'available';
    throw new ProbeProblem(`workgroup ${t.workgroupName} is ${workgroup.status.toLowerCase()}`, `wait until it is available: aws redshift-serverless get-workgroup --workgroup-name ${t.workgroupName} ${region} shows its status`);
  }
}

function noSuchRole(arn: string, file: string): ProbeProblem {
  return new ProbeProblem(`IAM has no role ${arn}`, `create it (IAM console > Roles > Create role, trusted entity Redshift) or correct ARN under [IAM_ROLE] in ${file}`);
}

/** The S3 ARN of an s3:// location: arn:aws:s3:::bucket/key. */
function s3Arn(partition: string, uri: string): string {
  return `arn:${partition}:s3:::${uri.replace(/^s3:\/\//, '')}`;
}

/** A privilege function's answer: a BOOLEAN, or (HAS_SCHEMA_PRIVILEGE) text. */
function granted(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}

/** Whether a trust policy lets `service` assume the role (sts:AssumeRole allowed to that principal). */
export function trusts(policy: string, service: string): boolean {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
  return list(document.Statement).some((s) => {
    const { Effect, Action, Principal } = (s ?? {}) as { Effect?: unknown; Action?: unknown; Principal?: { Service?: unknown } | string };
    const actions = list(Action).map((a) => String(a).toLowerCase());
    const services = typeof Principal === 'object' && Principal ? list(Principal.Service) : [];
    return Effect === 'Allow' && actions.some((a) => a === 'sts:assumerole' || a === 'sts:*' || a === '*') && services.includes(service);
  });
}
