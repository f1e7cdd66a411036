// Whether the warehouse can be trusted (the data checks, printed in full above), row counts and
// durations per table, the total time, and where the data is now.

import { Box, Text } from 'ink';
import { tallyChecks, type CheckResult } from '../../../pipeline/dataChecks.js';
import type { Target } from '../../../config/target.js';
import { count, plural, seconds } from '../../../format.js';
import type { ProgressState } from '../progress.js';
import { Cell, Keys } from './common.js';

/** The verdict in one line: built, and whether the data checks say it can be trusted. */
function verdict(took: string, checks: CheckResult[] | undefined): { text: string; color: string } {
  if (!checks) return { text: `✔ The warehouse is built (${took})`, color: 'green' };
  const { pass, warn, fail } = tallyChecks(checks);
  if (fail > 0) {
    return { text: `✖ The warehouse is built (${took}), but ${fail} of ${plural(checks.length, 'data check')} failed: do not trust it yet (see above)`, color: 'red' };
  }
  if (warn > 0) return { text: `✔ The warehouse is built (${took}): ${pass} data checks pass, ${warn} warn${warn === 1 ? 's' : ''} (see above)`, color: 'yellow' };
  return { text: `✔ The warehouse is built (${took}) and passes its ${plural(checks.length, 'data check')}`, color: 'green' };
}

export function Summary({ state, target, waitForKey }: { state: ProgressState; target: Target; waitForKey: boolean }) {
  const totalMs = (state.endedAt ?? 0) - (state.startedAt ?? 0);
  const tables = state.steps.filter((s) => s.table);
  const { text, color } = verdict(seconds(totalMs), state.checks);
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text color={color} bold wrap="wrap">{text}</Text>
      <Box flexDirection="column" marginY={1} paddingLeft={2}>
        <Box>
          <Cell width={18} bold>table</Cell>
          <Cell width={12} align="right" bold>rows</Cell>
          <Cell width={10} align="right" bold>time</Cell>
        </Box>
        {tables.map((s) => (
          <Box key={s.id}>
            <Cell width={18}>{s.table}</Cell>
            <Cell width={12} align="right">{count(state.counts[s.table!] ?? s.rows ?? 0)}</Cell>
            <Cell width={10} align="right">{s.durationMs === undefined ? '' : seconds(s.durationMs)}</Cell>
          </Box>
        ))}
        <Box>
          <Cell width={30} bold>total</Cell>
          <Cell width={10} align="right" bold>{seconds(totalMs)}</Cell>
        </Box>
      </Box>
      <WhereTheDataIs target={target} />
      {waitForKey && <Keys>Press any key to exit.</Keys>}
    </Box>
  );
}

function WhereTheDataIs({ target }: { target: Target }) {
  switch (target.kind) {
    case 'local':
      return (
        <Box flexDirection="column">
          <Text wrap="wrap">Your data is in {target.dbPath} (a DuckDB file).</Text>
          <Text wrap="wrap">Query it: duckdb {target.dbPath} "SELECT * FROM songplays LIMIT 5"</Text>
          <Text wrap="wrap">or serve it to any Data API client: sparkify-wizard serve --db {target.dbPath}</Text>
        </Box>
      );
    case 'cluster':
      return <Text wrap="truncate-end">Your data is in cluster {target.clusterIdentifier}, database {target.database} ({target.region}): query it in the Redshift query editor.</Text>;
    case 'serverless':
      return <Text wrap="truncate-end">Your data is in workgroup {target.workgroupName}, database {target.database} ({target.region}): query it in the Redshift query editor.</Text>;
  }
}
