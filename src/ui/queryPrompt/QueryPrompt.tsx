// The query prompt: statements that ended scroll up (Static), below them the one running or the
// one being typed. Keys become intents (useInput), the reducer decides (state.ts), an effect runs
// the statement and cancels it when told.

import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import Spinner from 'ink-spinner';
import { useEffect, useReducer, useRef, useState } from 'react';
import { seconds } from '../../format.js';
import type { QueryOutcome } from '../../pipeline/query.js';
import { outcomeText } from './outcomeText.js';
import { INITIAL, reducer, type Action, type Entry } from './state.js';

export interface QueryPromptProps {
  /** The target in words. */
  target: string;
  /** Reaches the warehouse; called once the prompt is on the screen (statements typed meanwhile wait for it). */
  connect(): Promise<void>;
  run(sql: string, signal: AbortSignal): Promise<QueryOutcome>;
  onExit(code: number, atOnce: boolean): void;
}

const FIRST = 'sql> ';
const MORE = '  -> ';
const TONE: Record<Entry['tone'], string | undefined> = { ok: undefined, error: 'red', cancelled: 'magenta' };

export function QueryPrompt({ target, connect, run, onExit }: QueryPromptProps) {
  const [state, dispatch] = useReducer(reducer, INITIAL);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const running = useRef<AbortController | undefined>(undefined);
  const [connection, setConnection] = useState<'connecting' | 'connected' | { failed: string }>('connecting');

  // The AWS SDK (or the local warehouse) loads once the prompt is on the screen.
  useEffect(() => {
    connect().then(
      () => setConnection('connected'),
      (error: unknown) => {
        setConnection({ failed: (error as Error).message });
        onExit(1, false);
        exit();
      },
    );
  }, []);

  useInput((input, key) => dispatch(intentOf(input, key)));

  // A statement to run: run it, then say how it ended.
  const statement = state.running;
  useEffect(() => {
    if (!statement) return;
    const controller = new AbortController();
    running.current = controller;
    const width = Math.max(20, (stdout.columns || 100) - 1);
    run(statement.sql, controller.signal)
      .then((outcome) => outcomeText(statement.sql, outcome, width))
      .catch((error: unknown) => ({ lines: [controller.signal.aborted ? 'Cancelled.' : `The warehouse could not be reached: ${(error as Error).message}`], tone: 'error' as const }))
      .then(({ lines, tone }) => dispatch({ type: 'statement-ended', lines, tone }));
  }, [statement?.id]);

  useEffect(() => {
    if (state.phase === 'cancelling') running.current?.abort();
    if (state.exit && (state.exit.atOnce || !state.running)) {
      onExit(state.exit.code, state.exit.atOnce);
      exit();
    }
  }, [state.phase, state.running]);

  return (
    <Box flexDirection="column">
      <Static items={connection === 'connected' ? [{ id: 0, sql: '', lines: [], tone: 'ok' as const }, ...state.log] : []}>
        {(entry) =>
          entry.id === 0 ? (
            <Box key={0} flexDirection="column" marginBottom={1}>
              <Text>Connected to {target}.</Text>
              <Text dimColor>A statement ends with ";" · Up/Down: history · Ctrl-C: cancel or clear · Ctrl-D: leave</Text>
            </Box>
          ) : (
            <Box key={entry.id} flexDirection="column" marginBottom={1}>
              {entry.sql.split('\n').map((line, i) => (
                <Text key={i} dimColor>{(i === 0 ? FIRST : MORE) + line}</Text>
              ))}
              {entry.lines.map((line, i) => (
                // A table's lines are cut at the edge; a message (an error's first line) is read whole.
                <Text key={`o${i}`} color={TONE[entry.tone]} wrap={entry.tone !== 'ok' && i === 0 ? 'wrap' : 'truncate-end'}>{line || ' '}</Text>
              ))}
            </Box>
          )
        }
      </Static>
      {connection !== 'connected' && (
        <Text color={connection === 'connecting' ? undefined : 'red'}>
          {connection === 'connecting' ? `Connecting to ${target}…` : `Could not reach ${target}: ${connection.failed}`}
        </Text>
      )}
      {state.running && <Running sql={state.running.sql} cancelling={state.phase === 'cancelling' || state.phase === 'leaving'} />}
      {(state.phase === 'typing' || (state.phase === 'running' && state.lines.join('') !== '')) && <Editor lines={state.lines} />}
    </Box>
  );
}

function Editor({ lines }: { lines: string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i}>
          <Text color="cyan">{i === 0 ? FIRST : MORE}</Text>
          {line}
          {i === lines.length - 1 && <Text inverse> </Text>}
        </Text>
      ))}
    </Box>
  );
}

function Running({ sql, cancelling }: { sql: string; cancelling: boolean }) {
  const [started] = useState(() => performance.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return (
    <Box flexDirection="column">
      {sql.split('\n').map((line, i) => (
        <Text key={i} dimColor>{(i === 0 ? FIRST : MORE) + line}</Text>
      ))}
      <Text color={cancelling ? 'magenta' : 'yellow'}>
        <Spinner type="dots" /> {cancelling ? 'cancelling on the warehouse… (Ctrl-C again: leave at once)' : `running ${seconds(now - started, 1)} · Ctrl-C cancels it`}
      </Text>
    </Box>
  );
}

/** A key as an intent. */
function intentOf(input: string, key: { ctrl: boolean; meta: boolean; return: boolean; backspace: boolean; delete: boolean; upArrow: boolean; downArrow: boolean }): Action {
  if (key.ctrl && input === 'c') return { type: 'interrupted' };
  if (key.ctrl && input === 'd') return { type: 'input-ended' };
  if (key.return) return { type: 'entered' };
  if (key.backspace || key.delete) return { type: 'erased' };
  if (key.upArrow) return { type: 'history-back' };
  if (key.downArrow) return { type: 'history-forward' };
  return { type: 'typed', text: key.ctrl || key.meta ? '' : input };
}
