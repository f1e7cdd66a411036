// The query prompt's state and the intents that change it, in one pure reducer: what was typed,
// the history, and whether a statement is running, being cancelled, or the prompt is leaving.

export type Phase = 'typing' | 'running' | 'cancelling' | 'leaving';

/** A statement that ended, and what it printed. */
export interface Entry {
  id: number;
  sql: string;
  lines: string[];
  tone: 'ok' | 'error' | 'cancelled';
}

export interface PromptState {
  /** The statement being typed, a string per line. */
  lines: string[];
  /** Earlier statements, oldest first. */
  history: string[];
  /** Which of them Up and Down show, while browsing; `draft` keeps what was typed before. */
  recall?: number;
  draft: string[];
  phase: Phase;
  running?: { id: number; sql: string };
  /** Statements that ended, for the scrollback. */
  log: Entry[];
  nextId: number;
  /** Set when leaving: the exit code, and whether to leave without waiting for a cancel. */
  exit?: { code: number; atOnce: boolean };
}

export type Action =
  | { type: 'typed'; text: string }
  | { type: 'erased' }
  /** Enter: runs the statement once it ends with a semicolon, else starts a new line. */
  | { type: 'entered' }
  | { type: 'history-back' }
  | { type: 'history-forward' }
  /** Ctrl-C: cancels what runs, clears what is typed, or leaves. */
  | { type: 'interrupted' }
  /** Ctrl-D. */
  | { type: 'input-ended' }
  | { type: 'statement-ended'; lines: string[]; tone: Entry['tone'] };

export const INITIAL: PromptState = { lines: [''], history: [], draft: [''], phase: 'typing', log: [], nextId: 1 };

const QUIT = /^\s*(\\q|quit|exit)\s*$/i;
const CANCELLED_EXIT = 130;

export function reducer(state: PromptState, action: Action): PromptState {
  switch (action.type) {
    case 'typed': {
      if (!editable(state)) return state;
      // Keys that come together (a paste, a held key) arrive as one text: a line break in it is an
      // Enter, a DEL or BS a Backspace; escape sequences and other control characters are dropped.
      let next = state;
      const text = action.text.replace(/\u001b\[[0-9;?]*[A-Za-z~]|\u001b./g, '').replace(/\r\n/g, '\n');
      for (const part of text.split(/([\r\n\u007f\b])/)) {
        if (part === '\r' || part === '\n') next = reducer(next, { type: 'entered' });
        else if (part === '\u007f' || part === '\b') next = reducer(next, { type: 'erased' });
        else {
          const typed = part.replace(/\t/g, '  ').replace(/[\u0000-\u001f]/g, '');
          if (typed !== '' && editable(next)) next = edit(next, [...next.lines.slice(0, -1), next.lines[next.lines.length - 1]! + typed]);
        }
      }
      return next;
    }
    case 'erased': {
      if (!editable(state)) return state;
      const last = state.lines[state.lines.length - 1]!;
      if (last === '') return state.lines.length > 1 ? edit(state, state.lines.slice(0, -1)) : state;
      return edit(state, [...state.lines.slice(0, -1), [...last].slice(0, -1).join('')]);
    }
    case 'entered': {
      if (!editable(state)) return state;
      const sql = state.lines.join('\n');
      if (state.lines.length === 1 && QUIT.test(sql)) return { ...state, phase: 'leaving', exit: { code: 0, atOnce: false } };
      if (sql.trim() === '') return state;
      if (!statementComplete(sql)) return edit(state, [...state.lines, '']);
      // The next statement waits, typed, for the one running to end.
      if (state.phase !== 'typing') return state;
      const history = state.history[state.history.length - 1] === sql ? state.history : [...state.history, sql];
      return { ...state, lines: [''], draft: [''], recall: undefined, history, phase: 'running', running: { id: state.nextId, sql }, nextId: state.nextId + 1 };
    }
    case 'history-back': {
      if (state.phase !== 'typing' || state.history.length === 0) return state;
      const recall = state.recall === undefined ? state.history.length - 1 : Math.max(0, state.recall - 1);
      return { ...state, recall, draft: state.recall === undefined ? state.lines : state.draft, lines: state.history[recall]!.split('\n') };
    }
    case 'history-forward': {
      if (state.phase !== 'typing' || state.recall === undefined) return state;
      if (state.recall === state.history.length - 1) return { ...state, recall: undefined, lines: state.draft };
      return { ...state, recall: state.recall + 1, lines: state.history[state.recall + 1]!.split('\n') };
    }
    case 'interrupted':
      switch (state.phase) {
        case 'running':
          return { ...state, phase: 'cancelling' };
        case 'cancelling':
          return { ...state, phase: 'leaving', exit: { code: CANCELLED_EXIT, atOnce: true } };
        case 'typing':
          if (state.lines.join('') !== '') return { ...state, lines: [''], draft: [''], recall: undefined };
          return { ...state, phase: 'leaving', exit: { code: 0, atOnce: false } };
        default:
          return state;
      }
    case 'input-ended':
      if (state.phase !== 'typing' || state.lines.join('') !== '') return state;
      return { ...state, phase: 'leaving', exit: { code: 0, atOnce: false } };
    case 'statement-ended': {
      if (!state.running) return state;
      const entry: Entry = { id: state.running.id, sql: state.running.sql, lines: action.lines, tone: action.tone };
      const log = [...state.log, entry];
      // Ctrl-C twice while it ended: leaving stays decided.
      if (state.phase === 'leaving') return { ...state, running: undefined, log };
      return { ...state, running: undefined, log, phase: 'typing' };
    }
  }
}

/** The next statement can be typed while one runs (not while leaving or cancelling). */
function editable(state: PromptState): boolean {
  return state.phase === 'typing' || state.phase === 'running';
}

/** Typing leaves history browsing: the edited text is a new draft. */
function edit(state: PromptState, lines: string[]): PromptState {
  return { ...state, lines, recall: undefined, draft: lines };
}

/**
 * True when the text ends with a semicolon outside quotes and comments: a statement may span
 * lines, and a semicolon inside a string does not end it.
 */
export function statementComplete(sql: string): boolean {
  let quote: string | undefined;
  let lastSignificant = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      if (end === -1) break;
      i = end;
      continue;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return false;
      i = end + 1;
      continue;
    }
    if (!/\s/.test(c)) lastSignificant = c;
  }
  return quote === undefined && lastSignificant === ';';
}
