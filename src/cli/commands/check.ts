// `sparkify-wizard check`: the config (and with --live, the target, the data and, for Redshift,
// the cluster's setup) before a run. One line per check, or with --json one JSON event per check.

import { formatProblem, type Problem } from '../../config/problem.js';
import { describeTarget } from '../../config/target.js';
import { preflightProbes, runProbes } from '../../pipeline/preflight.js';
import { PROBE_WORD_WIDTH, probeLine } from '../../ui/checkLines.js';
import { COMMANDS } from './index.js';
import { parseOptions } from '../args.js';
import { EXIT } from '../exit.js';
import { ConfigError, settingsFor } from '../settings.js';


export async function check(args: string[]): Promise<number> {
  const options = parseOptions('check', args, COMMANDS.check.options);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  // With --json, each check is an event on stdout and the words go to stderr.
  const tell = options.json ? (line: string) => process.stderr.write(`${line}\n`) : say;
  const event = (e: object) => options.json && say(JSON.stringify(e));
  const warnings: Problem[] = [];
  let settings;
  try {
    settings = await settingsFor('check', options, (p) => warnings.push(p));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) tell(`${p.severity === 'error' ? 'error  ' : 'warning'} ${formatProblem(p)}`);
    const errors = error.problems.filter((p) => p.severity === 'error').length;
    tell(`${errors} error${errors === 1 ? '' : 's'}: fix ${errors === 1 ? 'it' : 'them'} and run check again.`);
    event({ type: 'config', ok: false, problems: error.problems });
    return EXIT.usage;
  }
  for (const p of warnings) tell(`warning ${formatProblem(p)}`);
  tell(`${'ok'.padEnd(PROBE_WORD_WIDTH)} ${settings.file ? `${settings.file} is valid` : 'no config needed'}: ${describeTarget(settings.target)}`);
  event({ type: 'config', ok: true, file: settings.file, target: describeTarget(settings.target), problems: warnings });
  if (!options.live) return EXIT.ok;

  const { connect } = await import('../connect.js');
  const connection = await connect(settings, options.profile);
  let reports;
  try {
    // Each check is told as it ends; the lines keep the checks' order.
    reports = await runProbes(preflightProbes(settings, connection), (r) => r.status !== 'running' && event({ type: 'check', ...r }));
  } finally {
    await connection.close();
  }
  for (const r of reports) tell(probeLine(r));
  return reports.some((r) => r.status === 'error') ? EXIT.failed : EXIT.ok;
}
