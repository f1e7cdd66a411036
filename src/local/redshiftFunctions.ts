// Functions and operators of a query, as DuckDB's parser names them, read against the Redshift
// Database Developer Guide (PAGE is https://docs.aws.amazon.com/redshift/latest/dg/PAGE). Each name
// means in the engine what it means on Redshift, or the query is refused:
// - same: the engine's function of that name gives Redshift's answer;
// - macro: the engine runs the function of that name in the `redshift` catalog (engineMacros.ts);
// - rewrite: the front end reshapes the call (redshiftQuery.ts says how and why);
// - local: Redshift has it, the local warehouse does not yet: refused, saying so;
// - foreign: Redshift has no such function: refused, naming the Redshift way where there is one.
// A name not listed is foreign.

export type FunctionRule =
  | { kind: 'same'; doc: string }
  | { kind: 'macro'; doc: string; macro: string }
  | { kind: 'rewrite'; doc: string }
  | { kind: 'local'; doc: string; hint?: string }
  | { kind: 'foreign'; hint?: string };

const same = (doc: string): FunctionRule => ({ kind: 'same', doc });
const macro = (doc: string, name: string): FunctionRule => ({ kind: 'macro', doc, macro: name });
const rewrite = (doc: string): FunctionRule => ({ kind: 'rewrite', doc });
const local = (doc: string, hint?: string): FunctionRule => ({ kind: 'local', doc, hint });
const foreign = (hint?: string): FunctionRule => ({ kind: 'foreign', hint });

export const FUNCTIONS: Readonly<Record<string, FunctionRule>> = {
  // Operators (DuckDB names them as functions)
  '+': same('r_numeric_computations201.html'),
  '-': same('r_numeric_computations201.html'),
  '*': same('r_numeric_computations201.html'),
  '/': macro('r_numeric_computations201.html', 'divide'), // x / 0 is an error on Redshift, NULL in the engine
  '%': macro('r_numeric_computations201.html', 'modulo'),
  '^': same('r_numeric_computations201.html'),
  '&': same('r_OPERATOR_SYMBOLS.html'),
  '|': same('r_OPERATOR_SYMBOLS.html'),
  '<<': same('r_OPERATOR_SYMBOLS.html'),
  '>>': same('r_OPERATOR_SYMBOLS.html'),
  '||': same('r_concat_op.html'),
  // LIKE and ILIKE: backslash is the default escape character on Redshift, none in the engine.
  '~~': macro('r_patternmatching_condition_like.html', 'like'),
  '!~~': macro('r_patternmatching_condition_like.html', 'not_like'),
  '~~*': macro('r_patternmatching_condition_like.html', 'ilike'),
  '!~~*': macro('r_patternmatching_condition_like.html', 'not_ilike'),
  like_escape: same('r_patternmatching_condition_like.html'), // LIKE ... ESCAPE 'c'
  not_like_escape: same('r_patternmatching_condition_like.html'),
  ilike_escape: same('r_patternmatching_condition_like.html'),
  not_ilike_escape: same('r_patternmatching_condition_like.html'),
  // `~` and SIMILAR TO both parse to regexp_full_match: the front end tells them apart.
  regexp_full_match: rewrite('pattern-matching-conditions-posix.html'),
  '~*': macro('pattern-matching-conditions-posix.html', 'regexp_matches_ci'),
  '!~*': macro('pattern-matching-conditions-posix.html', 'not_regexp_matches_ci'),
  '//': foreign('use / : it divides integers as integers'),
  '**': foreign('use ^ or POWER(x, y)'),
  // Aggregates
  count: same('r_COUNT.html'),
  count_star: same('r_COUNT.html'),
  sum: same('r_SUM.html'),
  min: same('r_MIN.html'),
  max: same('r_MAX.html'),
  avg: rewrite('r_AVG.html'), // of integers, a truncated integer on Redshift
  median: same('r_MEDIAN.html'),
  quantile_cont: same('r_PERCENTILE_CONT.html'),
  quantile_disc: same('r_PERCENTILE_DISC.html'),
  stddev: same('r_STDDEV_functions.html'),
  stddev_samp: same('r_STDDEV_functions.html'),
  stddev_pop: same('r_STDDEV_functions.html'),
  variance: same('r_VARIANCE_functions.html'),
  var_samp: same('r_VARIANCE_functions.html'),
  var_pop: same('r_VARIANCE_functions.html'),
  bool_and: same('r_BOOL_AND.html'),
  bool_or: same('r_BOOL_OR.html'),
  string_agg: foreign("use LISTAGG(x, ',') WITHIN GROUP (ORDER BY ...)"),
  array_agg: foreign("use LISTAGG(x, ',') WITHIN GROUP (ORDER BY ...)"),
  list: foreign("use LISTAGG(x, ',') WITHIN GROUP (ORDER BY ...)"),
  group_concat: foreign("use LISTAGG(x, ',') WITHIN GROUP (ORDER BY ...)"),
  listagg: same('r_LISTAGG.html'), // WITHIN GROUP (ORDER BY ...) moves inside the call (dialect.ts)
  approx_count_distinct: foreign('use APPROXIMATE COUNT(DISTINCT x)'),
  arg_max: foreign('use ROW_NUMBER() OVER (ORDER BY ...) in a subquery'),
  arg_min: foreign('use ROW_NUMBER() OVER (ORDER BY ...) in a subquery'),
  // The window forms of PERCENTILE_CONT and PERCENTILE_DISC (the aggregates are quantile_cont and quantile_disc).
  percentile_cont: local('r_WF_PERCENTILE_CONT.html'),
  percentile_disc: local('r_WF_PERCENTILE_DISC.html'),
  // Window functions
  row_number: same('r_WF_ROW_NUMBER.html'),
  rank: same('r_WF_RANK.html'),
  dense_rank: same('r_WF_DENSE_RANK.html'),
  percent_rank: same('r_WF_PERCENT_RANK.html'),
  cume_dist: same('r_WF_CUME_DIST.html'),
  ntile: same('r_WF_NTILE.html'),
  lag: same('r_WF_LAG.html'),
  lead: same('r_WF_LEAD.html'),
  first_value: same('r_WF_first_value.html'), // with ORDER BY, only with a frame clause (redshiftQuery.ts)
  last_value: same('r_WF_last_value.html'),
  nth_value: same('r_WF_NTH.html'),
  ratio_to_report: rewrite('r_WF_RATIO_TO_REPORT.html'), // x / SUM(x) OVER (...), a DOUBLE PRECISION
  // Conditional
  nullif: same('r_NULLIF_function.html'),
  greatest: same('r_GREATEST_LEAST.html'),
  least: same('r_GREATEST_LEAST.html'),
  nvl2: macro('r_NVL2.html', 'nvl2'),
  decode: rewrite('r_DECODE_expression.html'), // a CASE in which NULL matches NULL
  // Math
  dexp: local('r_DEXP.html', 'use EXP'),
  dlog1: local('r_DLOG1.html', 'use LN'),
  dlog10: local('r_DLOG10.html', 'use LOG'),
  checksum: local('r_CHECKSUM.html'),
  abs: same('r_ABS.html'),
  acos: same('r_ACOS.html'),
  asin: same('r_ASIN.html'),
  atan: same('r_ATAN.html'),
  atan2: same('r_ATAN2.html'),
  cbrt: same('r_CBRT.html'),
  ceil: same('r_CEILING_FLOOR.html'),
  ceiling: same('r_CEILING_FLOOR.html'),
  floor: same('r_FLOOR.html'),
  cos: same('r_COS.html'),
  cot: same('r_COT.html'),
  degrees: same('r_DEGREES.html'),
  radians: same('r_RADIANS.html'),
  exp: same('r_EXP.html'),
  ln: same('r_LN.html'),
  log: same('r_LOG.html'), // base 10 in both
  mod: macro('r_MOD.html', 'modulo'),
  pi: same('r_PI.html'),
  power: same('r_POWER.html'),
  pow: same('r_POWER.html'),
  random: same('r_RANDOM.html'),
  round: same('r_ROUND.html'),
  sign: same('r_SIGN.html'),
  sin: same('r_SIN.html'),
  sqrt: same('r_SQRT.html'),
  tan: same('r_TAN.html'),
  trunc: macro('r_TRUNC_date.html', 'trunc'), // of a timestamp, a DATE (r_TRUNC.html for numbers)
  // Strings
  quote_ident: local('r_QUOTE_IDENT.html'),
  quote_literal: local('r_QUOTE_LITERAL.html'),
  replicate: local('r_REPLICATE.html', 'use REPEAT'),
  textlen: local('r_TEXTLEN.html', 'use LEN'),
  soundex: local('SOUNDEX.html'),
  difference: local('DIFFERENCE.html'),
  octetindex: local('OCTETINDEX.html'),
  to_hex: local('r_TO_HEX.html'),
  crc32: local('crc32-function.html'),
  bpcharcmp: local('r_BPCHARCMP.html'),
  bttext_pattern_cmp: local('r_BTTEXT_PATTERN_CMP.html'),
  ascii: same('r_ASCII.html'),
  chr: same('r_CHR.html'),
  char_length: same('r_CHAR_LENGTH.html'),
  character_length: same('r_CHARACTER_LENGTH.html'),
  length: same('r_LENGTH.html'),
  len: same('r_LEN.html'),
  lower: same('r_LOWER.html'),
  upper: same('r_UPPER.html'),
  left: same('r_LEFT.html'),
  right: same('r_LEFT.html'),
  lpad: macro('r_LPAD.html', 'lpad'),
  rpad: macro('r_LPAD.html', 'rpad'),
  ltrim: same('r_LTRIM.html'),
  rtrim: same('r_RTRIM.html'),
  trim: same('r_TRIM.html'),
  md5: same('r_MD5.html'),
  position: same('r_POSITION.html'),
  strpos: same('r_STRPOS.html'),
  repeat: same('r_REPEAT.html'),
  replace: same('r_REPLACE.html'),
  reverse: same('r_REVERSE.html'),
  split_part: macro('SPLIT_PART.html', 'split_part'),
  substring: macro('r_SUBSTRING.html', 'substring'),
  substr: macro('r_SUBSTR.html', 'substring'),
  translate: same('r_TRANSLATE.html'),
  concat: rewrite('r_CONCAT.html'), // two arguments, NULL if either is
  regexp_replace: rewrite('REGEXP_REPLACE.html'), // every match on Redshift
  initcap: macro('r_INITCAP.html', 'initcap'),
  btrim: macro('r_BTRIM.html', 'btrim'),
  charindex: macro('r_CHARINDEX.html', 'charindex'),
  octet_length: macro('r_OCTET_LENGTH.html', 'octet_length'),
  regexp_substr: macro('REGEXP_SUBSTR.html', 'regexp_substr'),
  regexp_count: macro('REGEXP_COUNT.html', 'regexp_count'),
  regexp_instr: rewrite('REGEXP_INSTR.html'), // Perl (p) and subexpression (e) parameters refused
  strtol: macro('r_STRTOL.html', 'strtol'),
  sha2: macro('SHA2.html', 'sha2'),
  func_sha1: macro('SHA1.html', 'sha1'),
  sha1: macro('SHA1.html', 'sha1'),
  string_split: foreign('use SPLIT_PART(s, delimiter, n)'),
  // Dates and times
  next_day: macro('r_NEXT_DAY.html', 'next_day'),
  // TIMEZONE(zone, timestamp) and timestamp AT TIME ZONE zone.
  timezone: local('r_TIMEZONE.html', 'use CONVERT_TIMEZONE'),
  // A date part may be written bare (DATEADD(day, ...)) or quoted, in Redshift's many spellings.
  date_part: rewrite('r_DATE_PART_function.html'),
  datepart: rewrite('r_DATE_PART_function.html'),
  pgdate_part: rewrite('r_DATE_PART_function.html'),
  date_trunc: rewrite('r_DATE_TRUNC.html'),
  last_day: same('r_LAST_DAY.html'),
  getdate: macro('r_GETDATE.html', 'getdate'),
  dateadd: rewrite('r_DATEADD_function.html'),
  date_add: rewrite('r_DATEADD_function.html'),
  datediff: rewrite('r_DATEDIFF_function.html'),
  date_diff: rewrite('r_DATEDIFF_function.html'),
  convert_timezone: macro('CONVERT_TIMEZONE.html', 'convert_timezone'),
  to_char: rewrite('r_TO_CHAR.html'), // the format is read by the front end (redshiftFormats.ts)
  to_date: rewrite('r_TO_DATE_function.html'),
  to_timestamp: rewrite('r_TO_TIMESTAMP.html'),
  to_number: rewrite('r_TO_NUMBER.html'),
  add_months: macro('r_ADD_MONTHS.html', 'add_months'),
  months_between: macro('r_MONTHS_BETWEEN_function.html', 'months_between'),
  timeofday: local('r_TIMEOFDAY_function.html'),
  now: local('Date_functions_header.html', 'use GETDATE() or SYSDATE'),
  epoch_ms: foreign("use TIMESTAMP 'epoch' + ms / 1000 * INTERVAL '1 second'"),
  epoch: foreign('use EXTRACT(epoch FROM ts)'),
  strftime: foreign('use TO_CHAR(ts, format)'),
  strptime: foreign('use TO_TIMESTAMP(text, format)'),
  make_timestamp: foreign(),
  // Session information
  current_database: macro('r_CURRENT_DATABASE.html', 'current_database'),
  pg_last_copy_count: macro('PG_LAST_COPY_COUNT.html', 'pg_last_copy_count'),
  has_schema_privilege: macro('r_HAS_SCHEMA_PRIVILEGE.html', 'has_schema_privilege'),
  has_table_privilege: macro('r_HAS_TABLE_PRIVILEGE.html', 'has_table_privilege'),
  // JSON
  json_extract_path_text: rewrite('JSON_EXTRACT_PATH_TEXT.html'), // keys become one path; NULL when missing
  is_valid_json: macro('IS_VALID_JSON.html', 'is_valid_json'),
  // DuckDB's own, which Redshift does not have
  list_value: foreign('Redshift has no lists outside SUPER'),
  struct_pack: foreign('Redshift has no structs outside SUPER'),
  row: foreign(),
  typeof: foreign(),
  range: foreign(),
  generate_series: local('r_Set_returning_functions.html', 'it runs on the leader node only'),
  unnest: foreign(),
};

/**
 * Redshift's spellings of date parts (r_Dateparts_for_datetime_functions.html), each to the engine's
 * name. A part not listed is refused by name.
 */
export const DATE_PARTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    millennium: ['millennium', 'millennia', 'mil', 'mils'],
    century: ['century', 'centuries', 'c', 'cent', 'cents'],
    decade: ['decade', 'decades', 'dec', 'decs'],
    epoch: ['epoch'],
    year: ['year', 'years', 'y', 'yr', 'yrs'],
    quarter: ['quarter', 'quarters', 'qtr', 'qtrs'],
    month: ['month', 'months', 'mon', 'mons'],
    week: ['week', 'weeks', 'w'],
    dow: ['dayofweek', 'dow', 'dw', 'weekday'],
    doy: ['dayofyear', 'doy', 'dy', 'yearday'],
    day: ['day', 'days', 'd'],
    hour: ['hour', 'hours', 'h', 'hr', 'hrs'],
    minute: ['minute', 'minutes', 'm', 'min', 'mins'],
    second: ['second', 'seconds', 's', 'sec', 'secs'],
    millisecond: ['millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'msecond', 'mseconds', 'millisec', 'millisecs', 'millisecon'],
    microsecond: ['microsecond', 'microseconds', 'microsec', 'microsecs', 'usecond', 'useconds', 'us', 'usec', 'usecs'],
  }).flatMap(([engine, spellings]) => spellings.map((s) => [s, engine])),
);

/** Redshift's types the local warehouse does not hold (c_Supported_data_types.html). */
export const TYPES_NOT_LOCAL: ReadonlySet<string> = new Set(['SUPER', 'GEOMETRY', 'GEOGRAPHY', 'HLLSKETCH', 'VARBYTE', 'VARBINARY']);

/** Redshift's types, as DuckDB's parser names a cast's target (r_Supported_data_types.html). */
export const CAST_TYPES: ReadonlySet<string> = new Set([
  'BOOLEAN', 'SMALLINT', 'INTEGER', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'VARCHAR', 'DATE', 'TIME', 'TIME WITH TIME ZONE',
  'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'INTERVAL',
]);
