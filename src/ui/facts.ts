// A few sentences about Sparkify's listeners, from the insights: what the plain reporter prints,
// the wizard shows and the report opens with.

import type { Insights, Share } from '../pipeline/insights.js';
import { count, decimal, percent, plural } from '../format.js';
import { printable } from './text.js';

/** The part with the most plays, or undefined when nothing was played. */
function busiest<T extends { plays: number }>(parts: readonly T[]): T | undefined {
  return parts.reduce<T | undefined>((best, p) => (p.plays > (best?.plays ?? 0) ? p : best), undefined);
}

export function hourRange(hour: number): string {
  const h = (n: number) => `${String(n % 24).padStart(2, '0')}:00`;
  return `${h(hour)}-${h(hour + 1)}`;
}

/** "Chrome 63%, Firefox 18%, Safari 17%", the largest parts first. */
export function sharesInWords(shares: readonly Share[], most = 4): string {
  return shares.slice(0, most).map((s) => `${s.label} ${percent(s.share)}`).join(', ');
}

export function levelShare(shares: readonly Share[], level: string): number {
  return shares.find((s) => s.label === level)?.share ?? 0;
}

/** Whether song_data knows a song or an artist of the event log, in words. */
export function knownWords(known: boolean): string {
  return known ? 'in song_data' : 'not in song_data';
}

/** A song as the event log names it, ready for a terminal: "You're The One · Dwight Yoakam". */
export function loggedSong(song: { title: string; artist: string }): string {
  return printable(`${song.title} · ${song.artist}`);
}

/**
 * The most played songs and artists by the event log's own titles, a line each:
 * "   37  You're The One · Dwight Yoakam (not in song_data)"; nothing when the log had no plays.
 */
export function loggedLines(insights: Insights, most = 5): string[] {
  const songs = insights.topLoggedSongs.slice(0, most);
  const artists = insights.topLoggedArtists.slice(0, most);
  if (songs.length === 0) return [];
  const width = Math.max(0, ...[...songs, ...artists].map((r) => count(r.plays).length));
  const line = (plays: number, name: string, known: boolean) => `  ${count(plays).padStart(width)}  ${name} (${knownWords(known)})`;
  return [
    `Most played songs, by the event log's titles (of ${plural(insights.totals.loggedPlays, 'play')}):`,
    ...songs.map((s) => line(s.plays, loggedSong(s), s.known)),
    "Most played artists, by the event log's names:",
    ...artists.map((a) => line(a.plays, printable(a.name), a.known)),
  ];
}

export function listenerFacts(insights: Insights): string[] {
  const { totals } = insights;
  if (totals.plays === 0) return ['No song was played: songplays is empty, so there is nothing to tell about listeners.'];
  const facts = [
    `${plural(totals.plays, 'play')} by ${plural(totals.listeners, 'listener')} in ${plural(totals.sessions, 'session')}; ` +
      `${percent(totals.matchedPlays / totals.plays, 1)} of the plays matched a song in song_data.`,
  ];
  const [logged] = insights.topLoggedSongs;
  const [loggedArtist] = insights.topLoggedArtists;
  if (logged) {
    facts.push(`Most played song in the event log: "${printable(logged.title)}" by ${printable(logged.artist)} (${plural(logged.plays, 'play')}, ${knownWords(logged.known)})` +
      `${loggedArtist ? `; artist: ${printable(loggedArtist.name)} (${plural(loggedArtist.plays, 'play')}, ${knownWords(loggedArtist.known)})` : ''}.`);
  }
  const [song] = insights.topSongs;
  const [artist] = insights.topArtists;
  if (song) {
    facts.push(`Most played song matched to song_data: "${printable(song.title)}"${song.artist ? ` by ${printable(song.artist)}` : ''} (${plural(song.plays, 'play')})` +
      `${artist ? `; top artist: ${printable(artist.name)} (${plural(artist.plays, 'play')})` : ''}.`);
  }
  const hour = busiest(insights.playsByHour);
  const day = busiest(insights.playsByWeekday);
  if (hour && day) {
    facts.push(`Busiest hour: ${hourRange(hour.hour)} UTC (${percent(hour.plays / totals.plays)} of plays); ` +
      `busiest day: ${day.weekday} (${percent(day.plays / totals.plays)}).`);
  }
  facts.push(`Free vs paid: ${percent(levelShare(insights.usersByLevel, 'free'))} of listeners are on the free level now; ` +
    `${percent(levelShare(insights.playsByLevel, 'free'))} of plays were free plays.`);
  facts.push(`Browsers: ${sharesInWords(insights.browsers)} of plays; systems: ${sharesInWords(insights.systems, 3)}.`);
  const { average, median } = insights.sessionsPerUser;
  if (average !== null && median !== null) {
    facts.push(`Sessions per listener: ${average.toFixed(1)} on average, median ${decimal(median)}.`);
  }
  return facts;
}
