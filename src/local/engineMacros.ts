// The engine's Redshift functions: what the `macro` rows of FUNCTIONS (redshiftFunctions.ts) and the
// front end's reshaped calls run. Each is engine SQL with Redshift's meaning; typed overloads pick
// Redshift's behaviour by argument type where the engine cannot tell at parse time.

/**
 * The time zone abbreviations CONVERT_TIMEZONE reads, as hours from UTC (PostgreSQL's default set,
 * whole hours), each to the engine's fixed-offset zone: Etc/GMT+8 is eight hours behind UTC.
 */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0, GMT: 0, PST: -8, PDT: -7, MST: -7, MDT: -6, CST: -6, CDT: -5, EST: -5, EDT: -4, AKST: -9, AKDT: -8, HST: -10,
  WET: 0, WEST: 1, BST: 1, CET: 1, CEST: 2, EET: 2, EEST: 3, MSK: 3, SGT: 8, HKT: 8, AWST: 8, JST: 9, KST: 9, AEST: 10, AEDT: 11, NZST: 12, NZDT: 13,
};
const ZONE_CASES = Object.entries(ZONE_ABBREVIATIONS)
  .map(([name, hours]) => `WHEN '${name}' THEN '${hours === 0 ? 'UTC' : `Etc/GMT${hours < 0 ? '+' : '-'}${Math.abs(hours)}`}'`)
  .join(' ');

/** NEXT_DAY's names of the days (r_NEXT_DAY.html), each to its number, Sunday 0 as the engine counts. */
const DAY_NAMES: Record<string, number> = {
  su: 0, sun: 0, sunday: 0, m: 1, mo: 1, mon: 1, monday: 1, tu: 2, tue: 2, tues: 2, tuesday: 2, w: 3, we: 3, wed: 3, wednesday: 3,
  th: 4, thu: 4, thurs: 4, thursday: 4, f: 5, fr: 5, fri: 5, friday: 5, sa: 6, sat: 6, saturday: 6,
};
const DAY_CASES = Object.entries(DAY_NAMES).map(([name, day]) => `WHEN '${name}' THEN ${day}`).join(' ');

/**
 * The functions of the `redshift` catalog: Redshift's meaning, in engine SQL. Created once when
 * the warehouse opens, in an in-memory catalog clients cannot write to (no file, no CREATE MACRO).
 */
export const ENGINE_MACROS: Readonly<Record<string, string>> = {
  nonzero: '(x) AS nullif(x, 0)',
  // DATE_PART: seconds keep their fraction (and milliseconds, microseconds count them), DOUBLE PRECISION.
  date_part: `(p, x) AS CASE p WHEN 'second' THEN CAST(date_part('microsecond', x) AS DOUBLE) / 1e6
    WHEN 'millisecond' THEN CAST(date_part('microsecond', x) AS DOUBLE) / 1e3 ELSE CAST(date_part(p, x) AS DOUBLE) END`,
  // EXTRACT: the part alone, an INTEGER; of a TIMESTAMPTZ, a DOUBLE PRECISION. EXTRACT(ms ...) is the
  // milliseconds alone (r_EXTRACT_function.html: 101 of 12:08:43.101); what EXTRACT(microsecond ...)
  // gives the guide does not show.
  extract_part: `(p, x) AS CASE p WHEN 'millisecond' THEN date_part('millisecond', x) % 1000
    WHEN 'microsecond' THEN error('EXTRACT of microseconds is not supported by the local warehouse yet: use EXTRACT(ms FROM ...) or DATE_PART(microsecond, ...) '
      || '(Redshift: https://docs.aws.amazon.com/redshift/latest/dg/r_EXTRACT_function.html)')
    ELSE date_part(p, x) END`,
  extract: `(p, x TIMESTAMP WITH TIME ZONE) AS CAST(redshift.main.extract_part(p, x) AS DOUBLE),
    (p, x TIMESTAMP) AS CAST(redshift.main.extract_part(p, x) AS INTEGER), (p, x DATE) AS CAST(redshift.main.extract_part(p, x) AS INTEGER),
    (p, x TIME) AS CAST(redshift.main.extract_part(p, x) AS INTEGER), (p, x INTERVAL) AS CAST(redshift.main.extract_part(p, x) AS INTEGER),
    (p, x) AS CAST(redshift.main.extract_part(p, x) AS INTEGER)`,
  // Comparisons of strings disregard trailing blanks (r_Character_types.html); other values compare as they are.
  blank_trimmed: "(x VARCHAR) AS rtrim(x, ' '), (x) AS x",
  // TRUNC of a timestamp is its DATE; of a number, the number truncated.
  trunc: '(x TIMESTAMP) AS CAST(x AS DATE), (x TIMESTAMP WITH TIME ZONE) AS CAST(x AS DATE), (x) AS trunc(x), (x, n) AS trunc(x, n)',
  ratio: '(x, total) AS CAST(x AS DOUBLE) / nullif(CAST(total AS DOUBLE), 0)',
  // JSON_EXTRACT_PATH_TEXT's keys as one engine JSON path.
  json_path: `(a) AS '$."' || a || '"', (a, b) AS '$."' || a || '"."' || b || '"', (a, b, c) AS '$."' || a || '"."' || b || '"."' || c || '"',
    (a, b, c, d) AS '$."' || a || '"."' || b || '"."' || c || '"."' || d || '"', (a, b, c, d, e) AS '$."' || a || '"."' || b || '"."' || c || '"."' || d || '"."' || e || '"'`,
  json_extract_path_text: `(j, path, null_if_invalid) AS CASE WHEN j IS NULL THEN NULL WHEN NOT json_valid(j)
    THEN CASE WHEN null_if_invalid THEN NULL ELSE error('JSON parsing error: ' || left(j, 64)) END ELSE json_extract_string(j, path) END`,
  // STRTOL: blanks, a sign, 0x when the base is 16, then the longest run of the base's digits (r_STRTOL.html).
  strtol: `(s, base) AS CASE WHEN base NOT BETWEEN 2 AND 36 THEN error('STRTOL takes a base from 2 to 36, not ' || base) ELSE
    (CASE WHEN starts_with(ltrim(s), '-') THEN -1 ELSE 1 END) * list_reduce(list_transform(string_split(regexp_extract(
      CASE WHEN base = 16 THEN regexp_replace(lower(ltrim(ltrim(s), '+-')), '^0x', '') ELSE lower(ltrim(ltrim(s), '+-')) END,
      '^[' || left('0123456789abcdefghijklmnopqrstuvwxyz', base) || ']*'), ''), c -> CAST(strpos('0123456789abcdefghijklmnopqrstuvwxyz', c) - 1 AS BIGINT)),
      (acc, d) -> acc * base + d, CAST(0 AS BIGINT)) END`,
  // MONTHS_BETWEEN: whole months by year and month; a fraction of a 31-day month from the days and
  // times, unless both are the same day of the month or both a month's last day (r_MONTHS_BETWEEN_function.html).
  months_between: `(a, b) AS CAST((year(CAST(a AS TIMESTAMP)) - year(CAST(b AS TIMESTAMP))) * 12 + month(CAST(a AS TIMESTAMP)) - month(CAST(b AS TIMESTAMP)) AS DOUBLE)
    + CASE WHEN day(CAST(a AS TIMESTAMP)) = day(CAST(b AS TIMESTAMP))
        OR (CAST(a AS DATE) = last_day(CAST(a AS DATE)) AND CAST(b AS DATE) = last_day(CAST(b AS DATE))) THEN 0
      ELSE (CAST(day(CAST(a AS TIMESTAMP)) - day(CAST(b AS TIMESTAMP)) AS DOUBLE)
        + (epoch(CAST(a AS TIMESTAMP)) - epoch(date_trunc('day', CAST(a AS TIMESTAMP))) - epoch(CAST(b AS TIMESTAMP)) + epoch(date_trunc('day', CAST(b AS TIMESTAMP)))) / 86400.0) / 31 END`,
  regexp_instr_at: `(s, p, pos, occ, opt, params) AS CASE
    WHEN regexp_matches(params, '[ep]') THEN error('REGEXP_INSTR with the parameters e or p is not supported by the local warehouse yet (Redshift: https://docs.aws.amazon.com/redshift/latest/dg/REGEXP_INSTR.html)')
    WHEN s IS NULL OR p IS NULL THEN NULL
    WHEN greatest(pos, 1) > length(s) OR occ < 1 THEN 0
    ELSE (SELECT CASE WHEN length(m) < occ THEN 0 ELSE greatest(pos, 1) + coalesce(list_sum(list_transform(pieces[1:occ], x -> length(x))), 0)
      + coalesce(list_sum(list_transform(m[1:occ - 1], x -> length(x))), 0) + CASE WHEN opt <> 0 THEN length(m[occ]) ELSE 0 END END
      FROM (SELECT regexp_extract_all(substr(s, greatest(pos, 1)), p, 0, replace(params, 'c', '')) AS m,
        string_split_regex(substr(s, greatest(pos, 1)), p, replace(params, 'c', '')) AS pieces)) END`,
  // REGEXP_INSTR: where the occurrence-th match after position starts (option 0) or ends (option 1), 0 when none.
  regexp_instr: `(s, p) AS redshift.main.regexp_instr_at(s, p, 1, 1, 0, 'c'), (s, p, pos) AS redshift.main.regexp_instr_at(s, p, pos, 1, 0, 'c'),
    (s, p, pos, occ) AS redshift.main.regexp_instr_at(s, p, pos, occ, 0, 'c'), (s, p, pos, occ, opt) AS redshift.main.regexp_instr_at(s, p, pos, occ, opt, 'c'),
    (s, p, pos, occ, opt, params) AS redshift.main.regexp_instr_at(s, p, pos, occ, opt, params)`,
  // A cast to VARCHAR(n) keeps the longest prefix of at most n bytes that ends on a whole character.
  varchar_cast: `(x, n) AS CASE WHEN strlen(CAST(x AS VARCHAR)) <= n THEN CAST(x AS VARCHAR)
    ELSE left(CAST(x AS VARCHAR), CAST(list_max(list_filter(range(n + 1), i -> strlen(left(CAST(x AS VARCHAR), CAST(i AS BIGINT))) <= n)) AS BIGINT)) END`,
  like: "(s, p) AS like_escape(s, p, '\\')",
  not_like: "(s, p) AS not_like_escape(s, p, '\\')",
  ilike: "(s, p) AS ilike_escape(s, p, '\\')",
  not_ilike: "(s, p) AS not_ilike_escape(s, p, '\\')",
  divide: "(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a / b END",
  modulo: "(a, b) AS CASE WHEN b = 0 THEN error('division by zero') ELSE a % b END",
  // POSIX: a match anywhere in the string (DuckDB's ~ must match the whole string).
  posix_match: '(s, p) AS regexp_matches(s, p)',
  regexp_matches_ci: "(s, p) AS regexp_matches(s, p, 'i')",
  not_regexp_matches_ci: "(s, p) AS NOT regexp_matches(s, p, 'i')",
  // SIMILAR TO: % and _ are the wildcards, . ^ $ are literal, the rest is POSIX; the whole string must match.
  similar_to:
    "(s, p) AS regexp_full_match(s, replace(replace(replace(replace(replace(p, '.', '\\.'), '^', '\\^'), '$', '\\$'), '%', '.*'), '_', '.'))",
  regexp_replace_all: "(s, p, r) AS regexp_replace(s, p, r, 'g')",
  pg_last_copy_count: "() AS CAST(coalesce(getvariable('pg_last_copy_count'), 0) AS BIGINT)",
  nvl2: '(x, a, b) AS CASE WHEN x IS NOT NULL THEN a ELSE b END',
  charindex: '(sub, s) AS strpos(s, sub)',
  // A value where a string function takes text, written as Redshift writes it: integers, decimals,
  // dates and timestamps are written alike; a float, a boolean or a time zone perhaps not, so refused.
  as_text: `(x) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT', 'BOOLEAN', 'TIMESTAMP WITH TIME ZONE', 'TIME', 'TIME WITH TIME ZONE', 'INTERVAL')
    THEN error('a ' || typeof(x) || ' value where text is expected is not supported by the local warehouse yet: cast it first to a type '
      || 'both write alike, an integer, DECIMAL, DATE or TIMESTAMP '
      || '(Redshift: https://docs.aws.amazon.com/redshift/latest/dg/r_SUBSTRING.html)') ELSE CAST(x AS VARCHAR) END`,
  // The part counts from 1 and "must be an integer greater than 0" (SPLIT_PART.html); the engine
  // would count back from the end. PostgreSQL's words for it.
  split_part: "(s, delimiter, part) AS CASE WHEN part <= 0 THEN error('field position must be greater than zero') ELSE split_part(s, delimiter, part) END",
  // Without the characters to pad with, LPAD and RPAD pad with blanks (r_LPAD.html).
  lpad: "(s, n) AS lpad(s, n, ' '), (s, n, chars) AS lpad(s, n, chars)",
  rpad: "(s, n) AS rpad(s, n, ' '), (s, n, chars) AS rpad(s, n, chars)",
  // A start before the first character counts its places from it: SUBSTRING('caterpillar', -2, 6) is
  // 'cat' and nothing when start + length - 1 <= 0 (r_SUBSTRING.html); the engine counts from the end.
  substring: `(s, start) AS CASE WHEN start >= 1 THEN substring(s, start) ELSE s END,
    (s, start, n) AS CASE WHEN n < 0 THEN error('negative substring length not allowed') WHEN start >= 1 THEN substring(s, start, n)
      WHEN start + n - 1 <= 0 THEN '' ELSE substring(s, 1, start + n - 1) END`,
  btrim: "(s) AS trim(s, ' '), (s, chars) AS trim(s, chars)",
  octet_length: '(s) AS strlen(s)',
  regexp_substr: '(s, p) AS regexp_extract(s, p)',
  regexp_count: '(s, p) AS CAST(length(regexp_extract_all(s, p)) AS INTEGER)',
  sha1: '(s) AS sha1(s)',
  sha2: "(s, bits) AS CASE WHEN bits = 256 THEN sha256(s) ELSE error('SHA2 with ' || bits || ' bits is not supported by the local warehouse yet: use 256') END",
  is_valid_json: '(s) AS json_valid(s)',
  // From a zone (UTC when not given) to another: both naive timestamps, as on Redshift.
  // The first such day after the date, a week on when it is that day already.
  next_day: `(d, day) AS CAST(d AS DATE) + CAST((CASE lower(trim(day)) ${DAY_CASES}
    ELSE error('NEXT_DAY takes the name of a day, such as Tuesday or Tue, not ' || day) END - dayofweek(CAST(d AS DATE)) + 6) % 7 + 1 AS INTEGER)`,
  date_trunc_from_year_one: `(part, ts) AS make_timestamp(CAST((year(CAST(ts AS TIMESTAMP)) - 1) // CASE part WHEN 'century' THEN 100 ELSE 1000 END
    * CASE part WHEN 'century' THEN 100 ELSE 1000 END + 1 AS BIGINT), 1, 1, 0, 0, 0)`,
  // A zone's abbreviation is a fixed offset from UTC, also in summer (CONVERT_TIMEZONE.html: 'PST' is
  // UTC-8 in August); its name (America/Los_Angeles) follows daylight saving time.
  zone: `(name) AS CASE upper(name) ${ZONE_CASES} ELSE name END`,
  convert_timezone: `(target, ts) AS timezone(redshift.main.zone(target), timezone('UTC', CAST(ts AS TIMESTAMP))),
    (source, target, ts) AS timezone(redshift.main.zone(target), timezone(redshift.main.zone(source), CAST(ts AS TIMESTAMP)))`,
  dateadd: `(part, n, ts) AS CAST(ts AS TIMESTAMP) + CASE part
    WHEN 'millennium' THEN to_years(CAST(n AS INTEGER) * 1000) WHEN 'century' THEN to_years(CAST(n AS INTEGER) * 100)
    WHEN 'decade' THEN to_years(CAST(n AS INTEGER) * 10) WHEN 'year' THEN to_years(CAST(n AS INTEGER))
    WHEN 'quarter' THEN to_months(CAST(n AS INTEGER) * 3) WHEN 'month' THEN to_months(CAST(n AS INTEGER))
    WHEN 'week' THEN to_days(CAST(n AS INTEGER) * 7) WHEN 'day' THEN to_days(CAST(n AS INTEGER))
    WHEN 'hour' THEN to_hours(CAST(n AS BIGINT)) WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT))
    WHEN 'second' THEN to_seconds(CAST(n AS DOUBLE)) WHEN 'millisecond' THEN to_milliseconds(CAST(n AS DOUBLE))
    WHEN 'microsecond' THEN to_microseconds(CAST(n AS BIGINT))
    ELSE error('DATEADD does not take the date part ' || part) END`,
  // Upper case after any character that is not a letter or digit, lower case elsewhere.
  initcap: `(s) AS array_to_string(list_transform(range(1, length(s) + 1), i ->
    CASE WHEN i = 1 OR NOT regexp_matches(substr(s, CAST(i - 1 AS BIGINT), 1), '[[:alnum:]]') THEN upper(substr(s, CAST(i AS BIGINT), 1))
    ELSE lower(substr(s, CAST(i AS BIGINT), 1)) END), '')`,
  // The last day of a month stays the last day; a day past the end of a shorter month becomes its last.
  add_months: `(d, n) AS CASE WHEN CAST(d AS DATE) = last_day(CAST(d AS DATE))
    THEN CAST(last_day(CAST(d AS DATE) + to_months(CAST(n AS INTEGER))) AS TIMESTAMP) + (CAST(d AS TIMESTAMP) - CAST(CAST(d AS DATE) AS TIMESTAMP))
    ELSE CAST(d AS TIMESTAMP) + to_months(CAST(n AS INTEGER)) END`,
  // GETDATE() has whole seconds, SYSDATE microseconds; both UTC.
  getdate: '() AS make_timestamp(epoch_us(now()) - epoch_us(now()) % 1000000)',
  sysdate: '() AS make_timestamp(epoch_us(now()))',

  // Format strings (redshiftFormats.ts reads them). A number padded with zeros to a width, unless
  // FM; a name padded with blanks to a width, unless FM; a pattern's case applied to its output.
  padded: "(v, width, fm) AS CASE WHEN fm OR length(CAST(v AS VARCHAR)) >= width THEN CAST(v AS VARCHAR) ELSE lpad(CAST(v AS VARCHAR), width, '0') END",
  named: "(v, width, fm) AS CASE WHEN fm THEN v ELSE rpad(v, width, ' ') END",
  // One pattern of a datetime format (r_FORMAT_strings.html), of a TIMESTAMP.
  datetime_pattern: `(t, p, fm) AS CASE p
    WHEN 'Y,YYY' THEN CAST(year(t) // 1000 AS VARCHAR) || ',' || lpad(CAST(year(t) % 1000 AS VARCHAR), 3, '0')
    WHEN 'YYYY' THEN redshift.main.padded(year(t), 4, fm) WHEN 'YYY' THEN redshift.main.padded(year(t) % 1000, 3, fm)
    WHEN 'YY' THEN redshift.main.padded(year(t) % 100, 2, fm) WHEN 'Y' THEN CAST(year(t) % 10 AS VARCHAR)
    WHEN 'IYYY' THEN redshift.main.padded(isoyear(t), 4, fm) WHEN 'IYY' THEN redshift.main.padded(isoyear(t) % 1000, 3, fm)
    WHEN 'IY' THEN redshift.main.padded(isoyear(t) % 100, 2, fm) WHEN 'I' THEN CAST(isoyear(t) % 10 AS VARCHAR)
    WHEN 'CC' THEN redshift.main.padded((year(t) + 99) // 100, 2, fm) WHEN 'Q' THEN CAST(quarter(t) AS VARCHAR)
    WHEN 'MM' THEN redshift.main.padded(month(t), 2, fm) WHEN 'MONTH' THEN redshift.main.named(monthname(t), 9, fm)
    WHEN 'MON' THEN strftime(t, '%b')
    WHEN 'RM' THEN redshift.main.named(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'][month(t)], 4, fm)
    WHEN 'WW' THEN redshift.main.padded((dayofyear(t) - 1) // 7 + 1, 2, fm) WHEN 'W' THEN CAST((day(t) - 1) // 7 + 1 AS VARCHAR)
    WHEN 'IW' THEN redshift.main.padded(week(t), 2, fm) WHEN 'DAY' THEN redshift.main.named(dayname(t), 9, fm) WHEN 'DY' THEN strftime(t, '%a')
    WHEN 'DDD' THEN redshift.main.padded(dayofyear(t), 3, fm) WHEN 'IDDD' THEN redshift.main.padded((week(t) - 1) * 7 + isodow(t), 3, fm)
    WHEN 'DD' THEN redshift.main.padded(day(t), 2, fm) WHEN 'D' THEN CAST(dayofweek(t) + 1 AS VARCHAR) WHEN 'ID' THEN CAST(isodow(t) AS VARCHAR)
    WHEN 'J' THEN CAST(datediff('day', DATE '1970-01-01', CAST(t AS DATE)) + 2440588 AS VARCHAR)
    WHEN 'HH24' THEN redshift.main.padded(hour(t), 2, fm) WHEN 'HH' THEN redshift.main.padded((hour(t) + 11) % 12 + 1, 2, fm)
    WHEN 'HH12' THEN redshift.main.padded((hour(t) + 11) % 12 + 1, 2, fm)
    WHEN 'MI' THEN redshift.main.padded(minute(t), 2, fm) WHEN 'SS' THEN redshift.main.padded(second(t), 2, fm)
    WHEN 'MS' THEN redshift.main.padded(millisecond(t) % 1000, 3, fm) WHEN 'US' THEN redshift.main.padded(microsecond(t) % 1000000, 6, fm)
    WHEN 'AM' THEN CASE WHEN hour(t) < 12 THEN 'AM' ELSE 'PM' END WHEN 'PM' THEN CASE WHEN hour(t) < 12 THEN 'AM' ELSE 'PM' END
    WHEN 'A.M.' THEN CASE WHEN hour(t) < 12 THEN 'A.M.' ELSE 'P.M.' END WHEN 'P.M.' THEN CASE WHEN hour(t) < 12 THEN 'A.M.' ELSE 'P.M.' END
    WHEN 'AD' THEN CASE WHEN year(t) > 0 THEN 'AD' ELSE 'BC' END WHEN 'BC' THEN CASE WHEN year(t) > 0 THEN 'AD' ELSE 'BC' END
    WHEN 'A.D.' THEN CASE WHEN year(t) > 0 THEN 'A.D.' ELSE 'B.C.' END WHEN 'B.C.' THEN CASE WHEN year(t) > 0 THEN 'A.D.' ELSE 'B.C.' END
    END`,
  // A datetime format's items (encodeDatetime): P, F or -, the case (U, L or as it is), the pattern;
  // or L and literal text; E<message> refuses. The case is applied in a lambda so that the pattern's
  // text is written once (macros expand in place: a CASE around it would copy it three times).
  datetime_format: `(t, items) AS CASE WHEN starts_with(items, 'E') THEN error(substr(items, 2)) WHEN t IS NULL THEN NULL
    ELSE array_to_string(list_transform(string_split(items, chr(1)), item -> CASE WHEN item[1] = 'L' THEN substr(item, 2)
      ELSE list_transform([redshift.main.datetime_pattern(CAST(t AS TIMESTAMP), substr(item, 4), item[2] = 'F')],
        v -> CASE item[3] WHEN 'U' THEN upper(v) WHEN 'L' THEN lower(v) ELSE v END)[1] END), '') END`,
  // A number in a numeric format's layout (numberLayout): integer positions (9, 0, ','), fraction
  // digits (-1: no decimal point), FM, the sign's place, and text before and after. E<message> refuses.
  number_format: `(x, tmpl, fraction, fm, sign, prefix, suffix) AS CASE WHEN starts_with(tmpl, 'E') THEN error(substr(tmpl, 2))
    WHEN x IS NULL THEN NULL ELSE (SELECT prefix || CASE
        WHEN sign = 'PR' THEN CASE WHEN negative THEN '<' || body || '>' ELSE CASE WHEN fm THEN body ELSE ' ' || body || ' ' END END
        WHEN sign = 'MI' THEN body || CASE WHEN negative THEN '-' WHEN fm THEN '' ELSE ' ' END
        WHEN sign = 'S-after' THEN body || CASE WHEN negative THEN '-' ELSE '+' END
        ELSE CASE WHEN fm THEN ltrim(signed) ELSE signed END END || suffix
      FROM (SELECT *, regexp_replace(' ' || body, '^( *) ', '\\1' || CASE WHEN negative THEN '-' WHEN sign = 'S-before' THEN '+' ELSE ' ' END) AS signed
      FROM (SELECT negative, CASE WHEN length(whole) > digits THEN regexp_replace(tmpl, '[90]', '#', 'g') || CASE WHEN fraction >= 0 THEN '.' || repeat('#', fraction) ELSE '' END
        ELSE CASE WHEN fm THEN ltrim(int_part) ELSE int_part END || CASE WHEN fraction < 0 THEN '' WHEN fm THEN '.' || rtrim(frac_part, '0') ELSE '.' || frac_part END END AS body
      FROM (SELECT *, array_to_string(list_transform(range(1, length(tmpl) + 1), i -> CASE
          WHEN tmpl[i] = ',' THEN CASE WHEN length(replace(left(tmpl, i), ',', '')) > 0 AND (length(replace(left(tmpl, i), ',', '')) > digits - length(whole)
            OR (zero_from > 0 AND length(replace(left(tmpl, i), ',', '')) >= zero_from)) THEN ',' ELSE ' ' END
          WHEN length(replace(left(tmpl, i), ',', '')) > digits - length(whole) THEN substr(whole, length(replace(left(tmpl, i), ',', '')) - (digits - length(whole)), 1)
          WHEN zero_from > 0 AND length(replace(left(tmpl, i), ',', '')) >= zero_from THEN '0' ELSE ' ' END), '') AS int_part
      FROM (SELECT x < 0 AS negative, length(replace(tmpl, ',', '')) AS digits, strpos(replace(tmpl, ',', ''), '0') AS zero_from,
          CASE WHEN split_part(text, '.', 1) = '0' THEN '' ELSE split_part(text, '.', 1) END AS whole, split_part(text, '.', 2) AS frac_part
      FROM (SELECT printf('%.' || greatest(fraction, 0) || 'f', round(abs(CAST(x AS DECIMAL(38, 10))), greatest(fraction, 0))) AS text)))))) END`,
  // A TIMESTAMP and a DATE take the TIMESTAMPTZ overload by an implicit cast, which the session's
  // UTC makes exact; one overload keeps the format's large body bound once.
  to_char: `(x TIMESTAMP WITH TIME ZONE, items, tmpl, fraction, fm, sign, prefix, suffix) AS redshift.main.datetime_format(x, items),
    (x, items, tmpl, fraction, fm, sign, prefix, suffix) AS redshift.main.number_format(x, tmpl, fraction, fm, sign, prefix, suffix)`,
  // TO_NUMBER: the digits and decimal point of the text; negative with a minus sign or in angle brackets.
  number_text: `(s) AS CASE WHEN s IS NULL THEN NULL WHEN NOT regexp_matches(s, '[0-9]') THEN error('invalid input syntax for type numeric: "' || s || '"')
    ELSE CASE WHEN regexp_matches(s, '-|<') THEN '-' ELSE '' END || regexp_replace(s, '[^0-9.]', '', 'g') END`,
  // TO_DATE and TO_TIMESTAMP: fields read by a pattern whose groups are named in order (datetimeReader).
  field: `(s, re, names, name) AS CASE WHEN list_position(string_split(names, ','), name) IS NULL THEN NULL
    ELSE regexp_replace(s, re, '\\' || list_position(string_split(names, ','), name)) END`,
  read_datetime: `(s, re, names, strict, fn) AS CASE WHEN s IS NULL THEN NULL WHEN s = '' THEN TIMESTAMP '0001-01-01'
    WHEN NOT regexp_matches(s, re) THEN error(fn || ': "' || s || '" does not match the format')
    ELSE (SELECT CASE
        WHEN strict AND (m NOT BETWEEN 1 AND 12 OR d NOT BETWEEN 1 AND day(last_day(make_date(y, least(greatest(m, 1), 12), 1))))
          THEN error('date/time field date value out of range: ' || y || '-' || m || '-' || d)
        WHEN strict AND (h > 23 OR mi > 59 OR sec > 59) THEN error('date/time field time value out of range: ' || h || ':' || mi || ':' || sec)
        ELSE make_timestamp(y, 1, 1, 0, 0, 0.0) + to_months(CAST(m - 1 AS INTEGER)) + to_days(CAST(coalesce(doy, d) - 1 AS INTEGER))
          + to_hours(h) + to_minutes(mi) + to_microseconds(sec * 1000000 + micro) END
      FROM (SELECT coalesce(CAST(redshift.main.field(s, re, names, 'year') AS BIGINT),
          CAST(redshift.main.field(s, re, names, 'year2') AS BIGINT) + CASE WHEN CAST(redshift.main.field(s, re, names, 'year2') AS BIGINT) < 70 THEN 2000 ELSE 1900 END,
          CAST(redshift.main.field(s, re, names, 'year1') AS BIGINT) + 2020, 1) AS y,
        coalesce(CAST(redshift.main.field(s, re, names, 'month') AS BIGINT),
          list_position(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'], lower(redshift.main.field(s, re, names, 'monthname'))),
          list_position(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], lower(redshift.main.field(s, re, names, 'monthabbr'))), 1) AS m,
        coalesce(CAST(redshift.main.field(s, re, names, 'day') AS BIGINT), 1) AS d, CAST(redshift.main.field(s, re, names, 'doy') AS BIGINT) AS doy,
        coalesce(CAST(redshift.main.field(s, re, names, 'hour') AS BIGINT), CAST(redshift.main.field(s, re, names, 'hour12') AS BIGINT) % 12
          + CASE WHEN lower(left(redshift.main.field(s, re, names, 'meridian'), 1)) = 'p' THEN 12 ELSE 0 END, 0) AS h,
        coalesce(CAST(redshift.main.field(s, re, names, 'minute') AS BIGINT), 0) AS mi, coalesce(CAST(redshift.main.field(s, re, names, 'second') AS BIGINT), 0) AS sec,
        coalesce(CAST(redshift.main.field(s, re, names, 'us') AS BIGINT), CAST(redshift.main.field(s, re, names, 'ms') AS BIGINT) * 1000, 0) AS micro)) END`,
  // The local warehouse has one user, who owns every object: a privilege of an object that exists
  // is granted; an object that does not exist is an error, as on Redshift.
  has_schema_privilege: `(s, p) AS CASE WHEN lower(p) NOT IN ('create', 'usage', 'alter', 'drop') THEN error('unrecognized privilege type: "' || p || '"')
    WHEN NOT EXISTS (SELECT 1 FROM duckdb_schemas() WHERE schema_name = lower(s)) THEN error('schema "' || s || '" does not exist') ELSE true END`,
  has_table_privilege: `(t, p) AS CASE WHEN lower(p) NOT IN ('select', 'insert', 'update', 'delete', 'drop', 'references') THEN error('unrecognized privilege type: "' || p || '"')
    WHEN NOT EXISTS (SELECT 1 FROM duckdb_tables() WHERE NOT internal AND schema_name = CASE WHEN contains(t, '.') THEN lower(split_part(t, '.', 1)) ELSE 'public' END
      AND table_name = lower(CASE WHEN contains(t, '.') THEN split_part(t, '.', 2) ELSE t END)) THEN error('relation "' || t || '" does not exist') ELSE true END`,
};
