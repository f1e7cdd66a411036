// The bundled sample data: generated once into the user's cache directory and reused.

import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SAMPLE, writeSample } from './generate.js';

/** Bump when the generator's output changes, so stale caches are not reused. */
const SAMPLE_VERSION = 2;
const COMPLETE_MARK = '.complete';

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sparkify-wizard');
}

/** The S3 mirror root holding the default sample, generating it on first use. */
export async function bundledSampleDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { songs, events, seed } = DEFAULT_SAMPLE;
  const dir = join(cacheRoot(env), `sample-v${SAMPLE_VERSION}-${songs}-songs-${events}-events-seed-${seed}`);
  if (existsSync(join(dir, COMPLETE_MARK))) return dir;
  // Generate beside it and rename, so an interrupted run never leaves a half-written sample.
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const summary = writeSample(partial, DEFAULT_SAMPLE);
  await writeFile(join(partial, COMPLETE_MARK), JSON.stringify(summary));
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(partial, dir);
  } catch (error) {
    // Another process finished first: use its copy.
    await rm(partial, { recursive: true, force: true });
    if (!existsSync(join(dir, COMPLETE_MARK))) throw error;
  }
  return dir;
}
