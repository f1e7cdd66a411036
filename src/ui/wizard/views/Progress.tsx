// One row per step: a spinner while it runs, the Data API status as a word, elapsed seconds,
// rows when done and the statement or query id. A header with the overall bar; keys below.

import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { plural, seconds } from '../../../format.js';
import { loadLine, loadShare, rateBetween } from '../../loadLine.js';
import { isTerminal, running, stepsDone, type ProgressState, type StepRow } from '../progress.js';
import { STATUS_LOOK } from '../theme.js';
import { Cell, Keys, Mark, useWidth } from './common.js';

/** How often the progress screen redraws: its spinners' frame rate, and its elapsed times. */
const TICK_MS = 125;

/** Re-renders every `ms` while `active`, so elapsed times tick. */
export function useNow(active: boolean, ms = TICK_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return active ? Date.now() : now;
}

export function Bar({ done, total, width }: { done: number; total: number; width: number }) {
  // Floored: a bar is full only when the work is.
  const filled = total === 0 ? 0 : Math.floor((done / total) * width);
  return (
    <Text>
      <Text color="green">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text>
    </Text>
  );
}

function elapsed(row: StepRow, now: number): string {
  if (row.status === 'finished' && row.durationMs !== undefined) return seconds(row.durationMs);
  if (row.startedAt === undefined) return '';
  return seconds((row.endedAt ?? now) - row.startedAt);
}

export function StepLine({ row, now, width }: { row: StepRow; now: number; width: number }) {
  const look = STATUS_LOOK[row.status];
  const active = !isTerminal(row.status) && row.status !== 'queued';
  const idWidth = width - 2 - 22 - 11 - 9 - 17;
  const id = row.queryId !== undefined ? `query ${row.queryId}` : (row.statementId?.slice(0, 8) ?? '');
  return (
    <Box>
      <Mark active={active} symbol={look.symbol} color={look.color} tick={Math.floor(now / TICK_MS)} />
      <Cell width={22}>{row.title}</Cell>
      <Cell width={11} color={look.color}>{look.word}</Cell>
      <Cell width={9} align="right">{elapsed(row, now)}</Cell>
      <Cell width={17} align="right">{row.rows !== undefined && row.rows >= 0 ? plural(row.rows, 'row') : ''}</Cell>
      {idWidth >= 8 && (row.note ? <Cell width={idWidth} color="yellow">{`  ${row.note}`}</Cell> : <Cell width={idWidth} dim>{`  ${id}`}</Cell>)}
    </Box>
  );
}

/** Under a running COPY: a bar of the files read, then the figures (loadLine.ts). */
export function LoadBar({ row, width }: { row: StepRow; width: number }) {
  if (!row.load || isTerminal(row.status)) return null;
  const { latest, at, first, firstAt } = row.load;
  const share = loadShare(latest);
  const barWidth = Math.max(5, Math.min(20, width - 84));
  return (
    <Box paddingLeft={4}>
      {share !== undefined && (
        <Box flexShrink={0}>
          <Bar done={share} total={1} width={barWidth} />
        </Box>
      )}
      <Text wrap="truncate-end">{`  ${loadLine(latest, rateBetween(first, firstAt, latest, at))}`}</Text>
    </Box>
  );
}

export function Progress({ state }: { state: ProgressState }) {
  const width = useWidth();
  const live = state.outcome === undefined;
  const now = useNow(live);
  const total = state.steps.length;
  const done = stepsDone(state);
  const totalMs = state.startedAt === undefined ? 0 : (state.endedAt ?? now) - state.startedAt;
  const inFlight = running(state).length;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">sparkify-wizard · {state.target}</Text>
      {state.notes?.map((note) => <Text key={note} dimColor wrap="wrap">{note}</Text>)}
      <Box>
        <Bar done={done} total={total} width={Math.min(30, width - 30)} />
        <Text>  {done} of {total} steps · {seconds(totalMs)}{inFlight > 1 ? ` · ${inFlight} running at once` : ''}</Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {state.steps.map((row) => (
          <Box key={row.id} flexDirection="column">
            <StepLine row={row} now={now} width={width} />
            <LoadBar row={row} width={width} />
          </Box>
        ))}
      </Box>
      {!live ? null : state.cancelling ? (
        <Box marginTop={1}>
          <Text color="yellow">Cancelling {plural(state.cancelling.running, 'running statement')}... (Ctrl-C again to leave at once)</Text>
        </Box>
      ) : (
        <Keys>Ctrl-C cancel (running statements are stopped on the warehouse)</Keys>
      )}
    </Box>
  );
}

