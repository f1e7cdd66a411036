// The built CLI in a real terminal (tmux), driven with the keys a person would press.

import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/local/faults.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint } from '../../src/local/server.js';
import { closeTerminals, keys, keysAtOnce, open, waitForScreen } from '../support/tmux.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
let data: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
  data = mkdtempSync(join(tmpdir(), 'terminal-data-'));
  writeSample(data, { songs: 200, events: 800, seed: 21 });
});

afterAll(() => {
  closeTerminals();
});

describe('the wizard in a real terminal (80x24)', () => {
  it('goes through the whole local flow: confirm, progress, summary, a key to leave, exit 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'terminal-run-'));
    open('flow', cwd, {}, `node '${CLI}' --local --data-dir '${data}'`);
    const confirm = await waitForScreen('flow', (s) => s.includes('Drop and rebuild 7 tables') && s.includes('absent'));
    expect(confirm).toContain('❯ Cancel');
    expect(confirm).toMatch(/staging_events\s+absent/);
    await keys('flow', 'Down', 'Enter');
    const summary = await waitForScreen('flow', (s) => s.includes('Press any key to exit.'));
    expect(summary).toContain('The warehouse is built');
    expect(summary).toMatch(/staging_songs\s+200\s/);
    expect(summary).toContain(join(cwd, 'sparkify.duckdb'));
    for (const line of summary.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    await keys('flow', 'q');
    await waitForScreen('flow', (s) => s.includes('EXIT=0'));
  });

  it('keys sent in one write act one after another, on what each leaves on the screen', async () => {
    // Down, Down, Enter reach the third choice; read together, Enter used to act on the first (Cancel).
    const cwd = mkdtempSync(join(tmpdir(), 'terminal-burst-'));
    open('burst', cwd, {}, `node '${CLI}' --local --data-dir '${data}'`);
    await waitForScreen('burst', (s) => s.includes('❯ Cancel') && s.includes('absent'));
    await keysAtOnce('burst', 'Down', 'Down', 'Enter');
    const chosen = await waitForScreen('burst', (s) => s.includes('Press any key to exit.') || s.includes('EXIT='));
    expect(chosen).not.toContain('Cancelled');
    // The swap, on a warehouse with no tables yet, builds them in place.
    expect(chosen).toContain('The warehouse is built');
    await keys('burst', 'q');
    await waitForScreen('burst', (s) => s.includes('EXIT=0'));
  });

  it('on Ctrl-C during a long load cancels the statements on the endpoint and exits 130', async () => {
    // A Redshift-mode config pointed at a local endpoint whose every statement takes 4 s.
    const endpoint = await startLocalEndpoint({ dataDir: data, faults: parseFaults('slow=4000') });
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'terminal-cancel-'));
      const config = join(cwd, 'sparkify.cfg');
      writeFileSync(
        config,
        `[CLUSTER]\nCLUSTER_IDENTIFIER = dwhcluster\nREGION = us-west-2\nDB_NAME = dev\nDB_USER = awsuser\n\n` +
          `[IAM_ROLE]\nARN = arn:aws:iam::123456789012:role/dwhRole\n\n` +
          `[S3]\nLOG_DATA = s3://udacity-dend/log_data\nLOG_JSONPATH = s3://udacity-dend/log_json_path.json\nSONG_DATA = s3://udacity-dend/song_data\n`,
      );
      chmodSync(config, 0o600);
      const env = {
        AWS_ENDPOINT_URL_REDSHIFT_DATA: endpoint.url,
        AWS_ENDPOINT_URL_S3: endpoint.url,
        AWS_ACCESS_KEY_ID: endpoint.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: endpoint.credentials.secretAccessKey,
      };
      open('cancel', cwd, env, `node '${CLI}' --yes`);
      // The checks' SELECT 1 and the reset take 4 s each here; wait until the COPYs run.
      await waitForScreen('cancel', (s) => /COPY staging_events\s+(picked|started)/.test(s) && /COPY staging_songs\s+(picked|started)/.test(s), 60_000);
      expect(endpoint.store.list().filter((s) => !s.terminal).length).toBe(2);
      await keys('cancel', 'C-c');
      const end = await waitForScreen('cancel', (s) => s.includes('EXIT='));
      expect(end).toContain('EXIT=130');
      expect(end).toMatch(/COPY staging_events\s+aborted/);
      expect(end).toMatch(/COPY staging_songs\s+aborted/);
      const statements = endpoint.store.list();
      expect(statements.filter((s) => !s.terminal)).toEqual([]);
      expect(statements.filter((s) => s.sql?.startsWith('COPY')).map((s) => s.status)).toEqual(['ABORTED', 'ABORTED']);
    } finally {
      await endpoint.close();
    }
  }, 90_000);
});
