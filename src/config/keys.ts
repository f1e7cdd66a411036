// Every key sparkify.cfg may hold: where it lives, what shape its value has, and what it is for.
// The example file, the validation messages and the README all come from this one list.

export type ValueKind =
  | 'host' | 'port' | 'identifier' | 'password' | 'clusterId' | 'workgroup' | 'region'
  | 'secretArn' | 'roleArn' | 's3Prefix' | 's3Object';

export interface KeySpec {
  section: 'CLUSTER' | 'IAM_ROLE' | 'S3';
  key: string;
  kind: ValueKind;
  /** Needed in every config (optional keys may still be needed by others: see validate.ts). */
  required: boolean;
  example: string;
  describe: string;
}

export const KEYS: KeySpec[] = [
  { section: 'CLUSTER', key: 'HOST', kind: 'host', required: false, example: 'dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com',
    describe: 'Endpoint host of the cluster (or of the serverless workgroup). The cluster identifier and region are read from it when CLUSTER_IDENTIFIER and REGION are absent.' },
  { section: 'CLUSTER', key: 'DB_NAME', kind: 'identifier', required: true, example: 'dev', describe: 'Database to build the warehouse in.' },
  { section: 'CLUSTER', key: 'DB_USER', kind: 'identifier', required: false, example: 'awsuser',
    describe: 'Database user: the Data API gets temporary credentials for this user (GetClusterCredentials). Needed for a cluster unless SECRET_ARN is set.' },
  { section: 'CLUSTER', key: 'DB_PASSWORD', kind: 'password', required: false, example: '',
    describe: 'Not used: the Data API never takes a password. Kept only so that Udacity dwh.cfg files work as they are; better left empty.' },
  { section: 'CLUSTER', key: 'DB_PORT', kind: 'port', required: false, example: '5439', describe: 'Port of the cluster (not used by the Data API; checked for shape only).' },
  { section: 'CLUSTER', key: 'CLUSTER_IDENTIFIER', kind: 'clusterId', required: false, example: 'dwhcluster',
    describe: 'Provisioned cluster identifier (optional when HOST is a *.redshift.amazonaws.com address).' },
  { section: 'CLUSTER', key: 'WORKGROUP', kind: 'workgroup', required: false, example: 'sparkify',
    describe: 'Redshift Serverless workgroup, instead of a provisioned cluster.' },
  { section: 'CLUSTER', key: 'SECRET_ARN', kind: 'secretArn', required: false, example: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:sparkify-db-AbCdEf',
    describe: 'Secrets Manager secret holding the database credentials, instead of DB_USER temporary credentials.' },
  { section: 'CLUSTER', key: 'REGION', kind: 'region', required: false, example: 'us-west-2',
    describe: 'AWS region of the cluster or workgroup (optional when HOST names it).' },
  { section: 'IAM_ROLE', key: 'ARN', kind: 'roleArn', required: true, example: 'arn:aws:iam::123456789012:role/dwhRole',
    describe: 'IAM role the cluster assumes to read the S3 data in COPY (it needs s3:GetObject and s3:ListBucket on the bucket).' },
  { section: 'S3', key: 'LOG_DATA', kind: 's3Prefix', required: true, example: 's3://udacity-dend/log_data', describe: 'Key prefix of the event logs (one JSON object per line).' },
  { section: 'S3', key: 'LOG_JSONPATH', kind: 's3Object', required: true, example: 's3://udacity-dend/log_json_path.json', describe: 'JSONPaths file mapping the log fields, by position, to the staging_events columns.' },
  { section: 'S3', key: 'SONG_DATA', kind: 's3Prefix', required: true, example: 's3://udacity-dend/song_data', describe: 'Key prefix of the song files (one JSON object per file).' },
  { section: 'S3', key: 'REGION', kind: 'region', required: false, example: 'us-west-2', describe: 'Region of the bucket, when it differs from the cluster\'s (COPY ... REGION).' },
];

export const SECTIONS = ['CLUSTER', 'IAM_ROLE', 'S3'] as const;

/** What a well-formed value of each kind looks like, and how to say so. */
export const FORMATS: Record<ValueKind, { pattern: RegExp; expected: string }> = {
  host: { pattern: /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, expected: 'a host name such as dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com' },
  port: { pattern: /^([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/, expected: 'a port number from 1 to 65535, such as 5439' },
  identifier: { pattern: /^[A-Za-z_][A-Za-z0-9_$]{0,126}$/, expected: 'a name of letters, digits, _ or $ that starts with a letter or _' },
  password: { pattern: /^[\s\S]*$/, expected: 'any text' },
  clusterId: { pattern: /^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/, expected: 'a cluster identifier: lowercase letters, digits and hyphens, starting with a letter' },
  workgroup: { pattern: /^[a-z0-9-]{3,64}$/, expected: 'a workgroup name: 3 to 64 lowercase letters, digits or hyphens' },
  region: { pattern: /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, expected: 'an AWS region such as us-west-2' },
  secretArn: { pattern: /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/, expected: 'a secret ARN such as arn:aws:secretsmanager:us-west-2:123456789012:secret:name-AbCdEf' },
  roleArn: { pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9_+=,.@/-]{1,512}$/, expected: 'a role ARN such as arn:aws:iam::123456789012:role/dwhRole' },
  s3Prefix: { pattern: /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*()/=+-]*)?$/, expected: 'an S3 location such as s3://udacity-dend/log_data' },
  s3Object: { pattern: /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[A-Za-z0-9!_.*()/=+-]*[^/]$/, expected: 'an S3 object such as s3://udacity-dend/log_json_path.json' },
};
