// `sparkify-wizard mirror` as a user meets it: the built CLI, spawned with AWS_ENDPOINT_URL_S3
// pointing at a real local endpoint (its S3 side signed as AWS signs), copying a generated
// dataset. Every way it can end: copied, resumed, retried, cancelled, refused, and the disk full.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults } from '../../src/local/faults.js';
import { writeSample } from '../../src/local/sample/generate.js';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/server.js';

const CLI = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'cli.js');
const STACK_LINE = /^\s+at .*\(.*:\d+:\d+\)/m;
const BUCKET = 'udacity-dend';

let tmp: string;
let source: string;
let endpoint: LocalEndpoint;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sparkify-mirror-'));
  source = join(tmp, 'source');
  writeSample(source, { songs: 120, events: 400, seed: 5 });
  endpoint = await startLocalEndpoint({ dataDir: source });
});
afterAll(async () => {
  await endpoint?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI's mirror against an endpoint (the plain one by default), not on a TTY. */
function mirror(args: string[], options: { ep?: Pick<LocalEndpoint, 'url' | 'credentials'>; env?: Record<string, string | undefined>; whileRunning?: (child: ChildProcess) => void } = {}): Promise<Result> {
  const ep = options.ep ?? endpoint;
  const env = Object.fromEntries(Object.entries({
    ...process.env, CI: 'true', NO_COLOR: '1', AWS_ENDPOINT_URL_S3: ep.url,
    AWS_ACCESS_KEY_ID: ep.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: ep.credentials.secretAccessKey, ...options.env,
  }).filter(([, value]) => value !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'mirror', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    options.whileRunning?.(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      expect(stderr).not.toMatch(STACK_LINE);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every file under dir, as relative path -> bytes. */
function tree(dir: string): Map<string, string> {
  if (!existsSync(dir)) return new Map();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(files.map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'latin1')]));
}

/** What a run left beside the mirror: no file being written survives a run. */
function partialFiles(out: string): string[] {
  const state = join(out, '.sparkify-mirror');
  return existsSync(state) ? readdirSync(state).filter((name) => name.startsWith('partial-')) : [];
}

const sourceFiles = () => tree(join(source, BUCKET));
const outDir = (name: string) => join(tmp, name);

describe('copying', () => {
  it("copies song_data, log_data and log_json_path.json into DIR/BUCKET/KEY byte for byte, and prints DIR", async () => {
    const out = outDir('copy');
    const r = await mirror(['--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    const want = sourceFiles();
    expect(tree(join(out, BUCKET))).toEqual(want);
    expect([...want.keys()].some((k) => k.startsWith('log_data/'))).toBe(true);
    expect(r.stderr).toContain(`Copied ${want.size.toLocaleString('en-US')} files`);
    expect(r.stderr).toContain(`--data-dir ${out}`);
    expect(partialFiles(out)).toEqual([]);
  });

  it('a second run copies nothing: every object is there with the same size and ETag', async () => {
    const out = outDir('copy');
    const r = await mirror(['--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Copied 0 files (0.0 MB); ${sourceFiles().size.toLocaleString('en-US')} already there`);
  });

  it('fetches again an object changed at the source (a new ETag) and a local file changed since (same size)', async () => {
    const out = outDir('copy');
    const [changed, tampered] = [...sourceFiles().keys()].filter((k) => k.startsWith('song_data/'));
    const flip = (path: string) => writeFileSync(path, readFileSync(path, 'latin1').replace(/"year": ?\d/, (y) => y.slice(0, -1) + String((Number(y.at(-1)) + 1) % 10)), 'latin1');
    flip(join(source, BUCKET, changed!));
    writeFileSync(join(out, BUCKET, tampered!), 'x'.repeat(statSync(join(out, BUCKET, tampered!)).size));
    const r = await mirror(['--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Copied 2 files');
    expect(tree(join(out, BUCKET))).toEqual(sourceFiles());
  });

  it('adopts files it has no record of (written by another tool) when their MD5 is the ETag', async () => {
    const out = outDir('copy');
    rmSync(join(out, '.sparkify-mirror'), { recursive: true });
    const r = await mirror(['--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Copied 0 files');
  });

  it('--from s3://BUCKET/PREFIX copies that prefix alone', async () => {
    const out = outDir('prefix');
    const r = await mirror(['--from', `s3://${BUCKET}/log_data/`, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const want = new Map([...sourceFiles()].filter(([k]) => k.startsWith('log_data/')));
    expect(tree(join(out, BUCKET))).toEqual(want);
  });

  it('AWS_ENDPOINT_URL points it at another endpoint too', async () => {
    const out = outDir('endpoint-url');
    const r = await mirror(['--from', `s3://${BUCKET}/log_json_path.json`, '--out', out], { env: { AWS_ENDPOINT_URL_S3: undefined, AWS_ENDPOINT_URL: endpoint.url } });
    expect(r.code, r.stderr).toBe(0);
    expect(tree(join(out, BUCKET))).toEqual(new Map([...sourceFiles()].filter(([k]) => k === 'log_json_path.json')));
  });

  it('retries throttling, server errors and bodies cut short, and ends with every file whole', async () => {
    const faulty = await startLocalEndpoint({ dataDir: source, faults: parseFaults('throttle=0.1,error5xx=0.1,drop=0.1'), seed: 11 });
    try {
      const out = outDir('faults');
      const r = await mirror(['--out', out, '--plain'], { ep: faulty });
      expect(r.code, r.stderr).toBe(0);
      expect(tree(join(out, BUCKET))).toEqual(sourceFiles());
      for (const reason of ['throttled', 'server error', 'body cut short']) expect(r.stderr).toMatch(new RegExp(`RETRY .*: ${reason}, retrying in`));
      expect(faulty.faults.injected.drop).toBeGreaterThan(0);
      expect(partialFiles(out)).toEqual([]);
    } finally {
      await faulty.close();
    }
  });
});

/** Every file under out/BUCKET is byte for byte the source's, and none is left being written. */
function nothingHalfWritten(out: string): Map<string, string> {
  const want = sourceFiles();
  const got = tree(join(out, BUCKET));
  for (const [key, bytes] of got) expect(bytes, key).toBe(want.get(key));
  expect(partialFiles(out)).toEqual([]);
  return got;
}

describe('ending early, with nothing half-written', () => {
  it('Ctrl-C: says so, exits 130, every file present is whole, and the next run copies only the rest', async () => {
    const slow = await startLocalEndpoint({ dataDir: source, faults: parseFaults('latency=50'), credentials: endpoint.credentials });
    const out = outDir('cancel');
    try {
      const r = await mirror(['--out', out, '--concurrency', '2'], {
        ep: slow,
        whileRunning: (child) => {
          const poll = setInterval(() => {
            if (tree(join(out, BUCKET)).size < 10) return;
            clearInterval(poll);
            child.kill('SIGINT');
          }, 20);
          child.on('close', () => clearInterval(poll));
        },
      });
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('Cancelling');
      expect(r.stderr).toMatch(/Cancelled: [\d,]+ files copied, each whole; nothing half-written/);
      const kept = nothingHalfWritten(out);
      const total = sourceFiles().size;
      expect(kept.size).toBeGreaterThanOrEqual(10);
      expect(kept.size).toBeLessThan(total);
      const again = await mirror(['--out', out]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain(`Copied ${(total - kept.size).toLocaleString('en-US')} files`);
      expect(again.stderr).toContain(`${kept.size.toLocaleString('en-US')} already there`);
      expect(tree(join(out, BUCKET))).toEqual(sourceFiles());
    } finally {
      await slow.close();
    }
  });

  it('a bucket that does not exist: exit 1, NoSuchBucket said, nothing written', async () => {
    const out = outDir('no-bucket');
    const r = await mirror(['--from', 's3://no-such-bucket', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The bucket no-such-bucket does not exist (NoSuchBucket): check the name in --from.');
    expect(r.stdout).toBe('');
    expect(existsSync(join(out, 'no-such-bucket'))).toBe(false);
  });

  it('access denied: a wrong secret, or unsigned requests to a bucket that wants them signed; exit 1', async () => {
    const out = outDir('denied');
    const wrong = await mirror(['--out', out], { env: { AWS_SECRET_ACCESS_KEY: 'not-the-secret-at-all-not-the-secret-000' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Access to s3://${BUCKET} (song_data/, log_data/, log_json_path.json) was denied (SignatureDoesNotMatch)`);
    const unsigned = await mirror(['--out', out, '--no-sign-request']);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('was denied (AccessDenied): the bucket does not allow anonymous reads');
    expect(unsigned.stderr).not.toContain(endpoint.credentials.secretAccessKey);
    expect(tree(join(out, BUCKET)).size).toBe(0);
  });

  it.each([
    [['--from', 'http://example.com/data'], "--from 'http://example.com/data' is not an S3 location"],
    [['--from', 's3://No_Such'], "'No_Such' is not a valid S3 bucket name"],
    [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 256'],
  ])('usage error %j: exit 2', async (args, message) => {
    const r = await mirror([...args, '--out', outDir('usage')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('keys from a hostile server (.., absolute, backslash) are refused and nothing lands outside DIR/BUCKET', async () => {
    const body = 'fine';
    const keys = ['../../escape.json', '/abs.json', 'song_data/..\\..\\win.json', 'song_data/ok.json'];
    const listing = `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${BUCKET}</Name><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${keys
      .map((k) => `<Contents><Key>${k}</Key><Size>${body.length}</Size><ETag>"x"</ETag></Contents>`)
      .join('')}</ListBucketResult>`;
    const server: Server = createServer((req, res) => {
      if ((req.url ?? '').includes('list-type=2')) res.writeHead(200, { 'content-type': 'application/xml' }).end(listing);
      else res.writeHead(200, { 'content-length': body.length, etag: '"x"' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const out = join(outDir('hostile'), 'deep', 'er');
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const r = await mirror(['--from', `s3://${BUCKET}/song_data/`, '--out', out], { ep: { url, credentials: endpoint.credentials } });
      expect(r.code).toBe(1);
      for (const key of keys.slice(0, 3)) expect(r.stderr).toContain(`REFUSED   ${key}: it cannot be a file under ${out}`);
      const written = [...tree(outDir('hostile'))].filter(([path]) => !path.includes('.sparkify-mirror'));
      expect(written).toEqual([[join('deep', 'er', BUCKET, 'song_data', 'ok.json'), body]]);
    } finally {
      server.close();
    }
  });
});

/** A small file system of its own (tmpfs), when this process may mount one (as root, on Linux). */
function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
}
const canMount = process.platform === 'linux' && process.getuid?.() === 0 && mountTmpfs(join(tmpdir(), `sparkify-mount-probe-${process.pid}`), 'size=64k') && spawnSync('umount', [join(tmpdir(), `sparkify-mount-probe-${process.pid}`)]).status === 0;

describe.skipIf(!canMount)('the disk (a small tmpfs, so a real ENOSPC and EROFS)', () => {
  it('a full disk: exit 1, says so, and every file left is whole', async () => {
    const out = outDir('full');
    expect(mountTmpfs(out, 'size=48k')).toBe(true);
    try {
      const r = await mirror(['--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`The disk of ${out} is full (ENOSPC): free some space, or choose another --out, and run mirror again.`);
      nothingHalfWritten(out);
    } finally {
      spawnSync('umount', [out]);
    }
  });

  it('a read-only file system: exit 1, says so, writes nothing', async () => {
    const out = outDir('read-only');
    expect(mountTmpfs(out, 'ro,size=48k')).toBe(true);
    try {
      const r = await mirror(['--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`Cannot write under ${out} \\(EROFS`));
      expect(tree(out).size).toBe(0);
    } finally {
      spawnSync('umount', [out]);
    }
  });
});
