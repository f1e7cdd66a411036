import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ConfigCheck } from '../../src/ui/wizard/views/ConfigCheck.js';
import { ConfirmReset } from '../../src/ui/wizard/views/ConfirmReset.js';
import { Failure } from '../../src/ui/wizard/views/Failure.js';
import { Progress } from '../../src/ui/wizard/views/Progress.js';
import { DataChecks } from '../../src/ui/wizard/views/DataChecks.js';
import { insightPanel, ListenerInsights } from '../../src/ui/wizard/views/ListenerInsights.js';
import { Summary } from '../../src/ui/wizard/views/Summary.js';
import type { ProgressState } from '../../src/ui/wizard/progress.js';
import { checksWith, sampleInsights } from './fixtures.js';
import { renderAt } from './ink.js';
import { columns } from '../../src/ui/text.js';
import { CHECKS } from '../../src/sql/dataChecks.js';

const TABLES = ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];

const progress: ProgressState = {
  target: 'local warehouse /tmp/w.duckdb, data from /tmp/data',
  startedAt: 1_000,
  counts: {},
  steps: [
    { id: 'reset', title: 'Reset 7 tables', status: 'finished', durationMs: 60, rows: -1, queryId: 1015, startedAt: 1_000, endedAt: 1_060 },
    { id: 'staging_events', title: 'COPY staging_events', table: 'staging_events', status: 'started', statementId: '03c460d9-aaaa', startedAt: 1_060 },
    { id: 'staging_songs', title: 'COPY staging_songs', table: 'staging_songs', status: 'picked', statementId: '20f1894c-bbbb', startedAt: 1_060 },
    { id: 'users', title: 'INSERT users', table: 'users', status: 'queued' },
  ],
};

describe('the progress screen', () => {
  it('shows each step with its status in words, its rows and its id', () => {
    const frame = render(<Progress state={progress} />).lastFrame()!;
    expect(frame).toMatch(/Reset 7 tables\s+finished\s+0\.06 s\s+query 1015/);
    expect(frame).toMatch(/COPY staging_events\s+started/);
    expect(frame).toContain('03c460d9');
    expect(frame).toMatch(/COPY staging_songs\s+picked/);
    expect(frame).toMatch(/INSERT users\s+queued/);
    expect(frame).toContain('1 of 4 steps');
    expect(frame).toContain('2 running at once');
    expect(frame).toContain('Ctrl-C cancel');
  });

  it("keeps a long step's time and its rows apart (10,000,000 rows after 64.7 s)", () => {
    const big = { id: 'staging_events', title: 'COPY staging_events', table: 'staging_events', status: 'finished' as const, durationMs: 64_700, rows: 10_000_000, queryId: 1017, startedAt: 1_000, endedAt: 65_700 };
    const frame = render(<Progress state={{ ...progress, steps: [big] }} />).lastFrame()!;
    expect(frame).toMatch(/finished\s+64\.7 s\s+10,000,000 rows\s+query 1017/);
  });

  it('says at once that it is cancelling, and how many statements', () => {
    const frame = render(<Progress state={{ ...progress, cancelling: { running: 2 } }} />).lastFrame()!;
    expect(frame).toContain('Cancelling 2 running statements...');
  });

  it('fits 80 columns: no line is longer, rows are cut rather than wrapped', () => {
    const long = { ...progress, target: 'local warehouse /a/very/long/path/'.repeat(5) };
    const { lastFrame, unmount } = renderAt(<Progress state={long} />, 80);
    const lines = lastFrame().split('\n');
    unmount();
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(24);
  });
});

describe('the confirmation screen', () => {
  it('lists what the reset destroys, with Cancel highlighted first', () => {
    const counts = { staging_events: 8056, staging_songs: null, songplays: 0, users: 95, songs: null, artists: null, time: null };
    const frame = render(<ConfirmReset target="local warehouse w.duckdb" counts={counts} tables={TABLES} typing={false} typed="" onChoose={() => undefined} />).lastFrame()!;
    expect(frame).toMatch(/staging_events\s+8,056 rows/);
    expect(frame).toMatch(/staging_songs\s+absent/);
    expect(frame).toMatch(/❯ Cancel/);
    expect(frame).toContain('Drop and rebuild 7 tables');
  });

  it('asks for the database name for a target that is not local, and says when it is wrong', () => {
    const frame = render(<ConfirmReset target="cluster c" database="dev" counts={{}} tables={TABLES} typing typed="dx" onChoose={() => undefined} />).lastFrame()!;
    expect(frame).toContain('Type the database name (dev) to confirm: dx');
    expect(frame).toContain('That is not dev');
  });

  it('offers the rebuild beside the live tables, chosen in advance when they hold data', () => {
    const offer = (counts: Record<string, number | null>, preferSwap = false) =>
      render(<ConfirmReset target="local warehouse w.duckdb" counts={counts} tables={TABLES} typing={false} typed="" canSwap preferSwap={preferSwap} onChoose={() => undefined} />).lastFrame()!;
    const full = offer({ staging_events: 8056, songplays: 6820 });
    expect(full).toMatch(/❯ Rebuild beside the live tables and swap at the end \(no downtime\)/);
    expect(full).toContain('the live tables stay as they are until new ones pass every check');
    const empty = offer({ staging_events: 0, songplays: null });
    expect(empty).toMatch(/❯ Cancel/);
    expect(empty).toContain('Rebuild beside the live tables');
    expect(offer({ staging_events: 0 }, true)).toMatch(/❯ Rebuild beside/); // --swap
    expect(render(<ConfirmReset target="t" counts={{ songplays: 5 }} tables={TABLES} typing={false} typed="" onChoose={() => undefined} />).lastFrame()).not.toContain('Rebuild beside');
  });
});

describe('the failure screen', () => {
  it('shows the failed step, its error, its load errors as a table, and the choices', () => {
    const failed = [{
      id: 'staging_events', title: 'COPY staging_events', table: 'staging_events', status: 'failed' as const, queryId: 1016,
      error: "ERROR: Load into table 'staging_events' failed. Check 'sys_load_error_detail' system table for details.",
      loadErrors: [{ file: 's3://udacity-dend/log_data/2018/11/2018-11-07-events.json', line: 5, column: 'ts', code: 1207, reason: 'Invalid digit' }],
    }];
    const frame = render(<Failure failed={failed} skipped={[{ id: 'users', title: 'INSERT users', table: 'users', status: 'skipped' }]} onChoose={() => undefined} />).lastFrame()!;
    expect(frame).toContain('COPY staging_events failed (query 1016)');
    expect(frame).toContain("Load into table 'staging_events' failed");
    expect(frame).toMatch(/…\S*2018-11-07-events\.json\s+5\s/); // a long path keeps its end: the file's own name
    expect(frame).toMatch(/\s5\s+ts\s+Invalid digit \(1207\)/);
    expect(frame).toContain('Not run because of it: users');
    expect(frame).toContain('Retry staging_events and what depends on it');
    expect(frame).toContain('Quit');
  });

  it('after a rebuild beside the live tables, says they are unchanged; a failed check is not offered a retry', () => {
    const unchanged = 'A data check failed on the new tables (users.user_id unique): they were not swapped in. The live warehouse is unchanged.';
    const frame = render(<Failure failed={[]} skipped={[{ id: 'swap', title: 'SWAP 7 tables in', status: 'skipped' }]} unchanged={unchanged} canRetry={false} onChoose={() => undefined} />).lastFrame()!;
    expect(frame.replace(/\s+/g, ' ')).toContain(unchanged);
    expect(frame).not.toContain('Retry');
    expect(frame).toContain('❯ Quit (the tables built beside the live ones are dropped)');
  });
});

describe('the summary screen', () => {
  it('shows rows and time per table, the total, and how to query the local warehouse', () => {
    const done: ProgressState = {
      ...progress,
      endedAt: 3_000,
      counts: { staging_events: 8056, staging_songs: 14896, users: 95 },
      steps: progress.steps.map((s) => ({ ...s, status: 'finished' as const, durationMs: 100 })),
    };
    const queryCommand = 'sparkify-wizard query --local --db /tmp/w.duckdb';
    const frame = render(<Summary state={done} target={{ kind: 'local', dbPath: '/tmp/w.duckdb', dataDir: '/d' }} queryCommand={queryCommand} waitForKey />).lastFrame()!;
    expect(frame).toMatch(/staging_events\s+8,056\s+0\.10 s/);
    expect(frame).toMatch(/total\s+2\.00 s/);
    expect(frame).toContain(`${queryCommand} "SELECT * FROM songplays LIMIT 5"`);
    expect(frame).toContain('duckdb /tmp/w.duckdb "SELECT * FROM songplays LIMIT 5"');
    expect(frame).toContain('Press any key to exit.');
  });

  it('names the cluster and database of a Redshift target', () => {
    const frame = render(<Summary state={progress} target={{ kind: 'cluster', clusterIdentifier: 'dwh', database: 'dev', region: 'us-west-2', dbUser: 'u' }} waitForKey={false} />).lastFrame()!;
    expect(frame).toContain('cluster dwh, database dev (us-west-2)');
    expect(frame).toContain('Query it: in the Redshift query editor');
    expect(frame).not.toContain('Press any key');
  });
});

describe('the summary\'s verdict', () => {
  const target = { kind: 'local' as const, dbPath: '/tmp/w.duckdb', dataDir: '/d' };
  const done = (checks: ProgressState['checks']): ProgressState => ({ ...progress, endedAt: 3_000, checks });

  it.each([
    ['every check passes', checksWith(), '✔ The warehouse is built (2.00 s) and passes its 23 data checks'],
    ['a check warns', checksWith({ 'match_rate.songplays.song_id': [0, 6820] }), '✔ The warehouse is built (2.00 s): 22 data checks pass, 1 warns (see above)'],
    ['a check fails', checksWith({ 'unique.users.user_id': [1, 97] }), '✖ The warehouse is built (2.00 s), but 1 of 23 data checks failed: do not trust it yet (see above)'],
  ])('says so when %s', (_when, checks, heading) => {
    const frame = render(<Summary state={done(checks)} target={target} waitForKey />).lastFrame()!;
    expect(frame.replace(/\s*\n\s*/g, ' ')).toContain(heading);
  });

  it('says the new tables were swapped in after a rebuild beside the live ones', () => {
    const swapRow = { id: 'swap', title: 'SWAP 7 tables in', status: 'finished' as const };
    const frame = render(<Summary state={{ ...done(checksWith()), steps: [...progress.steps, swapRow] }} target={target} waitForKey />).lastFrame()!;
    expect(frame.replace(/\s*\n\s*/g, ' ')).toContain('✔ The warehouse is rebuilt (2.00 s, the new tables swapped in at once) and passes its 23 data checks');
  });

  it('keeps the live summary within 80 columns and 20 lines, the checks and insights printed above it', () => {
    const { lastFrame, unmount } = renderAt(<Summary state={done(checksWith({ 'unique.users.user_id': [1, 97] }))} target={target} waitForKey />, 80);
    const lines = lastFrame().split('\n');
    unmount();
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(20);
  });
});

describe('the data checks after a run', () => {
  it('folds the checks of a kind that pass into one line, with a mark, a word and a figure', () => {
    const frame = render(<DataChecks checks={checksWith()} />).lastFrame()!;
    expect(frame).toContain(`Data checks: ${CHECKS.length} pass, 0 warn, 0 fail`);
    expect(frame).toMatch(/✔ pass\s+tables have rows \(7\)\s+96 rows each/);
    expect(frame).toMatch(/✔ pass\s+songplays = NextSong events\s+6,820 of 6,820 NextSong events/);
    expect(frame).toMatch(/✔ pass\s+key columns not NULL \(6\)\s+0 NULLs/);
    expect(frame).toMatch(/✔ pass\s+dimension keys unique \(4\)\s+0 duplicates/);
    expect(frame).toMatch(/✔ pass\s+play keys in their dimensions \(4\)\s+0 missing/);
    expect(frame).toMatch(/✔ pass\s+song match rate\s+4\.88% of plays/);
    expect(frame.split('\n')).toHaveLength(7);
  });

  it('gives a failing or warning check its own line and the query that shows its offending rows', () => {
    const checks = checksWith({ 'unique.users.user_id': [1, 97], 'match_rate.songplays.song_id': [0, 6820] });
    const frame = render(<DataChecks checks={checks} />).lastFrame()!;
    expect(frame).toContain(`Data checks: ${CHECKS.length - 2} pass, 1 warn, 1 fail`);
    expect(frame).toMatch(/✔ pass\s+dimension keys unique \(3 of 4\)\s+0 duplicates/);
    expect(frame).toMatch(/✖ fail\s+users\.user_id unique\s+1 duplicate in 97 rows/);
    expect(frame).toMatch(/! warn\s+song match rate\s+0\.00% of plays \(0 of 6,820\), below 1%/);
    expect(frame).toContain('offending rows:');
    expect(frame).toContain('HAVING COUNT(*) > 1');
  });

  it('fits 80 columns, queries included', () => {
    const checks = checksWith({ 'one_per_event.songplays': [6821, 6820], 'relationship.songplays.artist_id': [2, 333] });
    const { lastFrame, unmount } = renderAt(<DataChecks checks={checks} />, 80);
    const lines = lastFrame().split('\n');
    unmount();
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => l.includes('FULL OUTER JOIN'))).toBe(true);
  });
});

describe('the insights after a run', () => {
  it('tells the listeners in a few lines: the overview, the top songs as bars, plays by hour, free and paid, browsers', () => {
    const frame = render(<ListenerInsights insights={sampleInsights()} />).lastFrame()!;
    expect(frame).toContain("What Sparkify's listeners did");
    expect(frame).toContain('6,820 plays by 96 listeners in 1,056 sessions');
    expect(frame).toContain("Most played songs, by the event log's titles (✓ in song_data)");
    expect(frame).toMatch(/ {6}You're The One · Dwight Yoakam\s+█+\s+37/);
    expect(frame).toMatch(/ {4}✓ Undo · Bj\u00c3\ufffd\u00c2\u00b6rk\s+█+\s+28/);
    expect(frame).toMatch(/Most played artists\s+Coldplay 58, Kings Of Leon ✓ 55/);
    expect(frame).toContain('Top songs (of 333 plays matched to a song)');
    expect(frame).toMatch(/ {4}You're The One · Dwight Yoakam\s+█+\s+37/);
    expect(frame).toMatch(/Plays by hour \(UTC\)\s+\S{24}\s+busiest 20:00-21:00 \(3%\)/);
    expect(frame).toMatch(/Free vs paid\s+free: 77% of listeners, 18% of plays/);
    expect(frame).toMatch(/Browsers \(plays\)\s+Chrome 52%, Firefox 22%, Safari 22%/);
  });

  it.each([[40, 28], [60, 22], [80, 21], [120, 18]])('keeps every line within %d columns, in at most %d lines', (width, most) => {
    const lines = insightPanel(sampleInsights(), width).map((l) => columns(l.text));
    expect(Math.max(...lines)).toBeLessThanOrEqual(width);
    expect(lines.length).toBeLessThanOrEqual(most);
  });

  it('lines up the bars of names with wide letters, combining accents and broken encodings, with no control character', () => {
    const panel = insightPanel(sampleInsights(), 80).map((l) => l.text);
    const bars = panel.filter((l) => / (37|28|21|17|16)$/.test(l) && l.includes('█'));
    // Each bar starts at the same column, as the terminal draws it (wide letters take two).
    const barColumn = (l: string) => columns(l.slice(0, l.indexOf('█')));
    expect(new Set(bars.slice(0, 5).map(barColumn)).size).toBe(1);
    expect(panel.some((l) => l.includes('夜に駆ける'))).toBe(true);
    expect(panel.filter((l) => /\p{Cc}/u.test(l))).toEqual([]);
  });

  it('renders within 80 columns in a terminal of 80', () => {
    const { lastFrame, unmount } = renderAt(<ListenerInsights insights={sampleInsights()} />, 80);
    const lines = lastFrame().split('\n');
    unmount();
    expect(Math.max(...lines.map(columns))).toBeLessThanOrEqual(80);
  });
});

describe('the config check screen', () => {
  it('shows each check with a word for its status, and every problem with file:line and the fix', () => {
    const frame = render(
      <ConfigCheck
        file="sparkify.cfg"
        probes={[{ id: 'config', title: 'sparkify.cfg parses and every key is well formed', status: 'error', detail: '1 problem' }]}
        problems={[{ severity: 'error', file: 'sparkify.cfg', line: 4, section: 'CLUSTER', key: 'DB_PORT', message: "'x' is not a port number", fix: 'write DB_PORT = 5439' }]}
        failed
      />,
    ).lastFrame()!;
    expect(frame).toMatch(/error\s+sparkify.cfg parses and every key is well formed: 1 problem/);
    expect(frame).toContain("sparkify.cfg:4 [CLUSTER] DB_PORT: 'x' is not a port number. Fix: write DB_PORT = 5439.");
    expect(frame).toContain('r re-read the config and check again · q quit');
  });
});

describe('ConfigCheck, the setup of a Redshift target', () => {
  it('wraps what is wrong and its fix below the check, never cutting the command; a check that could not be made says why', () => {
    const fix = 'aws redshift resume-cluster --cluster-identifier dwhcluster --region us-west-2, then check again once it is available';
    const frame = renderAt(
      <ConfigCheck
        file="sparkify.cfg"
        probes={[
          { id: 'available', title: 'cluster dwhcluster is available', status: 'error', detail: 'cluster dwhcluster is paused, and has been since the last time anyone looked', fix },
          { id: 'role-trust', title: 'dwhRole trusts redshift.amazonaws.com', status: 'unchecked', detail: 'could not check: missing permission iam:GetRole' },
        ]}
        problems={[]}
        failed
      />,
      80,
    ).lastFrame()!;
    expect(frame).toMatch(/error\s+cluster dwhcluster is available\n/);
    const joined = frame.replace(/\n {12}/g, ' ');
    expect(joined).toContain('cluster dwhcluster is paused, and has been since the last time anyone looked fix: ');
    expect(joined).toContain(`fix: ${fix}`);
    expect(frame).toMatch(/unchecked\s+dwhRole trusts redshift\.amazonaws\.com\n\s+could not check: missing permission iam:GetRole/);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
