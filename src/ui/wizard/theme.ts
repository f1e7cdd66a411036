// How each status looks: a word (always), a symbol and a colour (when colour is on).

import type { StepStatus } from '../../pipeline/events.js';

export const STATUS_LOOK: Record<StepStatus, { symbol: string; color: string; word: string }> = {
  queued: { symbol: '○', color: 'gray', word: 'queued' },
  submitted: { symbol: '◔', color: 'cyan', word: 'submitted' },
  picked: { symbol: '◑', color: 'cyan', word: 'picked' },
  started: { symbol: '◕', color: 'yellow', word: 'started' },
  finished: { symbol: '✔', color: 'green', word: 'finished' },
  failed: { symbol: '✖', color: 'red', word: 'failed' },
  aborted: { symbol: '■', color: 'magenta', word: 'aborted' },
  skipped: { symbol: '⊘', color: 'gray', word: 'skipped' },
};

export const CHECK_LOOK = {
  waiting: { symbol: '○', color: 'gray', word: 'waiting' },
  running: { symbol: '…', color: 'yellow', word: 'checking' },
  ok: { symbol: '✔', color: 'green', word: 'ok' },
  error: { symbol: '✖', color: 'red', word: 'error' },
  unchecked: { symbol: '?', color: 'yellow', word: 'unchecked' },
} as const;

/** The data checks after a run: a warning is not a failure, and looks it. */
export const DATA_CHECK_LOOK = {
  pass: { symbol: '✔', color: 'green', word: 'pass' },
  warn: { symbol: '!', color: 'yellow', word: 'warn' },
  fail: { symbol: '✖', color: 'red', word: 'fail' },
} as const;
