// The Markdown report: what it holds, and that it reads at 80 columns (prose, lists, charts and
// code; tables are as wide as their cells, as a wiki renders them).

import { describe, expect, it } from 'vitest';
import { cell, renderJsonReport, renderMarkdownReport, type ReportData } from '../../src/ui/report.js';
import { columns } from '../../src/ui/text.js';
import { BROKEN, checksWith, sampleInsights } from './fixtures.js';

const AT = new Date(Date.UTC(2018, 11, 1, 9, 30));
const TARGET = 'cluster dwhcluster, database dwh, us-west-2';
const data = (checks = checksWith()): ReportData => ({ generatedAt: AT, target: TARGET, checks, insights: sampleInsights() });
const failing = () => checksWith({ 'relationship.songplays.user_id': [3, 6820], 'match_rate.songplays.song_id': [0, 6820] });

/** The report's lines, each with whether it sits in a code block. */
function linesOf(markdown: string): { text: string; code: boolean }[] {
  let code = false;
  return markdown.split('\n').map((text) => {
    if (text.startsWith('```')) {
      code = !code;
      return { text, code: true };
    }
    return { text, code };
  });
}

describe('the Markdown report', () => {
  it('opens with its title, when it was made and from which warehouse', () => {
    const md = renderMarkdownReport(data());
    expect(md.split('\n')[0]).toBe('# Sparkify listening report');
    expect(md).toContain('Generated 2018-12-01 09:30 UTC from cluster dwhcluster, database dwh, us-west-2.');
  });

  it('keeps every line that is not a table row within 80 columns, even with long names', () => {
    for (const checks of [checksWith(), failing()]) {
      const long = linesOf(renderMarkdownReport(data(checks))).filter((l) => !l.text.startsWith('|') && columns(l.text) > 80);
      expect(long.map((l) => l.text)).toEqual([]);
    }
  });

  it('says whether the warehouse can be trusted, and lists every check with its status and figure', () => {
    const md = renderMarkdownReport(data());
    expect(md).toContain('## Can the warehouse be trusted?');
    expect(md).toContain(`Yes: all ${checksWith().length} data checks pass.`);
    for (const c of checksWith()) expect(md).toContain(`| PASS | ${c.title} | ${c.detail} |`);
  });

  it('gives each failure and warning its own section with the query that shows the offending rows', () => {
    const md = renderMarkdownReport(data(failing()));
    expect(md).toMatch(/^No: 1 of 23 data checks failed\./m);
    expect(md).toContain('| FAIL | songplays.user_id in users | 3 of 6,820 missing from users |');
    const orphan = failing().find((c) => c.id === 'relationship.songplays.user_id')!;
    expect(md).toContain(`### FAIL: songplays.user_id in users\n\n3 of 6,820 missing from users. The query that shows the offending rows:\n\n\`\`\`sql\n${orphan.query}\n\`\`\``);
    expect(md).toContain('### WARN: song match rate');
    expect(md).not.toContain('### PASS');
  });

  it('shows each insight as a table and a text chart in a code block', () => {
    const md = renderMarkdownReport(data());
    for (const heading of ["Top 6 songs by the event log's titles", "Top 5 artists by the event log's names", 'Top 6 songs matched to song_data', 'Top 4 artists matched to song_data', 'Plays by hour of day (UTC)', 'Plays by weekday', 'Free and paid', 'Top 5 locations', 'Browsers and systems', 'Sessions per listener']) {
      const section = md.split(`## ${heading}\n`)[1]?.split('\n## ')[0];
      expect(section, heading).toBeDefined();
      expect(section, heading).toMatch(/^\| .* \|$/m);
      expect(section, heading).toMatch(/```text\n[\s\S]*[█▏▎▍▌▋▊▉][\s\S]*\n```/);
    }
    expect(md).toContain("| 1 | You're The One | Dwight Yoakam | 37 | no |");
    expect(md).toContain('| 2 | Kings Of Leon | 55 | yes |');
    expect(md).toContain("| 1 | You're The One | Dwight Yoakam | 37 |\n");
    expect(md).toContain('| 20:00 | 187 | 2.7% |');
    expect(md).toContain('| free | 74 | 77.1% | 1,229 | 18.0% |');
    expect(md.replace(/\s+/g, ' ')).toContain('Listeners came back for 11.0 sessions on average (median 4.5).');
  });

  it('opens with the facts about the listeners as a list', () => {
    const md = renderMarkdownReport(data());
    const highlights = md.split('## Highlights\n\n')[1]!.split('\n\n')[0]!;
    expect(highlights).toMatch(/^- 6,820 plays by 96 listeners in 1,056 sessions/);
    expect(highlights.replace(/\s+/g, ' ')).toContain('- Most played song in the event log: "You\'re The One" by Dwight Yoakam (37 plays, not in song_data); artist: Coldplay (58 plays, not in song_data).');
    expect(highlights.replace(/\s+/g, ' ')).toContain('- Most played song matched to song_data: "You\'re The One" by Dwight Yoakam (37 plays)');
    expect(highlights).toContain('- Busiest hour: 20:00-21:00 UTC');
  });

  it('balances its code fences', () => {
    expect(renderMarkdownReport(data(failing())).match(/^```/gm)!.length % 2).toBe(0);
  });

  it('keeps a song title with a pipe in its table cell', () => {
    const md = renderMarkdownReport(data());
    expect(md).toContain('with the Orchestra and the Quartet \\| remastered)');
    const rows = md.split('\n').filter((l) => l.includes('Sehr kosmisch') && l.startsWith('|'));
    // #, song, artist, plays and in song_data by the log's titles; #, song, artist, plays matched to song_data
    expect(rows.map((row) => row.split(/(?<!\\)\|/).length - 2)).toEqual([5, 4]);
  });

  it('shows names with broken encodings as the data has them, with no control character in the file', () => {
    const md = renderMarkdownReport(data());
    expect(md).not.toMatch(/[^\P{Cc}\n]/u);
    expect(md).toContain('| 2 | Undo | Bj\u00c3\ufffd\u00c2\u00b6rk | 28 | yes |');
    expect(md).toContain('| 3 | Howlin\ufffd For You | The Black Keys | 21 | no |');
    expect(md).toContain(`| 4 | ${BROKEN.wide} | YOASOBI | 17 | no |`);
    expect(md).toContain('Red \ufffd\\[31mAlert\ufffd\\[0m');
    expect(md).toContain(`| 6 | D\u00c3\ufffd\u00c2\u00admelo | ${BROKEN.combining} | 9 | yes |`);
  });
});

describe('cell', () => {
  it.each([
    ['users.user_id unique', 'users.user_id unique'],
    ['a | b', 'a \\| b'],
    ['*bold* and `code`', '\\*bold\\* and \\`code\\`'],
    ['_leading and trailing_', '\\_leading and trailing\\_'],
    ['two\nlines', 'two lines'],
    ['<script>', '\\<script\\>'],
    ['Bj\u00c3\u0083\u00c2\u00b6rk', 'Bj\u00c3\ufffd\u00c2\u00b6rk'],
    ['tab\tand\u001b[1mescape', 'tab and\ufffd\\[1mescape'],
  ])('%j becomes %j', (text, expected) => {
    expect(cell(text)).toBe(expected);
  });
});

describe('the JSON report', () => {
  it('holds the same checks and insights as data, with the time and the target', () => {
    const parsed = JSON.parse(renderJsonReport(data(failing()))) as Record<string, unknown>;
    expect(parsed).toEqual({ generatedAt: AT.toISOString(), target: TARGET, checks: failing(), insights: sampleInsights() });
  });

  it('keeps names with broken encodings exactly, control characters escaped as JSON escapes them', () => {
    const json = renderJsonReport(data());
    expect(json.replaceAll('\n', '')).not.toMatch(/[\u0000-\u001f]/); // C1 characters are valid JSON as they are
    expect(json).toContain('"Red \\u001b[31mAlert\\u001b[0m"');
    const parsed = JSON.parse(json) as { insights: ReturnType<typeof sampleInsights> };
    expect(parsed.insights.topLoggedArtists.map((a) => a.name)).toContain(BROKEN.bjork);
  });
});
