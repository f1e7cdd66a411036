// Helpers for Ink screen tests: wait for content rather than sleeping, and let React run
// between keystrokes.

export const KEY = { enter: '\r', down: '\u001B[B', up: '\u001B[A', escape: '\u001B', ctrlC: '\u0003', backspace: '\u007F' };

/** Resolves with the first frame that satisfies the predicate; fails with the last frame seen. */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the screen; last frame:\n${frame}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Types a key, then lets the event loop turn until React has rendered it and re-subscribed the
 * input handlers (passive effects run on a later turn), so the next key sees the new screen. It
 * waits for turns of the loop, not for time: a loaded machine cannot make it too short.
 */
export async function press(stdin: { write(data: string): void }, key: string): Promise<void> {
  stdin.write(key);
  for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
}

import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

/** Renders at a given terminal width (ink-testing-library's is fixed at 100); returns the last frame. */
export function renderAt(node: ReactElement, columns: number): { lastFrame: () => string; unmount: () => void } {
  const frames: string[] = [];
  const stdout = Object.assign(new EventEmitter(), {
    columns,
    rows: 24,
    isTTY: false,
    write(frame: string) {
      frames.push(frame);
      return true;
    },
  });
  const instance = render(node, { stdout: stdout as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false });
  return { lastFrame: () => frames[frames.length - 1] ?? '', unmount: () => instance.unmount() };
}
