// The first screen when no config file is found.

import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import type { MenuChoice } from '../state.js';
import { Keys, Title } from './common.js';

const ITEMS: { label: string; value: MenuChoice }[] = [
  { label: 'Run locally on sample data', value: 'local' },
  { label: 'Create sparkify.cfg from the example', value: 'create' },
  { label: 'Quit', value: 'quit' },
];

export function StartMenu({ cwd, onChoose }: { cwd: string; onChoose: (choice: MenuChoice) => void }) {
  return (
    <Box flexDirection="column">
      <Title>sparkify-wizard: build Sparkify's star-schema warehouse</Title>
      <Text wrap="truncate-end">No sparkify.cfg (or dwh.cfg) in {cwd}.</Text>
      <Text wrap="truncate-end">The local warehouse needs no AWS account: it runs the same pipeline on bundled sample data.</Text>
      <Box marginTop={1} flexDirection="column">
        <Text>What would you like to do?</Text>
        <SelectInput items={ITEMS} onSelect={(item) => onChoose(item.value)} />
      </Box>
      <Keys>↑/↓ choose · Enter select · Ctrl-C quit</Keys>
    </Box>
  );
}

export function ConfigCreated({ path, keys }: { path: string; keys: string[] }) {
  return (
    <Box flexDirection="column">
      <Text color="green" wrap="truncate-end">✔ Wrote {path}</Text>
      <Text>Fill in these keys (each is explained in the file):</Text>
      {keys.map((k) => (
        <Text key={k}>  {k}</Text>
      ))}
      <Text wrap="truncate-end">Then run sparkify-wizard again (or sparkify-wizard check --live to test the config).</Text>
    </Box>
  );
}
