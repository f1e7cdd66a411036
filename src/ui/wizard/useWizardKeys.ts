// The wizard's keys, by screen, as intents. Menus and choices are ink-select-input's own (arrows,
// Enter); whether a key means anything on its screen is the reducer's to decide.

import { useInput } from 'ink';
import type { Dispatch } from 'react';
import type { Intent, WizardState } from './state.js';

export function useWizardKeys(state: WizardState, dispatch: Dispatch<Intent>): void {
  useInput((input, key) => {
    if (key.ctrl && input === 'c') return dispatch({ type: 'cancel-requested' });
    switch (state.phase) {
      case 'check':
        if (input === 'r') dispatch({ type: 'recheck-requested' });
        else if (input === 'q') dispatch({ type: 'quit-requested' });
        return;
      case 'confirm':
        if (key.escape || (input === 'q' && !state.typing)) return dispatch({ type: 'quit-requested' });
        if (!state.typing) return;
        if (key.return) dispatch({ type: 'name-entered' });
        else if (key.backspace || key.delete) dispatch({ type: 'name-typed', text: state.typed.slice(0, -1) });
        else if (input && !key.ctrl && !key.meta) dispatch({ type: 'name-typed', text: state.typed + input });
        return;
      case 'summary':
        return dispatch({ type: 'quit-requested' }); // any key
      default:
        return;
    }
  });
}
