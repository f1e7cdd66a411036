// The wizard: start, config check, confirm reset, progress, failure or summary. This component
// owns the effects and the one call to exit(); the screens only draw the state.

import { Box, Static, Text, useApp } from 'ink';
import Spinner from 'ink-spinner';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Problem } from '../../config/problem.js';
import { describeTarget, type Settings } from '../../config/target.js';
import type { Connection } from '../../pipeline/connection.js';
import { currentRowCounts } from '../../pipeline/inspect.js';
import { buildPlan, type PlanKind } from '../../pipeline/plan.js';
import { preflightChecks } from '../../pipeline/preflight.js';
import { runPlan, type StepOutcome } from '../../pipeline/runner.js';
import { TABLES } from '../../sql/schema.js';
import { hasErrors, initialState, wizardReducer } from './state.js';
import { useWizardKeys } from './useWizardKeys.js';
import { ConfigCheck } from './views/ConfigCheck.js';
import { ConfirmReset } from './views/ConfirmReset.js';
import { DataChecks } from './views/DataChecks.js';
import { Failure } from './views/Failure.js';
import { ListenerInsights } from './views/ListenerInsights.js';
import { Progress } from './views/Progress.js';
import { ConfigCreated, StartMenu, type MenuChoice } from './views/StartMenu.js';
import { Summary } from './views/Summary.js';

export interface WizardProps {
  kind: PlanKind;
  /** --yes: no confirmation, and no key press at the end. */
  yes: boolean;
  concurrency: number;
  /** --timeout and --statement-timeout, in milliseconds. */
  runTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Whether a failed data check makes the exit code 1 (default true; --no-fail-on-check). */
  failOnCheck?: boolean;
  cwd: string;
  /** Reads and checks the config (again, on r). */
  load(): Promise<{ settings?: Settings; problems: Problem[]; noConfig: boolean }>;
  /** Settings for the local warehouse on the bundled sample data. */
  localSettings(): Promise<Settings>;
  /** Writes sparkify.cfg from the example; returns where, and the keys left to fill. */
  createConfig(): Promise<{ path: string; keys: string[] }>;
  connect(settings: Settings): Promise<Connection>;
  onExit(code: number): void;
}

export function App(props: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialState);
  const { exit } = useApp();
  const connection = useRef<Connection | undefined>(undefined);
  /** A connection being made: leaving while it is under way must still close what it makes. */
  const connecting = useRef<Promise<Connection> | undefined>(undefined);
  /** Aborted when the wizard leaves: checks in flight stop their calls (and their retries). */
  const leaving = useRef(new AbortController());
  const cancel = useRef<AbortController | undefined>(undefined);
  const finished = useRef(new Map<string, StepOutcome>());
  const { settings } = state;
  const plan = useMemo(() => settings && buildPlan(props.kind, settings.sources), [settings, props.kind]);
  const failedChecks = hasErrors(state);

  const quit = useCallback(
    (code: number, message = code === 130 ? 'Cancelled: nothing was changed.' : undefined) => dispatch({ type: 'exit', code, message }),
    [],
  );
  const load = useCallback(() => {
    props.load().then((loaded) => dispatch({ type: 'loaded', ...loaded }), (error: Error) => quit(1, error.message));
  }, [props, quit]);

  useEffect(load, [load]);

  // Config check: the config itself, then the target and the data.
  useEffect(() => {
    if (state.phase !== 'check' || !settings || state.problems.some((p) => p.severity === 'error')) return;
    let current = true;
    void (async () => {
      try {
        connecting.current ??= props.connect(settings);
        connection.current ??= await connecting.current;
      } catch (error) {
        dispatch({ type: 'check', row: { id: 'target', title: 'the target answers', status: 'error', detail: (error as Error).message } });
        return;
      }
      // The checks are independent: they run at once, each row with its own spinner.
      const checks = preflightChecks(settings, connection.current.api, connection.current.countObjects);
      const results = await Promise.all(
        checks.map(async (c) => {
          dispatch({ type: 'check', row: { id: c.id, title: c.title, status: 'running' } });
          try {
            dispatch({ type: 'check', row: { id: c.id, title: c.title, status: 'ok', detail: await c.run(leaving.current.signal) } });
            return true;
          } catch (error) {
            dispatch({ type: 'check', row: { id: c.id, title: c.title, status: 'error', detail: (error as Error).message } });
            return false;
          }
        }),
      );
      if (current && results.every(Boolean)) dispatch({ type: 'phase', phase: props.kind === 'etl' || props.yes ? 'running' : 'confirm' });
    })();
    return () => {
      current = false;
    };
  }, [state.phase, settings, state.problems, props]);

  // Confirm: what the reset would destroy.
  useEffect(() => {
    if (state.phase !== 'confirm' || !connection.current) return;
    currentRowCounts(connection.current.api).then(
      (counts) => dispatch({ type: 'counts', counts }),
      (error: Error) => dispatch({ type: 'counts', error: error.message }),
    );
  }, [state.phase]);

  // Run (and retry): only what has not finished yet.
  useEffect(() => {
    if (state.phase !== 'running' || !plan || !settings || !connection.current) return;
    const controller = new AbortController();
    cancel.current = controller;
    const deadline = props.runTimeoutMs === undefined ? undefined : AbortSignal.timeout(props.runTimeoutMs);
    runPlan(plan, {
      api: connection.current.api,
      target: describeTarget(settings.target),
      concurrency: props.concurrency,
      statementTimeoutMs: props.statementTimeoutMs,
      signal: deadline ? AbortSignal.any([controller.signal, deadline]) : controller.signal,
      alreadyDone: finished.current,
      failOnCheck: props.failOnCheck,
      onEvent: (event) => dispatch({ type: 'pipeline', event, now: Date.now() }),
    }).then(
      (summary) => {
        finished.current = new Map([...summary.outcomes].filter(([, o]) => o.status === 'finished'));
        // Built: every step finished. A failed data check is shown in the summary, not retried.
        const built = !summary.cancelled && summary.failed.length === 0 && [...summary.outcomes.values()].every((o) => o.status === 'finished');
        if (deadline?.aborted && !controller.signal.aborted) quit(1, `The run did not finish within ${props.runTimeoutMs! / 1000} s (--timeout): its statements were cancelled.`);
        else if (summary.cancelled) quit(130, 'Cancelled: no statement is left running.');
        else if (built && props.yes) quit(summary.ok ? 0 : 1, summary.ok ? undefined : 'A data check failed: the warehouse cannot be trusted yet (see above).');
        else dispatch({ type: 'phase', phase: built ? 'summary' : 'failure' });
      },
      (error: Error) => quit(1, error.message),
    );
  }, [state.phase, plan, settings, props, quit]);

  // Leaving: let go of the warehouse, then unmount with the exit code.
  useEffect(() => {
    if (state.phase !== 'exiting') return;
    leaving.current.abort();
    // The connection, even one still being made when the user left (Ctrl-C on the check screen).
    const close = (connecting.current ?? Promise.resolve(connection.current)).then((c) => c?.close());
    close.catch(() => undefined).finally(() => {
      props.onExit(state.exitCode ?? 0);
      exit();
    });
  }, [state.phase, state.exitCode, props, exit]);

  const interrupt = useCallback(() => {
    if (state.phase === 'running' && cancel.current) {
      if (cancel.current.signal.aborted) {
        props.onExit(130);
        process.exit(130); // a second Ctrl-C leaves at once
      }
      cancel.current.abort();
    } else {
      quit(130);
    }
  }, [state.phase, props, quit]);

  useEffect(() => {
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    return () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    };
  }, [interrupt]);

  useWizardKeys(state, failedChecks, {
    interrupt,
    quit,
    recheck() {
      const old = connection.current;
      connection.current = undefined;
      connecting.current = undefined;
      void old?.close();
      dispatch({ type: 'phase', phase: 'loading' });
      load();
    },
    typed: (text) => dispatch({ type: 'typed', text }),
    confirmTyped() {
      if (settings && settings.target.kind !== 'local' && state.typed === settings.target.database) dispatch({ type: 'phase', phase: 'running' });
    },
  });

  const chooseMenu = (choice: MenuChoice) => {
    if (choice === 'quit') return quit(0);
    if (choice === 'create') {
      props.createConfig().then(
        ({ path, keys }) => {
          dispatch({ type: 'created', path, keys });
          quit(0);
        },
        (error: Error) => quit(1, error.message),
      );
      return;
    }
    dispatch({ type: 'phase', phase: 'loading' });
    props.localSettings().then(
      (local) => dispatch({ type: 'loaded', settings: local, problems: [], noConfig: false }),
      (error: Error) => quit(1, error.message),
    );
  };

  const target = settings ? describeTarget(settings.target) : '';
  return (
    <Box flexDirection="column">
      <Static items={state.printed}>
        {(item) => (
          <Box key={item.key} flexDirection="column" marginBottom={1}>
            {item.kind === 'checks' && <ConfigCheck file={settings?.file} checks={item.checks} problems={item.problems} failed={false} />}
            {item.kind === 'progress' && <Progress state={item.progress} />}
            {item.kind === 'results' && (
              <Box flexDirection="column" gap={1}>
                {item.checks && <DataChecks checks={item.checks} />}
                {item.insights && <ListenerInsights insights={item.insights} />}
              </Box>
            )}
          </Box>
        )}
      </Static>
      {state.phase === 'loading' && (
        <Text>
          <Spinner type="dots" /> Reading the config (the first local run also prepares the sample data)…
        </Text>
      )}
      {state.phase === 'menu' && <StartMenu cwd={props.cwd} onChoose={chooseMenu} />}
      {state.createdConfig && <ConfigCreated path={state.createdConfig.path} keys={state.createdConfig.keys} />}
      {settings && (state.phase === 'check' || state.phase === 'confirm') && (
        <Text dimColor wrap="truncate-end">Target: {target}</Text>
      )}
      {(state.phase === 'check' || (state.phase === 'exiting' && state.problems.some((p) => p.severity === 'error'))) && (
        <ConfigCheck file={settings?.file ?? state.problems[0]?.file} checks={state.checks} problems={state.problems} failed={failedChecks} />
      )}
      {state.phase === 'confirm' && settings && (
        <ConfirmReset
          target={target}
          database={settings.target.kind === 'local' ? undefined : settings.target.database}
          counts={state.counts}
          countsError={state.countsError}
          tables={TABLES.map((t) => t.name)}
          typing={state.typing}
          typed={state.typed}
          onChoose={(drop) => {
            if (!drop) quit(130);
            else if (settings.target.kind === 'local') dispatch({ type: 'phase', phase: 'running' });
            else dispatch({ type: 'typing' });
          }}
        />
      )}
      {state.phase === 'running' && <Progress state={state.progress} />}
      {state.phase === 'failure' && (
        <Failure
          failed={state.progress.steps.filter((s) => s.status === 'failed')}
          skipped={state.progress.steps.filter((s) => s.status === 'skipped')}
          onChoose={(retry) => (retry ? dispatch({ type: 'phase', phase: 'running' }) : quit(1))}
        />
      )}
      {settings && state.progress.outcome?.built && (state.phase === 'summary' || state.phase === 'exiting') && (
        <Summary state={state.progress} target={settings.target} waitForKey={state.phase === 'summary'} />
      )}
      {state.phase === 'exiting' && state.message && (
        <Box marginTop={1}>
          <Text color={state.exitCode === 0 ? 'green' : 'yellow'}>{state.message}</Text>
        </Box>
      )}
    </Box>
  );
}
