// Text measured and fitted to a number of columns, as a terminal draws it: the data's names come
// from real files and may carry broken encodings (mojibake such as "BjÃ\u0083Â¶rk", whose
// invisible control characters a terminal would act on or skip), wide letters and combining marks.

import stringWidth from 'string-width';

const REPLACEMENT = '\ufffd';

/**
 * The text as it can be shown: every control character (C0, DEL, C1) is replaced by U+FFFD,
 * a tab or line break by a space, and a lone surrogate (\p{Cs} matches only unpaired ones) by U+FFFD. Nothing else is changed, so
 * mojibake shows as the data has it, and nothing in a name can move the cursor or colour the screen.
 */
export function printable(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ').replace(/[\p{Cc}\p{Cs}]/gu, REPLACEMENT);
}

/** Columns the text takes on a terminal: wide letters take two, combining marks none (as Ink counts them). */
export function columns(text: string): number {
  return stringWidth(text);
}

/** The text cut to `width` columns, ending with an ellipsis when it was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (columns(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    const w = columns(char);
    if (used + w > width - 1) break;
    kept += char;
    used += w;
  }
  return `${kept}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - columns(text))) + text;
}

/**
 * Words wrapped into lines of at most `width` columns, broken at spaces (a no-break space keeps
 * two words together). A word longer than a line (a long path) stands alone on its line, whole:
 * cutting it would lose what it says.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[ \t\r\n]+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : `${indent}${word}`;
    if (columns(candidate) <= width) {
      line = candidate;
    } else {
      if (line) lines.push(line);
      line = `${indent}${word}`;
    }
  }
  if (line) lines.push(line);
  return lines;
}
