// `sparkify-wizard sample-data`: a dataset in the Udacity layout, for the local warehouse.

import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { count } from '../../format.js';
import { BUCKET, DEFAULT_SAMPLE, writeSample } from '../../local/sample/generate.js';
import { integerOption, parseOptions } from '../args.js';
import { COMMANDS } from './index.js';
import { EXIT } from '../exit.js';
import { UsageError } from '../usage.js';

export async function sampleData(args: string[]): Promise<number> {
  const options = parseOptions('sample-data', args, COMMANDS['sample-data'].options);
  if (!options.out) throw new UsageError('--out DIR is required', 'sample-data');
  const out = resolve(options.out);
  const bucket = join(out, BUCKET);
  if (existsSync(bucket) && readdirSync(bucket).length > 0) {
    throw new UsageError(`${bucket} already holds files: choose another --out, or remove it first`, 'sample-data');
  }
  const summary = writeSample(out, {
    songs: integerOption('sample-data', 'songs', options.songs, DEFAULT_SAMPLE.songs, 0, 10_000_000),
    events: integerOption('sample-data', 'events', options.events, DEFAULT_SAMPLE.events, 0, 100_000_000),
    seed: integerOption('sample-data', 'seed', options.seed, DEFAULT_SAMPLE.seed, 0, 2 ** 32 - 1),
  });
  process.stderr.write(
    `Wrote ${count(summary.songFiles)} song files and ${count(summary.logFiles)} log files to ${bucket}\n` +
      `${count(summary.events)} events, ${count(summary.nextSongEvents)} song plays, ${count(summary.matchedPlays)} of them of songs in song_data\n`,
  );
  process.stdout.write(`${out}\n`);
  return EXIT.ok;
}
