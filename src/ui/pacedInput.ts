// The terminal's keys for Ink, one at a time. Ink hands each key of a chunk read from the terminal
// to the components in the same turn, before React has drawn what the first one did: a menu's
// Enter then acts on the item highlighted before the arrow key that came with it (ink-select-input
// reads its highlight from the last render), so Down and Enter together chose Cancel. Keys come
// so when typed faster than a frame, pasted, or sent by a script (tmux send-keys Down Enter).
// This stream passes a key on at once, and the next no sooner than a frame later (Ink draws at
// most 30 a second): by then React has drawn the last key's effect and re-armed the handlers,
// which took 10 to 15 ms with a bare menu.

import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const KEY_GAP_MS = 50;

export function pacedInput(tty: NodeJS.ReadStream): NodeJS.ReadStream {
  const paced = new PassThrough();
  const queue: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  // After each key the next waits, even one read in a later chunk.
  const next = () => {
    timer = undefined;
    const key = queue.shift();
    if (key === undefined) return;
    paced.write(key);
    timer = setTimeout(next, KEY_GAP_MS);
  };
  // A character cut between two reads is kept for the next.
  const decoder = new StringDecoder('utf8');
  const onData = (chunk: Buffer | string) => {
    queue.push(...keysOf(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    if (!timer) next();
  };
  // What Ink asks of its stdin besides reading: raw mode, and whether it keeps the process alive.
  return Object.assign(paced, {
    isTTY: tty.isTTY,
    setRawMode(raw: boolean) {
      tty.setRawMode(raw);
      if (raw) tty.on('data', onData).resume();
      else {
        tty.off('data', onData);
        tty.pause();
      }
      return paced;
    },
    ref() {
      tty.ref();
      return paced;
    },
    unref() {
      tty.unref();
      return paced;
    },
  }) as unknown as NodeJS.ReadStream;
}

/**
 * A chunk of terminal input as keys: an escape sequence (ESC [ ... final byte, ESC O x, either
 * after a second ESC for Meta, or ESC and one character) or one character. An escape sequence cut
 * off at the chunk's end goes on as it is, for Ink to join with what follows.
 */
export function keysOf(chunk: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < chunk.length) {
    if (chunk[i] !== ESC) {
      const char = String.fromCodePoint(chunk.codePointAt(i)!);
      keys.push(char);
      i += char.length;
      continue;
    }
    const end = sequenceEnd(chunk, i);
    keys.push(chunk.slice(i, end));
    i = end;
  }
  return keys;
}

const ESC = '\u001B';

/** Where the escape sequence at `start` ends; the chunk's end when it is cut off. */
function sequenceEnd(chunk: string, start: number): number {
  let i = start + 1;
  if (chunk[i] === ESC) {
    // Meta and a sequence; two ESCs alone are a key of their own, as Ink reads them.
    i++;
    if (chunk[i] !== '[' && chunk[i] !== 'O') return chunk[i] === undefined ? chunk.length : i;
  }
  const kind = chunk[i];
  if (kind === undefined) return chunk.length;
  if (kind === 'O') return Math.min(i + 2, chunk.length);
  if (kind !== '[') return i + String.fromCodePoint(chunk.codePointAt(i)!).length;
  i++;
  if (chunk[i] === '[') i++; // the Linux console's ESC [ [ A
  for (; i < chunk.length; i++) {
    const code = chunk.charCodeAt(i);
    if (code >= 0x40 && code <= 0x7e) return i + 1; // the final byte
    if (code < 0x20 || code > 0x3f) return i; // not a CSI byte: the sequence ends before it
  }
  return chunk.length;
}
