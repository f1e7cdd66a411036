// What each phase asks of the world: read the settings, write a config, connect and check, count
// the rows a reset would drop, run the plan, and let go of the warehouse before leaving. Each
// effect answers with intents; the reducer decides what they mean.

import { useEffect, useRef, type Dispatch, type RefObject } from 'react';
import { describeTarget } from '../../config/target.js';
import type { Connection } from '../../pipeline/connection.js';
import { EXIT, type ExitCode } from '../../pipeline/exitCodes.js';
import { currentRowCounts } from '../../pipeline/inspect.js';
import { runToEnd } from '../../pipeline/outcome.js';
import { buildPlan, type Plan } from '../../pipeline/plan.js';
import { discardHelpers, rebuildFrom } from '../../pipeline/rebuild.js';
import type { RunSummary } from '../../pipeline/runner.js';
import { preflightProbes, runProbes } from '../../pipeline/preflight.js';
import type { WizardProps } from './props.js';
import { hasConfigErrors, type Intent, type WizardState } from './state.js';

/** How the wizard leaves: with this code, and at once or after letting go of the warehouse. */
export type Leave = (code: ExitCode, atOnce: boolean) => void;

// Each effect runs when its phase begins: a phase asks for its work once.
export function useWizardEffects(state: WizardState, dispatch: Dispatch<Intent>, props: WizardProps, leave: Leave): void {
  /** Made on the check screen, kept until the wizard leaves or reads the config again. */
  const connection = useRef<Promise<Connection> | undefined>(undefined);
  /** Aborted when the wizard leaves: checks in flight stop their calls (and their retries). */
  const leaving = useRef(new AbortController());
  /** Cancels the run in progress. */
  const run = useRef<AbortController | undefined>(undefined);
  /** The plan, made when the first run starts and kept for retries (a rebuild keeps its tables' names). */
  const plan = useRef<Promise<Plan> | undefined>(undefined);
  /** How the last run ended: what a rebuild beside the live tables leaves to drop. */
  const lastRun = useRef<RunSummary | undefined>(undefined);
  const { phase, settings } = state;
  const failed = (error: Error) => dispatch({ type: 'failed', message: error.message });

  useEffect(() => {
    if (phase !== 'loading') return;
    void release(connection); // checking again starts from a new connection
    const read = state.source === 'local'
      ? props.localSettings().then((local) => ({ settings: local, problems: [], noConfig: false }))
      : props.load();
    plan.current = undefined; // made again from the settings read now
    read.then((loaded) => dispatch({ type: 'config-loaded', ...loaded }), failed);
  }, [phase]);

  useEffect(() => {
    if (phase !== 'creating') return;
    props.createConfig().then(({ path, keys }) => dispatch({ type: 'config-created', path, keys }), failed);
  }, [phase]);

  // The config is checked as it is read; then the target and the data, all at once.
  useEffect(() => {
    if (phase !== 'check' || !settings || hasConfigErrors(state)) return;
    let current = true; // checking again, or leaving, makes these answers stale
    const report = (intent: Intent) => current && dispatch(intent);
    connection.current ??= props.connect(settings);
    connection.current.then(
      async (made) => {
        await runProbes(preflightProbes(settings, made), (row) => report({ type: 'probe-changed', row }), leaving.current.signal);
        report({ type: 'preflight-finished' });
      },
      (error: Error) => report({ type: 'probe-changed', row: { id: 'target', title: 'the target answers', status: 'error', detail: error.message } }),
    );
    return () => {
      current = false;
    };
  }, [phase, settings, state.problems]);

  useEffect(() => {
    if (phase !== 'confirm' || !connection.current) return;
    connection.current.then(({ api }) => currentRowCounts(api)).then(
      (counts) => dispatch({ type: 'rows-counted', counts }),
      (error: Error) => dispatch({ type: 'rows-counted', error: error.message }),
    );
  }, [phase]);

  // A run, and each retry: only what has not finished yet.
  useEffect(() => {
    if (phase !== 'running' || !settings || !connection.current) return;
    const cancel = new AbortController();
    run.current = cancel;
    connection.current
      .then(async ({ api }) => {
        // run looks first at what is there: the live tables to swap out, what a killed rebuild left.
        plan.current ??= state.kind === 'run' ? rebuildFrom(api, state.strategy === 'swap').then((r) => buildPlan('run', settings.sources, r)) : Promise.resolve(buildPlan(state.kind, settings.sources));
        return runToEnd(await plan.current, {
          api,
          target: describeTarget(settings.target),
          concurrency: props.concurrency,
          timeoutMs: props.runTimeoutMs,
          statementTimeoutMs: props.statementTimeoutMs,
          failOnCheck: props.failOnCheck,
          loadProgress: props.loadProgress,
          alreadyDone: state.finished,
          signal: cancel.signal,
          onEvent: (event) => dispatch({ type: 'run-progressed', event, now: Date.now() }),
        });
      })
      .then((result) => {
        lastRun.current = result.summary;
        dispatch({ type: 'run-finished', result });
      }, failed);
  }, [phase]);

  useEffect(() => {
    if (state.cancelRequested) run.current?.abort();
  }, [state.cancelRequested]);

  // The connection is closed before leaving, even one still being made (Ctrl-C while checking),
  // unless a second Ctrl-C asked not to wait.
  useEffect(() => {
    if (phase !== 'exiting') return;
    leaving.current.abort();
    const code = state.exitCode ?? EXIT.ok;
    if (state.atOnce) return leave(code, true);
    // A rebuild beside the live tables that did not swap drops what it built (errors: the next run does).
    const discard = async () => {
      const [made, ran, done] = [connection.current, plan.current, lastRun.current];
      if (made && ran && done) await discardHelpers((await made).api, await ran, done);
    };
    void discard()
      .catch(() => undefined)
      .then(() => release(connection))
      .then(() => leave(code, false));
  }, [phase]);

  // A signal means what Ctrl-C means; in the terminal Ctrl-C is a key (useWizardKeys).
  useEffect(() => {
    const interrupt = () => dispatch({ type: 'cancel-requested' });
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    return () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    };
  }, [dispatch]);
}

/** Forgets the connection and closes it once it is made; never fails. */
function release(connection: RefObject<Promise<Connection> | undefined>): Promise<void> {
  const made = connection.current;
  connection.current = undefined;
  return (made ?? Promise.resolve(undefined)).then((c) => c?.close()).catch(() => undefined);
}
