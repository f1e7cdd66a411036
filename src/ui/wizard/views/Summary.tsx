// Whether the warehouse can be trusted (the data checks, printed in full above), row counts and
// durations per table, the total time, and where the data is now.

import { Box, Text } from 'ink';
import { tallyChecks, type CheckResult } from '../../../pipeline/dataChecks.js';
import type { Target } from '../../../config/target.js';
import { count, plural, seconds } from '../../../format.js';
import { EXAMPLE_QUERY } from '../../queryMessages.js';
import type { ProgressState } from '../progress.js';
import { Cell, Keys } from './common.js';

/** The verdict in one line: built (or, beside the live tables, swapped in), and whether the data checks say it can be trusted. */
function verdict(took: string, checks: CheckResult[] | undefined, swappedIn: boolean): { text: string; color: string } {
  const built = `The warehouse is ${swappedIn ? 'rebuilt' : 'built'} (${took}${swappedIn ? ', the new tables swapped in at once' : ''})`;
  if (!checks) return { text: `✔ ${built}`, color: 'green' };
  const { pass, warn, fail } = tallyChecks(checks);
  if (fail > 0) {
    return { text: `✖ ${built}, but ${fail} of ${plural(checks.length, 'data check')} failed: do not trust it yet (see above)`, color: 'red' };
  }
  if (warn > 0) return { text: `✔ ${built}: ${pass} data checks pass, ${warn} warn${warn === 1 ? 's' : ''} (see above)`, color: 'yellow' };
  return { text: `✔ ${built} and passes its ${plural(checks.length, 'data check')}`, color: 'green' };
}

/** `queryCommand`: the query command line for this target, suggested under the figures. */
export function Summary({ state, target, waitForKey, queryCommand }: { state: ProgressState; target: Target; waitForKey: boolean; queryCommand?: string }) {
  const totalMs = (state.endedAt ?? 0) - (state.startedAt ?? 0);
  const tables = state.steps.filter((s) => s.table);
  const swappedIn = state.steps.some((s) => s.id === 'swap' && s.status === 'finished');
  const { text, color } = verdict(seconds(totalMs), state.checks, swappedIn);
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
      <WhereTheDataIs target={target} queryCommand={queryCommand} />
      {waitForKey && <Keys>Press any key to exit.</Keys>}
    </Box>
  );
}

function WhereTheDataIs({ target, queryCommand }: { target: Target; queryCommand?: string }) {
  const ask = queryCommand ? `${queryCommand} "${EXAMPLE_QUERY}"` : undefined;
  switch (target.kind) {
    case 'local':
      return (
        <Box flexDirection="column">
          <Text wrap="wrap">Your data is in {target.dbPath} (a DuckDB file). Query it:</Text>
          {ask && <Text wrap="wrap">  {ask}</Text>}
          <Text wrap="wrap">  duckdb {target.dbPath} "{EXAMPLE_QUERY}"</Text>
        </Box>
      );
    case 'cluster':
    case 'serverless': {
      const where = target.kind === 'cluster' ? `cluster ${target.clusterIdentifier}` : `workgroup ${target.workgroupName}`;
      return (
        <Box flexDirection="column">
          <Text wrap="truncate-end">Your data is in {where}, database {target.database} ({target.region}).</Text>
          <Text wrap="wrap">Query it: {ask ?? 'in the Redshift query editor'}</Text>
        </Box>
      );
    }
  }
}
