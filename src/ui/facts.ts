// A few sentences about Sparkify's listeners, from the insights: what the plain reporter prints,
// the wizard shows and the report opens with.

import type { Insights, Share } from '../pipeline/insights.js';
import { decimal, percent, plural } from '../format.js';

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

export function listenerFacts(insights: Insights): string[] {
  const { totals } = insights;
  if (totals.plays === 0) return ['No song was played: songplays is empty, so there is nothing to tell about listeners.'];
  const facts = [
    `${plural(totals.plays, 'play')} by ${plural(totals.listeners, 'listener')} in ${plural(totals.sessions, 'session')}; ` +
      `${percent(totals.matchedPlays / totals.plays, 1)} of the plays matched a song in song_data.`,
  ];
  const [song] = insights.topSongs;
  const [artist] = insights.topArtists;
  if (song) {
    facts.push(`Most played song: "${song.title}"${song.artist ? ` by ${song.artist}` : ''} (${plural(song.plays, 'play')})` +
      `${artist ? `; top artist: ${artist.name} (${plural(artist.plays, 'play')})` : ''}.`);
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
