// Each check on its own line: a spinner while it runs, then a mark and what it found. What is
// wrong, or why a check could not be made, and the fix are wrapped below it, never cut.

import { Box, Text } from 'ink';
import { formatProblem, type Problem } from '../../../config/problem.js';
import type { ProbeRow } from '../state.js';
import { CHECK_LOOK } from '../theme.js';
import { Cell, Keys, Mark, Title, useWidth } from './common.js';

export function ConfigCheck({ file, probes, problems, failed }: { file?: string; probes: ProbeRow[]; problems: Problem[]; failed: boolean }) {
  const width = useWidth();
  return (
    <Box flexDirection="column">
      <Title>{file ? `Checking ${file}` : 'Checking the local warehouse'}</Title>
      {probes.map((c) => {
        const look = CHECK_LOOK[c.status];
        // What is wrong, or why it could not be checked, goes below the title when it would be cut.
        const explained = (c.status === 'error' || c.status === 'unchecked') && `${c.title}: ${c.detail ?? ''}`.length > width - 12;
        return (
          <Box key={c.id} flexDirection="column">
            <Box>
              <Mark active={c.status === 'running'} symbol={look.symbol} color={look.color} />
              <Cell width={10} color={look.color}>{look.word}</Cell>
              <Cell width={width - 12}>{c.title}{c.detail && !explained ? `: ${c.detail}` : ''}</Cell>
            </Box>
            {explained && c.detail && (
              <Box paddingLeft={12} width={width}>
                <Text wrap="wrap" color={look.color}>{c.detail}</Text>
              </Box>
            )}
            {c.fix && (
              <Box paddingLeft={12} width={width}>
                <Text wrap="wrap">fix: {c.fix}</Text>
              </Box>
            )}
          </Box>
        );
      })}
      {problems.map((p, i) => (
        <Box key={i} paddingLeft={2}>
          <Text color={p.severity === 'error' ? 'red' : 'yellow'} wrap="wrap">
            {p.severity}: {formatProblem(p)}
          </Text>
        </Box>
      ))}
      {failed && <Keys>r re-read the config and check again · q quit</Keys>}
    </Box>
  );
}
