// Reads sparkify.cfg: the `ini` package gives the values (quotes, comments, escapes as Python's
// configparser users expect); a line scan gives where each section and key is, so that every
// problem can name its line.

import { readFileSync, statSync } from 'node:fs';
import { parse } from 'ini';
import { problem, type Problem } from './problem.js';

export interface Entry {
  section: string;
  key: string;
  /** The value as `ini` reads it: quotes removed, inline comments dropped. */
  value: string;
  line: number;
  /** True for a line with a key but no `=`. */
  bare: boolean;
}

export interface ParsedConfig {
  file: string;
  entries: Entry[];
  /** Section headers with their lines, in file order (repeats included). */
  sections: { name: string; line: number }[];
  /** File permission bits, to warn about passwords readable by others. */
  mode: number;
}

/** A section header, with an optional comment after it. */
const HEADER = /^(\[[^\]]*\])\s*([;#].*)?$/;

/** Larger than any real config: a bigger file is almost surely the wrong one. */
const MAX_BYTES = 1024 * 1024;

export function readConfigFile(file: string): { parsed?: ParsedConfig; problems: Problem[] } {
  const fail = (message: string, fix: string) => ({ problems: [problem('error', file, { message, fix })] });
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? fail('the file does not exist', 'create it from sparkify.cfg.example (cp sparkify.cfg.example sparkify.cfg), pass --config FILE, or use --local')
      : fail(`the file cannot be read (${code})`, 'check the path and its permissions');
  }
  if (stats.isDirectory()) return fail('this is a directory, not a config file', 'pass the config file itself with --config FILE');
  if (stats.size > MAX_BYTES) return fail(`the file is ${Math.round(stats.size / 1024)} KB, far larger than a config`, 'check that --config names sparkify.cfg');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return fail(`the file cannot be read (${(error as NodeJS.ErrnoException).code})`, `check its permissions (chmod 600 ${file})`);
  }
  if (bytes.includes(0)) return fail('this is not a text file (it holds NUL bytes)', 'pass the INI config file with --config FILE');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8Line(bytes);
    return { problems: [problem('error', file, { line: at, message: 'the file is not valid UTF-8 text', fix: 'save it as UTF-8' })] };
  }
  text = text.replace(/^\uFEFF/, ''); // a byte-order mark would hide the first section from `ini`

  const problems: Problem[] = [];
  // ini reads a header only when it is alone on its line: "  [S3]  ; data" becomes "[S3]", as
  // Python's configparser reads it, so the values land in the section the scan below sees.
  const values = parse(text.split(/\r\n|\r|\n/).map((line) => HEADER.exec(line.trim())?.[1] ?? line).join('\n')) as Record<string, unknown>;
  const entries: Entry[] = [];
  const sections: { name: string; line: number }[] = [];
  let section: string | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) return;
    const header = HEADER.exec(trimmed);
    if (header) {
      section = header[1]!.slice(1, -1).trim();
      sections.push({ name: section, line });
      return;
    }
    if (trimmed.startsWith('[')) {
      problems.push(problem('error', file, { line, message: `'${trimmed}' is not a section header`, fix: 'write section headers as [NAME]' }));
      return;
    }
    const eq = trimmed.indexOf('=');
    const key = (eq === -1 ? trimmed : trimmed.slice(0, eq)).trim();
    if (section === undefined) {
      problems.push(problem('error', file, { line, key, message: 'this key comes before any section', fix: 'put it under its section, such as [CLUSTER]' }));
      return;
    }
    const read = lookup(values, section, key);
    const value = eq === -1 ? '' : Array.isArray(read) ? read.join(',') : String(read ?? '');
    entries.push({ section, key, value, line, bare: eq === -1 });
  });
  return { parsed: { file, entries, sections, mode: stats.mode }, problems };
}

/** `ini` nests dotted section names ([a.b]); keys hold what it read for the last occurrence. */
function lookup(values: Record<string, unknown>, section: string, key: string): unknown {
  let node: unknown = values;
  for (const part of section.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return (node as Record<string, unknown> | undefined)?.[key.replace(/\[\]$/, '')];
}

function firstInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; ; line++) {
    const end = bytes.indexOf(10, start);
    try {
      decoder.decode(bytes.subarray(start, end === -1 ? bytes.length : end));
    } catch {
      return line;
    }
    if (end === -1) return line;
    start = end + 1;
  }
}
