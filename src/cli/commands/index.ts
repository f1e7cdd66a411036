// The commands: what each is for, its usage, its options (one table that the parser and the help
// both read) and, loaded only when it runs, its runner. Loaded on every start: imports no runner.

import { optionsHelp, PIPELINE_OPTIONS, TARGET_OPTIONS, without, type OptionTable } from '../options.js';

export type Runner = (args: string[]) => Promise<number>;

export interface Command {
  summary: string;
  usage: string;
  options: OptionTable;
  /** Said after the options in the command's help. */
  notes?: string;
  load(): Promise<Runner>;
}

const CHECKS_NOTE = `After the load, data checks (rows in every table, one songplay per NextSong event, no NULL
keys, unique dimension keys, every play's user, time, song and artist known, the song match rate)
and a few insights run; a failed check exits 1.`;

export const COMMANDS = {
  run: {
    summary: 'Reset the tables, load them, build the star schema, then check the data',
    usage: 'sparkify-wizard run [--local] [--config FILE] [-y] [--swap] [--json | --plain] [--dry-run] [options]',
    options: PIPELINE_OPTIONS,
    notes: CHECKS_NOTE,
    load: async () => (await import('./pipeline.js')).pipelineCommand('run'),
  },
  'create-tables': {
    summary: 'Drop and recreate the seven tables (the reset alone)',
    usage: 'sparkify-wizard create-tables [--local] [--config FILE] [-y] [--json | --plain] [--dry-run] [options]',
    options: without(PIPELINE_OPTIONS, 'no-fail-on-check', 'swap'),
    load: async () => (await import('./pipeline.js')).pipelineCommand('create-tables'),
  },
  etl: {
    summary: 'Load and build the star schema in existing tables, then check the data',
    usage: 'sparkify-wizard etl [--local] [--config FILE] [--json | --plain] [--dry-run] [options]',
    options: without(PIPELINE_OPTIONS, 'yes', 'swap'),
    notes: CHECKS_NOTE,
    load: async () => (await import('./pipeline.js')).pipelineCommand('etl'),
  },
  check: {
    summary: 'Validate the config; with --live also reach the target and the data',
    usage: 'sparkify-wizard check [--config FILE] [--live] [--local] [--json] [options]',
    options: {
      ...TARGET_OPTIONS,
      live: { type: 'boolean', help: "also run SELECT 1 on the target, look for data under the S3 prefixes and,\nfor Redshift, check the cluster's setup (its state, the COPY role, the bucket's region,\nthe database user's privileges)" },
      json: { type: 'boolean', help: 'one JSON event per line on stdout: the config, then one per check' },
    },
    notes: `A check that finds a problem says how to fix it and exits 1; one that your own identity may not
make says "could not check" and does not fail.`,
    load: async () => (await import('./check.js')).check,
  },
  'check-data': {
    summary: 'Run the data checks on the warehouse as it is (exit 1 if one fails)',
    usage: 'sparkify-wizard check-data [--local] [--config FILE] [--json] [options]',
    options: { ...TARGET_OPTIONS, json: { type: 'boolean', help: 'one JSON event per line on stdout, ending with a summary event holding the checks' } },
    notes: `Prints one line per check on stdout: PASS, WARN or FAIL, what was checked, the figure, and for
a warning or a failure the query that shows the offending rows. Exit 0 when no check fails
(a warning does not), 1 when one fails or the tables are missing, 2 on a usage or config error.`,
    load: async () => (await import('./checkData.js')).checkData,
  },
  report: {
    summary: 'Write a Markdown (or JSON) report of the data checks and the insights',
    usage: 'sparkify-wizard report [--local] [--config FILE] [--out FILE] [--format md|json] [options]',
    options: {
      ...TARGET_OPTIONS,
      out: { type: 'string', value: 'FILE', help: 'write the report to FILE (default: stdout)' },
      format: { type: 'string', value: 'F', help: 'md (default): a Markdown report, tables and text charts, ready for a wiki;\njson: the same figures as data' },
      'no-fail-on-check': { type: 'boolean', help: 'exit 0 even when a data check fails (the report says which)' },
    },
    notes: 'The report is written even when a check fails; the exit code is then 1.',
    load: async () => (await import('./report.js')).report,
  },
  query: {
    summary: 'Run SQL on the warehouse and print its rows (on a terminal with no SQL: a prompt)',
    usage: 'sparkify-wizard query [--local] [--config FILE] [--format table|csv|json] [--file F] [SQL]',
    options: {
      ...TARGET_OPTIONS,
      format: { type: 'string', value: 'F', help: 'table (default): fits the terminal, numbers on the right, long values cut;\ncsv: RFC 4180 with a header row; json: one JSON object per row, one per line' },
      file: { type: 'string', value: 'F', help: 'read the SQL from the file F' },
    },
    notes: `The SQL comes from the argument, --file F, or stdin. With none of them on a terminal, a prompt
opens: a statement ends with ";" (Enter before it starts a new line), Up and Down recall earlier
ones, Ctrl-C cancels the running statement on the warehouse (again: leave), Ctrl-D leaves.
Rows go to stdout, messages to stderr. Exit 0 when the statement finished, 1 when it failed (the
warehouse's error, with the line of SQL it points at), 2 on a usage or config error, 130 cancelled.`,
    load: async () => (await import('./query.js')).query,
  },
  serve: {
    summary: 'Run the local Redshift Data API endpoint (DuckDB) until Ctrl-C',
    usage: 'sparkify-wizard serve [--port N] [--host H] [--db FILE] [--data-dir DIR] [--database NAME] [--memory-limit SIZE] [--result-memory SIZE] [--max-active N] [--faults SPEC [--seed N]] [--cluster-state S] [--cluster-roles ARNS] [--mistakes SPEC]',
    options: {
      port: { type: 'string', value: 'N', help: 'TCP port (default 0: any free port)' },
      host: { type: 'string', value: 'H', help: 'address to listen on (default 127.0.0.1; other addresses expose the warehouse)' },
      db: { type: 'string', value: 'FILE', help: 'DuckDB file to keep the warehouse in (default: in memory)' },
      database: { type: 'string', value: 'NAME', help: "the name of the warehouse's database, as statements address it (default dev)" },
      'memory-limit': { type: 'string', value: 'SIZE', help: 'most memory the engine may use, such as 512MB or 4GB (default 768MB)' },
      'result-memory': { type: 'string', value: 'SIZE', help: 'most memory the results of finished statements may hold in all; past it,\nthe oldest are let go and GetStatementResult says so (default 1GB)' },
      'max-active': { type: 'string', value: 'N', help: 'statements running at once before ActiveStatementsExceededException (default 200)' },
      'data-dir': { type: 'string', value: 'DIR', help: 'S3 mirror root: s3://bucket/key is DIR/bucket/key (default: bundled sample data)' },
      faults: {
        type: 'string', value: 'SPEC',
        help: 'inject faults, a comma list of: throttle=P, error5xx=P (P a probability per call),\ndrop=P (the answer is lost after the call took effect), latency=MS (every answer),\nslow=MS (every statement), file-latency=MS (each file a COPY reads),\nactive-limit=N, fail=REGEX (matching statements fail)',
      },
      seed: { type: 'string', value: 'N', help: 'seed of the fault sequence, for a reproducible run' },
      'cluster-state': { type: 'string', value: 'S', help: 'the simulated cluster DescribeClusters shows: available (default) or paused' },
      'cluster-roles': { type: 'string', value: 'ARNS', help: 'the IAM role ARNs attached to the simulated cluster, comma-separated\n(default: every role a client names)' },
      mistakes: {
        type: 'string', value: 'SPEC',
        help: 'setup mistakes to simulate, a comma list of: untrusted-role (no role trusts Redshift),\nrole-cannot-read (no role may read S3), bucket-region=REGION (where the buckets are;\ndefault us-west-2), deny=ACTION (the caller may not call it, such as iam:GetRole)',
      },
    },
    notes: `The first line on stdout is "sparkify-wizard local Data API listening on URL".
Requests must be signed (SigV4) with the endpoint's key pair: AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY from serve's environment when both are set; otherwise a fresh pair, printed
on stderr as two export lines. Only loopback host names are answered, and never a web page.
Point any Data API client at URL, for example:
  aws redshift-data execute-statement --endpoint-url URL --cluster-identifier local --database dev --sql "select 1"
  AWS_ENDPOINT_URL_REDSHIFT_DATA=URL sparkify-wizard ...`,
    load: async () => (await import('./serve.js')).serve,
  },
  'sample-data': {
    summary: 'Write a Sparkify dataset in the Udacity S3 layout',
    usage: 'sparkify-wizard sample-data --out DIR [--songs N] [--events N] [--seed S]',
    options: {
      out: { type: 'string', value: 'DIR', help: 'where to write; the data lands in DIR/udacity-dend/' },
      songs: { type: 'string', value: 'N', help: 'song files (default 14896, as in the real dataset)' },
      events: { type: 'string', value: 'N', help: 'log events over November 2018 (default 8056)' },
      seed: { type: 'string', value: 'S', help: 'seed for the generator; the same seed writes the same files (default 2018)' },
    },
    notes: 'Prints DIR on stdout, a summary on stderr. Use DIR as --data-dir of serve.',
    load: async () => (await import('./sampleData.js')).sampleData,
  },
  mirror: {
    summary: "Copy Sparkify's data from S3 into a local folder, ready for --data-dir",
    usage: 'sparkify-wizard mirror [--from s3://BUCKET[/PREFIX]] [--out DIR] [--profile NAME] [--no-sign-request] [--concurrency N] [--plain]',
    options: {
      from: { type: 'string', value: 'URI', help: 's3://BUCKET (its song_data/, log_data/ and log_json_path.json) or s3://BUCKET/PREFIX\n(default s3://udacity-dend)' },
      out: { type: 'string', value: 'DIR', help: 'the mirror: s3://BUCKET/KEY lands in DIR/BUCKET/KEY (default ./sparkify-data)' },
      profile: { type: 'string', value: 'NAME', help: 'AWS credentials profile (default: the AWS default credential chain)' },
      'no-sign-request': { type: 'boolean', help: 'send requests unsigned, as a public bucket such as udacity-dend allows' },
      concurrency: { type: 'string', value: 'N', help: 'downloads in flight at most (default 16)' },
      plain: { type: 'boolean', help: 'a line every 5 s instead of the progress bar, even on a terminal' },
    },
    notes: `Objects already in DIR with the same size and ETag are skipped, so a run that stopped resumes.
Each file is written under DIR/.sparkify-mirror/ and renamed into place once whole: a file under
DIR/BUCKET/ is always a whole object. AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) points it at
another S3 endpoint, such as sparkify-wizard serve. Prints DIR on stdout, progress on stderr.
Exit codes: 0 copied, 1 failed (no such bucket, access denied, disk full, a key refused),
2 usage error, 130 cancelled (Ctrl-C: the files copied so far are kept, none is half-written).`,
    load: async () => (await import('./mirror.js')).mirrorCommand,
  },
} as const satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

/** The command of that name, if there is one. */
export function commandNamed(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? (COMMANDS as Record<string, Command>)[name] : undefined;
}

/** A command's help: its summary, usage, options and notes. */
export function helpOf(command: Command): string {
  return `Options:\n${optionsHelp(command.options)}${command.notes ? `\n\n${command.notes}` : ''}`;
}
