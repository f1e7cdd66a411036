// A deterministic Sparkify dataset in the exact Udacity layout and formats (README: sample-data),
// quirks included, with enough plays of known songs that the star schema has content. Listening
// follows a long tail, as on a real service: a few songs and artists are played dozens of times,
// most songs once.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type Song } from './catalog.js';
import { Draw, random } from './draw.js';
import { ARTIST_PLACES, ARTIST_WORDS, FIRST_NAMES, LAST_NAMES, LOCATIONS, OTHER_PAGES, TITLE_WORDS, USER_AGENTS } from './vocabulary.js';

export interface SampleOptions {
  songs: number;
  events: number;
  seed: number;
}

export interface SampleSummary {
  songFiles: number;
  logFiles: number;
  events: number;
  nextSongEvents: number;
  /** NextSong events that name a generated song (title, artist name and duration). */
  matchedPlays: number;
}

export const BUCKET = 'udacity-dend';
export const DEFAULT_SAMPLE: SampleOptions = { songs: 14_896, events: 8_056, seed: 2018 };

/** The jsonpaths file Udacity publishes beside log_data. */
export const LOG_JSONPATHS = {
  jsonpaths: [
    "$['artist']", "$['auth']", "$['firstName']", "$['gender']", "$['itemInSession']", "$['lastName']",
    "$['length']", "$['level']", "$['location']", "$['method']", "$['page']", "$['registration']",
    "$['sessionId']", "$['song']", "$['status']", "$['ts']", "$['userAgent']", "$['userId']",
  ],
};

const NEXT_SONG_SHARE = 0.85;
const LOGGED_OUT_SESSION_SHARE = 0.06;
const NOVEMBER_2018 = Date.UTC(2018, 10, 1);
const DAY_MS = 86_400_000;

interface User {
  id: string;
  firstName: string;
  lastName: string;
  gender: 'M' | 'F';
  location: string;
  userAgent: string;
  registration: number;
  level: 'free' | 'paid';
  /** Day of November (1-30) from which the user's level is the other one, if it changes. */
  switchDay: number | undefined;
}

type Event = Record<(typeof EVENT_KEYS)[number], string | number | null>;
const EVENT_KEYS = [
  'artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location',
  'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId',
] as const;

function makeSongs(draw: Draw, count: number): Song[] {
  const artists: Pick<Song, 'artist_id' | 'artist_name' | 'artist_location' | 'artist_latitude' | 'artist_longitude'>[] = [];
  const songs: Song[] = [];
  for (let i = 0; i < count; i++) {
    let artist;
    if (artists.length > 0 && draw.chance(0.3)) {
      const known = draw.pick(artists);
      // One artist_id appears with slightly different names now and then, as in the real data.
      artist = draw.chance(0.1) ? { ...known, artist_name: `${known.artist_name} featuring ${draw.pick(ARTIST_WORDS)}` } : known;
    } else {
      const located = draw.chance(0.4);
      artist = {
        artist_id: draw.id('AR', 0),
        artist_name: draw.artistName(),
        artist_location: draw.pick(ARTIST_PLACES),
        artist_latitude: located ? draw.float(-60, 70, 5) : null,
        artist_longitude: located ? draw.float(-150, 150, 5) : null,
      };
      artists.push(artist);
    }
    songs.push({
      num_songs: 1,
      artist_id: artist.artist_id,
      artist_latitude: artist.artist_latitude,
      artist_longitude: artist.artist_longitude,
      artist_location: artist.artist_location,
      artist_name: artist.artist_name,
      song_id: draw.id('SO', 0),
      title: draw.words(TITLE_WORDS, 4),
      duration: draw.float(30, 600, 5),
      year: draw.chance(0.5) ? 0 : draw.int(1955, 2010),
    });
  }
  return songs;
}

function makeUsers(draw: Draw, count: number): User[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 2),
    firstName: draw.pick(FIRST_NAMES),
    lastName: draw.pick(LAST_NAMES),
    gender: draw.chance(0.5) ? 'M' : 'F',
    location: draw.pick(LOCATIONS),
    userAgent: draw.pick(USER_AGENTS),
    registration: NOVEMBER_2018 - draw.int(1, 60) * DAY_MS + draw.int(0, DAY_MS - 1),
    level: draw.chance(0.3) ? 'paid' : 'free',
    // Users change level over the month: a plain SELECT DISTINCT would duplicate them.
    switchDay: draw.chance(0.2) ? draw.int(2, 30) : undefined,
  }));
}

function levelOn(user: User, day: number): 'free' | 'paid' {
  if (user.switchDay === undefined || day < user.switchDay) return user.level;
  return user.level === 'free' ? 'paid' : 'free';
}

/** One line of a log file: keys in Udacity's order, registration as a float, slashes escaped. */
function logLine(event: Event): string {
  const parts = EVENT_KEYS.map((key) => {
    const value = event[key];
    const text = key === 'registration' && value !== null ? `${value}.0` : JSON.stringify(value);
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${parts.join(',')}}`.replaceAll('/', '\\/');
}

function pickPage(draw: Draw): [string, 'GET' | 'PUT'] {
  const total = OTHER_PAGES.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = draw.next() * total;
  for (const [page, weight, method] of OTHER_PAGES) {
    roll -= weight;
    if (roll < 0) return [page, method];
  }
  return ['Home', 'GET'];
}

function sessionEvents(draw: Draw, user: User, day: number, sessionId: number, catalog: Catalog, quota: number): Event[] {
  const events: Event[] = [];
  // Listening peaks in the afternoon and evening.
  const hour = draw.chance(0.6) ? draw.int(12, 21) : draw.int(0, 23);
  let ts = NOVEMBER_2018 + (day - 1) * DAY_MS + hour * 3_600_000 + draw.int(0, 3_599_999);
  const end = NOVEMBER_2018 + day * DAY_MS - 1;
  const level = levelOn(user, day);
  const base = { level, sessionId };
  let item = 0;
  if (draw.chance(LOGGED_OUT_SESSION_SHARE)) {
    // Logged-out events: empty userId, no name, gender or registration; never NextSong.
    for (const page of ['Home', 'Login']) {
      events.push({
        ...base, artist: null, auth: 'Logged Out', firstName: null, gender: null, itemInSession: item++, lastName: null,
        length: null, location: null, method: page === 'Login' ? 'PUT' : 'GET', page, registration: null, song: null,
        status: page === 'Login' ? 307 : 200, ts, userAgent: null, userId: '',
      });
      ts += draw.int(5_000, 60_000);
    }
  }
  const length = Math.min(quota, draw.int(1, 40));
  while (events.length < length && ts <= end) {
    const person = {
      ...base, auth: 'Logged In', firstName: user.firstName, gender: user.gender, itemInSession: item++,
      lastName: user.lastName, location: user.location, registration: user.registration, ts,
      userAgent: user.userAgent, userId: user.id,
    };
    if (draw.chance(NEXT_SONG_SHARE)) {
      const played = catalog.play();
      events.push({ ...person, ...played, method: 'PUT', page: 'NextSong', status: 200 });
      ts += Math.round(played.length * 1000);
    } else {
      const [page, method] = pickPage(draw);
      events.push({ ...person, artist: null, length: null, song: null, method, page, status: page === 'Error' ? 404 : page === 'Logout' ? 307 : 200 });
      ts += draw.int(2_000, 90_000);
    }
  }
  return events;
}

/** Writes the dataset under DIR/udacity-dend/ and says what it wrote. */
export function writeSample(dir: string, options: SampleOptions): SampleSummary {
  const draw = new Draw(random(options.seed));
  const root = join(dir, BUCKET);
  const made = new Set<string>();
  const ensureDir = (path: string) => {
    if (!made.has(path)) mkdirSync(path, { recursive: true });
    made.add(path);
  };

  const songs = makeSongs(draw, options.songs);
  const songKeys = new Set(songs.map((s) => `${s.title}\u0000${s.artist_name}\u0000${s.duration}`));
  for (const song of songs) {
    const track = draw.id('TR', 3);
    const folder = join(root, 'song_data', track[2]!, track[3]!, track[4]!);
    ensureDir(folder);
    writeFileSync(join(folder, `${track}.json`), JSON.stringify(song));
  }

  const users = makeUsers(draw, Math.max(10, Math.round(options.events / 84)));
  const catalog = new Catalog(draw, songs);
  const logDir = join(root, 'log_data', '2018', '11');
  ensureDir(logDir);
  const summary: SampleSummary = { songFiles: songs.length, logFiles: 0, events: 0, nextSongEvents: 0, matchedPlays: 0 };
  let sessionId = 1;
  for (let day = 1; day <= 30; day++) {
    const quota = Math.round((options.events * day) / 30) - Math.round((options.events * (day - 1)) / 30);
    const events: Event[] = [];
    while (events.length < quota) {
      events.push(...sessionEvents(draw, draw.pick(users), day, sessionId++, catalog, quota - events.length));
    }
    events.length = quota; // a session's logged-out prelude may overshoot the day's share
    if (events.length === 0) continue;
    events.sort((a, b) => (a.ts as number) - (b.ts as number));
    for (const e of events) {
      if (e.page !== 'NextSong') continue;
      summary.nextSongEvents++;
      if (songKeys.has(`${e.song}\u0000${e.artist}\u0000${e.length}`)) summary.matchedPlays++;
    }
    const name = `2018-11-${String(day).padStart(2, '0')}-events.json`;
    writeFileSync(join(logDir, name), events.map(logLine).join('\n'));
    summary.logFiles++;
    summary.events += events.length;
  }
  writeFileSync(join(root, 'log_json_path.json'), JSON.stringify(LOG_JSONPATHS, null, 4));
  return summary;
}
