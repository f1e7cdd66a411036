// Wiring a target to the pipeline: a Data API client for AWS, or the embedded warehouse started
// in-process with a client pointed at it. The pipeline sees the same DataApi either way.

import { resolve } from 'node:path';
import type { Settings } from '../config/target.js';
import type { FaultSpec } from '../local/faults.js';
import type { Connection } from '../pipeline/connection.js';
import { faultSpec } from './args.js';
import { UsageError } from './usage.js';

export async function connect(settings: Settings, profile: string | undefined): Promise<Connection> {
  const { target } = settings;
  if (target.kind === 'local') {
    const { startLocalEndpoint } = await import('../local/server.js');
    // A fresh key pair per run (the endpoint's default), known only to this process.
    const starting = startLocalEndpoint({ dbPath: target.dbPath, dataDir: target.dataDir, ...localFaults() });
    // Handled below: the engine opens the file on its own threads while the clients' modules load.
    starting.catch(() => undefined);
    let modules;
    try {
      modules = await Promise.all([import('../pipeline/dataApiClient.js'), import('../pipeline/s3Objects.js')]);
    } catch (error) {
      // The endpoint would hold the file, and keep the process alive, with no one to close it.
      await starting.then((endpoint) => endpoint.close(), () => undefined);
      throw error;
    }
    const [{ DataApi }, { s3ObjectCounter }] = modules;
    let endpoint;
    try {
      endpoint = await starting;
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
  const [{ DataApi }, { s3ObjectCounter, s3BucketLocator }, { awsControlPlane }] = await Promise.all([
    import('../pipeline/dataApiClient.js'), import('../pipeline/s3Objects.js'), import('../pipeline/controlPlane.js'),
  ]);
  const api = DataApi.connect({ region: target.region, profile }, target);
  const s3 = { region: settings.sources.region ?? target.region, profile };
  const elsewhere = controlPlaneElsewhere(target.kind);
  return {
    api,
    countObjects: s3ObjectCounter(s3),
    controlPlane: elsewhere ?? awsControlPlane({ region: target.region, profile }, s3BucketLocator(s3)),
    async close() {
      api.client.destroy();
    },
  };
}

/**
 * Why the control plane is not asked: the Data API is pointed at another endpoint (such as
 * sparkify-wizard serve) and the control plane's services are not, so AWS would be asked about a
 * cluster that is not the one the statements go to. Undefined when all go to the same place.
 */
function controlPlaneElsewhere(kind: 'cluster' | 'serverless', env = process.env): string | undefined {
  if (!env.AWS_ENDPOINT_URL_REDSHIFT_DATA || env.AWS_ENDPOINT_URL) return undefined;
  const services = kind === 'cluster' ? ['REDSHIFT', 'IAM', 'S3'] : ['REDSHIFT_SERVERLESS', 'IAM', 'S3'];
  const unset = services.filter((s) => !env[`AWS_ENDPOINT_URL_${s}`]);
  if (unset.length === 0) return undefined;
  return `the Data API goes to ${env.AWS_ENDPOINT_URL_REDSHIFT_DATA} but ${unset.map((s) => `AWS_ENDPOINT_URL_${s}`).join(', ')} ${unset.length === 1 ? 'is' : 'are'} not set (set AWS_ENDPOINT_URL for all services)`;
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
