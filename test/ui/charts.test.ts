// The text charts: bars in proportion, every line within the width it is given.

import { describe, expect, it } from 'vitest';
import { bar, barChart, columnChart, sparkline } from '../../src/ui/charts.js';
import { columns, printable, truncate, wrap } from '../../src/ui/text.js';

describe('bar', () => {
  it.each([
    [10, 10, 20, 20 * 8],
    [5, 10, 20, 10 * 8],
    [1, 8, 8, 8],
    [0, 10, 20, 0],
  ])('draws %d of %d in %d columns as %d eighths', (value, max, width, eighths) => {
    const drawn = [...bar(value, max, width)];
    const full = drawn.filter((c) => c === '█').length;
    const partial = drawn.filter((c) => c !== '█').map((c) => '▏▎▍▌▋▊▉'.indexOf(c) + 1);
    expect(partial.every((p) => p > 0)).toBe(true);
    expect(full * 8 + partial.reduce((a, b) => a + b, 0)).toBe(eighths);
  });

  it('shows any value above zero, however small', () => {
    expect(bar(1, 1_000_000, 40)).toBe('▏');
  });
});

describe('barChart', () => {
  const bars = [
    { label: 'Chrome', value: 3564 },
    { label: 'Firefox', value: 1508 },
    { label: 'A label far too long for any chart, with accents: Clementina Santafè, Sigur Rós, Björk', value: 12 },
  ];

  it.each([30, 40, 60, 80, 120])('keeps every line within %d columns, labels, bars and figures aligned', (width) => {
    const lines = barChart(bars, width);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(width);
    expect(new Set(lines.map(columns)).size).toBe(1); // right-aligned figures end every line at the same column
    expect(lines[0]).toMatch(/3,564$/);
    expect(lines[2]).toContain('…');
  });

  it('draws the largest value as the longest bar, and the others in proportion', () => {
    const [chrome, firefox] = barChart(bars, 80).map((l) => [...l].filter((c) => '█▏▎▍▌▋▊▉'.includes(c)).length);
    expect(chrome! / firefox!).toBeCloseTo(3564 / 1508, 0);
  });

  it('prints the text given instead of the value', () => {
    expect(barChart([{ label: 'free', value: 58, text: '58%' }], 40)[0]).toMatch(/ 58%$/);
  });
});

describe('sparkline', () => {
  it('draws one character per value, the largest full height, a zero as a space', () => {
    expect(sparkline([0, 1, 4, 8])).toBe(' ▁▄█');
    expect(sparkline([0, 0])).toBe('  ');
  });
});

describe('columnChart', () => {
  it('draws 24 hours of two columns each within 80 columns, the scale on top, labels below', () => {
    const values = Array.from({ length: 24 }, (_, h) => (h === 20 ? 187 : h * 3));
    const labels = values.map((_, h) => String(h).padStart(2, '0'));
    const lines = columnChart(values, labels, { height: 8, columnWidth: 2 });
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^187┤/);
    expect(lines.at(-1)).toContain('00 01 02');
    const top = lines[0]!;
    expect(top.indexOf('██')).toBe(4 + 20 * 3); // only hour 20 reaches the top line
  });
});

describe('text', () => {
  it('cuts with an ellipsis and counts accented letters as one column', () => {
    expect(truncate('Björk', 5)).toBe('Björk');
    expect(truncate('Clementina Santafè', 10)).toBe('Clementin…');
    expect(columns('Santafè')).toBe(7);
  });

  it('counts columns as a terminal draws them: wide letters two, a combining accent none', () => {
    expect(columns('夜に駆ける')).toBe(10);
    expect(columns('Beyonce\u0301')).toBe(7);
    expect(truncate('夜に駆ける · YOASOBI', 6)).toBe('夜に…');
    expect(columns(truncate('夜に駆ける', 6))).toBeLessThanOrEqual(6);
  });

  it.each([
    ['mojibake as the data has it, its C1 control character shown as U+FFFD', 'Bj\u00c3\u0083\u00c2\u00b6rk', 'Bj\u00c3\ufffd\u00c2\u00b6rk'],
    ['an apostrophe become a control character', 'Howlin\u0019 For You', 'Howlin\ufffd For You'],
    ['an escape sequence, which would colour the screen', 'a\u001b[31mb', 'a\ufffd[31mb'],
    ['a lone surrogate', 'x\ud800y', 'x\ufffdy'],
    ['tabs and line breaks, as spaces', 'a\tb\nc', 'a b c'],
    ['a soft hyphen, a wide letter and an emoji, unchanged', 'D\u00admelo 夜 \u{1f3b5}', 'D\u00admelo 夜 \u{1f3b5}'],
  ])('printable keeps %s', (_what, text, shown) => {
    expect(printable(text)).toBe(shown);
  });

  it('aligns bars whatever the labels hold', () => {
    const lines = barChart([{ label: 'Bj\u00c3\u0083\u00c2\u00b6rk', value: 3 }, { label: '夜に駆ける', value: 2 }, { label: 'Beyonce\u0301', value: 1 }], 40);
    expect(new Set(lines.map((l) => columns(l.slice(0, l.indexOf('█'))))).size).toBe(1);
    expect(lines.every((l) => columns(l) === 40)).toBe(true);
    expect(lines[0]).not.toMatch(/\p{Cc}/u);
  });

  it('wraps words within the width, and keeps a word longer than a line whole', () => {
    expect(wrap('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    const path = `/${'x'.repeat(90)}`;
    expect(wrap(`from ${path} today`, 80)).toEqual(['from', path, 'today']);
  });
});
