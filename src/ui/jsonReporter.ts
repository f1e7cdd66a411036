// One JSON object per line on stdout, one per pipeline event, ending with the summary.

import type { PipelineEvent } from '../pipeline/events.js';

export function jsonReporter(write: (line: string) => void): (event: PipelineEvent) => void {
  return (event) => write(JSON.stringify(event));
}
