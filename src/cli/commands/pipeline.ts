// `run`, `create-tables` and `etl`: build the plan, pick the front end, run, set the exit code.

import type { Problem } from '../../config/problem.js';
import { describeTarget } from '../../config/target.js';
import { endMessage, EXIT_CODE, isBuilt, runToEnd } from '../../pipeline/outcome.js';
import type { Settings } from '../../config/target.js';
import type { Connection } from '../../pipeline/connection.js';
import { buildPlan, planScript, type PlanKind } from '../../pipeline/plan.js';
import { assumedRebuild, discardHelpers, rebuildFrom } from '../../pipeline/rebuild.js';
import { preflightProbes, runProbes } from '../../pipeline/preflight.js';
import { probeLine } from '../../ui/checkLines.js';
import { TABLES } from '../../sql/schema.js';
import { jsonReporter } from '../../ui/jsonReporter.js';
import { plainReporter } from '../../ui/plainReporter.js';
import { EXAMPLE_QUERY } from '../../ui/queryMessages.js';
import { integerOption, parseOptions, secondsOption } from '../args.js';
import { queryCommandLine, shellWord } from '../commandLine.js';
import { interactive } from '../frontEnd.js';
import { EXIT, withCancel } from '../exit.js';
import { PIPELINE_OPTIONS } from '../options.js';
import { ConfigError, settingsFor, settingsOrExit, type TargetFlags } from '../settings.js';
import { UsageError } from '../usage.js';


/** The commands that build: their plans change the warehouse. */
export type BuildKind = Extract<PlanKind, 'run' | 'create-tables' | 'etl'>;


interface RunLimits {
  runTimeoutMs?: number;
  statementTimeoutMs?: number;
  failOnCheck: boolean;
  loadProgress: boolean;
}

export function pipelineCommand(kind: BuildKind) {
  return async (args: string[]): Promise<number> => {
    // The whole table for all three, so that an option meant for another reads as such (below).
    const options = parseOptions(kind, args, PIPELINE_OPTIONS);
    if (options.json && options.plain) throw new UsageError('--json and --plain cannot be used together: choose one', kind);
    if (kind === 'create-tables' && options['no-fail-on-check']) {
      throw new UsageError('--no-fail-on-check is for run and etl: create-tables checks no data', kind);
    }
    if (kind !== 'run' && options.swap) {
      throw new UsageError(`--swap is for run: ${kind === 'etl' ? 'etl loads into the existing tables' : 'create-tables makes empty tables'}, with nothing to swap in`, kind);
    }
    const swap = options.swap ?? false;
    const concurrency = integerOption(kind, 'concurrency', options.concurrency, 4, 1, 50);
    const limits: RunLimits = {
      runTimeoutMs: secondsOption(kind, 'timeout', options.timeout),
      statementTimeoutMs: secondsOption(kind, 'statement-timeout', options['statement-timeout']),
      // A failed data check exits 1 unless asked not to: the run worked, the data did not.
      failOnCheck: !options['no-fail-on-check'],
      loadProgress: !options['no-progress'],
    };
    const say = (line: string) => process.stderr.write(`${line}\n`);
    const data = (line: string) => process.stdout.write(`${line}\n`);

    if (interactive() && !options.json && !options.plain && !options['dry-run']) return wizard(kind, options, concurrency, limits);

    // Refused before anything is prepared: there is no terminal to ask on.
    if (kind !== 'etl' && !options.yes && !options['dry-run']) {
      const what = swap
        ? `run --swap replaces all ${TABLES.length} tables${options.local ? ' of the local warehouse' : ''} with new ones, once they are built and checked`
        : `${kind} drops and recreates all ${TABLES.length} tables${options.local ? ' of the local warehouse' : ''}`;
      throw new UsageError(`${what}: confirm with --yes`, kind);
    }

    const settings = await settingsOrExit(kind, options, say, options.json ? data : undefined);
    if (typeof settings === 'number') return settings;

    if (options['dry-run']) {
      // Nothing is asked of the warehouse: the plan shown is the one for a warehouse that has its tables.
      if (swap) data(`-- run --swap on a warehouse with all ${TABLES.length} tables (on one with none, the first load builds them in place)\n`);
      data(planScript(buildPlan(kind, settings.sources, assumedRebuild(swap))));
      return EXIT.ok;
    }

    const report = options.json ? jsonReporter(data) : plainReporter(say);
    const { connect } = await import('../connect.js');
    const connection = await connect(settings, options.profile);
    try {
      if (kind !== 'etl' && settings.target.kind !== 'local' && !(await setupHolds(settings, connection, options.json ? data : undefined, say))) return EXIT.failed;
      // run looks first at what is there: the live tables to swap out, what a killed rebuild left.
      const plan = buildPlan(kind, settings.sources, kind === 'run' ? await rebuildFrom(connection.api, swap) : {});
      // A Ctrl-C while the tables built beside the live ones are dropped leaves at once, as ever.
      const result = await withCancel(async (signal) => {
        const ended = await runToEnd(plan, {
          api: connection.api,
          target: describeTarget(settings.target),
          concurrency,
          onEvent: report,
          signal,
          timeoutMs: limits.runTimeoutMs,
          statementTimeoutMs: limits.statementTimeoutMs,
          failOnCheck: limits.failOnCheck,
          loadProgress: limits.loadProgress,
        });
        // The reporters end with their own summary: only the time limit, and a rebuild's fate, are news to them.
        if (ended.end === 'timed-out' || ended.liveUnchanged) say(endMessage(ended, '--timeout')!);
        const discarded = await discardHelpers(connection.api, plan, ended.summary);
        if (discarded) say(discarded);
        return ended;
      });
      // Built, even if a check failed: the offending rows are there to look at.
      if (isBuilt(result.summary) && !options.json) {
        const ask = `${queryCommandLine(settings, options)} "${EXAMPLE_QUERY}"`;
        if (settings.target.kind === 'local') {
          say(`The warehouse is in ${settings.target.dbPath}. Query it with: ${ask}`);
          say(`or with DuckDB: duckdb ${shellWord(settings.target.dbPath)} "${EXAMPLE_QUERY}"`);
        } else say(`Query it with: ${ask}`);
      }
      return EXIT_CODE[result.end];
    } finally {
      await connection.close();
    }
  };
}

/**
 * The checks before a reset of a Redshift target, as the wizard runs them: nothing is dropped
 * while one finds a problem. Each is a line on stderr, or with --json an event on stdout.
 */
async function setupHolds(settings: Settings, connection: Connection, json: ((line: string) => void) | undefined, say: (line: string) => void): Promise<boolean> {
  const reports = await withCancel((signal) =>
    runProbes(preflightProbes(settings, connection), (r) => r.status !== 'running' && json?.(JSON.stringify({ type: 'check', ...r })), signal),
  );
  if (!json) for (const r of reports) say(probeLine(r));
  if (!reports.some((r) => r.status === 'error')) return true;
  say('Nothing was dropped: fix the problems above, then run again (sparkify-wizard check --live runs these checks alone).');
  return false;
}

/** The Ink wizard, loaded only when a person is at the terminal. */
async function wizard(kind: BuildKind, flags: TargetFlags & { yes?: boolean; swap?: boolean }, concurrency: number, limits: RunLimits): Promise<number> {
  const [{ runWizard }, { findConfigFile }, { createConfigFromExample }] = await Promise.all([
    import('../../ui/wizard/index.js'),
    import('../../config/load.js'),
    import('../createConfig.js'),
  ]);
  const cwd = process.cwd();
  return runWizard({
    kind,
    yes: flags.yes ?? false,
    swap: flags.swap ?? false,
    concurrency,
    ...limits,
    cwd,
    async load() {
      const warnings: Problem[] = [];
      try {
        const settings = await settingsFor(kind, flags, (p) => warnings.push(p));
        return { settings, problems: warnings, noConfig: false };
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const noConfig = !flags.config && !flags.local && findConfigFile(cwd) === undefined;
        return { problems: error.problems, noConfig };
      }
    },
    localSettings: () => settingsFor(kind, { local: true }, () => undefined),
    createConfig: () => createConfigFromExample(cwd),
    // The AWS SDK (and DuckDB) load after the first frame is on the screen.
    connect: async (settings) => (await import('../connect.js')).connect(settings, flags.profile),
    queryCommand: (settings) => queryCommandLine(settings, flags),
  });
}
