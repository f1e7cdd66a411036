// Exit codes, and Ctrl-C as cancellation, shared by the commands.

export const EXIT = { ok: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** Runs `work` with Ctrl-C (and SIGTERM) aborting its signal; a second Ctrl-C leaves at once. */
export async function withCancel<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController();
  const onSignal = () => {
    if (cancel.signal.aborted) process.exit(EXIT.cancelled);
    cancel.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(cancel.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
