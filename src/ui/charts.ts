// Text charts, for the terminal and for a Markdown code block alike: every line is plain text
// within the width it is given. Bars are drawn in eighths of a column with Unicode block
// elements, so small differences still show.

import { count } from '../format.js';
import { columns, padEnd, padStart, printable, truncate } from './text.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL = '█';
const LEVELS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export interface Bar {
  label: string;
  value: number;
  /** What is printed after the bar; the value with thousands separators when absent. */
  text?: string;
}

/** A bar of `value / max` of `width` columns; any value above zero shows at least an eighth. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0 || width <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return FULL.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/**
 * Horizontal bars, one line per bar: the label, the bar, the text. Labels (data, so shown as
 * `printable` makes them) are cut to leave the bars at least a third of the width; every line is
 * at most `width` columns.
 */
export function barChart(bars: readonly Bar[], width: number): string[] {
  if (bars.length === 0) return [];
  const texts = bars.map((b) => b.text ?? count(b.value));
  const labels = bars.map((b) => printable(b.label));
  const textWidth = Math.max(...texts.map(columns));
  const labelWidth = Math.min(Math.max(...labels.map(columns)), Math.max(4, Math.floor((width - textWidth - 2) * 0.6)));
  const barWidth = Math.max(1, width - labelWidth - textWidth - 2);
  const max = Math.max(...bars.map((b) => b.value));
  return bars.map((b, i) => {
    const line = `${padEnd(truncate(labels[i]!, labelWidth), labelWidth)} ${padEnd(bar(b.value, max, barWidth), barWidth)} ${padStart(texts[i]!, textWidth)}`;
    return truncate(line, width);
  });
}

/** One character per value, its height a share of the largest; a zero is a space. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? ' ' : LEVELS[Math.min(7, Math.floor((v / max) * 8 - 1e-9))]!)).join('');
}

/**
 * Vertical bars over labelled columns, `height` lines tall plus a line of labels: each column is
 * `columnWidth` wide with a space between, the top of each bar in eighths of a line. The scale
 * (the largest value) is written at the top left.
 */
export function columnChart(values: readonly number[], labels: readonly string[], options: { height: number; columnWidth: number }): string[] {
  const { height, columnWidth } = options;
  const max = Math.max(0, ...values);
  const scale = count(max);
  const axisWidth = columns(scale) + 1;
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const cells = values.map((v) => {
      const eighths = max === 0 || v <= 0 ? 0 : Math.max(1, Math.round((v / max) * height * 8));
      const filled = eighths - row * 8;
      const cell = filled >= 8 ? FULL : filled <= 0 ? ' ' : LEVELS[filled - 1]!;
      return cell.repeat(columnWidth);
    });
    const axis = row === height - 1 ? `${padStart(scale, axisWidth - 1)}┤` : `${' '.repeat(axisWidth - 1)}│`;
    lines.push(`${axis}${cells.join(' ')}`.trimEnd());
  }
  lines.push(`${' '.repeat(axisWidth - 1)}└${labels.map((l) => padEnd(truncate(l, columnWidth), columnWidth)).join(' ')}`.trimEnd());
  return lines;
}
