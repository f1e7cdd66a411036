// A real terminal for the CLI's screens: tmux sessions on a server of this test process's own,
// driven with the keys a person would press, read as the screen shows them.

import { execFileSync } from 'node:child_process';

const SOCKET = `sparkify-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

/** Starts a command in an 80x24 terminal; the pane prints EXIT=<code> when it ends. */
export function open(name: string, cwd: string, env: Record<string, string>, command: string): void {
  const exports = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ');
  tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', name, `cd '${cwd}' && env -u CI ${exports} ${command}; echo EXIT=$?; sleep 120`);
}

export function screen(name: string): string {
  return tmux('capture-pane', '-p', '-t', name);
}

export async function waitForScreen(name: string, predicate: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(name);
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out; the screen shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Presses keys one after another (tmux key names, such as Enter, Up, C-c). */
export async function keys(name: string, ...sequence: string[]): Promise<void> {
  for (const key of sequence) {
    tmux('send-keys', '-t', name, key);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Presses keys all at once, in one write, as a script or a fast hand may send them. */
export async function keysAtOnce(name: string, ...sequence: string[]): Promise<void> {
  tmux('send-keys', '-t', name, ...sequence);
  await new Promise((r) => setTimeout(r, 150));
}

/** Types text as it is (tmux would read a trailing ";" as its own separator: it is sent escaped). */
export async function type(name: string, text: string): Promise<void> {
  tmux('send-keys', '-t', name, '-l', text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text);
  await new Promise((r) => setTimeout(r, 150));
}

/** Ends every session this process started. */
export function closeTerminals(): void {
  try {
    tmux('kill-server');
  } catch {
    // no session left
  }
}
