// The wizard's keys reach Ink one at a time (pacedInput.ts).

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { keysOf, pacedInput } from '../../src/ui/pacedInput.js';

describe('keysOf', () => {
  it('splits a chunk into keys: escape sequences whole, characters one by one', () => {
    expect(keysOf('\u001B[B\r')).toEqual(['\u001B[B', '\r']);
    expect(keysOf('\u001B[B\u001B[B\r')).toEqual(['\u001B[B', '\u001B[B', '\r']);
    expect(keysOf('ab\u007F\r')).toEqual(['a', 'b', '\u007F', '\r']);
    // Modifiers, function keys (SS3), Meta and an arrow, the Linux console's F1.
    expect(keysOf('\u001B[1;5A\u001BOP\u001B\u001B[A\u001B[[A')).toEqual(['\u001B[1;5A', '\u001BOP', '\u001B\u001B[A', '\u001B[[A']);
    // Meta and a letter; a character beyond the BMP is one key.
    expect(keysOf('\u001Bx😀q')).toEqual(['\u001Bx', '😀', 'q']);
  });

  it('passes an escape sequence cut off at the end as it is, and a lone Escape as a key', () => {
    expect(keysOf('q\u001B[1;')).toEqual(['q', '\u001B[1;']);
    expect(keysOf('\u001B')).toEqual(['\u001B']);
    expect(keysOf('\u001B\u001B')).toEqual(['\u001B\u001B']);
  });
});

/** A terminal's stdin, as far as pacedInput uses it. */
function fakeTty() {
  const tty = Object.assign(new EventEmitter(), {
    isTTY: true,
    raw: false,
    paused: false,
    setRawMode(raw: boolean) {
      tty.raw = raw;
      return tty;
    },
    ref: () => tty,
    unref: () => tty,
    pause: () => Object.assign(tty, { paused: true }),
    resume: () => Object.assign(tty, { paused: false }),
  });
  return tty;
}

describe('pacedInput', () => {
  it('hands the first key on at once and each next one a frame later, in order', async () => {
    const tty = fakeTty();
    const paced = pacedInput(tty as unknown as NodeJS.ReadStream);
    paced.setRawMode(true);
    expect(tty.raw).toBe(true);
    const seen: { key: string; at: number }[] = [];
    paced.setEncoding('utf8');
    paced.on('data', (key: string) => seen.push({ key, at: performance.now() }));
    const start = performance.now();
    tty.emit('data', Buffer.from('\u001B[B\u001B[B'));
    tty.emit('data', Buffer.from('\r'));
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.map((s) => s.key)).toEqual(['\u001B[B', '\u001B[B', '\r']);
    expect(seen[0]!.at - start).toBeLessThan(40);
    // Timers never fire early: each later key waited at least the gap.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(45);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(45);
  });

  it('stops listening to the terminal when raw mode is turned off, and listens again when it is turned on', () => {
    const tty = fakeTty();
    const paced = pacedInput(tty as unknown as NodeJS.ReadStream);
    paced.setRawMode(true);
    expect(tty.listenerCount('data')).toBe(1);
    paced.setRawMode(false);
    expect(tty.raw).toBe(false);
    expect(tty.listenerCount('data')).toBe(0);
    expect(tty.paused).toBe(true);
    // A paused stream does not flow again for a new listener alone.
    paced.setRawMode(true);
    expect(tty.paused).toBe(false);
    expect(tty.listenerCount('data')).toBe(1);
  });

  it('keeps a character cut between two reads whole', async () => {
    const tty = fakeTty();
    const paced = pacedInput(tty as unknown as NodeJS.ReadStream);
    paced.setRawMode(true);
    paced.setEncoding('utf8');
    const seen: string[] = [];
    paced.on('data', (key: string) => seen.push(key));
    const e = Buffer.from('é');
    tty.emit('data', e.subarray(0, 1));
    tty.emit('data', e.subarray(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['é']);
  });
});
