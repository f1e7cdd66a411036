// The embedded warehouse: COPY speed and memory, and how fast long-polling hears of completion.

import { join } from 'node:path';
import { dataset, figure, median, probe, sideBySide, timeShell } from '../lib.mjs';

export async function localWarehouse() {
  const figures = [];

  const songs = dataset('songs-100k', { songs: 100_000, events: 0 });
  const songFiles = join(songs, 'udacity-dend', 'song_data');
  const rss = [];
  const small = sideBySide(
    () => {
      const run = probe('copy', songs, 'songs');
      rss.push(run.maxRssMb);
      return run.ms;
    },
    () => timeShell(`find '${songFiles}' -type f -print0 | xargs -0 cat > /dev/null`),
  );
  const smallOurs = median(small.ours);
  const smallBase = median(small.baseline);
  figures.push(figure({
    name: 'COPY song_data, 100,000 one-object files', value: smallOurs, unit: 'ms', baseline: smallBase,
    baselineName: 'find | xargs cat over the same files', target: '<= 1.5x', met: smallOurs <= 1.5 * smallBase,
  }));
  const peak = median(rss);
  figures.push(figure({
    name: 'Peak RSS of that COPY (whole endpoint process)', value: peak, unit: 'MB', target: '< 400 MB', met: peak < 400,
  }));

  const logs = dataset('logs-1m', { songs: 0, events: 1_000_000 });
  const big = sideBySide(() => probe('copy', logs, 'events').ms, () => probe('readJson', logs).ms);
  const bigOurs = median(big.ours);
  const bigBase = median(big.baseline);
  figures.push(figure({
    name: 'COPY log_data, 1,000,000 events (~440 MB NDJSON)', value: bigOurs, unit: 'ms', baseline: bigBase,
    baselineName: "DuckDB's read_json into a table", target: '<= 1.25x', met: bigOurs <= 1.25 * bigBase,
  }));

  const lag = probe('longPoll', 'long-poll').ms;
  const pollLag = probe('longPoll', 'poll-1s').ms;
  figures.push(figure({
    name: 'Completion heard after (DescribeStatement WaitTimeSeconds)', value: lag, unit: 'ms', baseline: pollLag,
    baselineName: 'DescribeStatement every second', target: '<= 50 ms', met: lag <= 50,
  }));
  return figures;
}
