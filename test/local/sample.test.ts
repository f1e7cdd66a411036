// The bundled sample (the generator at its default size and seed), read back from its files with
// plain JS: every quirk of the data that docs/ARCHITECTURE.md lists ("The data's quirks"), about a
// third of the plays matched to a song file, listening with a long tail, the same files for the
// same seed.

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE, writeSample, type SampleOptions, type SampleSummary } from '../../src/local/sample/generate.js';
import { readDataset, type Dataset, type LogLine } from '../pipeline/helpers.js';

let root: string;
let summary: SampleSummary;
let data: Dataset;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sparkify-sample-'));
  summary = writeSample(join(root, 'default'), DEFAULT_SAMPLE);
  data = await readDataset(join(root, 'default'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Event = LogLine['event'];
const events = (): Event[] => data.logLines.map((l) => l.event);
const plays = (): Event[] => events().filter((e) => e.page === 'NextSong');

function tally<K>(items: K[]): number[] {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts.values()].sort((a, b) => b - a);
}
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;

/** Every file under DIR with a hash of its bytes, by relative path. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) await walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

describe('the bundled sample', () => {
  it('has the real dataset\'s size: 14,896 song files and 8,056 events in 30 daily files', () => {
    expect(data.songs).toHaveLength(14_896);
    expect(data.logLines).toHaveLength(8_056);
    expect(new Set(data.logLines.map((l) => l.uri)).size).toBe(30);
    expect(summary).toMatchObject({ songFiles: 14_896, events: 8_056, nextSongEvents: plays().length });
  });

  it('matches about a third of its plays to a song file by title, artist name and duration', () => {
    const files = new Set(data.songs.map(({ song }) => JSON.stringify([song.title, song.artist_name, song.duration])));
    const matched = plays().filter((e) => files.has(JSON.stringify([e.song, e.artist, e.length]))).length;
    expect(summary.matchedPlays).toBe(matched);
    expect(matched / plays().length).toBeGreaterThan(0.28);
    expect(matched / plays().length).toBeLessThan(0.4);
  });

  it('has a long tail of songs: the top song played dozens of times, the top ten well ahead, most songs once', () => {
    const bySong = tally(plays().map((e) => JSON.stringify([e.song, e.artist])));
    expect(bySong[0]).toBeGreaterThanOrEqual(20);
    // Ten songs of about 5,000 played carry more than 3% of the plays (evenly, 0.2%) ...
    expect(bySong.slice(0, 10).reduce((a, b) => a + b, 0) / plays().length).toBeGreaterThan(0.03);
    // ... and are not level among themselves,
    expect(bySong[0]! / bySong[9]!).toBeGreaterThan(1.2);
    // while most songs are played once.
    expect(bySong.filter((n) => n === 1).length / bySong.length).toBeGreaterThan(0.6);
  });

  it('has a long tail of artists, and of the songs of song_data among the plays that match one', () => {
    const byArtist = tally(plays().map((e) => e.artist));
    expect(byArtist[0]).toBeGreaterThanOrEqual(20);
    expect(median(byArtist)).toBeLessThanOrEqual(2);
    const files = new Set(data.songs.map(({ song }) => JSON.stringify([song.title, song.artist_name, song.duration])));
    const byFile = tally(plays().map((e) => JSON.stringify([e.song, e.artist, e.length])).filter((k) => files.has(k)));
    expect(byFile[0]).toBeGreaterThanOrEqual(10);
    expect(median(byFile)).toBe(1);
  });

  it('gives logged-out events an empty userId and no name, gender or registration, and never makes them plays', () => {
    const out = events().filter((e) => e.userId === '');
    expect(out.length).toBeGreaterThan(0);
    const raw = out as unknown as Record<string, unknown>[];
    for (const e of raw) expect([e.page === 'NextSong', e.auth, e.firstName, e.gender, e.registration]).toEqual([false, 'Logged Out', null, null, null]);
  });

  it('has pages other than NextSong, ts in epoch milliseconds, and registration written as a float', async () => {
    expect(new Set(events().map((e) => e.page)).size).toBeGreaterThan(5);
    expect(events().every((e) => e.ts >= Date.UTC(2018, 10, 1) && e.ts < Date.UTC(2018, 11, 1))).toBe(true);
    expect(events().some((e) => e.ts % 1000 !== 0)).toBe(true);
    const text = await readFile(join(root, 'default', 'udacity-dend', 'log_data', '2018', '11', '2018-11-15-events.json'), 'utf8');
    expect(text).toMatch(/"registration":\d{13}\.0,/);
    expect(text.endsWith('\n')).toBe(false);
  });

  it('has users who change level during the month', () => {
    const levels = new Map<string, Set<string>>();
    for (const e of plays()) levels.set(e.userId, (levels.get(e.userId) ?? new Set()).add(e.level));
    expect([...levels.values()].filter((s) => s.size > 1).length).toBeGreaterThan(0);
  });

  it('has songs of unknown year (0), empty and null locations, and an artist_id under more than one name', () => {
    const songs = data.songs.map((s) => s.song);
    expect(songs.some((s) => s.year === 0)).toBe(true);
    expect(songs.some((s) => s.artist_location === '')).toBe(true);
    expect(songs.some((s) => s.artist_latitude === null)).toBe(true);
    const names = new Map<string, Set<string>>();
    for (const s of songs) names.set(s.artist_id, (names.get(s.artist_id) ?? new Set()).add(s.artist_name));
    expect([...names.values()].some((n) => n.size > 1)).toBe(true);
  });

  it('carries quotes, non-ASCII letters and broken encodings in names, and double quotes in user agents', () => {
    const names = [...data.songs.flatMap((s) => [s.song.title, s.song.artist_name]), ...plays().flatMap((e) => [e.song!, e.artist!])];
    expect(names.some((n) => n.includes("'"))).toBe(true);
    expect(names.some((n) => /[à-ÿ]/.test(n))).toBe(true);
    // UTF-8 read as Latin-1 and written again (a C1 control character inside), a U+0019 for an apostrophe.
    expect(names.some((n) => n.includes('\u00c3\u0083\u00c2'))).toBe(true);
    expect(names.some((n) => n.includes('\u0019'))).toBe(true);
    expect(plays().some((e) => /[\u0080-\u009f\u0019]/.test(`${e.song}${e.artist}`))).toBe(true);
    expect(events().some((e) => e.userAgent?.startsWith('"'))).toBe(true);
  });
});

describe('the generator', () => {
  const small: SampleOptions = { songs: 200, events: 1500, seed: 99 };

  it('writes the same files for the same seed, and others for another', async () => {
    writeSample(join(root, 'a'), small);
    writeSample(join(root, 'b'), small);
    writeSample(join(root, 'c'), { ...small, seed: 100 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => fingerprint(join(root, d))));
    expect(Object.keys(a!).length).toBeGreaterThan(200);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
