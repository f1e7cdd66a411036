// Redshift's format strings, read once by the front end and handed to the engine's macros as
// constants: datetime formats (r_FORMAT_strings.html) for TO_CHAR, TO_DATE and TO_TIMESTAMP, and
// numeric formats (r_Numeric_formating.html) for TO_CHAR and TO_NUMBER. A pattern the local
// warehouse does not render yet is refused by name when the format is used, never rendered otherwise.

import { constant, constantValue, macroCall, useMacro, type Node } from './queryTree.js';
import { localConstruct, UnsupportedSql } from './unsupported.js';

/** Separates the items of an encoded datetime format (a character no format holds). */
export const ITEM_SEPARATOR = '\u0001';

/** Datetime patterns, longest first so that HH24 wins over HH and MONTH over MON. */
const DATETIME_PATTERNS = [
  'Y,YYY', 'IYYY', 'YYYY', 'IDDD', 'HH24', 'HH12', 'A.M.', 'P.M.', 'B.C.', 'A.D.', 'MONTH',
  'YYY', 'IYY', 'MON', 'DAY', 'DDD',
  'YY', 'IY', 'MM', 'DY', 'DD', 'ID', 'WW', 'IW', 'CC', 'HH', 'MI', 'SS', 'MS', 'US', 'AM', 'PM', 'BC', 'AD', 'RM', 'TZ', 'OF',
  'Y', 'I', 'D', 'W', 'J', 'Q',
];

/** Patterns whose letters' case sets the output's case (MONTH, Month, month). */
const CASED = new Set(['MONTH', 'MON', 'DAY', 'DY', 'RM', 'AM', 'PM', 'A.M.', 'P.M.', 'BC', 'AD', 'B.C.', 'A.D.']);

/** How a cased pattern was written: U (MONTH), L (month) or N, as the engine gives it (Month). */
type Case = 'U' | 'L' | 'N';

/** Patterns the local warehouse does not render yet. */
const NOT_YET: Record<string, string> = { TZ: 'the time zone pattern TZ', OF: 'the UTC offset pattern OF' };

export interface DatetimeItem {
  /** A pattern, in capitals (FM marks no padding), or undefined for literal text. */
  pattern?: string;
  fillMode?: boolean;
  /** The case its output takes. */
  case?: Case;
  text: string;
}

/**
 * A datetime format as its items: patterns, and literal text (anything else, or "quoted").
 * Throws with the pattern's name when one is not rendered locally.
 */
export function datetimeItems(format: string): DatetimeItem[] {
  const items: DatetimeItem[] = [];
  let literal = '';
  let fillMode = false;
  for (let i = 0; i < format.length; ) {
    if (format[i] === '"') {
      const close = format.indexOf('"', i + 1);
      literal += format.slice(i + 1, close === -1 ? undefined : close);
      i = close === -1 ? format.length : close + 1;
      continue;
    }
    if (format.startsWith('FM', i) || format.startsWith('fm', i)) {
      fillMode = true;
      i += 2;
      continue;
    }
    const rest = format.slice(i).toUpperCase();
    const pattern = DATETIME_PATTERNS.find((p) => rest.startsWith(p));
    if (!pattern) {
      literal += format[i];
      i++;
      continue;
    }
    if (NOT_YET[pattern]) throw new Error(`${NOT_YET[pattern]} in a format`);
    if (/^TH/i.test(format.slice(i + pattern.length))) throw new Error('the ordinal suffix TH in a datetime format');
    if (literal) items.push({ text: literal });
    literal = '';
    const written = format.slice(i, i + pattern.length);
    items.push({ pattern, fillMode, case: CASED.has(pattern) ? caseOf(written) : 'N', text: written });
    fillMode = false;
    i += pattern.length;
  }
  if (literal) items.push({ text: literal });
  return items;
}

/** MONTH, Month or month, as written. */
function caseOf(written: string): Case {
  if (written === written.toUpperCase()) return 'U';
  if (written === written.toLowerCase()) return 'L';
  return 'N';
}

/** The items as one string for the engine: P<fm><case><pattern> or L<text>, separated by ITEM_SEPARATOR. */
export function encodeDatetime(items: DatetimeItem[]): string {
  return items.map((item) => (item.pattern ? `P${item.fillMode ? 'F' : '-'}${item.case ?? 'N'}${item.pattern}` : `L${item.text}`)).join(ITEM_SEPARATOR);
}

/** A number's layout, from a numeric format. */
export interface NumberLayout {
  /** Integer positions: 9 or 0 for a digit, `,` for a group separator. */
  integer: string;
  /** Digits after the decimal point (-1 when the format has no decimal point). */
  fraction: number;
  fillMode: boolean;
  /** Where the sign goes: a blank before the number by default, or S before or after it, MI after, PR around. */
  sign: 'default' | 'S-before' | 'S-after' | 'MI' | 'PR';
  prefix: string;
  suffix: string;
}

/** The patterns of numeric formats that the local warehouse does not render yet. */
const NUMBER_NOT_YET = ['EEEE', 'RN', 'TH', 'PL', 'SG', 'L', 'V', 'CC'];

/** A numeric format's layout; throws naming a pattern the local warehouse does not handle. */
export function numberLayout(format: string): NumberLayout {
  let rest = format;
  let fillMode = false;
  if (/^FM/i.test(rest)) {
    fillMode = true;
    rest = rest.slice(2);
  }
  let sign: NumberLayout['sign'] = 'default';
  let prefix = '';
  let suffix = '';
  const upper = () => rest.toUpperCase();
  // Literal text and a sign may stand before the digits, a sign and literal text after them.
  const lead = /^[^90.,DGSM<P]*/i.exec(rest)![0];
  prefix = lead;
  rest = rest.slice(lead.length);
  if (upper().startsWith('S')) {
    sign = 'S-before';
    rest = rest.slice(1);
  }
  const body = /^[90,G]*([.D][90]*)?/i.exec(rest)![0];
  rest = rest.slice(body.length);
  if (sign === 'default' && upper().startsWith('S')) {
    sign = 'S-after';
    rest = rest.slice(1);
  } else if (sign === 'default' && upper().startsWith('MI')) {
    sign = 'MI';
    rest = rest.slice(2);
  } else if (sign === 'default' && upper().startsWith('PR')) {
    sign = 'PR';
    rest = rest.slice(2);
  }
  suffix = rest;
  const unknown = NUMBER_NOT_YET.find((p) => (prefix + suffix).toUpperCase().includes(p));
  if (unknown) throw new Error(`the pattern ${unknown} in a numeric format`);
  if (/[90]/.test(prefix + suffix)) throw new Error(`the numeric format ${format}: digits on both sides of other text`);
  const [integer = '', decimals] = body.toUpperCase().replace(/G/g, ',').split(/[.D]/);
  if (!/[90]/.test(integer + (decimals ?? ''))) throw new Error(`the numeric format ${format}: it has no digit positions`);
  return { integer, fraction: decimals === undefined ? -1 : decimals.length, fillMode, sign, prefix, suffix };
}

/** A format for reading text (TO_DATE, TO_TIMESTAMP): a pattern with one named group per field. */
export interface DatetimeReader {
  regex: string;
  fields: string[];
}

/** What each pattern reads: its field and the text it takes (width when the next item is not a separator). */
const READERS: Record<string, { field: string; width: number; text?: string }> = {
  YYYY: { field: 'year', width: 4 }, YYY: { field: 'year', width: 3 }, YY: { field: 'year2', width: 2 }, Y: { field: 'year1', width: 1 },
  MM: { field: 'month', width: 2 }, MONTH: { field: 'monthname', width: 9, text: '[A-Za-z]+' }, MON: { field: 'monthabbr', width: 3, text: '[A-Za-z]{3}' },
  DD: { field: 'day', width: 2 }, DDD: { field: 'doy', width: 3 },
  HH24: { field: 'hour', width: 2 }, HH: { field: 'hour12', width: 2 }, HH12: { field: 'hour12', width: 2 },
  MI: { field: 'minute', width: 2 }, SS: { field: 'second', width: 2 }, MS: { field: 'ms', width: 3 }, US: { field: 'us', width: 6 },
  AM: { field: 'meridian', width: 2, text: '[AaPp][Mm]' }, PM: { field: 'meridian', width: 2, text: '[AaPp][Mm]' },
  'A.M.': { field: 'meridian', width: 4, text: '[AaPp]\\.[Mm]\\.' }, 'P.M.': { field: 'meridian', width: 4, text: '[AaPp]\\.[Mm]\\.' },
  DAY: { field: 'dayname', width: 9, text: '[A-Za-z]+' }, DY: { field: 'dayname', width: 3, text: '[A-Za-z]{3}' },
};

/** A datetime format for reading; throws naming a pattern that TO_DATE or TO_TIMESTAMP does not read here. */
export function datetimeReader(format: string, fn: string): DatetimeReader {
  const items = datetimeItems(format);
  const fields: string[] = [];
  let regex = '^\\s*';
  items.forEach((item, i) => {
    if (!item.pattern) {
      // A separator matches any run of blanks and punctuation, as Redshift reads it.
      regex += /^[\s\p{P}\p{S}]+$/u.test(item.text) ? '[\\s\\p{P}\\p{S}]*' : escapeRegex(item.text);
      return;
    }
    const reader = READERS[item.pattern.toUpperCase()];
    if (item.pattern === 'Q') throw new UnsupportedSql(`${fn} does not read Q (the quarter) on Amazon Redshift (r_TO_DATE_function.html)`);
    if (!reader) throw new Error(`${fn} with the pattern ${item.pattern} in its format`);
    const next = items[i + 1];
    const free = !next || (next.pattern === undefined && /^[\s\p{P}\p{S}]+$/u.test(next.text));
    const digits = free ? `\\d{1,${Math.max(reader.width, 6)}}` : `\\d{${reader.width}}`;
    if (fields.includes(reader.field)) throw new Error(`${fn} with ${item.pattern} twice in its format`);
    fields.push(reader.field);
    regex += `(${reader.text ?? digits})`;
  });
  return { regex: regex + '\\s*$', fields };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The calls of the format functions, reshaped (redshiftRewrites.ts hands them here).

/** The constant format of TO_CHAR, TO_DATE, TO_TIMESTAMP or TO_NUMBER. */
function formatOf(args: Node[], fn: string, doc: string): string {
  const format = constantValue(args[1]);
  if (typeof format !== 'string') throw localConstruct(`${fn} with a format that is not a constant string`, doc);
  return format;
}

/**
 * TO_CHAR(timestamp or number, format): the format is read here, both ways, and the engine picks by
 * the value's type; a pattern the local warehouse does not render is refused when it would be used.
 */
export function toChar(node: Node, args: Node[]): undefined {
  if (args.length !== 2) throw new UnsupportedSql(`TO_CHAR takes (timestamp or number, format), not ${args.length} arguments`);
  const format = formatOf(args, 'TO_CHAR', 'r_TO_CHAR.html');
  const at = node.query_location;
  const refusal = (error: unknown, doc: string) => `E${localConstruct(`TO_CHAR with ${(error as Error).message}`, doc).message}`;
  let items: string;
  try {
    items = encodeDatetime(datetimeItems(format));
  } catch (error) {
    items = refusal(error, 'r_FORMAT_strings.html');
  }
  let layout: Node[];
  try {
    const l = numberLayout(format);
    layout = [constant('VARCHAR', l.integer, at), constant('INTEGER', l.fraction, at), constant('BOOLEAN', l.fillMode, at), constant('VARCHAR', l.sign, at), constant('VARCHAR', l.prefix, at), constant('VARCHAR', l.suffix, at)];
  } catch (error) {
    layout = [constant('VARCHAR', refusal(error, 'r_Numeric_formating.html'), at), constant('INTEGER', 0, at), constant('BOOLEAN', false, at), constant('VARCHAR', '', at), constant('VARCHAR', '', at), constant('VARCHAR', '', at)];
  }
  node.children = [args[0]!, constant('VARCHAR', items, at), ...layout];
  useMacro(node, 'to_char');
  return undefined;
}

/** TO_DATE and TO_TIMESTAMP (string, format [, is_strict]): a DATE, a TIMESTAMPTZ (r_TO_DATE_function.html, r_TO_TIMESTAMP.html). */
export function readDatetime(node: Node, args: Node[], name: string): Node {
  const fn = name.toUpperCase();
  const doc = name === 'to_date' ? 'r_TO_DATE_function.html' : 'r_TO_TIMESTAMP.html';
  if (args.length !== 2 && args.length !== 3) throw new UnsupportedSql(`${fn} takes (string, format [, is_strict]), not ${args.length} arguments`);
  let reader;
  try {
    reader = datetimeReader(formatOf(args, fn, doc), fn);
  } catch (error) {
    if (error instanceof UnsupportedSql) throw error;
    throw localConstruct((error as Error).message, doc);
  }
  const at = node.query_location;
  const strict = args[2] ?? constant('BOOLEAN', false, at);
  const read = macroCall('read_datetime', [args[0]!, constant('VARCHAR', reader.regex, at), constant('VARCHAR', reader.fields.join(','), at), strict, constant('VARCHAR', fn, at)], at);
  return { class: 'CAST', type: 'OPERATOR_CAST', alias: node.alias ?? '', query_location: at, child: read, cast_type: { id: name === 'to_date' ? 'DATE' : 'TIMESTAMP WITH TIME ZONE', type_info: null }, try_cast: false };
}

/** TO_NUMBER(string, format): a DECIMAL with the format's digits and scale (r_TO_NUMBER.html). */
export function toNumber(node: Node, args: Node[]): Node {
  if (args.length !== 2) throw new UnsupportedSql(`TO_NUMBER takes (string, format), not ${args.length} arguments`);
  let layout;
  try {
    // L (the currency symbol) reads as any text does: only digits, the point and the sign count.
    layout = numberLayout(formatOf(args, 'TO_NUMBER', 'r_TO_NUMBER.html').replace(/L/gi, ''));
  } catch (error) {
    if (error instanceof UnsupportedSql) throw error;
    throw localConstruct(`TO_NUMBER with ${(error as Error).message}`, 'r_Numeric_formating.html');
  }
  const scale = Math.max(layout.fraction, 0);
  const width = Math.min(Math.max(layout.integer.replace(/,/g, '').length + scale, 1), 38);
  const at = node.query_location;
  return {
    class: 'CAST', type: 'OPERATOR_CAST', alias: node.alias ?? '', query_location: at, child: macroCall('number_text', [args[0]!], at),
    cast_type: { id: 'DECIMAL', type_info: { type: 'DECIMAL_TYPE_INFO', alias: '', extension_info: null, width, scale } }, try_cast: false,
  };
}
