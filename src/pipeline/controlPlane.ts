// What the checks before a reset ask AWS's control plane (Redshift, Redshift Serverless, IAM),
// in plain shapes. Each SDK client loads on its first call, so start-up never pays for them. A
// call the caller's identity may not make is a MissingPermission, named by its IAM action.

import type { IAMClient } from '@aws-sdk/client-iam';
import type { RedshiftClient } from '@aws-sdk/client-redshift';
import type { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { requireCommonJs } from '../commonJs.js';
import { MissingPermission } from './preflight.js';
import type { BucketLocator } from './s3Objects.js';

/** A role attached to a cluster or namespace, and whether the attachment is in effect (in-sync). */
export interface AttachedRole {
  arn: string;
  applyStatus: string;
}

export interface ControlPlane {
  /** A provisioned cluster's status and roles; undefined when there is no such cluster. */
  cluster(id: string, signal?: AbortSignal): Promise<{ status: string; roles: AttachedRole[] } | undefined>;
  /** A Serverless workgroup's status and namespace; undefined when there is none. */
  workgroup(name: string, signal?: AbortSignal): Promise<{ status: string; namespace: string } | undefined>;
  namespace(name: string, signal?: AbortSignal): Promise<{ roles: AttachedRole[] } | undefined>;
  /** A role's ARN and trust policy (JSON); undefined when IAM has no role of that name. */
  role(name: string, signal?: AbortSignal): Promise<{ arn: string; trustPolicy: string } | undefined>;
  /** What the role's policies decide for each action on each resource ('allowed', 'implicitDeny', ...). */
  simulate(roleArn: string, actions: string[], resources: string[], signal?: AbortSignal): Promise<{ action: string; resource: string; decision: string }[]>;
  bucketRegion: BucketLocator;
}

export interface ControlPlaneAccess {
  region: string;
  profile?: string;
  /** An endpoint of its own for every service (tests); AWS_ENDPOINT_URL and its per-service forms are honoured otherwise. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException']);
const NOT_FOUND = new Set(['ClusterNotFound', 'ClusterNotFoundFault', 'ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException']);

/** The call's answer; undefined when the resource is not there; MissingPermission when refused. */
async function ask<T>(action: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const { name } = error as Error;
    if (NOT_FOUND.has(name)) return undefined;
    if (DENIED.has(name)) throw new MissingPermission(action);
    throw error;
  }
}

/** Loads a client once, on first use. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

export function awsControlPlane(access: ControlPlaneAccess, bucketRegion: BucketLocator): ControlPlane {
  const redshift = lazy(async () => {
    const sdk = requireCommonJs('@aws-sdk/client-redshift') as typeof import('@aws-sdk/client-redshift');
    return { client: new sdk.RedshiftClient(access) as RedshiftClient, sdk };
  });
  const serverless = lazy(async () => {
    const sdk = requireCommonJs('@aws-sdk/client-redshift-serverless') as typeof import('@aws-sdk/client-redshift-serverless');
    return { client: new sdk.RedshiftServerlessClient(access) as RedshiftServerlessClient, sdk };
  });
  const iam = lazy(async () => {
    const sdk = requireCommonJs('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
    return { client: new sdk.IAMClient(access) as IAMClient, sdk };
  });
  return {
    async cluster(id, signal) {
      const { client, sdk } = await redshift();
      const out = await ask('redshift:DescribeClusters', () => client.send(new sdk.DescribeClustersCommand({ ClusterIdentifier: id }), { abortSignal: signal }));
      const found = out?.Clusters?.[0];
      if (!found) return undefined;
      return { status: found.ClusterStatus ?? 'unknown', roles: (found.IamRoles ?? []).map((r) => ({ arn: r.IamRoleArn ?? '', applyStatus: r.ApplyStatus ?? '' })) };
    },
    async workgroup(name, signal) {
      const { client, sdk } = await serverless();
      const out = await ask('redshift-serverless:GetWorkgroup', () => client.send(new sdk.GetWorkgroupCommand({ workgroupName: name }), { abortSignal: signal }));
      return out?.workgroup && { status: out.workgroup.status ?? 'unknown', namespace: out.workgroup.namespaceName ?? '' };
    },
    async namespace(name, signal) {
      const { client, sdk } = await serverless();
      const out = await ask('redshift-serverless:GetNamespace', () => client.send(new sdk.GetNamespaceCommand({ namespaceName: name }), { abortSignal: signal }));
      return out?.namespace && { roles: (out.namespace.iamRoles ?? []).map(namespaceRole) };
    },
    async role(name, signal) {
      const { client, sdk } = await iam();
      const out = await ask('iam:GetRole', () => client.send(new sdk.GetRoleCommand({ RoleName: name }), { abortSignal: signal }));
      return out?.Role && { arn: out.Role.Arn ?? '', trustPolicy: decodeURIComponent(out.Role.AssumeRolePolicyDocument ?? '{}') };
    },
    async simulate(roleArn, actions, resources, signal) {
      const { client, sdk } = await iam();
      const input = { PolicySourceArn: roleArn, ActionNames: actions, ResourceArns: resources };
      const out = await ask('iam:SimulatePrincipalPolicy', () => client.send(new sdk.SimulatePrincipalPolicyCommand(input), { abortSignal: signal }));
      if (!out) throw new NoSuchRole(roleArn);
      // One result per action, with a result per resource when several were asked about.
      return (out.EvaluationResults ?? []).flatMap((r) =>
        r.ResourceSpecificResults?.length
          ? r.ResourceSpecificResults.map((s) => ({ action: r.EvalActionName ?? '', resource: s.EvalResourceName ?? '', decision: s.EvalResourceDecision ?? '' }))
          : [{ action: r.EvalActionName ?? '', resource: r.EvalResourceName ?? '', decision: r.EvalDecision ?? '' }],
      );
    },
    bucketRegion,
  };
}

/** IAM knows no role of that ARN. */
export class NoSuchRole extends Error {
  constructor(arn: string) {
    super(`IAM has no role ${arn}`);
  }
}

/** Redshift Serverless lists a namespace's roles as text: "IamRole(applyStatus=in-sync, iamRoleArn=arn:...)". */
export function namespaceRole(text: string): AttachedRole {
  const field = (name: string) => new RegExp(`${name}=([^,)\\s]+)`).exec(text)?.[1];
  return { arn: field('iamRoleArn') ?? text, applyStatus: field('applyStatus') ?? 'in-sync' };
}
