// `sparkify-wizard mirror`: Sparkify's data from S3 into DIR/BUCKET/KEY, for --data-dir DIR.
// The engine (src/mirror) copies; the screen (src/ui/mirrorReporter.ts) draws its events.

import { resolve } from 'node:path';
import { count } from '../../format.js';
import { DEFAULT_CONCURRENCY, mirror, MirrorError } from '../../mirror/copy.js';
import { describeSource, parseSource, SourceError, type Source } from '../../mirror/source.js';
import { onInterrupt } from '../../pipeline/interrupt.js';
import { mirrorScreen, summaryLine } from '../../ui/mirrorReporter.js';
import { integerOption, parseOptions } from '../args.js';
import { COMMANDS } from './index.js';
import { EXIT } from '../exit.js';
import { UsageError } from '../usage.js';

export const DEFAULT_OUT = 'sparkify-data';

export async function mirrorCommand(args: string[]): Promise<number> {
  const options = parseOptions('mirror', args, COMMANDS.mirror.options);
  let source: Source;
  try {
    source = parseSource(options.from);
  } catch (error) {
    if (error instanceof SourceError) throw new UsageError(`--from ${error.message}`, 'mirror');
    throw error;
  }
  const outDir = resolve(options.out ?? DEFAULT_OUT);
  const concurrency = integerOption('mirror', 'concurrency', options.concurrency, DEFAULT_CONCURRENCY, 1, 256);
  const live = !options.plain && Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb';
  const say = (line: string) => process.stderr.write(`${line}\n`);

  say(`Mirroring ${describeSource(source)} into ${outDir}`);
  const screen = mirrorScreen((text) => process.stderr.write(text), { live, width: () => process.stderr.columns ?? 80 });
  const cancel = new AbortController();
  const stopListening = onInterrupt(() => {
    screen.stop();
    say('Cancelling: stopping the downloads (Ctrl-C again leaves at once)...');
    cancel.abort();
  });
  const started = Date.now();
  try {
    const totals = await mirror({ source, outDir, profile: options.profile, noSignRequest: options['no-sign-request'], concurrency }, cancel.signal, screen.onEvent);
    screen.stop();
    say(summaryLine(totals, Date.now() - started));
    if (totals.files === 0) {
      say(`Nothing was found under ${describeSource(source)}: check --from.`);
      return EXIT.failed;
    }
    if (totals.refused > 0) say(`${count(totals.refused)} objects could not be copied (see REFUSED above).`);
    say(`Use it: sparkify-wizard --local --data-dir ${outDir}`);
    process.stdout.write(`${outDir}\n`);
    return totals.refused > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    screen.stop();
    if (!(error instanceof MirrorError)) throw error;
    if (error.failure === 'cancelled') {
      say(`Cancelled: ${count(error.totals.copied)} files copied, each whole; nothing half-written. Run mirror again to resume.`);
      return EXIT.cancelled;
    }
    say(`sparkify-wizard mirror: ${error.message}`);
    return EXIT.failed;
  } finally {
    stopListening();
  }
}
