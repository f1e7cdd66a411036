// `sparkify-wizard check-data`: the data checks alone, on a warehouse already built. One line per
// check on stdout (the checks are what was asked for), or --json events ending with the summary.

import { describeTarget } from '../config/target.js';
import { buildPlan } from '../pipeline/plan.js';
import { runPlan } from '../pipeline/runner.js';
import { jsonReporter } from '../ui/jsonReporter.js';
import { plainReporter } from '../ui/plainReporter.js';
import { COMMANDS } from './commands/index.js';
import { parseOptions } from './args.js';
import { withCancel } from './exit.js';
import { openExistingWarehouse } from './existingWarehouse.js';
import { EXIT } from './exit.js';

export async function checkData(args: string[]): Promise<number> {
  const options = parseOptions('check-data', args, COMMANDS['check-data'].options);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const opened = await openExistingWarehouse('check-data', options, say, options.json ? out : undefined);
  if ('exitCode' in opened) return opened.exitCode;
  const { settings, connection } = opened;
  try {
    const summary = await withCancel((signal) =>
      runPlan(buildPlan('check-data', settings.sources), {
        api: connection.api,
        target: describeTarget(settings.target),
        concurrency: 1,
        onEvent: options.json ? jsonReporter(out) : plainReporter(out),
        signal,
      }),
    );
    return summary.cancelled ? EXIT.cancelled : summary.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await connection.close();
  }
}
