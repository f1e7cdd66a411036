// Renders the wizard and resolves to its exit code.

import { render } from 'ink';
import { EXIT } from '../../pipeline/exitCodes.js';
import { leaveAtOnce } from '../../pipeline/interrupt.js';
import { pacedInput } from '../pacedInput.js';
import { App, type WizardProps } from './App.js';

export async function runWizard(props: Omit<WizardProps, 'onExit'>): Promise<number> {
  let code: number = EXIT.ok;
  let atOnce = false;
  const onExit = (exitCode: number, now: boolean) => {
    code = exitCode;
    atOnce = now;
  };
  // Keys one at a time, each on the screen the last one left (pacedInput.ts).
  const instance = render(<App {...props} onExit={onExit} />, { exitOnCtrlC: false, stdin: pacedInput(process.stdin) });
  await instance.waitUntilExit();
  // A second Ctrl-C does not wait for the statements still being cancelled.
  if (atOnce) leaveAtOnce();
  return code;
}
