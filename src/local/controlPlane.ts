// The control-plane calls the checks before a reset make, answered for the simulated cluster
// (clusterSetup.ts): Redshift's DescribeClusters and IAM's GetRole and SimulatePrincipalPolicy
// (the Query protocol: a form body, XML answers), Redshift Serverless's GetWorkgroup and
// GetNamespace (JSON 1.1). Any cluster or workgroup name is the one simulated cluster.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ROLE_ARN, type ClusterSetup } from './clusterSetup.js';
import { xml } from './s3Listing.js';

/** The services answered here, by the name their requests are signed for. */
export const CONTROL_SERVICES = ['redshift', 'redshift-serverless', 'iam'] as const;
export type ControlService = (typeof CONTROL_SERVICES)[number];

export class ControlError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

const NAMESPACE: Record<ControlService, string> = {
  redshift: 'http://redshift.amazonaws.com/doc/2012-12-01/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  'redshift-serverless': '',
};

/** Answers one signed request for `service`. */
export function answerControlCall(service: ControlService, headers: Record<string, unknown>, body: string, res: ServerResponse, setup: ClusterSetup): void {
  try {
    if (service === 'redshift-serverless') {
      const target = String(headers['x-amz-target'] ?? '');
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      sendJson(res, 200, serverless(target.replace(/^RedshiftServerless\./, ''), input, setup));
      return;
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const result = service === 'redshift' ? redshift(action, params, setup) : iam(action, params, setup);
    sendXml(res, 200, `<${action}Response xmlns="${NAMESPACE[service]}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
  } catch (error) {
    sendControlError(res, service, error instanceof ControlError ? error : new ControlError('InternalFailure', `The local endpoint failed: ${(error as Error).message}`, 500));
  }
}

/** An error as the service's protocol spells it. */
export function sendControlError(res: ServerResponse, service: ControlService, error: ControlError): void {
  if (service === 'redshift-serverless') {
    sendJson(res, error.httpStatus, { __type: error.code, message: error.message });
    return;
  }
  sendXml(res, error.httpStatus, `<ErrorResponse xmlns="${NAMESPACE[service]}"><Error><Type>Sender</Type><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
}

/** The caller's own identity may not perform `action`: refused as AWS refuses it. */
function deny(setup: ClusterSetup, action: string, resource: string, code = 'AccessDenied'): void {
  if (!setup.isDenied(action)) return;
  throw new ControlError(code, `User: arn:aws:iam::000000000000:user/local is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`, 403);
}

function redshift(action: string, params: URLSearchParams, setup: ClusterSetup): string {
  if (action !== 'DescribeClusters') throw new ControlError('InvalidAction', `The local endpoint answers DescribeClusters only, not '${action}'`);
  const id = params.get('ClusterIdentifier') ?? 'local';
  deny(setup, 'redshift:DescribeClusters', `arn:aws:redshift:us-west-2:000000000000:cluster:${id}`);
  const roles = setup.roles().map((arn) => `<ClusterIamRole><IamRoleArn>${xml(arn)}</IamRoleArn><ApplyStatus>in-sync</ApplyStatus></ClusterIamRole>`).join('');
  const status = setup.state === 'paused' ? 'paused' : 'available';
  return `<Clusters><Cluster><ClusterIdentifier>${xml(id)}</ClusterIdentifier><ClusterStatus>${status}</ClusterStatus><ClusterAvailabilityStatus>${setup.state === 'paused' ? 'Paused' : 'Available'}</ClusterAvailabilityStatus><NodeType>ra3.xlplus</NodeType><NumberOfNodes>1</NumberOfNodes><DBName>dev</DBName><IamRoles>${roles}</IamRoles></Cluster></Clusters>`;
}

function serverless(operation: string, input: Record<string, unknown>, setup: ClusterSetup): object {
  const name = (key: string) => {
    const value = input[key];
    if (typeof value !== 'string' || value === '') throw new ControlError('ValidationException', `${key} is required`);
    return value;
  };
  if (operation === 'GetWorkgroup') {
    const workgroupName = name('workgroupName');
    deny(setup, 'redshift-serverless:GetWorkgroup', `arn:aws:redshift-serverless:us-west-2:000000000000:workgroup/${workgroupName}`, 'AccessDeniedException');
    return { workgroup: { workgroupName, namespaceName: `${workgroupName}-namespace`, status: 'AVAILABLE', baseCapacity: 8 } };
  }
  if (operation === 'GetNamespace') {
    const namespaceName = name('namespaceName');
    deny(setup, 'redshift-serverless:GetNamespace', `arn:aws:redshift-serverless:us-west-2:000000000000:namespace/${namespaceName}`, 'AccessDeniedException');
    // The service lists each role as text, not as a structure.
    const iamRoles = setup.roles().map((arn) => `IamRole(applyStatus=in-sync, iamRoleArn=${arn})`);
    return { namespace: { namespaceName, status: 'AVAILABLE', dbName: 'dev', iamRoles } };
  }
  throw new ControlError('UnknownOperationException', `The local endpoint answers GetWorkgroup and GetNamespace only, not '${operation}'`);
}

const REDSHIFT_PRINCIPALS = ['redshift.amazonaws.com', 'redshift-serverless.amazonaws.com'];

function iam(action: string, params: URLSearchParams, setup: ClusterSetup): string {
  if (action === 'GetRole') {
    const roleName = params.get('RoleName') ?? '';
    const arn = setup.roleArn(roleName);
    setup.heardOf(arn);
    deny(setup, 'iam:GetRole', arn);
    const trusted = setup.mistakes.untrustedRole ? ['ec2.amazonaws.com'] : REDSHIFT_PRINCIPALS;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: trusted }, Action: 'sts:AssumeRole' }] };
    return `<Role><Path>/</Path><RoleName>${xml(roleName)}</RoleName><RoleId>AROA${'LOCAL'.padEnd(17, '0')}</RoleId><Arn>${xml(arn)}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${xml(encodeURIComponent(JSON.stringify(trust)))}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role>`;
  }
  if (action === 'SimulatePrincipalPolicy') {
    const source = params.get('PolicySourceArn') ?? '';
    if (!ROLE_ARN.test(source)) throw new ControlError('InvalidInput', `PolicySourceArn '${source}' is not the ARN of a role`);
    setup.heardOf(source);
    deny(setup, 'iam:SimulatePrincipalPolicy', source);
    const members = (list: string) => [...params.entries()].filter(([key]) => key.startsWith(`${list}.member.`)).map(([, value]) => value);
    const decision = setup.mistakes.roleCannotRead ? 'implicitDeny' : 'allowed';
    const results = members('ActionNames').flatMap((action) =>
      members('ResourceArns').map((resource) =>
        `<member><EvalActionName>${xml(action)}</EvalActionName><EvalResourceName>${xml(resource)}</EvalResourceName><EvalDecision>${decision}</EvalDecision><MatchedStatements/><MissingContextValues/></member>`),
    );
    return `<IsTruncated>false</IsTruncated><EvaluationResults>${results.join('')}</EvaluationResults>`;
  }
  throw new ControlError('InvalidAction', `The local endpoint answers GetRole and SimulatePrincipalPolicy only, not '${action}'`);
}

function sendXml(res: ServerResponse, status: number, body: string): void {
  send(res, status, 'text/xml', `<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  send(res, status, 'application/x-amz-json-1.1', JSON.stringify(body));
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID() });
  res.end(text);
}
