// The insights of a run on a generated dataset equal the same figures computed here, in plain JS,
// from the raw JSON files: never with the pipeline's SQL. The README's data and schema sections and
// the insights' definitions are the specification (top lists break ties by song_id, artist_id and
// location, the event log's by title, then artist name; user agents map to families by the first
// token that matches; a song of the log is known when a song file has its title and artist name).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import type { Insights, Share } from '../../src/pipeline/insights.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { readDataset, runCollecting, startWarehouse, type Dataset, type LogLine, type Warehouse } from '../pipeline/helpers.js';

let wh: Warehouse;
let data: Dataset;
let insights: Insights;

beforeAll(async () => {
  wh = await startWarehouse('insights', { songs: 400, events: 3000, seed: 2718 });
  data = await readDataset(wh.dataDir);
  const { summary } = await runCollecting(wh, buildPlan('run', UDACITY_SOURCES));
  expect(summary.ok).toBe(true);
  insights = summary.insights!;
});
afterAll(async () => {
  await wh?.close();
});

type Event = LogLine['event'];
const plays = (): Event[] => data.logLines.map((l) => l.event).filter((e) => e.page === 'NextSong');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function tally<K>(items: K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Parts of a whole, largest first, then by label, with their shares of the whole. */
function shares(counts: Map<string, number>): Share[] {
  const whole = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts].map(([label, count]) => ({ label, count, share: count / whole })).sort((a, b) => b.count - a.count || compare(a.label, b.label));
}

/** The song a play matched: among the song files with its title, artist name and duration, the lowest song_id. */
function matchedSong(e: Event): { song_id: string; artist_id: string; title: string } | undefined {
  const candidates = data.songs.map((s) => s.song).filter((s) => s.title === e.song && s.artist_name === e.artist && s.duration === e.length);
  return candidates.sort((a, b) => compare(a.song_id, b.song_id))[0];
}

/** The name the artists table keeps for an artist: the shortest of its names, then the first in order. */
function artistName(artistId: string): string {
  const names = data.songs.filter((s) => s.song.artist_id === artistId).map((s) => s.song.artist_name);
  return names.sort((a, b) => [...a].length - [...b].length || compare(a, b))[0]!;
}

/** Families by the first rule whose token the agent holds; the same order as the issue gives. */
function family(agent: string | null, rules: [string, RegExp][]): string {
  return rules.find(([, token]) => agent !== null && token.test(agent))?.[0] ?? 'Other';
}
const BROWSERS: [string, RegExp][] = [['Edge', /Edge?\//], ['Chrome', /Chrome\/|Chromium\/|CriOS\//], ['Safari', /Safari\//], ['Firefox', /Firefox\//], ['Internet Explorer', /Trident\/|MSIE /]];
const SYSTEMS: [string, RegExp][] = [['Windows', /Windows/], ['iPhone/iPad', /iPhone|iPad/], ['Mac OS X', /Mac OS X|Macintosh/], ['Android', /Android/], ['Linux', /Linux|X11/]];

describe('the insights of a run, against the raw files', () => {
  it('count the plays, the plays matched to a song, the listeners and their sessions', () => {
    const all = plays();
    expect(insights.totals).toEqual({
      plays: all.length,
      matchedPlays: all.filter((e) => matchedSong(e)).length,
      listeners: new Set(all.map((e) => e.userId)).size,
      sessions: new Set(all.map((e) => `${e.userId}/${e.sessionId}`)).size,
      loggedPlays: all.length,
    });
    expect(insights.totals.matchedPlays).toBeGreaterThan(0); // the fixture has matches to rank
  });

  it('rank the top 10 songs by matched plays, with their titles and artists', () => {
    const bySong = tally(plays().map(matchedSong).filter((s) => s !== undefined).map((s) => s.song_id));
    const ranked = [...bySong].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).slice(0, 10);
    const song = (id: string) => data.songs.find((s) => s.song.song_id === id)!.song;
    expect(insights.topSongs).toEqual(ranked.map(([id, n]) => ({ title: song(id).title, artist: artistName(song(id).artist_id), plays: n })));
  });

  it('rank the top 10 artists by matched plays, under the name the artists table keeps', () => {
    const byArtist = tally(plays().map(matchedSong).filter((s) => s !== undefined).map((s) => s.artist_id));
    const ranked = [...byArtist].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).slice(0, 10);
    expect(insights.topArtists).toEqual(ranked.map(([id, n]) => ({ name: artistName(id), plays: n })));
  });

  it("rank the 10 most played songs by the event log's titles, each known to song_data or not by title and artist name", () => {
    const named = plays().filter((e) => e.song !== null && e.artist !== null);
    const bySong = tally(named.map((e) => JSON.stringify([e.song, e.artist])));
    const ranked = [...bySong]
      .map(([key, n]) => ({ key, title: (JSON.parse(key) as string[])[0]!, artist: (JSON.parse(key) as string[])[1]!, plays: n }))
      .sort((a, b) => b.plays - a.plays || compare(a.title, b.title) || compare(a.artist, b.artist))
      .slice(0, 10);
    const known = new Set(data.songs.map(({ song }) => JSON.stringify([song.title, song.artist_name])));
    expect(insights.topLoggedSongs).toEqual(ranked.map((r) => ({ title: r.title, artist: r.artist, plays: r.plays, known: known.has(r.key) })));
    // The fixture's top holds songs song_data knows and songs it does not, and listening has a long tail.
    expect(new Set(insights.topLoggedSongs.map((s) => s.known))).toEqual(new Set([true, false]));
    expect(insights.topLoggedSongs[0]!.plays).toBeGreaterThan(insights.topLoggedSongs[9]!.plays);
  });

  it("rank the 10 most played artists by the event log's names, each known to song_data or not by name", () => {
    const byArtist = tally(plays().map((e) => e.artist).filter((a): a is string => a !== null));
    const ranked = [...byArtist].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).slice(0, 10);
    const known = new Set(data.songs.map(({ song }) => song.artist_name));
    expect(insights.topLoggedArtists).toEqual(ranked.map(([name, n]) => ({ name, plays: n, known: known.has(name) })));
    expect(new Set(insights.topLoggedArtists.map((a) => a.known))).toEqual(new Set([true, false]));
  });

  it('keep names with broken encodings exactly as the files have them, through COPY and the Data API', () => {
    // Every title and artist name of the event log, as the insights give them, is one of the log's own.
    const logged = new Set(plays().flatMap((e) => [e.song, e.artist]));
    const shown = [...insights.topLoggedSongs.flatMap((s) => [s.title, s.artist]), ...insights.topLoggedArtists.map((a) => a.name)];
    for (const name of shown) expect(logged.has(name), JSON.stringify(name)).toBe(true);
    expect(shown.some((n) => /[\u0080-\u009f\u0019]/.test(n)), 'the fixture\'s top names a broken encoding').toBe(true);
  });

  it('count plays by hour of day, in UTC, every hour present', () => {
    const byHour = tally(plays().map((e) => new Date(e.ts).getUTCHours()));
    expect(insights.playsByHour).toEqual(Array.from({ length: 24 }, (_, hour) => ({ hour, plays: byHour.get(hour) ?? 0 })));
  });

  it('count plays by weekday, Sunday first', () => {
    const byDay = tally(plays().map((e) => new Date(e.ts).getUTCDay()));
    const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
    expect(insights.playsByWeekday).toEqual(names.map((weekday, day) => ({ weekday, plays: byDay.get(day) ?? 0 })));
  });

  it('split plays by the level at the time of the play, and listeners by their latest level', () => {
    expect(insights.playsByLevel).toEqual(shares(tally(plays().map((e) => e.level))));
    const latest = new Map<string, Event>();
    for (const e of plays()) {
      const seen = latest.get(e.userId);
      if (!seen || e.ts > seen.ts || (e.ts === seen.ts && (e.sessionId > seen.sessionId || (e.sessionId === seen.sessionId && e.itemInSession > seen.itemInSession)))) latest.set(e.userId, e);
    }
    expect(insights.usersByLevel).toEqual(shares(tally([...latest.values()].map((e) => e.level))));
    expect(insights.usersByLevel.map((s) => s.label).sort()).toEqual(['free', 'paid']);
  });

  it('rank the top 5 locations by plays, with their shares of all plays', () => {
    const all = plays();
    const byPlace = tally(all.map((e) => e.location).filter((l): l is string => l !== null));
    const ranked = [...byPlace].sort((a, b) => b[1] - a[1] || compare(a[0], b[0])).slice(0, 5);
    expect(insights.topLocations).toEqual(ranked.map(([label, count]) => ({ label, count, share: count / all.length })));
  });

  it('group plays by browser family and by operating system, from the user agents', () => {
    expect(insights.browsers).toEqual(shares(tally(plays().map((e) => family(e.userAgent, BROWSERS)))));
    expect(insights.systems).toEqual(shares(tally(plays().map((e) => family(e.userAgent, SYSTEMS)))));
    // The fixture's agents cover the tricky orders: Chrome's carries "Safari/", an iPhone's "Mac OS X".
    expect(insights.browsers.map((s) => s.label)).toEqual(expect.arrayContaining(['Chrome', 'Safari', 'Firefox', 'Internet Explorer']));
    expect(insights.systems.map((s) => s.label)).toEqual(expect.arrayContaining(['Windows', 'Mac OS X', 'iPhone/iPad', 'Linux']));
  });

  it('describe sessions per listener: the distribution, the average and the median', () => {
    const sessions = new Map<string, Set<number>>();
    for (const e of plays()) sessions.set(e.userId, (sessions.get(e.userId) ?? new Set()).add(e.sessionId));
    const perUser = [...sessions.values()].map((s) => s.size).sort((a, b) => a - b);
    const bucket = (n: number) => (n <= 1 ? '1' : n <= 3 ? '2-3' : n <= 7 ? '4-7' : n <= 15 ? '8-15' : n <= 31 ? '16-31' : '32+');
    const byBucket = tally(perUser.map(bucket));
    expect(insights.sessionsPerUser.distribution).toEqual((['1', '2-3', '4-7', '8-15', '16-31', '32+'] as const).map((b) => ({ sessions: b, users: byBucket.get(b) ?? 0 })));
    const middle = perUser.length / 2;
    const median = perUser.length % 2 === 1 ? perUser[Math.floor(middle)]! : (perUser[middle - 1]! + perUser[middle]!) / 2;
    expect(insights.sessionsPerUser.average).toBeCloseTo(perUser.reduce((a, b) => a + b, 0) / perUser.length, 9);
    expect(insights.sessionsPerUser.median).toBeCloseTo(median, 9);
  });
});
