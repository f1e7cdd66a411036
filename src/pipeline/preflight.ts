// The preflight: probes before a run that the target answers and the raw data is where the config
// says. (Checks of the config are problems, config/; checks of the loaded data are data checks,
// dataChecks.ts.) Each probe is named and runs alone, so a front end can show them one by one.
// A probe that finds a problem blocks the run and says how to fix it (ProbeProblem); one that
// cannot be made (the caller's identity may not ask, say) is unchecked and blocks nothing.

import type { Settings } from '../config/target.js';
import { count } from '../format.js';
import { PING_QUERY } from '../sql/pipelineSql.js';
import type { Connection } from './connection.js';
import type { DataApi } from './dataApiClient.js';
import { setupProbes } from './setupChecks.js';

export interface Probe {
  id: string;
  title: string;
  /** Resolves to what was found ("30 objects"); rejects with what is wrong. The signal stops its calls. */
  run(signal?: AbortSignal): Promise<string>;
}

/** A problem a probe found, and how to fix it: a command, or a step in the console. */
export class ProbeProblem extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

/** A probe that could not be made: it blocks nothing. */
export class CouldNotCheck extends Error {
  constructor(why: string) {
    super(`could not check: ${why}`);
  }
}

/** The caller's own identity may not make the call a probe needs. */
export class MissingPermission extends CouldNotCheck {
  constructor(readonly action: string) {
    super(`missing permission ${action}`);
  }
}

/**
 * Where a probe is: running, or what it found (ok), what is wrong (error, with its fix) or why it
 * could not be made (unchecked).
 */
export interface ProbeReport {
  id: string;
  title: string;
  status: 'running' | 'ok' | 'error' | 'unchecked';
  detail?: string;
  fix?: string;
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
        if (error instanceof CouldNotCheck) report = { id, title, status: 'unchecked', detail: error.message };
        else report = { id, title, status: 'error', detail: (error as Error).message, fix: error instanceof ProbeProblem ? error.fix : undefined };
      }
      onReport(report);
      return report;
    }),
  );
}

/** Counts the objects under an S3 prefix; `more` when it stopped counting. The signal stops the call. */
export type ObjectCounter = (uri: string, signal?: AbortSignal) => Promise<{ objects: number; more: boolean }>;

/** The probes before a run: the target answers and the data is there; for a Redshift target, its setup too (setupChecks.ts). */
export function preflightProbes(settings: Settings, { api, countObjects, controlPlane }: Pick<Connection, 'api' | 'countObjects' | 'controlPlane'>): Probe[] {
  return [...reachProbes(settings, api, countObjects), ...(controlPlane === undefined ? [] : setupProbes(settings, api, controlPlane))];
}

function reachProbes(settings: Settings, api: DataApi, countObjects: ObjectCounter): Probe[] {
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
