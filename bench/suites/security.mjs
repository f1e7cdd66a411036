// What the endpoint's guards cost: the sandboxed engine, and the caller and signature checks on
// every request. The same work with the guards on and off, alternately, in one run.

import { dataset, figure, median, probe, sideBySide } from '../lib.mjs';

export async function security() {
  const figures = [];
  for (const [label, data] of [
    ['about the real size', dataset('sample-1x', { songs: 14_896, events: 8_056 })],
    ['10x', dataset('sample-10x', { songs: 148_960, events: 80_560 })],
  ]) {
    const copies = { ours: [], baseline: [] };
    const runs = sideBySide(
      () => {
        const r = probe('guarded', data, 'guarded');
        copies.ours.push(r.copyMs);
        return r.ms;
      },
      () => {
        const r = probe('guarded', data, 'unguarded');
        copies.baseline.push(r.copyMs);
        return r.ms;
      },
    );
    const [ours, baseline] = [median(runs.ours), median(runs.baseline)];
    figures.push(figure({
      name: `Whole local run with the guards, ${label}`, value: ours, unit: 'ms', baseline, baselineName: 'the same run, guards off',
      target: '<= 1.05x', met: ours <= 1.05 * baseline,
    }));
    const [copyOurs, copyBase] = [median(copies.ours), median(copies.baseline)];
    figures.push(figure({
      name: `Its two COPYs with the guards, ${label}`, value: copyOurs, unit: 'ms', baseline: copyBase, baselineName: 'guards off',
      target: '<= 1.05x', met: copyOurs <= 1.05 * copyBase,
    }));
  }
  const logs = dataset('logs-1m', { songs: 0, events: 1_000_000 });
  const big = sideBySide(() => probe('copy', logs, 'events').ms, () => probe('copy', logs, 'events', 'unguarded').ms);
  const [bigOurs, bigBase] = [median(big.ours), median(big.baseline)];
  figures.push(figure({
    name: 'COPY log_data, 1,000,000 events, sandboxed engine', value: bigOurs, unit: 'ms', baseline: bigBase,
    baselineName: 'engine not sandboxed', target: '<= 1.05x', met: bigOurs <= 1.05 * bigBase,
  }));
  return figures;
}
