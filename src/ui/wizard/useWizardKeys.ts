// The wizard's keys, by screen. Menus and choices are ink-select-input's own (arrows, Enter).

import { useInput } from 'ink';
import type { WizardState } from './state.js';

export interface KeyHandlers {
  interrupt(): void;
  recheck(): void;
  quit(code: number): void;
  typed(text: string): void;
  confirmTyped(): void;
}

export function useWizardKeys(state: WizardState, failedChecks: boolean, on: KeyHandlers): void {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return on.interrupt();
    switch (state.phase) {
      case 'check':
        if (!failedChecks) return;
        if (input === 'r') on.recheck();
        else if (input === 'q') on.quit(state.problems.some((p) => p.severity === 'error') ? 2 : 1);
        return;
      case 'confirm':
        if (key.escape || (input === 'q' && !state.typing)) return on.quit(130);
        if (!state.typing) return;
        if (key.return) on.confirmTyped();
        else if (key.backspace || key.delete) on.typed(state.typed.slice(0, -1));
        else if (input && !key.ctrl && !key.meta) on.typed(state.typed + input);
        return;
      case 'summary':
        // A failed data check leaves with 1, unless the run was told not to (--no-fail-on-check).
        return on.quit(state.progress.outcome?.ok === false ? 1 : 0);
      default:
        return;
    }
  });
}
