// The Data API as the pipeline sees it: a statement's statuses and description, how a target is
// addressed, and field values. No SDK here: front ends import this without loading the AWS SDK.

import type { Field } from '@aws-sdk/client-redshift-data';
import type { Target } from '../config/target.js';

export type DataApiStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

export interface Description {
  status: DataApiStatus;
  /** Rows affected, returned or loaded; -1 when not applicable. */
  resultRows: number;
  durationMs: number;
  error?: string;
  queryId?: number;
  hasResultSet: boolean;
}

/** The names the local warehouse answers to; any cluster identifier and database would do. */
export const LOCAL_ADDRESS = { ClusterIdentifier: 'local', Database: 'dev' };

export function addressOf(target: Target): Record<string, string | undefined> {
  switch (target.kind) {
    case 'cluster':
      return { ClusterIdentifier: target.clusterIdentifier, Database: target.database, DbUser: target.secretArn ? undefined : target.dbUser, SecretArn: target.secretArn };
    case 'serverless':
      return { WorkgroupName: target.workgroupName, Database: target.database, SecretArn: target.secretArn };
    case 'local':
      return LOCAL_ADDRESS;
  }
}

export const TERMINAL: ReadonlySet<DataApiStatus> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** The longest the Data API holds a DescribeStatement call (WaitTimeSeconds). */
export const LONG_POLL_SECONDS = 30;

/**
 * A Field as a plain value: NULL as null, a VARBYTE value as Redshift prints it, in hexadecimal;
 * a BIGINT past 2^53 as a bigint where its digits arrive whole (read from the page itself).
 */
export type FieldValue = string | number | bigint | boolean | null;

export function fieldValue(field: Field): FieldValue {
  if (field.isNull) return null;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('hex');
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? null;
}
