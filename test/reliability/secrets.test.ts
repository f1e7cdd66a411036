// Secrets (DB_PASSWORD, AWS keys, session tokens) never appear in any output of any mode.

import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/local/faults.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const SECRETS = {
  password: 'Pa55w0rd-never-shown',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYNEVERSHOWN',
  sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDNEVERSHOWNTOKEN',
  accessKeyId: 'AKIAIOSFODNN7NEVERSHW',
};
let cwd: string;
let data: string;
let endpoint: LocalEndpoint;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'secrets-'));
  data = join(cwd, 'data');
  writeSample(data, { songs: 30, events: 120, seed: 3 });
  // Statements matching the songs COPY fail, so error paths are exercised too.
  endpoint = await startLocalEndpoint({ dataDir: data, faults: parseFaults('fail=^COPY staging_songs') });
  const config = join(cwd, 'sparkify.cfg');
  writeFileSync(config, `[CLUSTER]\nHOST = dwhcluster.c1abcdefgh2i.us-west-2.redshift.amazonaws.com\nDB_NAME = dev\nDB_USER = awsuser\nDB_PASSWORD = '${SECRETS.password}'\nDB_PORT = 5439\n\n[IAM_ROLE]\nARN = arn:aws:iam::123456789012:role/dwhRole\n\n[S3]\nLOG_DATA = s3://udacity-dend/log_data\nLOG_JSONPATH = s3://udacity-dend/log_json_path.json\nSONG_DATA = s3://udacity-dend/song_data\n`);
  chmodSync(config, 0o644); // readable by others: the warning about it must not quote the password
  env = {
    ...process.env, CI: 'true',
    AWS_ENDPOINT_URL_REDSHIFT_DATA: endpoint.url, AWS_ENDPOINT_URL_S3: endpoint.url,
    AWS_ACCESS_KEY_ID: SECRETS.accessKeyId, AWS_SECRET_ACCESS_KEY: SECRETS.secretKey, AWS_SESSION_TOKEN: SECRETS.sessionToken,
  };
});

afterAll(async () => {
  await endpoint.close();
});

/** Runs the CLI without blocking: the endpoint it talks to lives in this process. */
function output(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' }, (_, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
}

const MODES: [string, string[], NodeJS.ProcessEnv?][] = [
  ['check', ['check']],
  ['check --live', ['check', '--live']],
  ['run --plain (a step fails)', ['run', '--yes', '--plain']],
  ['run --json (a step fails)', ['run', '--yes', '--json']],
  ['run --dry-run', ['run', '--dry-run']],
  ['run without --yes', ['run']],
  ['etl --json', ['etl', '--json']],
  ['a config error', ['check', '--config', 'missing.cfg']],
  ['an unreachable endpoint', ['check', '--live'], { AWS_ENDPOINT_URL_REDSHIFT_DATA: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' }],
  ['a usage error', ['run', '--bogus']],
];

describe('no output mode shows a secret', () => {
  it.each(MODES)('%s', async (_, args, extraEnv) => {
    const text = await output(args, extraEnv);
    expect(text.length).toBeGreaterThan(0);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  }, 60_000);

  it('the wizard in a terminal', async () => {
    const socket = `secrets-${process.pid}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const exports = ['AWS_ENDPOINT_URL_REDSHIFT_DATA', 'AWS_ENDPOINT_URL_S3', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']
      .map((k) => `${k}='${env[k]}'`).join(' ');
    tmux('new-session', '-d', '-x', '100', '-y', '40', '-s', 'w', `cd '${cwd}' && env -u CI ${exports} node '${CLI}' --yes; echo EXIT=$?; sleep 60`);
    try {
      let screen = '';
      for (let i = 0; i < 150 && !screen.includes('EXIT=') && !screen.includes('Retry'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        screen = tmux('capture-pane', '-p', '-S', '-200', '-t', 'w');
      }
      expect(screen).toContain('DB_PASSWORD is not used');
      for (const secret of Object.values(SECRETS)) expect(screen).not.toContain(secret);
    } finally {
      tmux('kill-server');
    }
  }, 60_000);
});
