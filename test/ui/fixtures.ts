// Figures for the screens and the report, shaped as the pipeline gives them: realistic, with the
// long and non-ASCII names the real data has, so widths are put to the test.

import type { CheckResult } from '../../src/pipeline/dataChecks.js';
import { readChecks } from '../../src/pipeline/dataChecks.js';
import type { Insights } from '../../src/pipeline/insights.js';
import { CHECKS } from '../../src/sql/dataChecks.js';

/** Every check as a healthy warehouse answers it, but for the figures given by id. */
export function checksWith(figures: Record<string, [number, number | null]> = {}): CheckResult[] {
  return readChecks(CHECKS.map((c) => {
    const healthy: [number, number | null] = c.kind === 'has_rows' ? [96, null] : c.kind === 'one_per_event' ? [6820, 6820] : c.kind === 'match_rate' ? [333, 6820] : [0, 6820];
    const [figure, total] = figures[c.id] ?? healthy;
    return [c.id, figure, total];
  }));
}

const LONG = 'Sehr kosmisch (Live at the Café Déjà Vu, Reykjavík, with the Orchestra and the Quartet | remastered)';

/**
 * Names as Sparkify's real event log has them: UTF-8 read as Latin-1 and written again (with the
 * C1 control character U+0083 inside), an apostrophe become U+0019, a soft hyphen; and, as other
 * data has them, wide letters, a combining accent and a name holding an escape sequence.
 */
export const BROKEN = {
  bjork: 'Bj\u00c3\u0083\u00c2\u00b6rk',
  howlin: 'Howlin\u0019 For You',
  dimelo: 'D\u00c3\u0083\u00c2\u00admelo',
  wide: '夜に駆ける',
  combining: 'Beyonce\u0301',
  escape: 'Red \u001b[31mAlert\u001b[0m',
};

export function sampleInsights(): Insights {
  const hours = [13, 15, 20, 21, 9, 11, 26, 17, 31, 42, 26, 17, 49, 96, 135, 118, 94, 126, 126, 159, 187, 142, 143, 78];
  return {
    totals: { plays: 6820, matchedPlays: 333, listeners: 96, sessions: 1056, loggedPlays: 6820 },
    topSongs: [
      { title: "You're The One", artist: 'Dwight Yoakam', plays: 37 },
      { title: LONG, artist: 'Clementina Santafè featuring Sigur Rós and the Northern Lights Collective', plays: 9 },
      { title: 'Undo', artist: 'Björk', plays: 8 },
      { title: 'Revelry', artist: 'Kings Of Leon', plays: 6 },
      { title: 'Secrets', artist: null, plays: 6 },
      { title: 'Horn Concerto No. 4 in E flat K495: II. Romance (Andante cantabile)', artist: 'Barry Tuckwell/Academy of St Martin-in-the-Fields/Sir Neville Marriner', plays: 5 },
    ],
    topArtists: [
      { name: 'Dwight Yoakam', plays: 37 },
      { name: 'Kings Of Leon', plays: 31 },
      { name: "Des'ree", plays: 23 },
      { name: 'Barry Tuckwell/Academy of St Martin-in-the-Fields/Sir Neville Marriner', plays: 5 },
    ],
    topLoggedSongs: [
      { title: "You're The One", artist: 'Dwight Yoakam', plays: 37, known: false },
      { title: 'Undo', artist: BROKEN.bjork, plays: 28, known: true },
      { title: BROKEN.howlin, artist: 'The Black Keys', plays: 21, known: false },
      { title: BROKEN.wide, artist: 'YOASOBI', plays: 17, known: false },
      { title: LONG, artist: BROKEN.escape, plays: 16, known: false },
      { title: BROKEN.dimelo, artist: BROKEN.combining, plays: 9, known: true },
    ],
    topLoggedArtists: [
      { name: 'Coldplay', plays: 58, known: false },
      { name: 'Kings Of Leon', plays: 55, known: true },
      { name: BROKEN.bjork, plays: 33, known: true },
      { name: 'Barry Tuckwell/Academy of St Martin-in-the-Fields/Sir Neville Marriner', plays: 19, known: false },
      { name: BROKEN.escape, plays: 5, known: false },
    ],
    playsByHour: hours.map((plays, hour) => ({ hour, plays })),
    playsByWeekday: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map((weekday, i) => ({ weekday, plays: [396, 1014, 1071, 1364, 1052, 1295, 628][i]! })),
    playsByLevel: [{ label: 'paid', count: 5591, share: 5591 / 6820 }, { label: 'free', count: 1229, share: 1229 / 6820 }],
    usersByLevel: [{ label: 'free', count: 74, share: 74 / 96 }, { label: 'paid', count: 22, share: 22 / 96 }],
    topLocations: [
      { label: 'San Francisco-Oakland-Hayward, CA', count: 691, share: 691 / 6820 },
      { label: 'Portland-South Portland, ME', count: 665, share: 665 / 6820 },
      { label: 'Lansing-East Lansing, MI', count: 557, share: 557 / 6820 },
      { label: 'Chicago-Naperville-Elgin, IL-IN-WI', count: 475, share: 475 / 6820 },
      { label: 'Philadelphia-Camden-Wilmington, PA-NJ-DE-MD and all the long way round', count: 20, share: 20 / 6820 },
    ],
    browsers: [
      { label: 'Chrome', count: 3564, share: 3564 / 6820 },
      { label: 'Firefox', count: 1508, share: 1508 / 6820 },
      { label: 'Safari', count: 1501, share: 1501 / 6820 },
      { label: 'Internet Explorer', count: 247, share: 247 / 6820 },
    ],
    systems: [
      { label: 'Windows', count: 3263, share: 3263 / 6820 },
      { label: 'Mac OS X', count: 2565, share: 2565 / 6820 },
      { label: 'Linux', count: 693, share: 693 / 6820 },
      { label: 'iPhone/iPad', count: 299, share: 299 / 6820 },
    ],
    sessionsPerUser: {
      average: 11.0,
      median: 4.5,
      distribution: [['1', 12], ['2-3', 24], ['4-7', 27], ['8-15', 14], ['16-31', 9], ['32+', 10]].map(([sessions, users]) => ({ sessions: String(sessions), users: Number(users) })),
    },
  };
}
