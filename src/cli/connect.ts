// Wiring a target to the pipeline: a Data API client for AWS, or the embedded warehouse started
// in-process with a client pointed at it. The pipeline sees the same DataApi either way.

import { resolve } from 'node:path';
import type { Settings } from '../config/target.js';
import { DataApi } from '../pipeline/dataApiClient.js';
import type { FaultSpec } from '../local/faults.js';
import type { Connection } from '../pipeline/connection.js';
import { faultSpec } from './args.js';
import { UsageError } from './usage.js';

export async function connect(settings: Settings, profile: string | undefined): Promise<Connection> {
  const { target } = settings;
  if (target.kind === 'local') {
    const [{ startLocalEndpoint }, { s3ObjectCounter }] = await Promise.all([import('../local/server.js'), import('../pipeline/s3Objects.js')]);
    let endpoint;
    try {
      // A fresh key pair per run (the endpoint's default), known only to this process.
      endpoint = await startLocalEndpoint({ dbPath: target.dbPath, dataDir: target.dataDir, ...localFaults() });
    } catch (error) {
      throw new Error(openFailure(target.dbPath, error as Error));
    }
    const access = { endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials };
    const api = DataApi.connect(access, target);
    return {
      api,
      // The mirror is listed through the endpoint's S3 API, as a bucket on AWS is.
      countObjects: s3ObjectCounter(access),
      async close() {
        api.client.destroy();
        await endpoint.close();
      },
    };
  }
  const api = DataApi.connect({ region: target.region, profile }, target);
  const { s3ObjectCounter } = await import('../pipeline/s3Objects.js');
  return {
    api,
    countObjects: s3ObjectCounter({ region: settings.sources.region ?? target.region, profile }),
    async close() {
      api.client.destroy();
    },
  };
}

/** Faults for the in-process endpoint, from SPARKIFY_LOCAL_FAULTS and SPARKIFY_LOCAL_SEED (for tests). */
function localFaults(env = process.env): { faults?: FaultSpec; seed?: number } {
  const spec = env.SPARKIFY_LOCAL_FAULTS;
  if (!spec) return {};
  const seed = env.SPARKIFY_LOCAL_SEED;
  if (seed !== undefined && !/^\d+$/.test(seed)) throw new UsageError(`SPARKIFY_LOCAL_SEED=${seed}: a whole number is expected`, undefined);
  return { faults: faultSpec('run', 'SPARKIFY_LOCAL_FAULTS', spec), seed: seed === undefined ? undefined : Number(seed) };
}

function openFailure(dbPath: string, error: Error): string {
  const file = resolve(dbPath);
  if (/lock/i.test(error.message)) {
    return `the warehouse file ${file} is in use by another process (a running serve or run?): stop it, or pass --db ANOTHER_FILE`;
  }
  return `cannot open the warehouse file ${file}: ${error.message.split('\n')[0]}`;
}
