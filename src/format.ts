// Numbers, shares and durations as people read them. One rule for every layer: figures are
// rounded to the nearest shown digit; a caller that must not round up truncates the figure first.

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "0.42 s" under ten seconds, "12.5 s" above; or with the digits asked for. */
export function seconds(ms: number, digits = ms < 10_000 ? 2 : 1): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}

export function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** A share (0 to 1) as a percentage: "63%", or "5.2%" with one digit. */
export function percent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** A whole number as it is, anything else with one decimal: "4", "4.5". */
export function decimal(n: number): string {
  return Number.isInteger(n) ? count(n) : n.toFixed(1);
}

/** Bytes in megabytes (10^6) with one decimal: "3.2 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A time still to come, in the unit a person would use: "8 s", "3 min", "1 h 5 min". */
export function roughly(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
