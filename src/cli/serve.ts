// `sparkify-wizard serve`: the local Data API endpoint, up until SIGINT or SIGTERM.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledSampleDir } from '../local/sample/cache.js';
import { startLocalEndpoint } from '../local/server.js';
import { faultSpec, integerOption, parseOptions } from './args.js';
import { UsageError } from './usage.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function serve(args: string[]): Promise<number> {
  const options = parseOptions('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    'data-dir': { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string' },
  });
  const port = integerOption('serve', 'port', options.port, 0, 0, 65535);
  const host = options.host ?? '127.0.0.1';
  const dataDir = options['data-dir'] ? existingDirectory(options['data-dir']) : await sampleDirWithNotice();
  const dbPath = options.db ? resolve(options.db) : undefined;

  const faults = options.faults === undefined ? undefined : faultSpec('serve', '--faults', options.faults);
  const seed = options.seed === undefined ? undefined : integerOption('serve', 'seed', options.seed, 0, 0, 2 ** 32 - 1);
  const endpoint = await startLocalEndpoint({ port, host, dbPath, dataDir, faults, seed });
  process.stdout.write(`sparkify-wizard local Data API listening on ${endpoint.url}\n`);
  process.stderr.write(`warehouse: ${dbPath ?? 'in memory'}; S3 mirror: ${dataDir}\n`);
  if (!LOOPBACK.test(host)) {
    process.stderr.write(`warning: listening on ${host}, not loopback: anyone who can reach it can run SQL\n`);
  }
  if (faults) process.stderr.write(`injecting faults: ${options.faults}${seed === undefined ? '' : ` (seed ${seed})`}\n`);
  process.stderr.write('Ctrl-C stops the endpoint.\n');

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130); // a second signal: leave at once
      stopping = true;
      const running = endpoint.store.list().filter((s) => !s.terminal).length;
      process.stderr.write(`${signal}: stopping${running > 0 ? `, cancelling ${running} running statement${running === 1 ? '' : 's'}` : ''}...\n`);
      endpoint.close().then(
        () => done(0),
        (error: Error) => {
          process.stderr.write(`the endpoint did not close cleanly: ${error.message}\n`);
          done(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function existingDirectory(dir: string): string {
  const full = resolve(dir);
  let isDirectory = false;
  try {
    isDirectory = statSync(full).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new UsageError(`--data-dir ${dir}: no such directory (it should hold BUCKET/KEY files, such as udacity-dend/song_data/...)`, 'serve');
  return full;
}

async function sampleDirWithNotice(): Promise<string> {
  const timer = setTimeout(() => process.stderr.write('Generating the bundled sample data (once)...\n'), 200);
  try {
    return await bundledSampleDir();
  } finally {
    clearTimeout(timer);
  }
}
