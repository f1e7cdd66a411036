// Renders the query prompt and resolves to its exit code.

import { render } from 'ink';
import { EXIT } from '../../pipeline/exitCodes.js';
import { leaveAtOnce } from '../../pipeline/interrupt.js';
import { QueryPrompt, type QueryPromptProps } from './QueryPrompt.js';

export async function runQueryPrompt(props: Omit<QueryPromptProps, 'onExit'>): Promise<number> {
  let code: number = EXIT.ok;
  let atOnce = false;
  const instance = render(
    <QueryPrompt
      {...props}
      onExit={(exitCode, now) => {
        code = exitCode;
        atOnce = now;
      }}
    />,
    { exitOnCtrlC: false },
  );
  await instance.waitUntilExit();
  // A second Ctrl-C does not wait for the statement still being cancelled.
  if (atOnce) leaveAtOnce();
  return code;
}
