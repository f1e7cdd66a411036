// From the insights' result rows to typed figures: every hour and weekday present, shares from
// counts, and an empty warehouse told as one (no division by zero, no NaN).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import { readInsights } from '../../src/pipeline/insights.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { listenerFacts } from '../../src/ui/facts.js';
import { runCollecting, startWarehouse, type Warehouse } from '../pipeline/helpers.js';

describe('readInsights', () => {
  it('fills the hours and weekdays nothing was played in with zeros, in order', () => {
    const insights = readInsights([
      ['plays_by_hour', 20, null, null, 7],
      ['plays_by_hour', 3, null, null, 2],
      ['plays_by_weekday', 6, null, null, 4],
    ]);
    expect(insights.playsByHour).toHaveLength(24);
    expect(insights.playsByHour.filter((h) => h.plays > 0)).toEqual([{ hour: 3, plays: 2 }, { hour: 20, plays: 7 }]);
    expect(insights.playsByWeekday.map((d) => d.weekday)).toEqual(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);
    expect(insights.playsByWeekday.at(-1)).toEqual({ weekday: 'Saturday', plays: 4 });
  });

  it('orders ranked rows by their position, whatever order the rows came in', () => {
    const insights = readInsights([
      ['top_songs', 2, 'Second', 'B', 5],
      ['top_songs', 1, 'First', null, 9],
    ]);
    expect(insights.topSongs).toEqual([{ title: 'First', artist: null, plays: 9 }, { title: 'Second', artist: 'B', plays: 5 }]);
  });

  it("reads whether song_data knows each of the event log's songs and artists from its known column", () => {
    const insights = readInsights([
      ['top_logged_songs', 2, 'Undo', 'Bj\u00c3\u0083\u00c2\u00b6rk', 28, 1],
      ['top_logged_songs', 1, "You're The One", 'Dwight Yoakam', 37, 0],
      ['top_logged_artists', 1, 'Coldplay', null, 58, 1],
      ['totals', 5, 'logged_plays', null, 6820, null],
    ]);
    expect(insights.topLoggedSongs).toEqual([
      { title: "You're The One", artist: 'Dwight Yoakam', plays: 37, known: false },
      { title: 'Undo', artist: 'Bj\u00c3\u0083\u00c2\u00b6rk', plays: 28, known: true },
    ]);
    expect(insights.topLoggedArtists).toEqual([{ name: 'Coldplay', plays: 58, known: true }]);
    expect(insights.totals.loggedPlays).toBe(6820);
  });

  it('computes shares from the counts, largest first, and names a NULL level "unknown"', () => {
    const insights = readInsights([
      ['plays_by_level', null, 'paid', null, 3],
      ['plays_by_level', null, 'free', null, 1],
      ['plays_by_level', null, null, null, 1],
      ['totals', 1, 'plays', null, 5],
      ['top_locations', 1, 'Salinas, CA', null, 2],
    ]);
    expect(insights.playsByLevel).toEqual([
      { label: 'paid', count: 3, share: 0.6 },
      { label: 'free', count: 1, share: 0.2 },
      { label: 'unknown', count: 1, share: 0.2 },
    ]);
    expect(insights.topLocations).toEqual([{ label: 'Salinas, CA', count: 2, share: 0.4 }]);
  });

  it('keeps every session bucket, in order, with zeros where no listener falls', () => {
    const insights = readInsights([['sessions_per_user', 3, null, null, 5]]);
    expect(insights.sessionsPerUser.distribution.map((d) => [d.sessions, d.users])).toEqual([['1', 0], ['2-3', 0], ['4-7', 5], ['8-15', 0], ['16-31', 0], ['32+', 0]]);
  });
});

describe('the insights of an empty warehouse (through the real endpoint)', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await startWarehouse('insights-empty', { songs: 10, events: 50, seed: 1 });
  });
  afterAll(async () => {
    await wh?.close();
  });

  it('are zeros and empty lists, with no average or median, and the facts say nothing was played', async () => {
    await runCollecting(wh, buildPlan('create-tables', UDACITY_SOURCES));
    const { summary } = await runCollecting(wh, buildPlan('report', UDACITY_SOURCES));
    expect(summary.failed).toEqual([]);
    const insights = summary.insights!;
    expect(insights.totals).toEqual({ plays: 0, matchedPlays: 0, listeners: 0, sessions: 0, loggedPlays: 0 });
    expect(insights.topSongs).toEqual([]);
    expect(insights.topLoggedSongs).toEqual([]);
    expect(insights.topLoggedArtists).toEqual([]);
    expect(insights.playsByHour.every((h) => h.plays === 0)).toBe(true);
    expect(insights.browsers).toEqual([]);
    expect(insights.sessionsPerUser).toMatchObject({ average: null, median: null });
    expect(listenerFacts(insights)).toEqual(['No song was played: songplays is empty, so there is nothing to tell about listeners.']);
  });
});
