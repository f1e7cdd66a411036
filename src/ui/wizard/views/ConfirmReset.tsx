// What a reset destroys, concretely, and a choice with Cancel first.

import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { count } from '../../../format.js';
import { Cell, Keys, Title } from './common.js';

export interface ConfirmProps {
  target: string;
  database?: string;
  counts?: Record<string, number | null>;
  countsError?: string;
  tables: string[];
  /** For a target that is not local, the database name must be typed. */
  typing: boolean;
  typed: string;
  onChoose: (drop: boolean) => void;
}

export function ConfirmReset({ target, database, counts, countsError, tables, typing, typed, onChoose }: ConfirmProps) {
  const items = [
    { label: 'Cancel', value: false },
    { label: `Drop and rebuild ${tables.length} tables`, value: true },
  ];
  return (
    <Box flexDirection="column">
      <Title>Reset the warehouse?</Title>
      <Text wrap="truncate-end">This drops and recreates {tables.length} tables in {target}:</Text>
      <Box flexDirection="column" marginY={1} paddingLeft={2}>
        {tables.map((t) => {
          const n = counts?.[t];
          return (
            <Box key={t}>
              <Cell width={18}>{t}</Cell>
              <Cell width={16} align="right" color={n === null ? 'gray' : n ? 'yellow' : undefined}>
                {counts === undefined ? (countsError ? 'unknown' : 'counting…') : n === null ? 'absent' : `${count(n ?? 0)} rows`}
              </Cell>
            </Box>
          );
        })}
        {countsError && <Text color="yellow" wrap="truncate-end">Could not count the rows: {countsError}</Text>}
      </Box>
      {typing ? (
        <Box flexDirection="column">
          <Box>
            <Text>Type the database name ({database}) to confirm: </Text>
            <Text color="cyan">{typed}</Text>
            <Text inverse> </Text>
          </Box>
          {database !== undefined && !database.startsWith(typed) && <Text color="red">That is not {database}: Backspace to correct it, Esc to cancel.</Text>}
        </Box>
      ) : (
        <SelectInput items={items} initialIndex={0} onSelect={(item) => onChoose(item.value)} />
      )}
      <Keys>{typing ? 'Enter confirm · Esc cancel' : '↑/↓ choose · Enter select · Esc or q cancel'}</Keys>
    </Box>
  );
}
