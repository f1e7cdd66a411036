// `sparkify-wizard check-data`: the data checks alone, on a warehouse already built. One line per
// check on stdout (the checks are what was asked for), or --json events ending with the summary.

import { describeTarget } from '../../config/target.js';
import { EXIT_CODE, runToEnd } from '../../pipeline/outcome.js';
import { buildPlan } from '../../pipeline/plan.js';
import { jsonReporter } from '../../ui/jsonReporter.js';
import { plainReporter } from '../../ui/plainReporter.js';
import { COMMANDS } from './index.js';
import { parseOptions } from '../args.js';
import { withCancel } from '../exit.js';
import { openExistingWarehouse } from '../existingWarehouse.js';

export async function checkData(args: string[]): Promise<number> {
  const options = parseOptions('check-data', args, COMMANDS['check-data'].options);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const opened = await openExistingWarehouse('check-data', options, say, options.json ? out : undefined);
  if ('exitCode' in opened) return opened.exitCode;
  const { settings, connection } = opened;
  try {
    const { end } = await withCancel((signal) =>
      runToEnd(buildPlan('check-data', settings.sources), {
        api: connection.api,
        target: describeTarget(settings.target),
        concurrency: 1,
        onEvent: options.json ? jsonReporter(out) : plainReporter(out),
        signal,
      }),
    );
    return EXIT_CODE[end];
  } finally {
    await connection.close();
  }
}
