// What a front end needs of a target: the Data API, a way to count objects under an S3 prefix
// (or its local mirror), for a Redshift target its control plane, and a way to let go of them.

import type { ControlPlane } from './controlPlane.js';
import type { DataApi } from './dataApiClient.js';
import type { ObjectCounter } from './preflight.js';

export interface Connection {
  api: DataApi;
  countObjects: ObjectCounter;
  /** Redshift targets: the control plane, or why it cannot be asked. */
  controlPlane?: ControlPlane | string;
  close(): Promise<void>;
}
