// The simulated cluster behind the local endpoint's control plane (controlPlane.ts): whether it
// is paused, which IAM roles are attached to it, and the setup mistakes a test or a demo asks
// for, so that the checks before a reset can be tried end to end with the real SDK clients.
// By default everything is in order: the cluster is available and every role a client names is
// attached, trusts Redshift and may read the mirror's buckets, which are in us-west-2 (where
// Udacity's bucket is).

export type ClusterState = 'available' | 'paused';

export interface SetupMistakes {
  /** No role's trust policy names Redshift. */
  untrustedRole: boolean;
  /** No role may read S3. */
  roleCannotRead: boolean;
  /** Where every bucket of the mirror is. */
  bucketRegion: string;
  /** Actions the caller's own identity may not perform, such as iam:GetRole. */
  denied: ReadonlySet<string>;
}

export const NO_MISTAKES: SetupMistakes = { untrustedRole: false, roleCannotRead: false, bucketRegion: 'us-west-2', denied: new Set() };

/** The actions the local control plane answers, which `deny=` may name. */
export const CONTROL_ACTIONS = [
  'redshift:DescribeClusters', 'redshift-serverless:GetWorkgroup', 'redshift-serverless:GetNamespace',
  'iam:GetRole', 'iam:SimulatePrincipalPolicy', 's3:GetBucketLocation',
] as const;

export class SetupSpecError extends Error {}

/** Parses "untrusted-role,role-cannot-read,bucket-region=eu-west-1,deny=iam:GetRole,deny=s3:GetBucketLocation". */
export function parseMistakes(spec: string): SetupMistakes {
  const denied = new Set<string>();
  const mistakes = { ...NO_MISTAKES, denied };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name = '', value] = part.split('=', 2).map((s) => s.trim());
    if (name === 'untrusted-role' && value === undefined) mistakes.untrustedRole = true;
    else if (name === 'role-cannot-read' && value === undefined) mistakes.roleCannotRead = true;
    else if (name === 'bucket-region' && value && /^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) mistakes.bucketRegion = value;
    else if (name === 'deny' && value && (CONTROL_ACTIONS as readonly string[]).includes(value)) denied.add(value);
    else if (name === 'bucket-region') throw new SetupSpecError(`bucket-region=${value ?? ''}: a region such as eu-west-1 is expected`);
    else if (name === 'deny') throw new SetupSpecError(`deny=${value ?? ''}: one of ${CONTROL_ACTIONS.join(', ')} is expected`);
    else throw new SetupSpecError(`'${part}' is not a setup mistake: use untrusted-role, role-cannot-read, bucket-region=REGION or deny=ACTION`);
  }
  return mistakes;
}

/** The ARN of an IAM role, as the local control plane reads one. */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export interface ClusterSetupOptions {
  state?: ClusterState;
  /** The role ARNs attached to the cluster; when absent, every role a client names. */
  roles?: string[];
  mistakes?: SetupMistakes;
}

export class ClusterSetup {
  readonly state: ClusterState;
  readonly mistakes: SetupMistakes;
  private readonly attached?: readonly string[];
  /** Roles clients have named (by full ARN), attached by default. */
  private readonly named = new Set<string>();

  constructor(options: ClusterSetupOptions = {}) {
    this.state = options.state ?? 'available';
    this.attached = options.roles;
    this.mistakes = options.mistakes ?? NO_MISTAKES;
  }

  /** A client named this role (in an IAM call or a COPY): by default, it is attached from now on. */
  heardOf(arn: string): void {
    if (ROLE_ARN.test(arn)) this.named.add(arn);
  }

  /** The role ARNs attached to the cluster and to the workgroup's namespace. */
  roles(): string[] {
    return [...(this.attached ?? this.named)];
  }

  /** The full ARN of the role of that name: one a client named, else one in the local account. */
  roleArn(name: string): string {
    const known = [...(this.attached ?? []), ...this.named].find((arn) => ROLE_ARN.exec(arn)?.[1]?.toLowerCase() === name.toLowerCase());
    return known ?? `arn:aws:iam::000000000000:role/${name}`;
  }

  isDenied(action: string): boolean {
    return this.mistakes.denied.has(action);
  }
}
