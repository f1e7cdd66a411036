// JSON whose integers keep every digit. JavaScript numbers hold integers exactly only up to 2^53;
// a BIGINT value (9007199254740993) or a literal in a query's tree would silently change. Larger
// integers are read as bigints and written back as bare digits.

const MARK = `exact-integer-${Math.random().toString(36).slice(2)}:`;
const MARKED = new RegExp(`"${MARK}(-?\\d+)"`, 'g');

/** JSON.parse, with integers beyond 2^53 as bigints. */
export function parseExact(text: string): unknown {
  return JSON.parse(markLargeIntegers(text), (_, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  );
}

/** JSON.stringify, with bigints written as their exact digits. */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v)).replace(MARKED, '$1');
}

/** Wraps each integer of more than 15 digits outside strings in a marked string. */
function markLargeIntegers(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      if (/^-?\d{16,}$/.test(literal)) {
        out += `${text.slice(from, i)}"${MARK}${literal}"`;
        from = j;
      }
      i = j - 1;
    }
  }
  return out + text.slice(from);
}
