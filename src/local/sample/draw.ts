// The generator's random draws: one seeded stream, so the same seed writes the same files.

import { ARTIST_WORDS } from './vocabulary.js';

/**
 * How the most popular songs lead: rank k (from 0) is played with a chance near 1/(k + q); a
 * larger q flattens the head. 25 gives the real log's shape at its scale: the top song played
 * about 40 times in about 6,800 plays, most songs once.
 */
const POPULARITY_OFFSET = 25;

/** mulberry32: small, fast and the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Draw {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  id(prefix: string, letters: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let s = prefix;
    for (let i = 0; i < 16; i++) s += alphabet[Math.floor(this.next() * (i < letters ? 26 : 36))];
    return s;
  }
  words(list: readonly string[], max: number, min = 1): string {
    return Array.from({ length: this.int(min, max) }, () => this.pick(list)).join(' ');
  }
  /** Two or three words: one word alone would name too many artists at once. */
  artistName(): string {
    return this.words(ARTIST_WORDS, 3, 2);
  }
  float(min: number, max: number, decimals: number): number {
    return Number((min + this.next() * (max - min)).toFixed(decimals));
  }
  /**
   * A rank from 0 to n - 1, the low ones far likelier: a Zipf-Mandelbrot law of exponent 1,
   * drawn through the inverse of its continuous form (rank k comes with a chance of
   * ln((k + 1 + q) / (k + q)) / ln((n + q) / q)).
   */
  popular(n: number, q = POPULARITY_OFFSET): number {
    return Math.min(n - 1, Math.floor(q * ((n + q) / q) ** this.next() - q));
  }
}
