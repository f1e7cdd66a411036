// What the Redshift front end costs: the pipeline's statements with it, against the same engine
// statements sent straight to the engine; and parsing and checking one query, per statement.

import { dataset, figure, median, probe } from '../lib.mjs';

export async function frontEnd() {
  const data = dataset('sample-1x', { songs: 14_896, events: 8_056 });
  const runs = [probe('frontEnd', data), probe('frontEnd', data), probe('frontEnd', data)];
  const ours = median(runs.map((r) => r.ms));
  const baseline = median(runs.map((r) => r.baselineMs));
  const check = median(runs.map((r) => r.checkMedianMs));
  return [
    figure({
      name: "The pipeline's statements through the Redshift front end, about the real size", value: ours, unit: 'ms', baseline,
      baselineName: 'the same engine statements, front end left out', target: '<= 1.1x', met: ours <= 1.1 * baseline,
    }),
    figure({
      name: `Parse and check one of the pipeline's ${runs[0].queries} queries (median)`, value: check, unit: 'ms',
      target: '< 1 ms', met: check < 1,
      note: `slowest ${Math.max(...runs.map((r) => r.checkMaxMs)).toFixed(1)} ms`,
    }),
  ];
}
