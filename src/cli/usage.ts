// Help texts and the version, from the command registry. Loaded on every start, so it imports
// nothing heavy.

import { readFileSync } from 'node:fs';
import { COMMANDS, commandNamed, helpOf } from './commands/index.js';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
  }
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)} ${c.summary}`)
    .join('\n');
  return `sparkify-wizard ${version()}: builds Sparkify's star-schema warehouse on Amazon Redshift
through the Redshift Data API, or on an embedded local warehouse.

Usage: sparkify-wizard [command] [options]

With no command, sparkify-wizard runs: on a terminal it opens the wizard, which leads you from
nothing to a loaded warehouse (try: npx sparkify-wizard --local). Elsewhere it prints plain lines.

Commands:
${commands}

Options:
  -h, --help      show help (sparkify-wizard <command> --help for a command's options)
  -v, --version   show the version

Exit codes: 0 success, 1 a step or a data check failed, 2 usage or config error, 130 cancelled.
`;
}

export function commandHelp(name: string): string {
  const c = commandNamed(name)!;
  return `${c.summary}\n\nUsage: ${c.usage}\n\n${helpOf(c)}\n`;
}

/** The one line printed with a usage error. */
export function usageLine(command: string | undefined): string {
  const c = command === undefined ? undefined : commandNamed(command);
  return c ? `Usage: ${c.usage}` : 'Usage: sparkify-wizard <command> [options] (see --help)';
}
