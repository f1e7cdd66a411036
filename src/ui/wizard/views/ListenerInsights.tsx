// A few facts about the listeners after a run, as compact text charts: the most played songs and
// artists by the event log's titles, the top songs matched to song_data, plays by hour, free
// against paid, browsers. Every line fits the terminal's width; the report has all.

import { Box, Text } from 'ink';
import type { Insights } from '../../../pipeline/insights.js';
import { barChart, sparkline } from '../../charts.js';
import { hourRange, levelShare, listenerFacts, loggedSong } from '../../facts.js';
import { count, percent, plural } from '../../../format.js';
import { padEnd, printable, truncate, wrap } from '../../text.js';
import { useWidth } from './common.js';

const TOP = 5;
/** The top songs matched to song_data: fewer, as the event log's titles come first. */
const TOP_MATCHED = 3;
const LABEL = 22;
const KNOWN = '✓';
const NO_BREAK = '\u00a0';

export interface PanelLine {
  text: string;
  bold?: boolean;
  dim?: boolean;
}

/** The panel's lines for a width: pure, so it can be checked without rendering. */
export function insightPanel(insights: Insights, width: number): PanelLine[] {
  const fit = (text: string) => truncate(text, width);
  // A label, then its text, wrapped under itself when it is longer than the line; a part such as
  // "Internet Explorer 4%" is never split.
  const row = (label: string, parts: string[]): PanelLine[] =>
    wrap(parts.map((p) => p.replaceAll(' ', NO_BREAK)).join(', '), width - 2 - LABEL)
      .map((line, i) => ({ text: fit(`  ${padEnd(i === 0 ? label : '', LABEL)}${line.replaceAll(NO_BREAK, ' ')}`) }));
  const [overview = ''] = listenerFacts(insights);
  const lines: PanelLine[] = [{ text: fit("What Sparkify's listeners did"), bold: true }, ...wrap(overview, width, '  ').map((text) => ({ text: fit(text) }))];
  const { totals } = insights;
  if (totals.plays === 0) return lines;

  if (insights.topLoggedSongs.length > 0) {
    lines.push({ text: fit(`  Most played songs, by the event log's titles (${KNOWN} in song_data)`) });
    const bars = insights.topLoggedSongs.slice(0, TOP).map((s) => ({ label: `${s.known ? KNOWN : ' '} ${loggedSong(s)}`, value: s.plays }));
    for (const line of barChart(bars, width - 4)) lines.push({ text: `    ${line}` });
    lines.push(...row('Most played artists', insights.topLoggedArtists.slice(0, TOP).map((a) => `${printable(a.name)}${a.known ? ` ${KNOWN}` : ''} ${count(a.plays)}`)));
  }
  if (insights.topSongs.length > 0) {
    lines.push({ text: fit(`  Top songs (of ${plural(totals.matchedPlays, 'play')} matched to a song)`) });
    const bars = insights.topSongs.slice(0, TOP_MATCHED).map((s) => ({ label: printable(s.artist ? `${s.title} · ${s.artist}` : s.title), value: s.plays }));
    for (const line of barChart(bars, width - 4)) lines.push({ text: `    ${line}` });
  }
  const hours = insights.playsByHour.map((h) => h.plays);
  const peak = insights.playsByHour.reduce((best, h) => (h.plays > best.plays ? h : best));
  // Never wrapped (a zero hour is a space in the sparkline): the hours under it line up.
  lines.push({ text: fit(`  ${padEnd('Plays by hour (UTC)', LABEL)}${sparkline(hours)}  busiest ${hourRange(peak.hour)} (${percent(peak.plays / totals.plays)})`) });
  lines.push({ text: fit(`  ${' '.repeat(LABEL)}0     6     12    18   23`), dim: true });
  lines.push(...row('Free vs paid', [`free: ${percent(levelShare(insights.usersByLevel, 'free'))} of listeners`, `${percent(levelShare(insights.playsByLevel, 'free'))} of plays`]));
  lines.push(...row('Browsers (plays)', insights.browsers.slice(0, 4).map((s) => `${s.label} ${percent(s.share)}`)));
  return lines;
}

export function ListenerInsights({ insights }: { insights: Insights }) {
  const width = Math.min(useWidth(), 100);
  return (
    <Box flexDirection="column">
      {insightPanel(insights, width).map((line, i) => (
        <Text key={i} bold={line.bold} dimColor={line.dim} wrap="truncate-end">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
