// `sparkify-wizard report`: the data checks and the insights of a warehouse already built, as a
// Markdown report (or JSON) on stdout or in --out FILE. Progress stays quiet; problems go to stderr.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeTarget } from '../../config/target.js';
import type { PipelineEvent } from '../../pipeline/events.js';
import { EXIT_CODE, runToEnd, type RunResult } from '../../pipeline/outcome.js';
import { buildPlan } from '../../pipeline/plan.js';
import { plainReporter } from '../../ui/plainReporter.js';
import { renderReport, type ReportFormat } from '../../ui/report.js';
import { parseOptions } from '../args.js';
import { EXIT, withCancel } from '../exit.js';
import { openExistingWarehouse } from '../existingWarehouse.js';
import { COMMANDS } from './index.js';
import { UsageError } from '../usage.js';

const FORMATS: ReportFormat[] = ['md', 'json'];
/** What the terminal hears of the queries: the target, then only what went wrong. */
const SPOKEN: PipelineEvent['type'][] = ['start', 'failed', 'skipped', 'retry', 'cancelling'];

export async function report(args: string[]): Promise<number> {
  const options = parseOptions('report', args, COMMANDS.report.options);
  const format = (options.format ?? 'md') as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be md or json, not '${options.format}'`, 'report');
  const out = options.out === undefined ? undefined : resolve(options.out);
  if (out !== undefined && (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory())) {
    throw new UsageError(`--out ${options.out}: the folder ${dirname(out)} does not exist`, 'report');
  }
  const say = (line: string) => process.stderr.write(`${line}\n`);

  const opened = await openExistingWarehouse('report', options, say);
  if ('exitCode' in opened) return opened.exitCode;
  const { settings, connection } = opened;
  let result: RunResult;
  try {
    const plain = plainReporter(say);
    result = await withCancel((signal) =>
      runToEnd(buildPlan('report', settings.sources), {
        api: connection.api,
        target: describeTarget(settings.target),
        concurrency: 2,
        onEvent: (event) => {
          if (SPOKEN.includes(event.type)) plain(event);
        },
        signal,
        failOnCheck: !options['no-fail-on-check'],
      }),
    );
  } finally {
    await connection.close();
  }
  const { summary, end } = result;
  if (end === 'cancelled') return EXIT_CODE[end];
  if (!summary.checks || !summary.insights) {
    say('No report: the queries above did not finish.');
    return EXIT.failed;
  }

  const text = renderReport({ generatedAt: new Date(), target: describeTarget(settings.target), checks: summary.checks, insights: summary.insights }, format);
  if (out === undefined) process.stdout.write(text);
  else {
    writeFileSync(out, text);
    say(`Wrote the report to ${out}`);
  }
  const failed = summary.checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) say(`${failed.length} data check${failed.length === 1 ? '' : 's'} failed (${failed.map((c) => c.title).join(', ')}): the report says which rows.`);
  return EXIT_CODE[end];
}
