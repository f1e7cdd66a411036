// The failed step, the Data API's error, the load errors of a COPY; retry or quit. After a rebuild
// beside the live tables, also that the live tables are as they were. Without a choice to offer,
// what the wizard leaves on the screen when it quits there.

import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { StepRow } from '../progress.js';
import { Cell, Keys, useWidth } from './common.js';

/** A long path is cut at its start: its end names the file. */
function keepEnd(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

export interface FailureProps {
  failed: StepRow[];
  skipped: StepRow[];
  /** What stopped a rebuild beside the live tables, which are as they were. */
  unchanged?: string;
  /** False when nothing failed that a retry could redo (a data check failed). */
  canRetry?: boolean;
  /** Undefined once the wizard is leaving: the failure stays on the screen, without the menu. */
  onChoose?: (retry: boolean) => void;
}

export function Failure({ failed, skipped, unchanged, canRetry = true, onChoose }: FailureProps) {
  const width = useWidth();
  const fileWidth = Math.max(24, Math.floor((width - 4 - 7 - 16) * 0.55));
  const reasonWidth = width - 4 - fileWidth - 7 - 16;
  const names = failed.map((f) => f.table ?? f.title).join(', ');
  return (
    <Box flexDirection="column" marginTop={1}>
      {failed.map((step) => (
        <Box key={step.id} flexDirection="column">
          <Text color="red" bold wrap="truncate-end">✖ {step.title} failed{step.queryId !== undefined ? ` (query ${step.queryId})` : ''}</Text>
          <Box paddingLeft={2}>
            <Text wrap="wrap">{step.error}</Text>
          </Box>
          {step.loadErrors && step.loadErrors.length > 0 && (
            <Box flexDirection="column" paddingLeft={2} marginTop={1}>
              <Text dimColor>Load errors (sys_load_error_detail):</Text>
              <Box>
                <Cell width={fileWidth} bold>file</Cell>
                <Cell width={7} align="right" bold>line</Cell>
                <Cell width={16} bold>{'  column'}</Cell>
                <Cell width={reasonWidth} bold>reason</Cell>
              </Box>
              {step.loadErrors.slice(0, 5).map((e, i) => (
                <Box key={i}>
                  <Cell width={fileWidth}>{keepEnd(e.file, fileWidth - 1)}</Cell>
                  <Cell width={7} align="right">{String(e.line)}</Cell>
                  <Cell width={16}>{`  ${e.column || '-'}`}</Cell>
                  <Cell width={reasonWidth}>{`${e.reason} (${e.code})`}</Cell>
                </Box>
              ))}
              {step.loadErrors.length > 5 && <Text dimColor>…and {step.loadErrors.length - 5} more</Text>}
            </Box>
          )}
        </Box>
      ))}
      {skipped.length > 0 && <Text dimColor wrap="truncate-end">Not run because of it: {skipped.map((s) => s.table ?? s.title).join(', ')}</Text>}
      {unchanged && (
        <Box marginTop={1}>
          <Text color="yellow" wrap="wrap">{unchanged}</Text>
        </Box>
      )}
      {onChoose && (
        <Box marginTop={1}>
          <SelectInput
            items={[
              ...(canRetry ? [{ label: `Retry ${names} and what depends on it`, value: true }] : []),
              { label: unchanged ? 'Quit (the tables built beside the live ones are dropped)' : 'Quit', value: false },
            ]}
            onSelect={(item) => onChoose(item.value)}
          />
        </Box>
      )}
      {onChoose && canRetry && (
        <Keys>
          What finished stays finished: a retry runs only the failed steps and those after them{unchanged ? ', still beside the live tables' : ''}.
        </Keys>
      )}
    </Box>
  );
}
