// `sparkify-wizard serve`: the local Data API endpoint, up until SIGINT or SIGTERM.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { plural } from '../../format.js';
import { isLoopback } from '../../local/callers.js';
import { parseMistakes, ROLE_ARN, SetupSpecError, type ClusterSetupOptions } from '../../local/clusterSetup.js';
import { DEFAULT_LIMITS } from '../../local/sandbox.js';
import { DEFAULT_MAX_ACTIVE, DEFAULT_RESULT_MEMORY } from '../../local/statementStore.js';
import { DEFAULT_DATABASE } from '../../local/warehouse.js';
import { bundledSampleDir } from '../../local/sample/cache.js';
import { startLocalEndpoint } from '../../local/server.js';
import { generateCredentials, type Credentials } from '../../local/sigv4.js';
import { onInterrupt } from '../../pipeline/interrupt.js';
import { faultSpec, integerOption, parseOptions } from '../args.js';
import { COMMANDS } from './index.js';
import { EXIT } from '../exit.js';
import { UsageError } from '../usage.js';

export async function serve(args: string[]): Promise<number> {
  const options = parseOptions('serve', args, COMMANDS.serve.options);
  const port = integerOption('serve', 'port', options.port, 0, 0, 65535);
  const host = options.host ?? '127.0.0.1';
  const dataDir = options['data-dir'] ? existingDirectory(options['data-dir']) : await sampleDirWithNotice();
  const dbPath = options.db ? resolve(options.db) : undefined;

  const faults = options.faults === undefined ? undefined : faultSpec('serve', '--faults', options.faults);
  const seed = options.seed === undefined ? undefined : integerOption('serve', 'seed', options.seed, 0, 0, 2 ** 32 - 1);
  const memoryLimit = sizeOption('memory-limit', options['memory-limit'], DEFAULT_LIMITS.memoryLimit).text;
  const resultMemory = sizeOption('result-memory', options['result-memory'], `${DEFAULT_RESULT_MEMORY / 2 ** 30}GB`);
  const maxActive = integerOption('serve', 'max-active', options['max-active'], DEFAULT_MAX_ACTIVE, 1, 10_000);
  const database = options.database ?? DEFAULT_DATABASE;
  if (!/^[a-z_][a-z0-9_$]{0,126}$/.test(database)) {
    throw new UsageError(`--database ${database}: a database name is lower-case letters, digits, _ and $, starting with a letter or _`, 'serve');
  }
  const cluster = clusterOptions(options['cluster-state'], options['cluster-roles'], options.mistakes);
  const { credentials, generated } = endpointCredentials();
  const endpoint = await startLocalEndpoint({ port, host, dbPath, dataDir, faults, seed, credentials, limits: { ...DEFAULT_LIMITS, memoryLimit }, database, maxActive, resultMemory: { bytes: resultMemory.bytes, option: 'serve --result-memory' }, cluster });
  process.stdout.write(`sparkify-wizard local Data API listening on ${endpoint.url}\n`);
  process.stderr.write(`warehouse: ${dbPath ?? 'in memory'} (database ${database}); S3 mirror: ${dataDir}; engine memory limit ${memoryLimit}; results kept up to ${resultMemory.text} in all\n`);
  if (generated) {
    process.stderr.write(
      `Sign requests with this key pair (the AWS CLI, boto3 and the SDKs read it from the environment):\n` +
        `export AWS_ACCESS_KEY_ID=${credentials.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}\n`,
    );
  } else {
    process.stderr.write('Requests must be signed with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of this environment.\n');
  }
  if (!isLoopback(host)) {
    process.stderr.write(
      `warning: listening on ${host}, not loopback: any machine that can reach ${host}:${new URL(endpoint.url).port} and holds the key pair can run SQL on this warehouse\n`,
    );
  }
  if (faults) process.stderr.write(`injecting faults: ${options.faults}${seed === undefined ? '' : ` (seed ${seed})`}\n`);
  if (options['cluster-state'] || options['cluster-roles'] || options.mistakes) {
    const roles = cluster.roles ? cluster.roles.join(', ') || 'none' : 'every role a client names';
    process.stderr.write(`simulated cluster: ${cluster.state ?? 'available'}, roles attached: ${roles}${options.mistakes ? `, mistakes: ${options.mistakes}` : ''}\n`);
  }
  return new Promise<number>((done) => {
    onInterrupt((signal) => {
      const running = endpoint.store.list().filter((s) => !s.terminal).length;
      process.stderr.write(`${signal}: stopping${running > 0 ? `, cancelling ${plural(running, 'running statement')}` : ''}...\n`);
      endpoint.close().then(
        () => done(EXIT.ok),
        (error: Error) => {
          process.stderr.write(`the endpoint did not close cleanly: ${error.message}\n`);
          done(EXIT.failed);
        },
      );
    });
    // Said once it is true: a Ctrl-C right after this line stops the endpoint cleanly.
    process.stderr.write('Ctrl-C stops the endpoint.\n');
  });
}

/** The simulated cluster the control plane describes, from --cluster-state, --cluster-roles and --mistakes. */
function clusterOptions(state: string | undefined, roles: string | undefined, mistakes: string | undefined): ClusterSetupOptions {
  if (state !== undefined && state !== 'available' && state !== 'paused') {
    throw new UsageError(`--cluster-state ${state}: available or paused is expected`, 'serve');
  }
  const arns = roles?.split(',').map((r) => r.trim()).filter(Boolean);
  const wrong = arns?.find((arn) => !ROLE_ARN.test(arn));
  if (wrong) throw new UsageError(`--cluster-roles: '${wrong}' is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`, 'serve');
  try {
    return { state, roles: arns, mistakes: mistakes === undefined ? undefined : parseMistakes(mistakes) };
  } catch (error) {
    if (error instanceof SetupSpecError) throw new UsageError(`--mistakes ${error.message}`, 'serve');
    throw error;
  }
}

/** The environment's key pair when both halves are set (so a user's own credentials work unchanged), else a new one. */
function endpointCredentials(env = process.env): { credentials: Credentials; generated: boolean } {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (accessKeyId && secretAccessKey) return { credentials: { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined }, generated: false };
  return { credentials: generateCredentials(), generated: true };
}

/**
 * A size option: a number and a unit (KB, MB, GB, TB), such as 512MB, at least 64MB; as the
 * engine reads one, and in bytes.
 */
function sizeOption(name: string, value: string | undefined, byDefault: string): { text: string; bytes: number } {
  const size = /^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB)\s*$/i.exec(value ?? byDefault);
  if (!size) throw new UsageError(`--${name} must be a size such as 512MB or 4GB, not '${value}'`, 'serve');
  const unit = size[2]!.toUpperCase();
  const bytes = Math.round(Number(size[1]) * 1024 ** (['KB', 'MB', 'GB', 'TB'].indexOf(unit) + 1));
  if (bytes < 64 * 1024 ** 2) throw new UsageError(`--${name} ${value} is too small: give at least 64MB`, 'serve');
  return { text: `${size[1]}${unit}`, bytes };
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
