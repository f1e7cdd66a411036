// What a front end needs of a target: the Data API, a way to count objects under an S3 prefix
// (or its local mirror), and a way to let go of both.

import type { DataApi } from './dataApiClient.js';
import type { ObjectCounter } from './preflight.js';

export interface Connection {
  api: DataApi;
  countObjects: ObjectCounter;
  close(): Promise<void>;
}
