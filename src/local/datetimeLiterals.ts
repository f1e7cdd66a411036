// Redshift's date and timestamp literals (r_Date_and_time_literals.html), read into the form the
// engine reads (YYYY-MM-DD[ HH:MM:SS[.ffffff]]): '1/8/1999', 'January 8, 1999', '31-Jan-2000',
// '20080215', '2008.366', each with a time such as '04:05 PM' or '040506'. Month before day, as
// in Redshift's default DateStyle (MDY). A text in none of these forms is left as it is, for the
// engine to read or refuse.

import { UnsupportedSql } from './unsupported.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

/** The engine's form of a Redshift literal of `type`, or undefined when it is in none of Redshift's other forms. */
export function engineDatetime(text: string, type: 'DATE' | 'TIMESTAMP'): string | undefined {
  const trimmed = text.trim();
  const space = type === 'TIMESTAMP' ? splitTime(trimmed) : { date: trimmed, time: '' };
  if (!space) return undefined;
  const date = readDate(space.date);
  if (!date) return undefined;
  if (!isRealDate(date)) throw new UnsupportedSql(`date/time field value out of range: "${text}"`);
  const time = space.time === '' ? '' : readTime(space.time);
  if (time === undefined) return undefined;
  const iso = `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}${time}`;
  return iso === trimmed ? undefined : iso;
}

/** The date and the time of a timestamp literal: the time is what follows the last blank, when it reads as one. */
function splitTime(text: string): { date: string; time: string } | undefined {
  const ampm = /^(.*?)\s+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?\s*[AP]M)$/i.exec(text);
  if (ampm) return { date: ampm[1]!, time: ampm[2]! };
  const timed = /^(.*?)\s+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?|\d{6})$/.exec(text);
  if (timed && readDate(timed[1]!)) return { date: timed[1]!, time: timed[2]! };
  return { date: text, time: '' };
}

function readDate(text: string): YearMonthDay | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text))) return ymd(m[1]!, m[2]!, m[3]!);
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text))) return ymd(m[3]!, m[1]!, m[2]!);
  if ((m = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/i.exec(text))) return named(m[3]!, m[1]!, m[2]!);
  if ((m = /^(\d{4})-([a-z]+)-(\d{1,2})$/i.exec(text))) return named(m[1]!, m[2]!, m[3]!);
  if ((m = /^([a-z]+)-(\d{1,2})-(\d{4})$/i.exec(text))) return named(m[3]!, m[1]!, m[2]!);
  if ((m = /^(\d{1,2})-([a-z]+)-(\d{4})$/i.exec(text))) return named(m[3]!, m[2]!, m[1]!);
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) return ymd(m[1]!, m[2]!, m[3]!);
  if ((m = /^(\d{2})(\d{2})(\d{2})$/.exec(text))) return ymd(m[1]!, m[2]!, m[3]!);
  if ((m = /^(\d{4})\.(\d{3})$/.exec(text))) return dayOfYear(Number(m[1]), Number(m[2]));
  return undefined;
}

/** A date from its numbers; a two-digit year is 2000 to 2069 below 70, else 1970 to 1999 (as PostgreSQL reads it). */
function ymd(year: string, month: string, day: string): YearMonthDay | undefined {
  const y = year.length === 2 ? (Number(year) < 70 ? 2000 : 1900) + Number(year) : Number(year);
  const date = { year: y, month: Number(month), day: Number(day) };
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= 31 ? date : undefined;
}

/** Not 2/30 nor 2/29 of a common year. */
function isRealDate({ year, month, day }: YearMonthDay): boolean {
  const date = utcDate(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function named(year: string, month: string, day: string): YearMonthDay | undefined {
  const name = month.toLowerCase();
  const index = name.length === 3 ? MONTHS.indexOf(name) : FULL_MONTHS.indexOf(name);
  return index < 0 ? undefined : ymd(year, String(index + 1), day);
}

/** YYYY.DDD: the DDDth day of the year, 001 to 366 (365 in a common year). */
function dayOfYear(year: number, day: number): YearMonthDay | undefined {
  const date = utcDate(year, 0, day);
  if (day < 1 || date.getUTCFullYear() !== year) return undefined;
  return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** ' HH:MM:SS[.ffffff]' from 04:05:06.789, 4:05, 040506, 04:05 PM; undefined when the time cannot be. */
function readTime(text: string): string | undefined {
  const compact = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  const m = compact ?? /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*([AP]M)?$/i.exec(text);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? 0);
  const fraction = compact ? '' : (m[4] ?? '');
  const half = compact ? undefined : m[5]?.toUpperCase();
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'PM' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return ` ${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
}

/** Date.UTC reads a year below 100 as 19xx; setUTCFullYear does not. */
function utcDate(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
