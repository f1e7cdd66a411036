#!/usr/bin/env node
// The entry point: reads the command line, runs one command, sets the exit code.
// Help and version answer before anything heavy (DuckDB, the AWS SDK, Ink) is loaded.

import { EXIT } from './cli/exit.js';
import { guardOutput } from './cli/redact.js';
import { commandNamed } from './cli/commands/index.js';
import { UsageError, commandHelp, mainHelp, usageLine, version } from './cli/usage.js';

// This project supports Node 20; the SDK's notice about its own future releases is not for users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// React's production build for the wizard, unless told otherwise: the development build checks
// and measures every render, which took a tenth of the run's time on a two-core machine.
process.env.NODE_ENV ??= 'production';
// Ink's colours ignore NO_COLOR; FORCE_COLOR=0 turns them off, and must be set before Ink loads.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';

guardOutput();

async function main(argv: string[]): Promise<number> {
  const [first, rest] = splitCommand(argv);
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(mainHelp());
    return EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  const command = commandNamed(first);
  if (!command) {
    throw new UsageError(first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`, undefined);
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(commandHelp(first));
    return EXIT.ok;
  }
  const run = await command.load();
  return run(rest);
}

const ANSWERED_WITHOUT_COMMAND = new Set(['-h', '--help', 'help', '-v', '--version']);

/** No command means run: the wizard on a terminal, the plain reporter elsewhere. */
function splitCommand(argv: string[]): [string, string[]] {
  const [first] = argv;
  if (first === undefined || (first.startsWith('-') && !ANSWERED_WITHOUT_COMMAND.has(first))) return ['run', argv];
  return [first, argv.slice(1)];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`sparkify-wizard: ${error.message}\n${usageLine(error.command)}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`sparkify-wizard: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failed;
    }
  },
);
