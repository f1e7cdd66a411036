import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/config/problem.js';
import { UDACITY_SOURCES, type Settings } from '../../src/config/target.js';
import { listKeys } from '../../src/local/copy/mirror.js';
import { parseFaults } from '../../src/local/faults.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';
import type { Connection } from '../../src/pipeline/connection.js';
import { DataApi } from '../../src/pipeline/dataApiClient.js';
import { currentRowCounts } from '../../src/pipeline/inspect.js';
import { App, type WizardProps } from '../../src/ui/wizard/App.js';
import { KEY, press, waitForFrame } from './ink.js';
import { CHECKS } from '../../src/sql/dataChecks.js';

let data: string;
let songs: number;
const endpoints: LocalEndpoint[] = [];

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'wizard-data-'));
  songs = writeSample(data, { songs: 150, events: 600, seed: 11 }).songFiles;
});

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

function localSettings(dir = mkdtempSync(join(tmpdir(), 'wizard-db-'))): Settings {
  return { target: { kind: 'local', dbPath: join(dir, 'w.duckdb'), dataDir: data }, sources: UDACITY_SOURCES };
}

/** A connection to an endpoint the test keeps open, so it can look at the statements afterwards. */
async function connectTo(settings: Settings, faults?: string): Promise<{ connection: Connection; endpoint: LocalEndpoint }> {
  const dbPath = settings.target.kind === 'local' ? settings.target.dbPath : join(mkdtempSync(join(tmpdir(), 'wizard-db-')), 'w.duckdb');
  const endpoint = await startLocalEndpoint({ dataDir: data, dbPath, faults: faults ? parseFaults(faults) : undefined });
  endpoints.push(endpoint);
  const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials });
  const connection: Connection = {
    api: new DataApi(client, settings.target),
    async countObjects(uri) {
      const keys = await listKeys(data, uri, new AbortController().signal).catch(() => ({ length: 0 }));
      return { objects: keys.length, more: false };
    },
    async close() {
      client.destroy();
    },
  };
  return { connection, endpoint };
}

interface Started {
  frame: () => string;
  /** Every frame drawn so far. */
  frames: string[];
  stdin: { write(data: string): void };
  exitCode: Promise<number>;
  endpoint: () => LocalEndpoint | undefined;
}

function start(props: Partial<Omit<WizardProps, 'onExit'>> & { faults?: string }): Started {
  let endpoint: LocalEndpoint | undefined;
  let resolveExit!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
  const settings = localSettings();
  const { lastFrame, stdin, frames } = render(
    <App
      kind="run"
      yes={false}
      concurrency={4}
      cwd="/nowhere"
      load={async () => ({ settings, problems: [], noConfig: false })}
      localSettings={async () => settings}
      createConfig={async () => ({ path: '/nowhere/sparkify.cfg', keys: ['[CLUSTER] HOST (line 7)'] })}
      connect={async (s) => {
        const made = await connectTo(s, props.faults);
        endpoint = made.endpoint;
        return made.connection;
      }}
      {...props}
      onExit={resolveExit}
    />,
  );
  return { frame: () => lastFrame() ?? '', frames, stdin, exitCode, endpoint: () => endpoint };
}

describe('the wizard', () => {
  it('leads from no config to a loaded local warehouse: menu, checks, confirmation, progress, summary', async () => {
    const w = start({ load: async () => ({ problems: [], noConfig: true }) });
    await waitForFrame(w.frame, (f) => f.includes('Run locally on sample data'));
    await press(w.stdin, KEY.enter);
    await waitForFrame(w.frame, (f) => f.includes('Drop and rebuild 7 tables'));
    await press(w.stdin, KEY.down);
    await press(w.stdin, KEY.enter);
    const summary = await waitForFrame(w.frame, (f) => f.includes('Press any key to exit.'));
    expect(summary).toContain('The warehouse is built');
    expect(summary).toContain('passes its 23 data checks');
    expect(summary).toMatch(new RegExp(`staging_songs\\s+${songs}\\s`));
    const printed = w.frames.join('\n');
    expect(printed).toContain(`Data checks: ${CHECKS.length} pass, 0 warn, 0 fail`);
    expect(printed).toContain("What Sparkify's listeners did");
    await press(w.stdin, 'x');
    expect(await w.exitCode).toBe(0);
  });

  describe('when a data check fails (the logs hold no song play, so songplays stays empty)', () => {
    let silent: string;
    beforeAll(() => {
      silent = mkdtempSync(join(tmpdir(), 'wizard-silent-'));
      writeSample(silent, { songs: 40, events: 200, seed: 6 });
      const days = join(silent, 'udacity-dend', 'log_data', '2018', '11');
      for (const day of readdirSync(days)) writeFileSync(join(days, day), readFileSync(join(days, day), 'utf8').replaceAll('"page":"NextSong"', '"page":"Home"'));
    });
    const silentProps = (failOnCheck: boolean): Partial<Omit<WizardProps, 'onExit'>> => {
      const settings: Settings = { target: { kind: 'local', dbPath: join(mkdtempSync(join(tmpdir(), 'wizard-db-')), 'w.duckdb'), dataDir: silent }, sources: UDACITY_SOURCES };
      return {
        failOnCheck,
        load: async () => ({ settings, problems: [], noConfig: false }),
        connect: async (s) => {
          const endpoint = await startLocalEndpoint({ dataDir: silent, dbPath: s.target.kind === 'local' ? s.target.dbPath : '' });
          endpoints.push(endpoint);
          const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials });
          return { api: new DataApi(client, s.target), countObjects: async () => ({ objects: 1, more: false }), close: async () => client.destroy() };
        },
      };
    };

    it('shows the summary, says not to trust the warehouse, prints the failed checks, and leaves with 1', async () => {
      const w = start(silentProps(true));
      await waitForFrame(w.frame, (f) => f.includes('Drop and rebuild 7 tables'));
      await press(w.stdin, KEY.down);
      await press(w.stdin, KEY.enter);
      const summary = await waitForFrame(w.frame, (f) => f.includes('Press any key to exit.'));
      expect(summary.replace(/\s*\n\s*/g, ' ')).toContain('data checks failed: do not trust it yet');
      expect(summary).not.toContain('Retry'); // a failed check is not a failed step: nothing to retry
      const printed = w.frames.join('\n');
      expect(printed).toMatch(/✖ fail\s+songplays has rows\s+empty/);
      expect(printed).toContain('No song was played');
      await press(w.stdin, 'x');
      expect(await w.exitCode).toBe(1);
    });

    it('with --yes leaves at once with 1, saying a data check failed', async () => {
      const w = start({ ...silentProps(true), yes: true });
      expect(await w.exitCode).toBe(1);
      expect(w.frame()).toContain('A data check failed: the warehouse cannot be trusted yet (see above).');
    });

    it('leaves with 0 when told not to fail on checks (--no-fail-on-check), and still says which failed', async () => {
      const w = start({ ...silentProps(false), yes: true });
      expect(await w.exitCode).toBe(0);
      expect(w.frame().replace(/\s*\n\s*/g, ' ')).toContain('data checks failed: do not trust it yet');
    });
  });

  it('cancels at the confirmation with Esc: exit 130 and no table is created', async () => {
    const w = start({});
    await waitForFrame(w.frame, (f) => f.includes('Drop and rebuild 7 tables'));
    await press(w.stdin, KEY.escape);
    expect(await w.exitCode).toBe(130);
    const counts = await currentRowCounts((await connectTo(localSettings())).connection.api);
    expect(Object.values(counts).every((c) => c === null)).toBe(true);
    expect(w.endpoint()!.store.list().some((s) => /DROP TABLE|CREATE TABLE/.test(s.submission.sqls.join(';')))).toBe(false);
  });

  it('with --yes skips the confirmation and exits 0 at once after the summary', async () => {
    const w = start({ yes: true });
    expect(await w.exitCode).toBe(0);
    expect(w.frame()).toContain('The warehouse is built');
    expect(w.frame()).not.toContain('Press any key');
  });

  it('on Ctrl-C during the load says so at once, cancels the running statements and exits 130', async () => {
    const w = start({ yes: true, faults: 'slow=3000' });
    await waitForFrame(w.frame, (f) => /COPY staging_events\s+(picked|started)/.test(f) && /COPY staging_songs\s+(picked|started)/.test(f));
    await press(w.stdin, KEY.ctrlC);
    expect(await w.exitCode).toBe(130);
    expect(w.frames.some((f) => f.includes('Cancelling 2 running statements...'))).toBe(true);
    expect(w.frame()).toContain('Cancelled: no statement is left running.');
    const statements = w.endpoint()!.store.list();
    expect(statements.filter((s) => !s.terminal)).toEqual([]);
    const copies = statements.filter((s) => s.sql?.startsWith('COPY'));
    expect(copies.map((s) => s.status)).toEqual(['ABORTED', 'ABORTED']);
  });

  it('on Ctrl-C while it is still connecting, exits 130 and closes the connection once it is made', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let closed = false;
    const w = start({
      connect: async (s) => {
        await held; // the connection is still being made when the user leaves
        const made = await connectTo(s);
        return { ...made.connection, close: async () => void (closed = true) };
      },
    });
    await waitForFrame(w.frame, (f) => f.includes('Checking'));
    await press(w.stdin, KEY.ctrlC);
    release();
    expect(await w.exitCode).toBe(130);
    expect(closed).toBe(true);
  });

  it('asks a Redshift target for the database name, and runs only once it is typed right', async () => {
    const redshift: Settings = {
      target: { kind: 'cluster', clusterIdentifier: 'dwh', database: 'dev', region: 'us-west-2', dbUser: 'awsuser' },
      sources: UDACITY_SOURCES,
    };
    const w = start({ load: async () => ({ settings: redshift, problems: [], noConfig: false }) });
    await waitForFrame(w.frame, (f) => f.includes('Drop and rebuild 7 tables'));
    await press(w.stdin, KEY.down);
    await press(w.stdin, KEY.enter);
    await waitForFrame(w.frame, (f) => f.includes('Type the database name (dev) to confirm'));
    for (const key of ['d', 'x']) await press(w.stdin, key);
    expect(await waitForFrame(w.frame, (f) => f.includes('That is not dev'))).toContain('confirm: dx');
    await press(w.stdin, KEY.enter);
    expect(w.frame()).toContain('Type the database name');
    await press(w.stdin, KEY.backspace);
    for (const key of ['e', 'v']) await press(w.stdin, key);
    await press(w.stdin, KEY.enter);
    const summary = await waitForFrame(w.frame, (f) => f.includes('Press any key to exit.'));
    expect(summary).toContain('cluster dwh, database dev');
    await press(w.stdin, KEY.enter);
    expect(await w.exitCode).toBe(0);
  });

  it('quitting at a failure leaves the failure on the screen: the step, the error, what was not run', async () => {
    const w = start({ yes: true, faults: 'fail=INSERT INTO songs ' });
    await waitForFrame(w.frame, (f) => f.includes('Retry songs'));
    await press(w.stdin, KEY.down);
    await press(w.stdin, KEY.enter);
    expect(await w.exitCode).toBe(1);
    const left = w.frame();
    expect(left).toMatch(/INSERT songs failed \(query \d+\)/);
    expect(left).toContain('injected failure');
    expect(left).toContain('Not run because of it:');
    expect(left).not.toContain('Retry');
  });

  it('shows a failed COPY with its load errors, and a retry runs only what did not finish', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'wizard-broken-'));
    writeSample(broken, { songs: 40, events: 200, seed: 5 });
    const file = join(broken, 'udacity-dend', 'log_data', '2018', '11', '2018-11-02-events.json');
    const good = readFileSync(file, 'utf8');
    const lines = good.split('\n');
    writeFileSync(file, [...lines.slice(0, 2), '{"artist": broken', ...lines.slice(2)].join('\n'));
    const settings: Settings = { target: { kind: 'local', dbPath: join(broken, 'w.duckdb'), dataDir: broken }, sources: UDACITY_SOURCES };
    let endpoint: LocalEndpoint | undefined;
    let resolveExit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
    const { lastFrame, stdin } = render(
      <App kind="run" yes concurrency={4} cwd="/nowhere"
        load={async () => ({ settings, problems: [], noConfig: false })}
        localSettings={async () => settings}
        createConfig={async () => ({ path: '', keys: [] })}
        connect={async () => {
          endpoint = await startLocalEndpoint({ dataDir: broken, dbPath: settings.target.kind === 'local' ? settings.target.dbPath : '' });
          endpoints.push(endpoint);
          const client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-west-2', credentials: endpoint.credentials });
          return { api: new DataApi(client, settings.target), countObjects: async () => ({ objects: 1, more: false }), close: async () => client.destroy() };
        }}
        onExit={resolveExit}
      />,
    );
    const failure = await waitForFrame(() => lastFrame(), (f) => f.includes('Retry staging_events'));
    expect(failure).toContain('COPY staging_events failed');
    expect(failure).toMatch(/2018-11-02-events\.json\s+3\s/);
    expect(failure).toContain('Not run because of it: users, songplays, time');
    const songCopies = () => endpoint!.store.list().filter((s) => s.sql?.startsWith('COPY staging_songs')).length;
    expect(songCopies()).toBe(1);

    writeFileSync(file, good);
    await press(stdin, KEY.enter);
    expect(await exitCode).toBe(0);
    expect(lastFrame()).toContain('The warehouse is built');
    expect(songCopies()).toBe(1); // what finished was not redone
  });

  it('lists config problems with r to re-read and q to quit (exit 2)', async () => {
    const problem: Problem = { severity: 'error', file: 'sparkify.cfg', line: 4, section: 'CLUSTER', key: 'DB_PORT', message: "'x' is not a port number", fix: 'write DB_PORT = 5439' };
    let loads = 0;
    const w = start({ load: async () => (loads++, { problems: [problem], noConfig: false }) });
    const frame = await waitForFrame(w.frame, (f) => f.includes('r re-read'));
    expect(frame).toContain("sparkify.cfg:4 [CLUSTER] DB_PORT: 'x' is not a port number. Fix: write DB_PORT = 5439.");
    await press(w.stdin, 'r');
    await waitForFrame(w.frame, () => loads === 2);
    await waitForFrame(w.frame, (f) => f.includes('r re-read'));
    await press(w.stdin, 'q');
    expect(await w.exitCode).toBe(2);
    // Left on the screen once, under its file's name, without the keys of a wizard that has gone.
    const left = w.frame();
    expect(left.match(/is not a port number/g)).toHaveLength(1);
    expect(left).toContain('Checking sparkify.cfg');
    expect(left).not.toContain('r re-read');
  });

  it('writes sparkify.cfg from the menu and says which keys to fill', async () => {
    const w = start({ load: async () => ({ problems: [], noConfig: true }) });
    await waitForFrame(w.frame, (f) => f.includes('Create sparkify.cfg from the example'));
    await press(w.stdin, KEY.down);
    await press(w.stdin, KEY.enter);
    expect(await w.exitCode).toBe(0);
    expect(w.frame()).toContain('Wrote /nowhere/sparkify.cfg');
    expect(w.frame()).toContain('[CLUSTER] HOST (line 7)');
  });
});
