// The data checks after a run: a mark, the status as a word, what was checked and the figure.
// Checks of a kind that pass are folded into one line; one that warns or fails shows its query.

import { Box, Text } from 'ink';
import type { CheckResult } from '../../../pipeline/dataChecks.js';
import { tallyLine } from '../../checkLines.js';
import { groupChecks } from '../checkGroups.js';
import { DATA_CHECK_LOOK } from '../theme.js';
import { Cell, Mark, Title, useWidth } from './common.js';

export function DataChecks({ checks }: { checks: CheckResult[] }) {
  const width = useWidth();
  const titleWidth = Math.min(38, Math.floor((width - 8) * 0.55));
  return (
    <Box flexDirection="column">
      <Title>Data checks: {tallyLine(checks)}</Title>
      {groupChecks(checks).map((row) => {
        const look = DATA_CHECK_LOOK[row.status];
        return (
          <Box key={row.key} flexDirection="column">
            <Box>
              <Mark active={false} symbol={look.symbol} color={look.color} />
              <Cell width={6} color={look.color}>{look.word}</Cell>
              <Cell width={titleWidth}>{row.title}</Cell>
              <Cell width={width - 8 - titleWidth}>{`  ${row.detail}`}</Cell>
            </Box>
            {row.query && (
              <Box flexDirection="column" paddingLeft={8}>
                <Text dimColor>offending rows:</Text>
                {row.query.split('\n').map((line, i) => (
                  <Text key={i} dimColor wrap="truncate-end">{`  ${line}`}</Text>
                ))}
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
