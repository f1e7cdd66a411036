// The report an analyst hands to a colleague: when and from which warehouse, whether the data can
// be trusted (every check, and the query behind each warning or failure), and each insight as a
// Markdown table with a text chart in a code block. Prose and charts keep within 80 columns, so
// the file reads as well in a terminal as in a wiki; tables are as wide as their cells.

import { tallyChecks, type CheckResult } from '../pipeline/dataChecks.js';
import type { Insights, Share } from '../pipeline/insights.js';
import { barChart, columnChart } from './charts.js';
import { CHECK_WORD } from './checkLines.js';
import { listenerFacts } from './facts.js';
import { count, decimal, percent, plural } from '../format.js';
import { printable, wrap } from './text.js';

export interface ReportData {
  generatedAt: Date;
  /** The target in words, as every front end names it. */
  target: string;
  checks: CheckResult[];
  insights: Insights;
}

export type ReportFormat = 'md' | 'json';

const WIDTH = 80;
/** Charts sit in code blocks; a little narrower than the prose reads better in a wiki. */
const CHART_WIDTH = 72;

/**
 * Text safe inside a table cell, or anywhere in a line of Markdown: shown as `printable` shows it,
 * no line breaks, Markdown's markup characters escaped. An underscore inside a word (user_id)
 * marks nothing and stays as it is.
 */
export function cell(text: string): string {
  return printable(text)
    .replace(/\s+/g, ' ')
    .replace(/([\\`*{}[\]<>|#])/g, '\\$1')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

function table(header: string[], align: ('left' | 'right')[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'right' ? '---:' : '---'))), ...rows.map(line)];
}

function chart(lines: string[]): string[] {
  return ['```text', ...lines, '```'];
}

function paragraph(text: string): string[] {
  return wrap(text, WIDTH);
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function verdict(checks: CheckResult[]): string {
  const { pass, warn, fail } = tallyChecks(checks);
  if (fail > 0) return `No: ${fail} of ${plural(checks.length, 'data check')} failed. Fix what they show before using the figures below.`;
  if (warn > 0) return `Yes, with care: ${pass} of ${plural(checks.length, 'data check')} pass and ${warn} warn${warn === 1 ? 's' : ''}.`;
  return `Yes: all ${plural(checks.length, 'data check')} pass.`;
}

function checksSection(checks: CheckResult[]): string[] {
  const lines = ['## Can the warehouse be trusted?', '', ...paragraph(verdict(checks)), ''];
  lines.push(...table(['status', 'check', 'figure'], ['left', 'left', 'left'], checks.map((c) => [CHECK_WORD[c.status], cell(c.title), cell(c.detail)])));
  for (const c of checks.filter((c) => c.status !== 'pass')) {
    lines.push('', `### ${CHECK_WORD[c.status]}: ${cell(c.title)}`, '', ...paragraph(`${c.detail}. The query that shows the offending rows:`), '', '```sql', c.query, '```');
  }
  return lines;
}

function sharesTable(what: string, shares: Share[]): string[] {
  return table([what, 'plays', 'share'], ['left', 'right', 'right'], shares.map((s) => [cell(s.label), count(s.count), percent(s.share, 1)]));
}

function sharesChart(shares: Share[]): string[] {
  return chart(barChart(shares.map((s) => ({ label: s.label, value: s.count, text: percent(s.share) })), CHART_WIDTH));
}

function insightSections(insights: Insights): string[] {
  const { totals } = insights;
  const out: string[] = [];
  const section = (title: string, ...body: string[][]) => out.push('', `## ${title}`, ...body.flatMap((b) => ['', ...b]));

  const known = (k: boolean) => (k ? 'yes' : 'no');
  const mark = (k: boolean) => (k ? '✓ ' : '  ');
  const logged = paragraph(`Every play of the event log last loaded (${plural(totals.loggedPlays, 'play')}), by the title and artist name it gives, ` +
    'as the data has them. "in song_data" (✓ in the chart): some song file has that title and artist name, of any duration.');
  section(
    `Top ${insights.topLoggedSongs.length} songs by the event log's titles`,
    logged,
    table(['#', 'song', 'artist', 'plays', 'in song_data'], ['right', 'left', 'left', 'right', 'left'],
      insights.topLoggedSongs.map((s, i) => [String(i + 1), cell(s.title), cell(s.artist), count(s.plays), known(s.known)])),
    chart(barChart(insights.topLoggedSongs.map((s) => ({ label: `${mark(s.known)}${s.title} · ${s.artist}`, value: s.plays })), CHART_WIDTH)),
  );
  section(
    `Top ${insights.topLoggedArtists.length} artists by the event log's names`,
    paragraph('Every play of the event log last loaded, by the artist name it gives. "in song_data" (✓ in the chart): some song file has an artist of that name.'),
    table(['#', 'artist', 'plays', 'in song_data'], ['right', 'left', 'right', 'left'],
      insights.topLoggedArtists.map((a, i) => [String(i + 1), cell(a.name), count(a.plays), known(a.known)])),
    chart(barChart(insights.topLoggedArtists.map((a) => ({ label: `${mark(a.known)}${a.name}`, value: a.plays })), CHART_WIDTH)),
  );
  const matched = totals.plays === 0 ? '' : ` (${percent(totals.matchedPlays / totals.plays, 1)})`;
  const coverage = paragraph(`Plays matched to a song in song_data only: ${count(totals.matchedPlays)} of ${plural(totals.plays, 'play')}${matched}.`);
  section(
    `Top ${insights.topSongs.length} songs matched to song_data`,
    coverage,
    table(['#', 'song', 'artist', 'plays'], ['right', 'left', 'left', 'right'], insights.topSongs.map((s, i) => [String(i + 1), cell(s.title), cell(s.artist ?? ''), count(s.plays)])),
    chart(barChart(insights.topSongs.map((s) => ({ label: s.artist ? `${s.title} · ${s.artist}` : s.title, value: s.plays })), CHART_WIDTH)),
  );
  section(
    `Top ${insights.topArtists.length} artists matched to song_data`,
    coverage,
    table(['#', 'artist', 'plays'], ['right', 'left', 'right'], insights.topArtists.map((a, i) => [String(i + 1), cell(a.name), count(a.plays)])),
    chart(barChart(insights.topArtists.map((a) => ({ label: a.name, value: a.plays })), CHART_WIDTH)),
  );
  const share = (n: number) => percent(totals.plays === 0 ? 0 : n / totals.plays, 1);
  section(
    'Plays by hour of day (UTC)',
    table(['hour', 'plays', 'share'], ['left', 'right', 'right'], insights.playsByHour.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, count(h.plays), share(h.plays)])),
    chart(columnChart(insights.playsByHour.map((h) => h.plays), insights.playsByHour.map((h) => String(h.hour).padStart(2, '0')), { height: 8, columnWidth: 2 })),
  );
  section(
    'Plays by weekday',
    table(['weekday', 'plays', 'share'], ['left', 'right', 'right'], insights.playsByWeekday.map((d) => [d.weekday, count(d.plays), share(d.plays)])),
    chart(barChart(insights.playsByWeekday.map((d) => ({ label: d.weekday, value: d.plays, text: share(d.plays) })), CHART_WIDTH)),
  );
  const levels = [...new Set([...insights.usersByLevel, ...insights.playsByLevel].map((s) => s.label))].sort();
  const of = (shares: Share[], level: string) => shares.find((s) => s.label === level) ?? { label: level, count: 0, share: 0 };
  section(
    'Free and paid',
    paragraph('Listeners by their level now (that of their latest event); plays by the level the listener had when playing.'),
    table(['level', 'listeners', 'share', 'plays', 'share'], ['left', 'right', 'right', 'right', 'right'], levels.map((l) => {
      const [u, p] = [of(insights.usersByLevel, l), of(insights.playsByLevel, l)];
      return [cell(l), count(u.count), percent(u.share, 1), count(p.count), percent(p.share, 1)];
    })),
    chart(barChart(levels.flatMap((l) => [
      { label: `${l} listeners`, value: Math.round(of(insights.usersByLevel, l).share * 1000), text: percent(of(insights.usersByLevel, l).share) },
      { label: `${l} plays`, value: Math.round(of(insights.playsByLevel, l).share * 1000), text: percent(of(insights.playsByLevel, l).share) },
    ]), CHART_WIDTH)),
  );
  section(
    `Top ${insights.topLocations.length} locations`,
    sharesTable('location', insights.topLocations),
    sharesChart(insights.topLocations),
  );
  section(
    'Browsers and systems',
    paragraph('From each play\'s user agent: the browser family, then the operating system.'),
    sharesTable('browser', insights.browsers),
    sharesChart(insights.browsers),
    sharesTable('system', insights.systems),
    sharesChart(insights.systems),
  );
  const { average, median, distribution } = insights.sessionsPerUser;
  section(
    'Sessions per listener',
    paragraph(average === null || median === null
      ? 'No listener played a song.'
      : `A session is a listener's session_id with at least one play. Listeners came back for ${average.toFixed(1)} sessions on average (median ${decimal(median)}).`),
    table(['sessions', 'listeners'], ['left', 'right'], distribution.map((d) => [d.sessions, count(d.users)])),
    chart(barChart(distribution.map((d) => ({ label: `${d.sessions} session${d.sessions === '1' ? '' : 's'}`, value: d.users })), CHART_WIDTH)),
  );
  return out;
}

export function renderMarkdownReport(data: ReportData): string {
  const lines = [
    '# Sparkify listening report',
    '',
    ...paragraph(`Generated ${utc(data.generatedAt)} from ${data.target}.`),
    '',
    '## Highlights',
    '',
    ...listenerFacts(data.insights).flatMap((fact) => wrap(cell(fact), WIDTH - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))),
    '',
    ...checksSection(data.checks),
    ...insightSections(data.insights),
  ];
  return `${lines.join('\n')}\n`;
}

/** The same content as data, for tools: what the Markdown report is made of. */
export function renderJsonReport(data: ReportData): string {
  return `${JSON.stringify({ generatedAt: data.generatedAt.toISOString(), target: data.target, checks: data.checks, insights: data.insights }, null, 2)}\n`;
}

export function renderReport(data: ReportData, format: ReportFormat): string {
  return format === 'json' ? renderJsonReport(data) : renderMarkdownReport(data);
}
