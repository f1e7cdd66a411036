// The plain reporter's end of a run: the checks, dbt-style, a few facts, and a verdict that says
// whether a check failed.

import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/pipeline/events.js';
import { plainReporter } from '../../src/ui/plainReporter.js';
import { checksWith, sampleInsights } from './fixtures.js';
import { CHECKS } from '../../src/sql/dataChecks.js';

function report(events: PipelineEvent[]): string[] {
  const lines: string[] = [];
  const on = plainReporter((l) => lines.push(l));
  for (const e of events) on(e);
  return lines;
}

const start: PipelineEvent = { type: 'start', at: 0, target: 't', steps: [{ id: 'checks', kind: 'check', title: 'Check the data', dependsOn: [] }, { id: 'insights', kind: 'insight', title: 'Query insights', dependsOn: [] }] };
const summary = (ok: boolean, checks = checksWith()): PipelineEvent => ({ type: 'summary', at: 9, ok, cancelled: false, durationMs: 1234, counts: {}, checks, insights: sampleInsights(), failed: [] });

describe('the plain reporter at the end of a run that checked the data', () => {
  it('prints one line per check: status, title, figure', () => {
    const lines = report([start, summary(true)]);
    expect(lines).toContain(`Checks (${CHECKS.length}): ${CHECKS.length} pass, 0 warn, 0 fail`);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PASS {2}users\.user_id unique +0 duplicates$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}PASS {2}songplays\.user_id in users +0 of 6,820 missing$/));
    expect(lines.filter((l) => /^ {2}(PASS|WARN|FAIL) /.test(l))).toHaveLength(23);
  });

  it('follows a failing check with the query that shows its offending rows, and says the run failed because of it', () => {
    const checks = checksWith({ 'relationship.songplays.user_id': [3, 6820] });
    const lines = report([start, summary(false, checks)]);
    const fail = lines.findIndex((l) => /^ {2}FAIL {2}songplays\.user_id in users +3 of 6,820 missing from users$/.test(l));
    expect(fail).toBeGreaterThan(0);
    expect(lines[fail + 1]).toBe('        offending rows:');
    expect(lines.slice(fail + 2, fail + 6).join('\n')).toContain('SELECT f.* FROM songplays f');
    expect(lines.at(-1)).toBe('Failed after 1.23 s: 1 check failed (songplays.user_id in users): the warehouse cannot be trusted yet.');
  });

  it('says the steps are done but a check failed when the run was told not to fail on checks', () => {
    const lines = report([start, summary(true, checksWith({ 'unique.users.user_id': [1, 97] }))]);
    expect(lines.at(-1)).toBe('Done in 1.23 s: 2 of 2 steps OK, but 1 check failed (users.user_id unique).');
  });

  it('prints a warning with its query, and a run with only warnings is done', () => {
    const lines = report([start, summary(true, checksWith({ 'match_rate.songplays.song_id': [0, 6820] }))]);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}WARN {2}song match rate +0\.00% of plays \(0 of 6,820\), below 1%$/));
    expect(lines.at(-1)).toBe('Done in 1.23 s: 2 of 2 steps OK.');
  });

  it('tells a few facts about the listeners', () => {
    const lines = report([start, summary(true)]);
    const facts = lines.slice(lines.indexOf('Listeners:') + 1, -2);
    expect(lines.at(-2)).toBe('  Every figure, as a report to share: sparkify-wizard report --out report.md (same target options)');
    expect(facts.length).toBeGreaterThanOrEqual(4);
    expect(facts[0]).toBe('  6,820 plays by 96 listeners in 1,056 sessions; 4.9% of the plays matched a song in song_data.');
    expect(facts).toContain('  Most played song in the event log: "You\'re The One" by Dwight Yoakam (37 plays, not in song_data); artist: Coldplay (58 plays, not in song_data).');
    expect(facts).toContain('  Most played song matched to song_data: "You\'re The One" by Dwight Yoakam (37 plays); top artist: Dwight Yoakam (37 plays).');
  });

  it("lists the five most played songs and artists by the event log's titles, each said to be in song_data or not", () => {
    const lines = report([start, summary(true)]);
    const songs = lines.indexOf("  Most played songs, by the event log's titles (of 6,820 plays):");
    expect(lines.slice(songs + 1, songs + 3)).toEqual(["    37  You're The One · Dwight Yoakam (not in song_data)", '    28  Undo · Bj\u00c3\ufffd\u00c2\u00b6rk (in song_data)']);
    const artists = lines.indexOf("  Most played artists, by the event log's names:");
    expect(artists).toBe(songs + 6);
    expect(lines.slice(artists + 1, artists + 6)).toEqual([
      '    58  Coldplay (not in song_data)', '    55  Kings Of Leon (in song_data)', '    33  Bj\u00c3\ufffd\u00c2\u00b6rk (in song_data)',
      '    19  Barry Tuckwell/Academy of St Martin-in-the-Fields/Sir Neville Marriner (not in song_data)', '     5  Red \ufffd[31mAlert\ufffd[0m (not in song_data)',
    ]);
  });

  it('writes no control character a terminal would act on, whatever the names hold', () => {
    const lines = report([start, summary(true)]);
    expect(lines.filter((l) => /\p{Cc}/u.test(l))).toEqual([]);
    expect(lines.join('\n')).toContain('Howlin\ufffd For You');
  });
});
