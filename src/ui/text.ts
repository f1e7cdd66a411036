// Text measured and fitted to a number of columns. A character is one column: the data's names
// are Latin script with accents, which terminals draw one column wide.

/** Columns the text takes: its code points (an accented letter is one, as it is on the screen). */
export function columns(text: string): number {
  return [...text].length;
}

/** The text cut to `width` columns, ending with an ellipsis when it was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
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
