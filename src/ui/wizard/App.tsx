// The wizard: start, config check, confirm reset, progress, failure or summary. The flow is the
// reducer's (state.ts), the work its effects' (useWizardEffects); here are the one way out,
// through exit(), and the screen each phase shows.

import { Box, Static, Text, useApp } from 'ink';
import Spinner from 'ink-spinner';
import { useCallback, useReducer, type Dispatch, type ReactNode } from 'react';
import { describeTarget, type Settings } from '../../config/target.js';
import { EXIT } from '../../pipeline/exitCodes.js';
import { TABLES } from '../../sql/schema.js';
import type { WizardProps } from './props.js';
import { configFile, hasErrors, initialState, wizardReducer, type Intent, type Phase, type WizardState } from './state.js';
import { useWizardEffects, type Leave } from './useWizardEffects.js';
import { useWizardKeys } from './useWizardKeys.js';
import { ConfigCheck } from './views/ConfigCheck.js';
import { ConfirmReset } from './views/ConfirmReset.js';
import { Failure } from './views/Failure.js';
import { PrintedScreen } from './views/PrintedScreen.js';
import { Progress } from './views/Progress.js';
import { ConfigCreated, StartMenu } from './views/StartMenu.js';
import { Summary } from './views/Summary.js';

export type { WizardProps };

export function App(props: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, props, initialState);
  const { exit } = useApp();
  const leave = useCallback<Leave>(
    (code, atOnce) => {
      props.onExit(code, atOnce);
      exit();
    },
    [props, exit],
  );
  useWizardEffects(state, dispatch, props, leave);
  useWizardKeys(state, dispatch);
  return (
    <Box flexDirection="column">
      <Static items={state.printed}>{(item) => <PrintedScreen key={item.key} item={item} />}</Static>
      {SCREENS[state.phase]({ state, dispatch, cwd: props.cwd, queryCommand: props.queryCommand })}
    </Box>
  );
}

interface ScreenProps {
  state: WizardState;
  dispatch: Dispatch<Intent>;
  cwd: string;
  queryCommand: WizardProps['queryCommand'];
}

const SCREENS: Record<Phase, (props: ScreenProps) => ReactNode> = {
  loading: () => (
    <Text>
      <Spinner type="dots" /> Reading the config (the first local run also prepares the sample data)…
    </Text>
  ),
  menu: ({ cwd, dispatch }) => <StartMenu cwd={cwd} onChoose={(choice) => dispatch({ type: 'menu-chosen', choice })} />,
  creating: () => null,
  check: ({ state }) => (
    <>
      <TargetLine settings={state.settings} />
      <Checks state={state} />
    </>
  ),
  confirm: ({ state, dispatch }) =>
    state.settings && (
      <>
        <TargetLine settings={state.settings} />
        <ConfirmReset
          target={describeTarget(state.settings.target)}
          database={state.settings.target.kind === 'local' ? undefined : state.settings.target.database}
          counts={state.counts}
          countsError={state.countsError}
          tables={TABLES.map((t) => t.name)}
          typing={state.typing}
          typed={state.typed}
          canSwap={state.kind === 'run'}
          preferSwap={state.strategy === 'swap'}
          onChoose={(choice) => dispatch({ type: CONFIRMED[choice] })}
        />
      </>
    ),
  running: ({ state }) => <Progress state={state.progress} />,
  failure: ({ state, dispatch }) => (
    <Failure
      failed={state.progress.steps.filter((s) => s.status === 'failed')}
      skipped={state.progress.steps.filter((s) => s.status === 'skipped')}
      unchanged={state.unchanged}
      canRetry={state.end === 'not-built'}
      onChoose={(retry) => dispatch({ type: retry ? 'retry-requested' : 'quit-requested' })}
    />
  ),
  summary: ({ state, queryCommand }) => state.settings && <Summary state={state.progress} target={state.settings.target} queryCommand={queryCommand?.(state.settings)} waitForKey />,
  // What the wizard leaves on the screen: what it wrote, what stopped it, or what it built (the
  // checks that stopped it are printed above as they were, leave() in state.ts).
  exiting: ({ state, queryCommand }) => (
    <>
      {state.createdConfig && <ConfigCreated path={state.createdConfig.path} keys={state.createdConfig.keys} />}
      {!state.progress.outcome?.built && state.progress.steps.some((s) => s.status === 'failed') && (
        <Failure failed={state.progress.steps.filter((s) => s.status === 'failed')} skipped={state.progress.steps.filter((s) => s.status === 'skipped')} />
      )}
      {state.settings && state.progress.outcome?.built && <Summary state={state.progress} target={state.settings.target} queryCommand={queryCommand?.(state.settings)} waitForKey={false} />}
      {state.message && (
        <Box marginTop={1}>
          <Text color={state.exitCode === EXIT.ok ? 'green' : 'yellow'}>{state.message}</Text>
        </Box>
      )}
    </>
  ),
};

const CONFIRMED = { cancel: 'quit-requested', reset: 'reset-confirmed', swap: 'swap-confirmed' } as const;

function TargetLine({ settings }: { settings?: Settings }) {
  return settings ? <Text dimColor wrap="truncate-end">Target: {describeTarget(settings.target)}</Text> : null;
}

function Checks({ state }: { state: WizardState }) {
  return <ConfigCheck file={configFile(state)} probes={state.probes} problems={state.problems} failed={hasErrors(state)} />;
}
