// A finished screen (the checks, a run's progress, what the data checks and the insights found),
// printed once above the live region as it was when the wizard left it.

import { Box } from 'ink';
import type { Printed } from '../state.js';
import { ConfigCheck } from './ConfigCheck.js';
import { DataChecks } from './DataChecks.js';
import { ListenerInsights } from './ListenerInsights.js';
import { Progress } from './Progress.js';

export function PrintedScreen({ item }: { item: Printed }) {
  return (
    <Box flexDirection="column" marginBottom={1}>
      {item.kind === 'probes' && <ConfigCheck file={item.file} probes={item.probes} problems={item.problems} failed={false} />}
      {item.kind === 'progress' && <Progress state={item.progress} />}
      {item.kind === 'results' && (
        <Box flexDirection="column" gap={1}>
          {item.checks && <DataChecks checks={item.checks} />}
          {item.insights && <ListenerInsights insights={item.insights} />}
        </Box>
      )}
    </Box>
  );
}
