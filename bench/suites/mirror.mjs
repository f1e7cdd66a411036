// `sparkify-wizard mirror` against `aws s3 sync`: the same 100,000 song files copied from one local
// endpoint (`sparkify-wizard serve`) into empty folders, alternately; wall time and peak RSS (GNU
// time) of each. The AWS CLI is installed with pip when it is missing; when that fails, the
// figures say so instead of a ratio.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, OUT, dataset, figure, median } from '../lib.mjs';

/** Runs of each, alternately, after the files are read once into the page cache (a run is minutes long). */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

export async function mirrorSuite() {
  const data = dataset('songs-100k', { songs: 100_000, events: 0 });
  const aws = awsCli();
  if (!aws.path) return [figure({ name: `mirror against aws s3 sync: not measured, ${aws.why}`, value: 0, unit: 'ms', target: '<= 1.0x', met: false })];
  const credentials = { AWS_ACCESS_KEY_ID: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, AWS_SECRET_ACCESS_KEY: randomBytes(30).toString('base64') };
  const endpoint = await serve(data, credentials);
  const env = { ...process.env, ...credentials, AWS_ENDPOINT_URL_S3: endpoint.url, AWS_REGION: 'us-west-2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const target = (name) => join(OUT, `mirror-${name}`);
  const ours = [];
  const baseline = [];
  try {
    spawnSync('bash', ['-c', `find '${join(data, 'udacity-dend', 'song_data')}' -type f -print0 | xargs -0 cat > /dev/null`]);
    for (let i = 0; i < RUNS; i++) {
      baseline.push(timed([aws.path, 's3', 'sync', 's3://udacity-dend/song_data/', join(target('aws'), 'udacity-dend', 'song_data'), '--endpoint-url', endpoint.url, '--only-show-errors'], env, target('aws')));
      ours.push(timed([process.execPath, CLI, 'mirror', '--from', 's3://udacity-dend/song_data/', '--out', target('ours'), '--plain'], env, target('ours')));
    }
  } finally {
    endpoint.stop();
    for (const name of ['aws', 'ours']) rmSync(target(name), { recursive: true, force: true });
  }
  const [ms, baseMs] = [median(ours.map((r) => r.ms)), median(baseline.map((r) => r.ms))];
  const [rss, baseRss] = [Math.max(...ours.map((r) => r.rssMb)), Math.max(...baseline.map((r) => r.rssMb))];
  return [
    figure({ name: 'mirror, 100,000 song files from the local endpoint', value: ms, unit: 'ms', baseline: baseMs, baselineName: `aws s3 sync (${aws.version})`, target: '<= 1.0x', met: ms <= baseMs }),
    figure({ name: "mirror's peak RSS, the same copy", value: rss, unit: 'MB', baseline: baseRss, baselineName: 'aws s3 sync', target: '< 300 MB', met: rss < 300 }),
  ];
}

/** The AWS CLI on the PATH, installed with pip when missing. */
function awsCli() {
  const find = () => spawnSync('bash', ['-c', 'command -v aws'], { encoding: 'utf8' }).stdout.trim();
  let path = find();
  if (!path) {
    process.stderr.write('the AWS CLI is missing: installing it with pip...\n');
    spawnSync('bash', ['-c', 'python3 -m pip install --quiet awscli'], { stdio: 'inherit' });
    path = find();
  }
  if (!path) return { why: 'the AWS CLI is not installed, and pip could not install it' };
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return { path, version: `${version.stdout}${version.stderr}`.trim().split(' ')[0] };
}

/** `sparkify-wizard serve` over the data, signed with the given key pair; resolves once it listens. */
function serve(data, credentials) {
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', data], { env: { ...process.env, ...credentials }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const url = /listening on (\S+)/.exec(seen)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`serve ended (${code}) before it listened`)));
  });
}

/** Wall time and peak RSS of a command copying into an empty `dir`; checks it copied every file. */
function timed(argv, env, dir) {
  rmSync(dir, { recursive: true, force: true });
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${argv.slice(0, 3).join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const files = readdirSync(join(dir, 'udacity-dend', 'song_data'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  if (files !== 100_000) throw new Error(`${argv.slice(0, 3).join(' ')} copied ${files} files, not 100,000`);
  const rssMb = Number(result.stderr.trim().split('\n').pop()) / 1024;
  process.stderr.write(`  ${argv[1].endsWith('cli.js') ? 'mirror' : 'aws s3 sync'}: ${(ms / 1000).toFixed(1)} s, ${rssMb.toFixed(0)} MB\n`);
  return { ms, rssMb };
}
