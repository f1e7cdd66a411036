// The preflight: probes before a run that the target answers and the raw data is where the config
// says. (Checks of the config are problems, config/; checks of the loaded data are data checks,
// dataChecks.ts.) Each probe is named and runs alone, so a front end can show them one by one.

import type { Settings } from '../config/target.js';
import { count } from '../format.js';
import { PING_QUERY } from '../sql/pipelineSql.js';
import type { DataApi } from './dataApiClient.js';

export interface Probe {
  id: string;
  title: string;
  /** Resolves to what was found ("30 objects"); rejects with what is wrong. The signal stops its calls. */
  run(signal?: AbortSignal): Promise<string>;
}

/** Where a probe is: running, or what it found (ok) or what is wrong (error). */
export interface ProbeReport {
  id: string;
  title: string;
  status: 'running' | 'ok' | 'error';
  detail?: string;
}

/**
 * Runs the probes at once (they are independent), reporting each as it starts and ends; resolves
 * to how each ended, in the probes' order. The signal stops their calls.
 */
export function runProbes(probes: Probe[], onReport: (report: ProbeReport) => void = () => undefined, signal?: AbortSignal): Promise<ProbeReport[]> {
  return Promise.all(
    probes.map(async ({ id, title, run }): Promise<ProbeReport> => {
      onReport({ id, title, status: 'running' });
      let report: ProbeReport;
      try {
        report = { id, title, status: 'ok', detail: await run(signal) };
      } catch (error) {
        report = { id, title, status: 'error', detail: (error as Error).message };
      }
      onReport(report);
      return report;
    }),
  );
}

/** Counts the objects under an S3 prefix; `more` when it stopped counting. The signal stops the call. */
export type ObjectCounter = (uri: string, signal?: AbortSignal) => Promise<{ objects: number; more: boolean }>;

export function preflightProbes(settings: Settings, api: DataApi, countObjects: ObjectCounter): Probe[] {
  const { sources } = settings;
  const local = settings.target.kind === 'local';
  const where = (uri: string) => (local ? `${uri} (local mirror)` : uri);
  const objects = (uri: string, expectOne = false): Probe => ({
    id: uri,
    title: `${where(uri)} has data`,
    async run(signal) {
      const { objects, more } = await countObjects(uri, signal);
      if (objects === 0) throw new Error(`nothing under ${where(uri)}: check the location${local ? ' and the data directory' : ' and the IAM permissions'}`);
      if (expectOne) return 'found';
      return `${count(objects)}${more ? '+' : ''} object${objects === 1 && !more ? '' : 's'}`;
    },
  });
  return [
    {
      id: 'target',
      title: 'the target answers',
      async run(signal) {
        const started = performance.now();
        await api.query(PING_QUERY, 'sparkify-wizard ping', { signal });
        return `${PING_QUERY} in ${Math.round(performance.now() - started)} ms`;
      },
    },
    objects(sources.logData),
    objects(sources.songData),
    objects(sources.logJsonPath, true),
  ];
}
