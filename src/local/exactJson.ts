// JSON whose integers keep every digit. JavaScript numbers hold integers exactly only up to 2^53;
// a BIGINT value (9007199254740993) or a literal in a query's tree would silently change. Larger
// integers are read as bigints and written back as bare digits.

const NO_LOCATION = '18446744073709551615';
const LONG_DIGITS = /\d{16}/;
const MARK = `exact-integer-${Math.random().toString(36).slice(2)}:`;
const MARKED = new RegExp(`"${MARK}(-?\\d+)"`, 'g');

/**
 * JSON.parse, with integers beyond 2^53 as bigints. A query tree marks a node with no place in the
 * text with the largest 64-bit integer; that mark only points into the text, so it reads as 0 and
 * the plain (fast) parse serves whenever no other long integer is there.
 */
export function parseExact(text: string): unknown {
  const light = text.replaceAll(`"query_location":${NO_LOCATION}`, '"query_location":0');
  if (!LONG_DIGITS.test(light)) return JSON.parse(light);
  return JSON.parse(markLargeIntegers(light), (_, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  );
}

/** JSON text already written (a page of records kept as UTF-8), sent as it is, piece after piece. */
export class JsonText {
  constructor(readonly pieces: (string | Uint8Array)[]) {}
}

/**
 * JSON.stringify, with bigints written as their exact digits. Most values hold none: the plain
 * stringify (which refuses a bigint) is tried first, as a replacer called on every value costs
 * about as much again on a page of rows.
 */
export function stringifyExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
  }
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v)).replace(MARKED, '$1');
}

/** Wraps each integer of more than 15 digits outside strings in a marked string (one regex pass: strings are matched whole, so digits inside them stay). */
function markLargeIntegers(text: string): string {
  return text.replace(LARGE_INTEGER_OR_STRING, (match) => (match[0] === '"' ? match : `"${MARK}${match}"`));
}

const LARGE_INTEGER_OR_STRING = /"(?:[^"\\]|\\.)*"|(?<![\d.])-?\d{16,}(?![\d.eE])/g;
