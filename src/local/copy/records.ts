// Splits a JSON source file into records with their line numbers, for the diagnostic pass.
// A file may hold one object, one object per line, or objects spread over several lines.

/** Redshift's limit on one JSON object or array. */
export const MAX_OBJECT_BYTES = 4 * 1024 * 1024;

export type ScannedRecord =
  | { ok: true; line: number; text: string }
  | { ok: false; line: number; text: string; position: number; code: number; message: string };

export function scanRecords(data: Buffer): ScannedRecord[] {
  const badLines = invalidUtf8Lines(data);
  const text = data.toString('utf8');
  const records: ScannedRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    const startLine = line;
    if (c !== 123 && c !== 91) {
      // Not the start of an object or array: the rest of the line is one bad record.
      const end = lineEnd(text, i);
      records.push(bad(startLine, text.slice(i, end), 0, 1216, 'Invalid JSON: a record must be a JSON object'));
      i = end;
      continue;
    }
    const end = valueEnd(text, i);
    const recordText = text.slice(i, end === -1 ? text.length : end);
    let spannedLines = 0;
    for (let k = 0; k < recordText.length; k++) if (recordText.charCodeAt(k) === 10) spannedLines++;
    line += spannedLines;
    i = end === -1 ? text.length : end;
    if (end === -1) {
      records.push(bad(startLine, recordText, recordText.length, 1216, 'Invalid JSON: the record is not closed (the file ends inside it)'));
      continue;
    }
    if (rangeHasBadLine(badLines, startLine, startLine + spannedLines)) {
      records.push(bad(startLine, recordText, 0, 1220, 'String contains invalid or unsupported UTF8 codepoints'));
      continue;
    }
    const bytes = Buffer.byteLength(recordText);
    if (bytes > MAX_OBJECT_BYTES) {
      records.push(bad(startLine, recordText, 0, 1216, `Invalid JSON: the object is ${bytes} bytes, over the limit of ${MAX_OBJECT_BYTES}`));
      continue;
    }
    if (c === 91) {
      records.push(bad(startLine, recordText, 0, 1216, 'Invalid JSON: top-level arrays are not supported by the local warehouse; use objects'));
      continue;
    }
    try {
      JSON.parse(recordText);
      records.push({ ok: true, line: startLine, text: recordText });
    } catch (error) {
      const message = (error as Error).message;
      const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
      records.push(bad(startLine, recordText, position, 1216, `Invalid JSON: ${message}`));
    }
  }
  return records;
}

function bad(line: number, text: string, position: number, code: number, message: string): ScannedRecord {
  return { ok: false, line, text, position, code, message };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/** End (exclusive) of the object or array starting at `start`, or -1 when the text ends first. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if ((c === 125 || c === 93) && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

/** 1-based numbers of the lines that hold bytes that are not valid UTF-8. */
function invalidUtf8Lines(data: Buffer): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < data.length; ) {
    const b = data[i]!;
    if (b === 10) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    let ok = need > 0 && i + need < data.length;
    for (let k = 1; ok && k <= need; k++) ok = (data[i + k]! & 0xc0) === 0x80;
    if (!ok) {
      if (lines[lines.length - 1] !== line) lines.push(line);
      i++;
    } else {
      i += need + 1;
    }
  }
  return lines;
}

function rangeHasBadLine(badLines: number[], from: number, to: number): boolean {
  return badLines.some((l) => l >= from && l <= to);
}
