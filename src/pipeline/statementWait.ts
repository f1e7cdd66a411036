// Waiting for a statement the Data API runs: long-polling DescribeStatement until it completes
// (within a deadline, if it has one), and cancelling it with a bounded wait for it to stop. The
// runner's steps and the query command wait the same way.

import { setTimeout as sleep } from 'node:timers/promises';
import type { DataApi } from './dataApiClient.js';
import { LONG_POLL_SECONDS, TERMINAL, type DataApiStatus, type Description } from './dataApiModel.js';
import type { StepStatus } from './events.js';
import type { CallOptions } from './retryPolicy.js';

const MAX_BACKOFF_MS = 2000;
const FIRST_LOOK_SECONDS = 1;

/** The statement ran past its deadline. */
export class StatementTimeout extends Error {}

/**
 * Waits for a statement to complete. The first call is held for a second: a short statement is
 * done by then, a longer one shows itself started. Then each call is held until completion
 * (long-polling), so completion is seen at once, with 1 + ceil(duration / 30 s) calls at most.
 * An endpoint that does not hold calls is polled with backoff.
 */
export async function waitFor(
  api: DataApi,
  id: string,
  calls: CallOptions & { signal: AbortSignal },
  deadline: number | undefined,
  onStatus: (status: 'picked' | 'started', d: Description) => void,
): Promise<Description> {
  let seen: DataApiStatus = 'SUBMITTED';
  const report = (d: Description) => {
    for (const status of ['PICKED', 'STARTED'] as const) {
      if (rank(d.status) >= rank(status) && rank(seen) < rank(status) && !TERMINAL.has(d.status)) onStatus(status === 'PICKED' ? 'picked' : 'started', d);
    }
    if (rank(d.status) > rank(seen)) seen = d.status;
  };
  // Each wait is cut short by the statement's deadline, if it has one.
  const waitSeconds = (most: number) => (deadline === undefined ? most : Math.max(0, Math.min(most, Math.floor((deadline - performance.now()) / 1000))));
  let d = await api.describe(id, waitSeconds(FIRST_LOOK_SECONDS), calls);
  report(d);
  let backoff = 100;
  while (!TERMINAL.has(d.status)) {
    if (deadline !== undefined && performance.now() >= deadline) throw new StatementTimeout();
    const asked = performance.now();
    const wait = waitSeconds(LONG_POLL_SECONDS);
    d = await api.describe(id, wait, calls);
    report(d);
    if (!TERMINAL.has(d.status) && performance.now() - asked < (wait * 1000) / 2) {
      await sleep(deadline === undefined ? backoff : Math.min(backoff, Math.max(0, deadline - performance.now())), undefined, { signal: calls.signal });
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
  return d;
}

const ORDER: DataApiStatus[] = ['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'FAILED', 'ABORTED'];
function rank(status: DataApiStatus): number {
  return Math.min(ORDER.indexOf(status), 3); // the three endings rank alike
}

/** Cancels a statement and waits, bounded, until it has stopped; returns how it ended. */
export async function stop(api: DataApi, id: string, timeoutMs: number): Promise<StepStatus> {
  try {
    await api.cancel(id);
  } catch {
    // Already complete: the description below says how it ended.
  }
  const deadline = performance.now() + timeoutMs;
  let status: DataApiStatus = 'STARTED';
  while (performance.now() < deadline) {
    try {
      status = (await api.describe(id, Math.max(1, Math.min(LONG_POLL_SECONDS, Math.floor((deadline - performance.now()) / 1000))))).status;
    } catch {
      break;
    }
    if (TERMINAL.has(status)) break;
  }
  return status.toLowerCase() as StepStatus;
}
