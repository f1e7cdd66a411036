// What the end of a run means to whoever started it: whether the warehouse is built, how the run
// ended, the exit code that says so, and the sentence to print. The command line and the wizard
// both run plans through here, so a time limit, a cancel or a failed check means one thing.

import { EXIT, type ExitCode } from './exitCodes.js';
import type { Plan } from './plan.js';
import { swapped } from './rebuild.js';
import { runPlan, type RunOptions, type RunSummary, type StepOutcome } from './runner.js';

/**
 * How a run ended, the most telling first: stopped by its time limit, stopped by the user, a step
 * did not finish, every step finished but a data check failed, or all is well.
 */
export type RunEnd = 'timed-out' | 'cancelled' | 'not-built' | 'untrusted' | 'ok';

export const EXIT_CODE: Record<RunEnd, ExitCode> = {
  'timed-out': EXIT.failed,
  cancelled: EXIT.cancelled,
  'not-built': EXIT.failed,
  untrusted: EXIT.failed,
  ok: EXIT.ok,
};

export interface RunResult {
  summary: RunSummary;
  end: RunEnd;
  /** The time limit the run had, if it had one. */
  timeoutMs?: number;
  /** The titles of the steps that failed ("COPY staging_events"). */
  failedSteps: string[];
  /** A rebuild beside the live tables that did not swap them in: the live tables are as they were. */
  liveUnchanged: boolean;
}

/**
 * Built: not cancelled, and every step finished, so every table is loaded (a data check may still
 * have failed). A summary event carries no outcomes: it is judged by the steps that failed.
 */
export function isBuilt(run: { cancelled: boolean; failed: readonly string[]; outcomes?: ReadonlyMap<string, StepOutcome> }): boolean {
  if (run.cancelled || run.failed.length > 0) return false;
  return [...(run.outcomes?.values() ?? [])].every((o) => o.status === 'finished');
}

export function runEnd(summary: RunSummary, timedOut = false): RunEnd {
  if (timedOut) return 'timed-out';
  if (summary.cancelled) return 'cancelled';
  if (summary.ok) return 'ok';
  // Every step that ran finished, but a check failed: built, or (beside the live tables) not swapped in.
  const checkFailed = (summary.checks ?? []).some((c) => c.status === 'fail');
  return isBuilt(summary) || (checkFailed && summary.failed.length === 0) ? 'untrusted' : 'not-built';
}

/** Runs a plan until it ends, `signal` cancels it, or it passes `timeoutMs`; says how it ended. */
export async function runToEnd(plan: Plan, options: RunOptions & { timeoutMs?: number }): Promise<RunResult> {
  const { timeoutMs, signal: cancel, ...run } = options;
  const deadline = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const stops = [cancel, deadline].filter((s): s is AbortSignal => s !== undefined);
  const summary = await runPlan(plan, { ...run, signal: stops.length > 1 ? AbortSignal.any(stops) : stops[0] });
  // The limit ended the run only if the run was stopped, and not by the user first.
  const timedOut = summary.cancelled && deadline?.aborted === true && !cancel?.aborted;
  const failedSteps = plan.steps.filter((s) => summary.failed.includes(s.id)).map((s) => s.title);
  const liveUnchanged = plan.helpers !== undefined && !swapped(plan, summary);
  return { summary, end: runEnd(summary, timedOut), timeoutMs, failedSteps, liveUnchanged };
}

/**
 * What to say when a run ends so, beyond what its report already shows; nothing when all is well.
 * `limitName` is how the front end's user set the time limit (a flag), said beside it.
 */
export function endMessage(result: Pick<RunResult, 'end' | 'timeoutMs' | 'failedSteps' | 'liveUnchanged' | 'summary'>, limitName?: string): string | undefined {
  const { end, timeoutMs, failedSteps, liveUnchanged } = result;
  const unchanged = liveUnchanged ? ' The live warehouse is unchanged.' : '';
  switch (end) {
    case 'timed-out':
      return `The run did not finish within ${(timeoutMs ?? 0) / 1000} s${limitName ? ` (${limitName})` : ''}: its statements were cancelled.${unchanged}`;
    case 'cancelled':
      return `Cancelled: no statement is left running.${unchanged}`;
    case 'untrusted': {
      if (!liveUnchanged) return 'A data check failed: the warehouse cannot be trusted yet (see above).';
      const failed = (result.summary.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.title);
      return `A data check failed on the new tables (${failed.join(', ')}): they were not swapped in.${unchanged}`;
    }
    case 'not-built':
      return liveUnchanged ? `${failedSteps.length > 0 ? `${failedSteps.join(', ')} failed` : 'The rebuild did not finish'}: nothing was swapped in.${unchanged}` : undefined;
    case 'ok':
      return undefined;
  }
}
