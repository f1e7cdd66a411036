// Help texts and the version. Loaded on every start, so it imports nothing heavy.

import { readFileSync } from 'node:fs';

export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
  }
}

const TARGET_OPTIONS = `  --config FILE   config file (default ./sparkify.cfg, else ./dwh.cfg)
  --local         use the embedded local warehouse instead of Redshift (no AWS needed)
  --data-dir DIR  local: S3 mirror root, s3://bucket/key is DIR/bucket/key (default: bundled sample data)
  --db FILE       local: warehouse file, kept after the run (default ./sparkify.duckdb)
  --profile NAME  AWS: credentials profile (default: the AWS default credential chain)`;

const PIPELINE_OPTIONS = `  --config FILE   config file (default ./sparkify.cfg, else ./dwh.cfg)
  --local         use the embedded local warehouse instead of Redshift (no AWS needed)
  --data-dir DIR  local: S3 mirror root, s3://bucket/key is DIR/bucket/key (default: bundled sample data)
  --db FILE       local: warehouse file, kept after the run (default ./sparkify.duckdb)
  --profile NAME  AWS: credentials profile (default: the AWS default credential chain)
  -y, --yes       confirm the reset (drop and recreate the tables) without asking
  --json          one JSON event per line on stdout, ending with a summary event
  --plain         one line per step start and end, on stderr
  --dry-run       print the plan's SQL in order and run nothing
  --concurrency N statements in flight at most (default 4)
  --timeout S     cancel the run if it has not finished after S seconds (exit 1)
  --statement-timeout S
                  cancel a statement that runs longer than S seconds (its step fails)
  --no-fail-on-check
                  exit 0 even when a data check fails (the run still reports it)`;

const CHECKS_NOTE = `After the load, data checks (rows in every table, one songplay per NextSong event, no NULL
keys, unique dimension keys, every play's user, time, song and artist known, the song match rate)
and a few insights run; a failed check exits 1.`;

export const COMMANDS: Record<string, { summary: string; usage: string; options: string }> = {
  run: {
    summary: 'Reset the tables, load them, build the star schema, then check the data',
    usage: 'sparkify-wizard run [--local] [--config FILE] [-y] [--json | --plain] [--dry-run] [options]',
    options: `${PIPELINE_OPTIONS}\n\n${CHECKS_NOTE}`,
  },
  'create-tables': {
    summary: 'Drop and recreate the seven tables (the reset alone)',
    usage: 'sparkify-wizard create-tables [--local] [--config FILE] [-y] [--json | --plain] [--dry-run] [options]',
    options: PIPELINE_OPTIONS.replace(/\n  --no-fail-on-check\n[^\n]*/, ''),
  },
  etl: {
    summary: 'Load and build the star schema in existing tables, then check the data',
    usage: 'sparkify-wizard etl [--local] [--config FILE] [--json | --plain] [--dry-run] [options]',
    options: `${PIPELINE_OPTIONS.replace(/\n  -y, --yes[^\n]*/, '')}\n\n${CHECKS_NOTE}`,
  },
  check: {
    summary: 'Validate the config; with --live also reach the target and the data',
    usage: 'sparkify-wizard check [--config FILE] [--live] [--local] [options]',
    options: `${TARGET_OPTIONS}
  --live          also run SELECT 1 on the target and look for data under the S3 prefixes`,
  },
  'check-data': {
    summary: 'Run the data checks on the warehouse as it is (exit 1 if one fails)',
    usage: 'sparkify-wizard check-data [--local] [--config FILE] [--json] [options]',
    options: `${TARGET_OPTIONS}
  --json          one JSON event per line on stdout, ending with a summary event holding the checks

Prints one line per check on stdout: PASS, WARN or FAIL, what was checked, the figure, and for
a warning or a failure the query that shows the offending rows. Exit 0 when no check fails
(a warning does not), 1 when one fails or the tables are missing, 2 on a usage or config error.`,
  },
  report: {
    summary: 'Write a Markdown (or JSON) report of the data checks and the insights',
    usage: 'sparkify-wizard report [--local] [--config FILE] [--out FILE] [--format md|json] [options]',
    options: `${TARGET_OPTIONS}
  --out FILE      write the report to FILE (default: stdout)
  --format F      md (default): a Markdown report, tables and text charts, ready for a wiki;
                  json: the same figures as data
  --no-fail-on-check
                  exit 0 even when a data check fails (the report says which)

The report is written even when a check fails; the exit code is then 1.`,
  },
  serve: {
    summary: 'Run the local Redshift Data API endpoint (DuckDB) until Ctrl-C',
    usage: 'sparkify-wizard serve [--port N] [--host H] [--db FILE] [--data-dir DIR] [--database NAME] [--memory-limit SIZE] [--max-active N] [--faults SPEC [--seed N]]',
    options: `  --port N        TCP port (default 0: any free port)
  --host H        address to listen on (default 127.0.0.1; other addresses expose the warehouse)
  --db FILE       DuckDB file to keep the warehouse in (default: in memory)
  --database NAME the name of the warehouse's database, as statements address it (default dev)
  --memory-limit SIZE
                  most memory the engine may use, such as 512MB or 4GB (default 2GB)
  --max-active N  statements running at once before ActiveStatementsExceededException (default 200)
  --data-dir DIR  S3 mirror root: s3://bucket/key is DIR/bucket/key (default: bundled sample data)
  --faults SPEC   inject faults, a comma list of: throttle=P, error5xx=P (P a probability per call),
                  drop=P (the answer is lost after the call took effect), latency=MS (every answer),
                  slow=MS (every statement), active-limit=N, fail=REGEX (matching statements fail)
  --seed N        seed of the fault sequence, for a reproducible run

The first line on stdout is "sparkify-wizard local Data API listening on URL".
Requests must be signed (SigV4) with the endpoint's key pair: AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY from serve's environment when both are set; otherwise a fresh pair, printed
on stderr as two export lines. Only loopback host names are answered, and never a web page.
Point any Data API client at URL, for example:
  aws redshift-data execute-statement --endpoint-url URL --cluster-identifier local --database dev --sql "select 1"
  AWS_ENDPOINT_URL_REDSHIFT_DATA=URL sparkify-wizard ...`,
  },
  'sample-data': {
    summary: 'Write a Sparkify dataset in the Udacity S3 layout',
    usage: 'sparkify-wizard sample-data --out DIR [--songs N] [--events N] [--seed S]',
    options: `  --out DIR       where to write; the data lands in DIR/udacity-dend/
  --songs N       song files (default 14896, as in the real dataset)
  --events N      log events over November 2018 (default 8056)
  --seed S        seed for the generator; the same seed writes the same files (default 2018)

Prints DIR on stdout, a summary on stderr. Use DIR as --data-dir of serve.`,
  },
};

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
  const c = COMMANDS[name]!;
  return `${c.summary}\n\nUsage: ${c.usage}\n\nOptions:\n${c.options}\n`;
}

/** The one line printed with a usage error. */
export function usageLine(command: string | undefined): string {
  return command && COMMANDS[command] ? `Usage: ${COMMANDS[command].usage}` : 'Usage: sparkify-wizard <command> [options] (see --help)';
}
