// What a reset destroys, concretely, and a choice with Cancel first; for `run`, also the rebuild
// beside the live tables, chosen in advance when they hold data.

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
  /** Offer the rebuild beside the live tables; `preferSwap` chooses it in advance. */
  canSwap?: boolean;
  preferSwap?: boolean;
  onChoose: (choice: ConfirmChoice) => void;
}

export type ConfirmChoice = 'cancel' | 'reset' | 'swap';

export function ConfirmReset({ target, database, counts, countsError, tables, typing, typed, canSwap = false, preferSwap = false, onChoose }: ConfirmProps) {
  const items: { label: string; value: ConfirmChoice }[] = [
    { label: 'Cancel', value: 'cancel' },
    { label: `Drop and rebuild ${tables.length} tables`, value: 'reset' },
    ...(canSwap ? [{ label: 'Rebuild beside the live tables and swap at the end (no downtime)', value: 'swap' as const }] : []),
  ];
  // The tables hold data: a rebuild that keeps them readable until the new ones are checked.
  const holdsData = Object.values(counts ?? {}).some((n) => (n ?? 0) > 0);
  // The select is made anew (its key) when this changes: its first choice is read only once.
  const swapFirst = canSwap && (preferSwap || holdsData);
  return (
    <Box flexDirection="column">
      <Title>{canSwap ? 'Rebuild the warehouse?' : 'Reset the warehouse?'}</Title>
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
      {canSwap && !typing && (
        <Box marginBottom={1}>
          <Text wrap="wrap">Or rebuild beside them: the live tables stay as they are until new ones pass every check, then all are swapped at once.</Text>
        </Box>
      )}
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
        <SelectInput key={swapFirst ? 'swap' : 'cancel'} items={items} initialIndex={swapFirst ? items.length - 1 : 0} onSelect={(item) => onChoose(item.value)} />
      )}
      <Keys>{typing ? 'Enter confirm · Esc cancel' : '↑/↓ choose · Enter select · Esc or q cancel'}</Keys>
    </Box>
  );
}
