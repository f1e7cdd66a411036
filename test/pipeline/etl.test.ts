// The two halves of `run` on their own, as Udacity's create_tables.py and etl.py are used: the reset
// (create-tables) and the load (etl). Expected figures come from the generated files, read in JS.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import { buildPlan } from '../../src/pipeline/plan.js';
import { readDataset, runCollecting, startWarehouse, type Dataset, type Warehouse } from './helpers.js';

let wh: Warehouse;
let data: Dataset;
beforeAll(async () => {
  wh = await startWarehouse('etl', { songs: 300, events: 2000, seed: 515 });
  data = await readDataset(wh.dataDir);
});
afterAll(async () => {
  await wh?.close();
});

/** What the star schema must hold for the generated files (the README: The schema). */
function expectedCounts(): Record<string, number> {
  const plays = data.logLines.map((l) => l.event).filter((e) => e.page === 'NextSong');
  return {
    staging_events: data.logLines.length,
    staging_songs: data.songs.length,
    songplays: plays.length,
    users: new Set(plays.map((e) => e.userId)).size,
    songs: new Set(data.songs.map((s) => s.song.song_id)).size,
    artists: new Set(data.songs.map((s) => s.song.artist_id)).size,
    time: new Set(plays.map((e) => e.ts)).size,
  };
}

describe('create-tables, then etl', () => {
  it('create-tables leaves all seven tables empty', async () => {
    const { summary } = await runCollecting(wh, buildPlan('create-tables', UDACITY_SOURCES));
    expect(summary.ok).toBe(true);
    expect(summary.counts).toEqual({ staging_events: 0, staging_songs: 0, songplays: 0, users: 0, songs: 0, artists: 0, time: 0 });
  });

  it('etl then fills them as run does', async () => {
    const { summary } = await runCollecting(wh, buildPlan('etl', UDACITY_SOURCES));
    expect(summary.ok).toBe(true);
    expect(summary.counts).toEqual(expectedCounts());
  });

  // etl INSERTs (and COPYs) into whatever the tables hold: a second etl, or an etl after a run,
  // doubles the staging tables and adds every dimension row again, so songplays ends with three
  // rows per NextSong event and users, songs, artists and time with two rows per key.
  it('etl once more keeps the star schema\'s one-row-per-key rules (one row per NextSong event, per user, song, artist and play time)', async () => {
    const { summary } = await runCollecting(wh, buildPlan('etl', UDACITY_SOURCES));
    expect(summary.ok).toBe(true);
    const { staging_events: _e, staging_songs: _s, ...star } = expectedCounts();
    expect(summary.counts).toMatchObject(star);
  });
});
