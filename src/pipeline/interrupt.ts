// Ctrl-C and SIGTERM as every front end honours them: the first asks the work to stop and lets it
// clean up (cancel its statements, close the warehouse); a second, while it does, leaves at once.

import { EXIT } from './exitCodes.js';

/** Calls `stop` on the first Ctrl-C or SIGTERM; a second leaves at once. Returns how to stop listening. */
export function onInterrupt(stop: (signal: NodeJS.Signals) => void): () => void {
  let stopping = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (stopping) leaveAtOnce();
    stopping = true;
    stop(signal);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  return () => {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  };
}

/** Ends the process without waiting for the statements still being cancelled. */
export function leaveAtOnce(): never {
  process.exit(EXIT.cancelled);
}
