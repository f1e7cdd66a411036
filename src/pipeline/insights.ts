// The insights' result rows, (insight, position, label, detail, value), made into typed figures:
// every hour and weekday present (zero when nothing was played), shares computed from counts.

import { SESSION_BUCKETS, type InsightId } from '../sql/insights.js';
import type { ResultRow } from './results.js';

/** A part of a whole: its count and its share of the whole (0 when the whole is empty). */
export interface Share {
  label: string;
  count: number;
  share: number;
}

export interface Insights {
  /** loggedPlays: the NextSong events of the event log last loaded (staging_events). */
  totals: { plays: number; matchedPlays: number; listeners: number; sessions: number; loggedPlays: number };
  /** Matched plays only: a play counts for a song when it was resolved to a song_id. */
  topSongs: { title: string; artist: string | null; plays: number }[];
  topArtists: { name: string; plays: number }[];
  /**
   * Every play of the event log last loaded, by the title and artist name the log gives, as the
   * data has them (broken encodings included); known: song_data has a song of that title and
   * artist name (any duration), or an artist of that name.
   */
  topLoggedSongs: { title: string; artist: string; plays: number; known: boolean }[];
  topLoggedArtists: { name: string; plays: number; known: boolean }[];
  /** All 24 hours (UTC), 0 to 23. */
  playsByHour: { hour: number; plays: number }[];
  /** All seven days, Sunday first (EXTRACT(dow) order). */
  playsByWeekday: { weekday: string; plays: number }[];
  /** Plays by the level the user had when playing; users by their level now. */
  playsByLevel: Share[];
  usersByLevel: Share[];
  /** Shares of all plays. */
  topLocations: Share[];
  browsers: Share[];
  systems: Share[];
  sessionsPerUser: { average: number | null; median: number | null; distribution: { sessions: string; users: number }[] };
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Row {
  position: number | null;
  label: string | null;
  detail: string | null;
  /** NULL only where an aggregate had nothing to work on (the average of no users). */
  value: number | null;
  known: boolean;
}

const text = (v: ResultRow[number] | undefined) => (v === null || v === undefined ? null : String(v));
const num = (v: ResultRow[number] | undefined) => (v === null || v === undefined ? null : Number(v));

/** Parts with their shares of their sum, largest first (then by label). */
function shares(rows: Row[], unknown = 'unknown'): Share[] {
  const whole = rows.reduce((sum, r) => sum + (r.value ?? 0), 0);
  return rows
    .map((r) => ({ label: r.label ?? unknown, count: r.value ?? 0, share: whole === 0 ? 0 : (r.value ?? 0) / whole }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

export function readInsights(records: readonly ResultRow[]): Insights {
  const by = new Map<InsightId, Row[]>();
  for (const [insight, position, label, detail, value, known] of records) {
    const id = String(insight) as InsightId;
    const rows = by.get(id) ?? [];
    rows.push({ position: num(position), label: text(label), detail: text(detail), value: num(value), known: num(known) === 1 });
    by.set(id, rows);
  }
  const rows = (id: InsightId) => [...(by.get(id) ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const at = (id: InsightId, position: number) => rows(id).find((r) => r.position === position)?.value ?? 0;
  const labelled = (id: InsightId, label: string) => rows(id).find((r) => r.label === label)?.value ?? null;

  const totals = {
    plays: labelled('totals', 'plays') ?? 0,
    matchedPlays: labelled('totals', 'matched_plays') ?? 0,
    listeners: labelled('totals', 'listeners') ?? 0,
    sessions: labelled('totals', 'sessions') ?? 0,
    loggedPlays: labelled('totals', 'logged_plays') ?? 0,
  };
  const count = (r: Row) => r.value ?? 0;
  return {
    totals,
    topSongs: rows('top_songs').map((r) => ({ title: r.label ?? '', artist: r.detail, plays: count(r) })),
    topArtists: rows('top_artists').map((r) => ({ name: r.label ?? '', plays: count(r) })),
    topLoggedSongs: rows('top_logged_songs').map((r) => ({ title: r.label ?? '', artist: r.detail ?? '', plays: count(r), known: r.known })),
    topLoggedArtists: rows('top_logged_artists').map((r) => ({ name: r.label ?? '', plays: count(r), known: r.known })),
    playsByHour: Array.from({ length: 24 }, (_, hour) => ({ hour, plays: at('plays_by_hour', hour) })),
    playsByWeekday: WEEKDAYS.map((weekday, dow) => ({ weekday, plays: at('plays_by_weekday', dow) })),
    playsByLevel: shares(rows('plays_by_level')),
    usersByLevel: shares(rows('users_by_level')),
    topLocations: rows('top_locations').map((r) => ({ label: r.label ?? '', count: count(r), share: totals.plays === 0 ? 0 : count(r) / totals.plays })),
    browsers: shares(rows('plays_by_browser')),
    systems: shares(rows('plays_by_os')),
    sessionsPerUser: {
      // NULL (no users, no average) stays null.
      average: labelled('session_stats', 'average'),
      median: labelled('session_stats', 'median'),
      distribution: SESSION_BUCKETS.map((b, i) => ({ sessions: b.label, users: at('sessions_per_user', i + 1) })),
    },
  };
}
