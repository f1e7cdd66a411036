// `sparkify-wizard check`: the config (and with --live, the target and the data) before a run.

import { formatProblem, type Problem } from '../../config/problem.js';
import { describeTarget } from '../../config/target.js';
import { preflightProbes, runProbes } from '../../pipeline/preflight.js';
import { COMMANDS } from './index.js';
import { parseOptions } from '../args.js';
import { EXIT } from '../exit.js';
import { ConfigError, settingsFor } from '../settings.js';

export async function check(args: string[]): Promise<number> {
  const options = parseOptions('check', args, COMMANDS.check.options);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const warnings: Problem[] = [];
  let settings;
  try {
    settings = await settingsFor('check', options, (p) => warnings.push(p));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) say(`${p.severity === 'error' ? 'error  ' : 'warning'} ${formatProblem(p)}`);
    const errors = error.problems.filter((p) => p.severity === 'error').length;
    say(`${errors} error${errors === 1 ? '' : 's'}: fix ${errors === 1 ? 'it' : 'them'} and run check again.`);
    return EXIT.usage;
  }
  for (const p of warnings) say(`warning ${formatProblem(p)}`);
  say(`ok      ${settings.file ? `${settings.file} is valid` : 'no config needed'}: ${describeTarget(settings.target)}`);
  if (!options.live) return EXIT.ok;

  const { connect } = await import('../connect.js');
  const connection = await connect(settings, options.profile);
  let reports;
  try {
    reports = await runProbes(preflightProbes(settings, connection.api, connection.countObjects));
  } finally {
    await connection.close();
  }
  for (const r of reports) say(`${r.status === 'ok' ? 'ok     ' : 'error  '} ${r.title}: ${r.detail}`);
  return reports.some((r) => r.status === 'error') ? EXIT.failed : EXIT.ok;
}
