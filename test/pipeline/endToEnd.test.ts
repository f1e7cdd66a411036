// The whole `run` plan against the real local endpoint (real DuckDB, real RedshiftDataClient), on a
// small generated dataset. Every expected figure is computed here from the generated JSON files with
// plain JS, never with the pipeline's SQL: the README's data and schema sections are the specification.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { CHECKS } from '../../src/sql/dataChecks.js';
import type { RunSummary } from '../../src/pipeline/runner.js';
import {
  epochMs, indexOf, isFinished, isSubmitted, readDataset, runCollecting, startWarehouse, stepEvents,
  type Dataset, type Warehouse,
} from './helpers.js';

let wh: Warehouse;
let data: Dataset;
let summary: RunSummary;
let events: PipelineEvent[];
const plan = buildPlan('run', UDACITY_SOURCES);

beforeAll(async () => {
  wh = await startWarehouse('e2e', { songs: 300, events: 2000, seed: 4242 });
  data = await readDataset(wh.dataDir);
  ({ summary, events } = await runCollecting(wh, plan));
});
afterAll(async () => {
  await wh?.close();
});

const nextSongs = () => data.logLines.map((l) => l.event).filter((e) => e.page === 'NextSong');
const distinct = <T>(values: T[]) => new Set(values).size;
const songKey = (title: unknown, artist: unknown, duration: unknown) => JSON.stringify([title, artist, duration]);

describe('a run on a generated dataset', () => {
  it('generates a dataset with the quirks the checks rely on (sanity of the fixture)', () => {
    expect(data.songs.length).toBe(300);
    expect(data.logLines.length).toBe(2000);
    expect(nextSongs().length).toBeGreaterThan(0);
    expect(data.logLines.some((l) => l.event.page !== 'NextSong')).toBe(true);
    // Some users change level during the month, so "latest level" is a real test.
    const levels = new Map<string, Set<string>>();
    for (const e of nextSongs()) levels.set(e.userId, (levels.get(e.userId) ?? new Set()).add(e.level));
    expect([...levels.values()].some((s) => s.size > 1)).toBe(true);
  });

  it('succeeds: the summary says ok and not cancelled, with no failed step', () => {
    expect(summary).toMatchObject({ ok: true, cancelled: false, failed: [] });
  });

  const expectedCounts: [string, () => number][] = [
    ['staging_events', () => data.logLines.length],
    ['staging_songs', () => data.songs.length],
    ['songplays', () => nextSongs().length],
    ['users', () => distinct(nextSongs().map((e) => e.userId))],
    ['songs', () => distinct(data.songs.map((s) => s.song.song_id))],
    ['artists', () => distinct(data.songs.map((s) => s.song.artist_id))],
    ['time', () => distinct(nextSongs().map((e) => e.ts))],
  ];

  it.each(expectedCounts)('counts %s as the files say', (table, expected) => {
    expect(summary.counts[table]).toBe(expected());
  });

  it.each(expectedCounts)('really holds that many rows in %s (counted through the client)', async (table, expected) => {
    const [[n]] = (await wh.query(`SELECT COUNT(*) FROM ${table}`)) as [[number]];
    expect(Number(n)).toBe(expected());
  });

  it('reports each COPY with the rows it loaded', () => {
    const rows = (step: string) => (events.find((e) => e.type === 'finished' && e.step === step) as { rows: number } | undefined)?.rows;
    expect(rows('staging_events')).toBe(data.logLines.length);
    expect(rows('staging_songs')).toBe(data.songs.length);
  });

  it("gives each user the level of that user's latest NextSong event", async () => {
    const latest = new Map<string, { ts: number; sessionId: number; item: number; level: string }>();
    for (const e of nextSongs()) {
      const seen = latest.get(e.userId);
      const later = !seen || e.ts > seen.ts || (e.ts === seen.ts && (e.sessionId > seen.sessionId || (e.sessionId === seen.sessionId && e.itemInSession > seen.item)));
      if (later) latest.set(e.userId, { ts: e.ts, sessionId: e.sessionId, item: e.itemInSession, level: e.level });
    }
    const rows = await wh.query('SELECT user_id, level FROM users ORDER BY user_id');
    const actual = Object.fromEntries(rows.map(([id, level]) => [String(id), level]));
    const expected = Object.fromEntries([...latest].map(([id, l]) => [id, l.level]));
    expect(actual).toEqual(expected);
  });

  it('resolves song_id for exactly the plays whose (song, artist, length) is some song file\'s (title, artist_name, duration)', async () => {
    const known = new Set(data.songs.map(({ song }) => songKey(song.title, song.artist_name, song.duration)));
    const matched = nextSongs().filter((e) => known.has(songKey(e.song, e.artist, e.length))).length;
    expect(matched).toBeGreaterThan(0); // the fixture has matches to find
    const [[n]] = (await wh.query('SELECT COUNT(*) FROM songplays WHERE song_id IS NOT NULL')) as [[number]];
    expect(Number(n)).toBe(matched);
  });

  it('resolves each matched play to a song and artist that belong together in song_data', async () => {
    const artistOf = new Map(data.songs.map(({ song }) => [song.song_id, song.artist_id]));
    const rows = await wh.query('SELECT song_id, artist_id FROM songplays WHERE song_id IS NOT NULL');
    expect(rows.length).toBeGreaterThan(0);
    for (const [songId, artistId] of rows) expect(artistOf.get(String(songId))).toBe(artistId);
  });

  it('joins every songplays.start_time to a row of time', async () => {
    const [[orphans, plays]] = (await wh.query(
      'SELECT SUM(CASE WHEN t.start_time IS NULL THEN 1 ELSE 0 END), COUNT(*) FROM songplays s LEFT JOIN time t ON s.start_time = t.start_time',
    )) as [[number, number]];
    expect(Number(plays)).toBe(nextSongs().length);
    expect(Number(orphans)).toBe(0);
  });

  it('keeps the milliseconds of ts in songplays.start_time (the same instants as the NextSong events)', async () => {
    const rows = await wh.query('SELECT start_time FROM songplays');
    const actual = rows.map(([t]) => epochMs(String(t))).sort((a, b) => a - b);
    const expected = nextSongs().map((e) => e.ts).sort((a, b) => a - b);
    expect(expected.some((ts) => ts % 1000 !== 0)).toBe(true); // the fixture has milliseconds to lose
    expect(actual).toEqual(expected);
  });
});

describe('the events of a run', () => {
  it('begin with start and end with summary, which says ok', () => {
    expect(events[0]!.type).toBe('start');
    expect(events.at(-1)).toMatchObject({ type: 'summary', ok: true, cancelled: false });
    expect(events.filter((e) => e.type === 'start' || e.type === 'summary')).toHaveLength(2);
  });

  it('name in the start event every step of the plan, with its dependencies', () => {
    const start = events[0] as Extract<PipelineEvent, { type: 'start' }>;
    expect(start.steps.map((s) => [s.id, s.dependsOn])).toEqual(plan.steps.map((s) => [s.id, s.dependsOn]));
  });

  it.each(plan.steps.map((s) => s.id))('take step %s through queued, submitted and finished, in that order, once each', (step) => {
    const trail = stepEvents(events, step).map(({ event }) => (event.type === 'status' ? event.status : event.type));
    const queued = trail.indexOf('queued');
    const submitted = trail.indexOf('submitted');
    const finished = trail.indexOf('finished');
    expect(queued).toBe(0);
    expect(submitted).toBeGreaterThan(queued);
    expect(finished).toBe(trail.length - 1);
    expect(trail.filter((t) => t === 'submitted' || t === 'finished' || t === 'queued')).toEqual(['queued', 'submitted', 'finished']);
    // Whatever comes between is the Data API's own progress.
    expect(trail.slice(submitted + 1, finished).every((t) => t === 'picked' || t === 'started')).toBe(true);
  });

  it('run the two COPYs at the same time: both were submitted before either finished', () => {
    const firstFinish = Math.min(indexOf(events, 'staging_events', isFinished), indexOf(events, 'staging_songs', isFinished));
    expect(indexOf(events, 'staging_events', isSubmitted)).toBeGreaterThanOrEqual(0);
    expect(indexOf(events, 'staging_songs', isSubmitted)).toBeGreaterThanOrEqual(0);
    expect(indexOf(events, 'staging_events', isSubmitted)).toBeLessThan(firstFinish);
    expect(indexOf(events, 'staging_songs', isSubmitted)).toBeLessThan(firstFinish);
  });

  it.each(plan.steps.filter((s) => s.dependsOn.length > 0).map((s) => [s.id, s.dependsOn] as const))(
    'submit %s only after all of %j finished',
    (step, dependsOn) => {
      const submitted = indexOf(events, step, isSubmitted);
      expect(submitted).toBeGreaterThanOrEqual(0);
      for (const dependency of dependsOn) {
        const finished = indexOf(events, dependency, isFinished);
        expect(finished, dependency).toBeGreaterThanOrEqual(0);
        expect(finished, `${dependency} finished before ${step} was submitted`).toBeLessThan(submitted);
      }
    },
  );

  it('report the row counts of all seven tables once, before the summary, equal to the summary\'s', () => {
    const counts = events.filter((e) => e.type === 'counts');
    expect(counts).toHaveLength(1);
    expect(events.indexOf(counts[0]!)).toBe(events.length - 2);
    expect((counts[0] as { counts: Record<string, number> }).counts).toEqual(summary.counts);
    expect(Object.keys(summary.counts).sort()).toEqual(['artists', 'songplays', 'songs', 'staging_events', 'staging_songs', 'time', 'users']);
  });

  it('end with a summary that carries the data checks, all passing on a clean load, and the insights', () => {
    const last = events.at(-1) as Extract<PipelineEvent, { type: 'summary' }>;
    expect(last.checks?.map((c) => [c.id, c.status])).toEqual(CHECKS.map((c) => [c.id, 'pass']));
    expect(last.insights?.totals.plays).toBe(nextSongs().length);
    expect(last.checks).toEqual(summary.checks);
    expect(last.insights).toEqual(summary.insights);
  });

  it('carry non-decreasing times since the start of the run', () => {
    const at = events.map((e) => e.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });
});

/** ISO 8601 week number of a UTC instant, as EXTRACT(week ...) gives it. */
function isoWeek(ms: number): number {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = day - weekday * 86_400_000 + 3 * 86_400_000;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return 1 + Math.floor((thursday - yearStart) / (7 * 86_400_000));
}

const sortRows = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

describe('the content of the star schema', () => {
  it('holds in songplays each NextSong event\'s time, user, level, session, location and user agent', async () => {
    const rows = await wh.query('SELECT start_time, user_id, level, session_id, location, user_agent FROM songplays');
    const actual = rows.map(([t, ...rest]) => [epochMs(String(t)), ...rest]);
    const expected = nextSongs().map((e) => [e.ts, Number(e.userId), e.level, e.sessionId, e.location, e.userAgent]);
    expect(expected.some(([, , , , , agent]) => String(agent).includes('"'))).toBe(true); // quotes to carry
    expect(sortRows(actual)).toEqual(sortRows(expected));
  });

  it("gives each user the names and gender of that user's events", async () => {
    const rows = await wh.query('SELECT user_id, first_name, last_name, gender FROM users');
    const byUser = new Map(nextSongs().map((e) => [Number(e.userId), [e.firstName, e.lastName, e.gender]]));
    expect(sortRows(rows)).toEqual(sortRows([...byUser].map(([id, rest]) => [id, ...rest])));
  });

  it('splits each play time in time into hour, day, ISO week, month, year and weekday (0 = Sunday)', async () => {
    const rows = await wh.query('SELECT start_time, hour, day, week, month, year, weekday FROM time');
    expect(rows.length).toBeGreaterThan(0);
    for (const [t, ...parts] of rows) {
      const ms = epochMs(String(t));
      const d = new Date(ms);
      expect(parts.map(Number), String(t)).toEqual([d.getUTCHours(), d.getUTCDate(), isoWeek(ms), d.getUTCMonth() + 1, d.getUTCFullYear(), d.getUTCDay()]);
    }
  });

  it('holds each song once with its title, artist and duration, and a NULL year where song_data says 0', async () => {
    const rows = await wh.query('SELECT song_id, title, artist_id, year, duration FROM songs');
    const expected = data.songs.map(({ song }) => [song.song_id, song.title, song.artist_id, song.year === 0 ? null : song.year, song.duration]);
    expect(expected.some(([, , , year]) => year === null)).toBe(true); // unknown years to convert
    expect(sortRows(rows)).toEqual(sortRows(expected));
  });

  it('holds each artist once, under one of the names song_data gives it, with no empty location', async () => {
    const rows = await wh.query('SELECT artist_id, name, location FROM artists');
    const names = new Map<string, Set<string>>();
    for (const { song } of data.songs) names.set(song.artist_id, (names.get(song.artist_id) ?? new Set()).add(song.artist_name));
    expect(rows.map(([id]) => id).sort()).toEqual([...names.keys()].sort());
    for (const [id, name, location] of rows) {
      expect([...names.get(String(id))!], String(id)).toContain(name);
      expect(location, String(id)).not.toBe('');
    }
  });
});

describe('the concurrency limit', () => {
  /** The most statements the events show in flight at once (submitted and not yet ended). */
  function maxInFlight(list: PipelineEvent[]): number {
    let now = 0;
    let max = 0;
    for (const e of list) {
      if (isSubmitted(e)) max = Math.max(max, ++now);
      if (e.type === 'finished' || e.type === 'failed' || (e.type === 'cancelled' && e.statementId)) now--;
    }
    return max;
  }

  it('lets the main run (concurrency 4) run statements side by side, never more than 4', () => {
    expect(maxInFlight(events)).toBeGreaterThanOrEqual(2);
    expect(maxInFlight(events)).toBeLessThanOrEqual(4);
  });

  it.each([1, 2])('keeps at most %i statement(s) in flight, and the run still succeeds', async (concurrency) => {
    const run = await runCollecting(wh, plan, { concurrency });
    expect(run.summary.ok).toBe(true);
    expect(maxInFlight(run.events)).toBe(concurrency);
    expect(run.summary.counts).toEqual(summary.counts);
  });
});
