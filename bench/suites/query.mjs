// `sparkify-wizard query --format csv` printing 100,000 rows of songplays, as a process from start
// to exit, against DuckDB's own CSV export of the same query (COPY ... TO, in a fresh process
// through @duckdb/node-api), on the same warehouse file, alternately.

import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, OUT, ROOT, dataset, figure, median, sideBySide, timeShell } from '../lib.mjs';

const ROWS = 100_000;
const SQL = `SELECT * FROM songplays ORDER BY songplay_id LIMIT ${ROWS}`;

export async function query() {
  // About 84% of the generated events are plays: enough for 100,000 songplays.
  const data = dataset('sample-query', { songs: 2_000, events: 125_000 });
  const db = join(OUT, 'query.duckdb');
  if (!existsSync(db)) {
    process.stderr.write('building the warehouse for the query benchmark...\n');
    execFileSync(process.execPath, [CLI, 'run', '--local', '--yes', '--plain', '--data-dir', data, '--db', db], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const ours = join(OUT, 'query-ours.csv');
  const theirs = join(OUT, 'query-duckdb.csv');
  const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
  const node = quote(process.execPath);
  const { ours: times, baseline } = sideBySide(
    () => timeShell(`${node} ${quote(CLI)} query --local --data-dir ${quote(data)} --db ${quote(db)} --format csv ${quote(SQL)} > ${quote(ours)}`),
    () => timeShell(`${node} ${quote(join(ROOT, 'bench', 'probes', 'duckdbCsv.mjs'))} ${quote(db)} ${quote(theirs)} ${quote(SQL)}`),
  );
  const lines = execFileSync('wc', ['-l', ours], { encoding: 'utf8' }).trim().split(' ')[0];
  if (Number(lines) !== ROWS + 1) throw new Error(`query printed ${lines} lines, not ${ROWS + 1}`);
  const value = median(times);
  const base = median(baseline);
  return [
    figure({
      name: `query --format csv, ${ROWS.toLocaleString('en-US')} rows (${(statSync(ours).size / 1e6).toFixed(1)} MB)`,
      value, unit: 'ms', baseline: base, baselineName: "DuckDB's COPY ... TO csv", target: '<= 2x', met: value <= 2 * base,
    }),
  ];
}
