// Command-line options as data: each one's kind, its value's name and its help, in one table that
// both the parser (args.ts) and the help (usage.ts) read. Loaded on every start: imports nothing.

export interface OptionDef {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's name in the help: FILE, N, S. */
  value?: string;
  /** One line, or several (the later ones continue it). */
  help: string;
}

export type OptionTable = Readonly<Record<string, OptionDef>>;

/** Which warehouse, which config: the options of every command that reaches one. */
export const TARGET_OPTIONS = {
  config: { type: 'string', value: 'FILE', help: 'config file (default ./sparkify.cfg, else ./dwh.cfg)' },
  local: { type: 'boolean', help: 'use the embedded local warehouse instead of Redshift (no AWS needed)' },
  'data-dir': { type: 'string', value: 'DIR', help: 'local: S3 mirror root, s3://bucket/key is DIR/bucket/key (default: bundled sample data)' },
  db: { type: 'string', value: 'FILE', help: 'local: warehouse file, kept after the run (default ./sparkify.duckdb)' },
  profile: { type: 'string', value: 'NAME', help: 'AWS: credentials profile (default: the AWS default credential chain)' },
} as const satisfies OptionTable;

/** run, create-tables and etl: the target, and how the build runs and reports. */
export const PIPELINE_OPTIONS = {
  ...TARGET_OPTIONS,
  yes: { type: 'boolean', short: 'y', help: 'confirm the reset (drop and recreate the tables) without asking' },
  swap: { type: 'boolean', help: 'rebuild beside the live tables, check, then swap them in at once\n(no downtime; a failed rebuild leaves the live tables as they were)' },
  json: { type: 'boolean', help: 'one JSON event per line on stdout, ending with a summary event' },
  plain: { type: 'boolean', help: 'one line per step start and end, on stderr' },
  'dry-run': { type: 'boolean', help: "print the plan's SQL in order and run nothing" },
  concurrency: { type: 'string', value: 'N', help: 'statements in flight at most (default 4)' },
  timeout: { type: 'string', value: 'S', help: 'cancel the run if it has not finished after S seconds (exit 1)' },
  'statement-timeout': { type: 'string', value: 'S', help: 'cancel a statement that runs longer than S seconds (its step fails)' },
  'no-fail-on-check': { type: 'boolean', help: 'exit 0 even when a data check fails (the run still reports it)' },
  'no-progress': { type: 'boolean', help: "do not ask the warehouse's load history how far each COPY is\n(saves a few Data API calls a second while a COPY runs)" },
} as const satisfies OptionTable;

const FLAG_WIDTH = 16;

/** The help lines of a table, in its order: the flag, then its help beside it or below it. */
export function optionsHelp(table: OptionTable): string {
  return Object.entries(table)
    .map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
      const [first, ...more] = o.help.split('\n');
      const head = flag.length < FLAG_WIDTH ? `  ${flag.padEnd(FLAG_WIDTH)}${first}` : `  ${flag}\n  ${' '.repeat(FLAG_WIDTH)}${first}`;
      return [head, ...more.map((line) => `  ${' '.repeat(FLAG_WIDTH)}${line}`)].join('\n');
    })
    .join('\n');
}

/** The table without the named options (create-tables checks no data; etl resets nothing). */
export function without<T extends OptionTable>(table: T, ...names: (keyof T)[]): OptionTable {
  return Object.fromEntries(Object.entries(table).filter(([name]) => !names.includes(name)));
}
