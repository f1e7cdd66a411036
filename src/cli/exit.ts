// Exit codes, and Ctrl-C as cancellation, shared by the commands.

import { onInterrupt } from '../pipeline/interrupt.js';

export { EXIT } from '../pipeline/exitCodes.js';

/** Runs `work` with Ctrl-C (and SIGTERM) aborting its signal; a second Ctrl-C leaves at once. */
export async function withCancel<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const cancel = new AbortController();
  const stopListening = onInterrupt(() => cancel.abort());
  try {
    return await work(cancel.signal);
  } finally {
    stopListening();
  }
}
