// Renders the wizard and resolves to its exit code.

import { render } from 'ink';
import { App, type WizardProps } from './App.js';

export async function runWizard(props: Omit<WizardProps, 'onExit'>): Promise<number> {
  let code = 0;
  const instance = render(<App {...props} onExit={(c) => (code = c)} />, { exitOnCtrlC: false });
  await instance.waitUntilExit();
  return code;
}
