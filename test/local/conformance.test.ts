// Conformance: the local warehouse answers as Amazon Redshift answers, or refuses naming the
// construct. One row per construct, each with the page of the Redshift Database Developer Guide
// (https://docs.aws.amazon.com/redshift/latest/dg/PAGE) that says what Redshift does. Every row
// runs through the real SDK client against the endpoint.

import { GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataApiRequest, rawRequest } from '../support/http.js';
import { startHarness, type Harness, type Plain } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('conformance');
  await h.ok('CREATE TABLE conf_nums (id INT, v INT, d DOUBLE PRECISION, s VARCHAR(16))');
  await h.ok("INSERT INTO conf_nums VALUES (1, 1, 1.5, 'a'), (2, 2, NULL, 'b '), (3, NULL, 2.5, NULL)");
  // A column of a type Redshift does not have, made behind the front end's back.
  await h.ep.warehouse.withSession((c) => c.run('CREATE TABLE public.conf_lists AS SELECT [1, 2, 3] AS l'));
});
afterAll(async () => {
  await h?.close();
});

type Expected = { rows: Plain[][] } | { error: RegExp };
interface Row {
  construct: string;
  sql: string;
  expected: Expected;
  /** The Redshift Database Developer Guide page that says what Redshift does. */
  doc: string;
}

const CONFORMANCE: Row[] = [
  // Sorting
  { construct: 'ORDER BY ... DESC puts NULLs first', sql: 'SELECT v FROM conf_nums ORDER BY v DESC', expected: { rows: [[null], [2], [1]] }, doc: 'r_ORDER_BY_clause.html' },
  { construct: 'ORDER BY ... ASC puts NULLs last', sql: 'SELECT v FROM conf_nums ORDER BY v', expected: { rows: [[1], [2], [null]] }, doc: 'r_ORDER_BY_clause.html' },
  { construct: 'a window ORDER BY ... DESC puts NULLs first', sql: 'SELECT v, ROW_NUMBER() OVER (ORDER BY v DESC) AS n FROM conf_nums ORDER BY n', expected: { rows: [[null, 1], [2, 2], [1, 3]] }, doc: 'r_Window_function_synopsis.html' },
  // UPDATE and DELETE read their expressions as queries do
  { construct: 'UPDATE with x / 0 is an error', sql: 'UPDATE conf_nums SET v = v / (id - id) WHERE id = 1', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_UPDATE.html' },
  { construct: 'DELETE whose condition divides by zero is an error', sql: 'DELETE FROM conf_nums WHERE v / (id - id) > 1', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_DELETE.html' },
  { construct: "UPDATE with DuckDB's functions is refused", sql: 'UPDATE conf_nums SET v = list_sum([1]) WHERE id = 1', expected: { error: /LIST_SUM is not supported by Amazon Redshift/ }, doc: 'r_UPDATE.html' },
  { construct: 'UPDATE ... FROM reads its expressions as queries do: x / 0 is an error', sql: 'UPDATE conf_nums SET v = conf_nums.v / (x.v - x.v) FROM conf_nums x WHERE x.id = conf_nums.id', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_UPDATE.html' },
  { construct: 'a table that does not exist', sql: 'SELECT * FROM no_such_table', expected: { error: /^ERROR: relation "no_such_table" does not exist$/ }, doc: 'r_SELECT_synopsis.html' },
  // A missing column: Redshift answers 'column "crop" does not exist in events' (as its clients
  // report it: dmanjunath/node-redshift#6, epgsql/epgsql#247, dbeaver/dbeaver#41390); the engine's
  // own words ("Binder Error: Referenced column ... Candidate bindings") never reach a client.
  { construct: 'a column that does not exist', sql: 'SELECT v FROM conf_nums WHERE vv = 1', expected: { error: /^ERROR: column "vv" does not exist in conf_nums$/ }, doc: 'r_SELECT_list.html' },
  { construct: 'a column that does not exist, named in capitals', sql: 'SELECT VV FROM public.conf_nums', expected: { error: /^ERROR: column "vv" does not exist in conf_nums$/ }, doc: 'r_names.html' },
  { construct: 'a column that does not exist, of a table with an alias', sql: 'SELECT vv FROM conf_nums AS sc', expected: { error: /^ERROR: column "vv" does not exist in sc$/ }, doc: 'r_FROM_clause30.html' },
  // Where the query reads more than one relation, which one Redshift names is not known here.
  { construct: 'a column that does not exist, in a join', sql: 'SELECT vv FROM conf_nums a JOIN conf_nums b USING (id)', expected: { error: /^ERROR: column "vv" does not exist/ }, doc: 'r_SELECT_list.html' },
  { construct: 'a qualified column that does not exist', sql: 'SELECT n.vv FROM conf_nums n', expected: { error: /^ERROR: column n\.vv does not exist/ }, doc: 'r_SELECT_list.html' },
  { construct: 'a column two tables of the FROM clause have, unqualified', sql: 'SELECT id FROM conf_nums a JOIN conf_nums b USING (v)', expected: { error: /^ERROR: column reference "id" is ambiguous$/ }, doc: 'r_SELECT_list.html' },
  // As Redshift words it: 'column "ar1.stratum_1" must appear in the GROUP BY clause or be used in
  // an aggregate function' (OHDSI/Achilles#543).
  { construct: 'a column neither grouped nor aggregated', sql: 'SELECT s, COUNT(*) FROM conf_nums', expected: { error: /^ERROR: column "s" must appear in the GROUP BY clause or be used in an aggregate function$/ }, doc: 'r_GROUP_BY_clause.html' },
  // Redshift's date and timestamp literals, month before day (the default DateStyle MDY).
  {
    construct: "the guide's date literals",
    sql: "SELECT DATE 'January 8, 1999', DATE '1999-01-08', DATE '1/8/1999', DATE '01/02/00', DATE '2000-Jan-31', CAST('Jan-31-2000' AS DATE), '31-Jan-2000'::date, DATE '20080215', DATE '080215', DATE '2008.366'",
    expected: { rows: [['1999-01-08', '1999-01-08', '1999-01-08', '2000-01-02', '2000-01-31', '2000-01-31', '2000-01-31', '2008-02-15', '2008-02-15', '2008-12-31']] },
    doc: 'r_Date_and_time_literals.html',
  },
  {
    construct: "the guide's timestamp literals, a date and a time",
    sql: "SELECT TIMESTAMP '20080215 04:05:06.789', TIMESTAMP '20080215 04:05:06', TIMESTAMP '20080215 04:05', TIMESTAMP '20080215 040506', TIMESTAMP '20080215 04:05 AM', TIMESTAMP '20080215 04:05 PM', TIMESTAMP '20080215 16:05', TIMESTAMP 'January 8, 1999 12:00 AM', TIMESTAMP '1/8/1999'",
    expected: { rows: [['2008-02-15 04:05:06.789', '2008-02-15 04:05:06', '2008-02-15 04:05:00', '2008-02-15 04:05:06', '2008-02-15 04:05:00', '2008-02-15 16:05:00', '2008-02-15 16:05:00', '1999-01-08 00:00:00', '1999-01-08 00:00:00']] },
    doc: 'r_Date_and_time_literals.html',
  },
  { construct: 'a date literal past the end of its month', sql: "SELECT DATE '2/30/2018'", expected: { error: /^ERROR: date\/time field value out of range: "2\/30\/2018"$/ }, doc: 'r_Date_and_time_literals.html' },
  // Dates and timestamps the engine does not read: Redshift's words, and what to write instead.
  { construct: 'a date written month first, compared with a date', sql: "SELECT count(*) FROM (SELECT DATE '2018-11-05' AS d) t WHERE d > '1/8/1999'", expected: { error: /^ERROR: invalid input syntax for type date: "1\/8\/1999" \(the local warehouse reads dates as YYYY-MM-DD; Amazon Redshift's other forms, .* only in a literal: DATE '1\/8\/1999'\)$/ }, doc: 'r_Date_and_time_literals.html' },
  { construct: 'a timestamp that is no timestamp', sql: "SELECT CAST('nonsense' AS TIMESTAMP)", expected: { error: /^ERROR: invalid input syntax for type timestamp: "nonsense" \(the local warehouse reads timestamps as YYYY-MM-DD HH:MM:SS/ }, doc: 'r_Date_and_time_literals.html' },
  { construct: 'a day past the end of its month', sql: "SELECT CAST('2018-11-31 01:00:00' AS TIMESTAMP)", expected: { error: /^ERROR: date\/time field value out of range: "2018-11-31 01:00:00"$/ }, doc: 'r_Date_and_time_literals.html' },
  { construct: 'GROUP BY a position past the select list', sql: 'SELECT s FROM conf_nums GROUP BY 2', expected: { error: /^ERROR: GROUP BY position 2 is not in select list$/ }, doc: 'r_GROUP_BY_clause.html' },
  { construct: 'ORDER BY a position past the select list', sql: 'SELECT s, COUNT(*) FROM conf_nums GROUP BY 1 ORDER BY 3', expected: { error: /^ERROR: ORDER BY position 3 is not in select list$/ }, doc: 'r_ORDER_BY_clause.html' },
  { construct: 'ORDER BY a position within the select list', sql: 'SELECT id, v FROM conf_nums ORDER BY 2 DESC, 1', expected: { rows: [[3, null], [2, 2], [1, 1]] }, doc: 'r_ORDER_BY_clause.html' },
  { construct: 'a qualifier that names no table of the FROM clause', sql: 'SELECT x.v FROM conf_nums n', expected: { error: /^ERROR: missing FROM-clause entry for table "x"/ }, doc: 'r_FROM_clause30.html' },
  // Values in results
  { construct: 'SUM over integers past the BIGINT range is an error', sql: 'SELECT SUM(x) FROM (SELECT CAST(9223372036854775807 AS BIGINT) AS x UNION ALL SELECT CAST(1 AS BIGINT))', expected: { error: /bigint out of range/ }, doc: 'r_SUM.html' },
  { construct: 'SUM over integers is a BIGINT', sql: 'SELECT SUM(v) FROM conf_nums', expected: { rows: [[3]] }, doc: 'r_SUM.html' },
  // Arithmetic
  { construct: '/ on integers is integer division', sql: 'SELECT 7 / 2, -7 / 2', expected: { rows: [[3, -3]] }, doc: 'r_numeric_computations201.html' },
  { construct: 'x / 0 is an error', sql: 'SELECT 1 / 0', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_numeric_computations201.html' },
  { construct: 'x / 0 over a column is an error', sql: 'SELECT id / (v - v) FROM conf_nums', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_numeric_computations201.html' },
  { construct: 'x / 0.0 is an error', sql: 'SELECT 1.5 / 0.0', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_numeric_computations201.html' },
  { construct: 'x % 0 is an error', sql: 'SELECT 5 % 0', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_numeric_computations201.html' },
  { construct: 'MOD(x, 0) is an error', sql: 'SELECT MOD(5, 0)', expected: { error: /^ERROR: division by zero$/ }, doc: 'r_MOD.html' },
  { construct: 'a division guarded by CASE never divides by zero', sql: 'SELECT CASE WHEN v IS NULL THEN 0 ELSE id / v END FROM conf_nums ORDER BY id', expected: { rows: [[1], [1], [0]] }, doc: 'r_CASE_function.html' },
  { construct: 'AVG of integers is a truncated integer', sql: 'SELECT AVG(v) FROM conf_nums', expected: { rows: [[1]] }, doc: 'r_AVG.html' },
  { construct: 'AVG of DOUBLE PRECISION is a fraction', sql: 'SELECT AVG(d) FROM conf_nums', expected: { rows: [[2]] }, doc: 'r_AVG.html' },
  { construct: 'AVG(DISTINCT x) of integers is a truncated integer', sql: 'SELECT AVG(DISTINCT id) FROM conf_nums', expected: { rows: [[2]] }, doc: 'r_AVG.html' },
  { construct: 'AVG over no rows is NULL', sql: 'SELECT AVG(v) FROM conf_nums WHERE id > 10', expected: { rows: [[null]] }, doc: 'r_AVG.html' },
  { construct: 'AVG as a window function of integers is a truncated integer', sql: 'SELECT AVG(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM conf_nums ORDER BY id', expected: { rows: [[1], [1], [2]] }, doc: 'r_WF_AVG.html' },
  // Pattern matching
  { construct: '~ matches anywhere in the string (POSIX)', sql: "SELECT 'abc' ~ 'b', 'abc' ~ '^b'", expected: { rows: [[true, false]] }, doc: 'pattern-matching-conditions-posix.html' },
  { construct: '!~ is the negation of ~', sql: "SELECT 'abc' !~ 'b'", expected: { rows: [[false]] }, doc: 'pattern-matching-conditions-posix.html' },
  { construct: '~* matches without case', sql: "SELECT 'ABC' ~* 'b'", expected: { rows: [[true]] }, doc: 'pattern-matching-conditions-posix.html' },
  { construct: 'SIMILAR TO has % and _ as wildcards', sql: "SELECT 'abc' SIMILAR TO 'a%', 'abc' SIMILAR TO 'a_c', 'abc' SIMILAR TO 'b%'", expected: { rows: [[true, true, false]] }, doc: 'pattern-matching-conditions-similar-to.html' },
  { construct: 'SIMILAR TO takes . literally', sql: "SELECT 'abc' SIMILAR TO 'a.c', 'a.c' SIMILAR TO 'a.c'", expected: { rows: [[false, true]] }, doc: 'pattern-matching-conditions-similar-to.html' },
  { construct: 'NOT SIMILAR TO', sql: "SELECT 'abc' NOT SIMILAR TO 'a%'", expected: { rows: [[false]] }, doc: 'pattern-matching-conditions-similar-to.html' },
  // "The default escape character is two backslashes ('\\')": the literal reads them as one.
  { construct: 'LIKE: backslash escapes a wildcard by default', sql: "SELECT 'a_c' LIKE 'a\\\\_c', 'abc' LIKE 'a\\\\_c', 'abc' LIKE 'a_c'", expected: { rows: [[true, false, true]] }, doc: 'r_patternmatching_condition_like.html' },
  { construct: "the guide's LIKE with an escaped underscore", sql: "SELECT 'start_time' LIKE '%start\\\\_%', 'xact_start_ts' LIKE '%start\\\\_%', 'startXtime' LIKE '%start\\\\_%'", expected: { rows: [[true, true, false]] }, doc: 'r_patternmatching_condition_like.html' },
  { construct: 'ILIKE and NOT LIKE with an escaped %', sql: "SELECT '50%' ILIKE '50\\\\%', '500' NOT LIKE '50\\\\%'", expected: { rows: [[true, true]] }, doc: 'r_patternmatching_condition_like.html' },
  // String constants read a backslash as escaping the character after it, as PostgreSQL 8.0 did.
  { construct: 'a backslash in a string literal escapes the character after it', sql: "SELECT 'a\\\\b', LENGTH('a\\\\b'), 'It\\'s', 'tab\\there', '\\101'", expected: { rows: [['a\\b', 3, "It's", 'tab\there', 'A']] }, doc: 'r_patternmatching_condition_like.html' },
  { construct: 'a regular expression written with doubled backslashes', sql: "SELECT REGEXP_SUBSTR('abc123', '\\\\d+'), REGEXP_COUNT('a.b.c', '\\\\.')", expected: { rows: [['123', 2]] }, doc: 'REGEXP_SUBSTR.html' },
  { construct: 'LIKE ... ESCAPE', sql: "SELECT 'a%c' LIKE 'a!%c' ESCAPE '!', 'abc' LIKE 'a!%c' ESCAPE '!'", expected: { rows: [[true, false]] }, doc: 'r_patternmatching_condition_like.html' },
  { construct: 'REGEXP_REPLACE replaces every match', sql: "SELECT REGEXP_REPLACE('banana', 'a', 'o')", expected: { rows: [['bonono']] }, doc: 'REGEXP_REPLACE.html' },
  // Strings
  { construct: 'CONCAT is NULL when either argument is', sql: "SELECT CONCAT('a', NULL), CONCAT('a', 'b')", expected: { rows: [[null, 'ab']] }, doc: 'r_CONCAT.html' },
  { construct: 'CONCAT takes exactly two arguments', sql: "SELECT CONCAT('a', 'b', 'c')", expected: { error: /CONCAT takes exactly two arguments/ }, doc: 'r_CONCAT.html' },
  { construct: 'a cast to a shorter VARCHAR(n) truncates to n bytes', sql: "SELECT 'abcdef'::VARCHAR(3), CAST('abcdef' AS VARCHAR(2))", expected: { rows: [['abc', 'ab']] }, doc: 'r_Character_types.html' },
  { construct: 'a truncating cast never splits a character', sql: "SELECT CAST('ééé' AS CHARACTER VARYING(5))", expected: { rows: [['éé']] }, doc: 'r_Character_types.html' },
  { construct: 'a cast of a number to a shorter VARCHAR(n) truncates too', sql: 'SELECT CAST(12345 AS VARCHAR(2))', expected: { rows: [['12']] }, doc: 'r_Character_types.html' },
  { construct: 'casts and ~ after non-ASCII text in the same query', sql: "SELECT 'Santafè' AS s, CAST(12345 AS VARCHAR(2)), 'Déjà vu' ~ 'vu', 'Café' SIMILAR TO 'Caf%'", expected: { rows: [['Santafè', '12', true, true]] }, doc: 'r_Character_types.html' },
  { construct: 'VARCHAR(MAX) in a cast', sql: "SELECT CAST('x' AS VARCHAR(MAX))", expected: { rows: [['x']] }, doc: 'r_Character_types.html' },
  { construct: '|| is NULL when either side is', sql: "SELECT 'a' || NULL", expected: { rows: [[null]] }, doc: 'r_concat_op.html' },
  { construct: 'NVL is COALESCE', sql: 'SELECT NVL(v, 0) FROM conf_nums ORDER BY id', expected: { rows: [[1], [2], [0]] }, doc: 'r_NVL_function.html' },
  // What Redshift does not have: refused, naming the construct and the Redshift way
  ...refused('casts to an engine type', 'SELECT CAST(1 AS HUGEINT)', /the type HUGEINT is not supported by Amazon Redshift/),
  ...refused('casts to a type no one has', 'SELECT CAST(1 AS foo)', /the type FOO is not supported by Amazon Redshift/),
  ...refused('list literals', 'SELECT [1, 2, 3]', /list literals .* not supported by Amazon Redshift/),
  ...refused('list functions', 'SELECT list_sum(x) FROM conf_nums', /LIST_SUM is not supported by Amazon Redshift/),
  ...refused('LIST_VALUE called by name', 'SELECT main.LIST_VALUE (1, 2)', /the function LIST_VALUE is not supported by Amazon Redshift/),
  ...refused('STRUCT_PACK called by name', 'SELECT struct_pack(a := 1)', /the function STRUCT_PACK is not supported by Amazon Redshift/),
  ...refused('an empty list literal', 'SELECT []', /list literals .* not supported by Amazon Redshift/),
  ...refused('row constructors', 'SELECT ROW(1, 2)', /row constructors .* not supported by Amazon Redshift/),
  ...refused('struct literals', "SELECT {'a': 1}", /struct literals .* not supported by Amazon Redshift/),
  ...refused('FROM-first queries', 'FROM conf_nums SELECT id', /FROM is not supported by Amazon Redshift: a query starts with SELECT/),
  ...refused('SELECT * REPLACE', 'SELECT * REPLACE (1 AS id) FROM conf_nums', /SELECT \* EXCLUDE \/ REPLACE \/ RENAME is not supported by Amazon Redshift/),
  ...refused('SELECT * EXCLUDE', 'SELECT * EXCLUDE (id) FROM conf_nums', /SELECT \* EXCLUDE \/ REPLACE \/ RENAME is not supported/),
  ...refused('string slices', 'SELECT s[1:2] FROM conf_nums', /slices .* not supported by Amazon Redshift: use SUBSTRING/),
  ...refused('subscripts', 'SELECT s[1] FROM conf_nums', /subscripts .* not supported by Amazon Redshift/),
  ...refused('string_agg', "SELECT string_agg(s, ',') FROM conf_nums", /STRING_AGG is not supported by Amazon Redshift: use LISTAGG/),
  ...refused('array_agg', 'SELECT array_agg(s) FROM conf_nums', /ARRAY_AGG is not supported by Amazon Redshift: use LISTAGG/),
  ...refused('DISTINCT ON', 'SELECT DISTINCT ON (v) id FROM conf_nums', /DISTINCT ON is not supported by Amazon Redshift: use ROW_NUMBER/),
  ...refused('FILTER (WHERE ...)', 'SELECT count(*) FILTER (WHERE id > 1) FROM conf_nums', /FILTER \(WHERE \.\.\.\) is not supported by Amazon Redshift: put a CASE inside COUNT/),
  ...refused('RETURNING', 'INSERT INTO conf_nums (id) VALUES (9) RETURNING id', /RETURNING is not supported by Amazon Redshift/),
  ...refused('CREATE OR REPLACE TABLE', 'CREATE OR REPLACE TABLE conf_x (a INT)', /CREATE OR REPLACE TABLE is not supported by Amazon Redshift/),
  ...refused('// (integer division operator)', 'SELECT 7 // 2', /operator \/\/ is not supported by Amazon Redshift/),
  ...refused('** (power operator)', 'SELECT 2 ** 3', /operator \*\* is not supported by Amazon Redshift: use \^ or POWER/),
  ...refused('epoch_ms', 'SELECT epoch_ms(1541903636796)', /EPOCH_MS is not supported by Amazon Redshift/),
  ...refused('strftime', "SELECT strftime(GETDATE(), '%Y')", /STRFTIME is not supported by Amazon Redshift: use TO_CHAR/),
  ...refused('range()', 'SELECT * FROM range(3)', /range\(\) is not supported by Amazon Redshift/),
  ...refused('typeof', 'SELECT typeof(1)', /TYPEOF is not supported by Amazon Redshift/),
  ...refused('sequences', 'CREATE SEQUENCE conf_seq', /CREATE SEQUENCE is not supported by Amazon Redshift: use an IDENTITY column/),
  ...refused('indexes', 'CREATE INDEX conf_idx ON conf_nums (id)', /CREATE INDEX is not supported by Amazon Redshift/),
  ...refused('HUGEINT', 'SELECT CAST(1 AS HUGEINT)', /type HUGEINT is not supported by Amazon Redshift/),
  ...refused('STRUCT', 'SELECT CAST(NULL AS STRUCT(a INT))', /type STRUCT is not supported by Amazon Redshift/),
  ...refused('MAP', 'SELECT CAST(NULL AS MAP(INT, INT))', /type MAP is not supported by Amazon Redshift/),
  ...refused('USING SAMPLE', 'SELECT * FROM conf_nums USING SAMPLE 1', /USING SAMPLE \/ TABLESAMPLE is not supported by Amazon Redshift/),
  ...refused('SUMMARIZE', 'SUMMARIZE conf_nums', /SUMMARIZE is not supported by Amazon Redshift/),
  ...refused('DESCRIBE', 'DESCRIBE conf_nums', /DESCRIBE is not supported by Amazon Redshift: query pg_table_def/),
  ...refused('PIVOT ... ON (statement)', 'PIVOT conf_nums ON v USING sum(id)', /PIVOT is not supported by Amazon Redshift/),
  ...refused('UNION BY NAME', 'SELECT id FROM conf_nums UNION BY NAME SELECT id FROM conf_nums', /UNION BY NAME is not supported by Amazon Redshift/),
  ...refused('SEMI JOIN', 'SELECT a.id FROM conf_nums a SEMI JOIN conf_nums b USING (id)', /SEMI JOIN is not supported by Amazon Redshift: use WHERE EXISTS/),
  ...refused('ANTI JOIN', 'SELECT a.id FROM conf_nums a ANTI JOIN conf_nums b USING (id)', /ANTI JOIN is not supported by Amazon Redshift: use WHERE NOT EXISTS/),
  ...refused('an aggregate window with ORDER BY and no frame', 'SELECT SUM(id) OVER (ORDER BY id) FROM conf_nums', /aggregate window function with ORDER BY needs a frame clause/),
  ...refused("the engine's catalogs", 'SELECT * FROM duckdb_settings()', /duckdb_settings\(\) is not supported by Amazon Redshift/),
  // Dates and times, with date parts bare or quoted in any of Redshift's spellings
  { construct: 'DATEADD with a bare date part', sql: "SELECT DATEADD(day, 1, TIMESTAMP '2018-11-11 02:33:56')", expected: { rows: [['2018-11-12 02:33:56']] }, doc: 'r_DATEADD_function.html' },
  { construct: 'DATEADD of a month keeps to the month\'s last day', sql: "SELECT DATEADD(month, 1, DATE '2008-01-31')", expected: { rows: [['2008-02-29 00:00:00']] }, doc: 'r_DATEADD_function.html' },
  { construct: 'DATEADD with a quoted abbreviation', sql: "SELECT DATEADD('hrs', -3, TIMESTAMP '2018-11-11 02:00:00')", expected: { rows: [['2018-11-10 23:00:00']] }, doc: 'r_Dateparts_for_datetime_functions.html' },
  { construct: 'DATEADD refuses what is not a date part', sql: "SELECT DATEADD(fortnight, 1, GETDATE())", expected: { error: /fortnight is not a date part that DATEADD takes/ }, doc: 'r_Dateparts_for_datetime_functions.html' },
  { construct: 'DATEDIFF counts boundaries crossed', sql: "SELECT DATEDIFF(day, DATE '2018-01-01', DATE '2018-03-01'), DATEDIFF(year, DATE '2018-12-31', DATE '2019-01-01')", expected: { rows: [[59, 1]] }, doc: 'r_DATEDIFF_function.html' },
  { construct: 'DATE_PART and DATEPART with bare parts and synonyms', sql: "SELECT DATE_PART(dow, TIMESTAMP '2018-11-11 02:33:56'), DATEPART(hr, TIMESTAMP '2018-11-11 02:33:56')", expected: { rows: [[0, 2]] }, doc: 'r_DATE_PART_function.html' },
  { construct: 'DATE_PART returns DOUBLE PRECISION, named pgdate_part; EXTRACT an integer', sql: "SELECT DATE_PART('minute', TIMESTAMP '2023-01-04 04:05:06'), EXTRACT(minute FROM TIMESTAMP '2023-01-04 04:05:06')", expected: { rows: [[5, 5]] }, doc: 'r_DATE_PART_function.html' },
  { construct: 'EXTRACT with a Redshift synonym', sql: "SELECT EXTRACT(qtr FROM TIMESTAMP '2018-11-11 02:33:56')", expected: { rows: [[4]] }, doc: 'r_EXTRACT_function.html' },
  { construct: 'DATE_TRUNC with an abbreviation', sql: "SELECT DATE_TRUNC('mon', TIMESTAMP '2018-11-11 02:33:56')", expected: { rows: [['2018-11-01 00:00:00']] }, doc: 'r_DATE_TRUNC.html' },
  { construct: 'ADD_MONTHS keeps the day, or the month\'s last day', sql: "SELECT ADD_MONTHS('2008-03-31', 1), ADD_MONTHS('2008-04-30', 1), ADD_MONTHS(TIMESTAMP '2008-01-01 05:07:30', 1), ADD_MONTHS(DATE '2008-05-15', -3)", expected: { rows: [['2008-04-30 00:00:00', '2008-05-31 00:00:00', '2008-02-01 05:07:30', '2008-02-15 00:00:00']] }, doc: 'r_ADD_MONTHS.html' },
  // "Though the timestamp is within the daylight time period, it's converted to standard time
  // because the target time zone is specified as an abbreviation (PST)".
  { construct: 'CONVERT_TIMEZONE to an abbreviation, a fixed offset in summer too', sql: "SELECT CONVERT_TIMEZONE('PST', TIMESTAMP '2008-08-21 07:23:54'), CONVERT_TIMEZONE('America/Los_Angeles', TIMESTAMP '2008-08-21 07:23:54')", expected: { rows: [['2008-08-20 23:23:54', '2008-08-21 00:23:54']] }, doc: 'CONVERT_TIMEZONE.html' },
  { construct: 'CONVERT_TIMEZONE between two abbreviations', sql: "SELECT CONVERT_TIMEZONE('EST', 'PST', '20080305 12:25:29'::timestamp), CONVERT_TIMEZONE('pdt', TIMESTAMP '2008-08-21 07:23:54')", expected: { rows: [['2008-03-05 09:25:29', '2008-08-21 00:23:54']] }, doc: 'CONVERT_TIMEZONE.html' },
  { construct: 'DATE_TRUNC to the millennium and the century, counted from year 1', sql: "SELECT DATE_TRUNC('millennium', TIMESTAMP '20200430 04:05:06.789'), DATE_TRUNC('century', TIMESTAMP '2000-12-31 23:00:00')", expected: { rows: [['2001-01-01 00:00:00', '1901-01-01 00:00:00']] }, doc: 'r_DATE_TRUNC.html' },
  { construct: 'DATEDIFF of string literals, read as timestamps', sql: "SELECT DATEDIFF(hour, '2023-01-01', '2023-01-03 05:04:03'), DATEDIFF(day, '1/8/1999', '1/10/1999')", expected: { rows: [[53, 2]] }, doc: 'r_DATEDIFF_function.html' },
  { construct: 'LPAD and RPAD pad with blanks when not told what with, and cut a longer string', sql: "SELECT LPAD('abc', 5), RPAD('abc', 5) || '|', LPAD('abc', 6, 'xy'), RPAD('abcdef', 3, 'x')", expected: { rows: [['  abc', 'abc  |', 'xyxabc', 'abc']] }, doc: 'r_LPAD.html' },
  { construct: 'SPLIT_PART counts parts from 1, and gives nothing past the last', sql: "SELECT SPLIT_PART('abc$def$ghi', '$', 2), SPLIT_PART('abc$def$ghi', '$', 4)", expected: { rows: [['def', '']] }, doc: 'SPLIT_PART.html' },
  { construct: 'SPLIT_PART of a part below 1 is an error', sql: "SELECT SPLIT_PART('abc$def$ghi', '$', -1)", expected: { error: /^ERROR: field position must be greater than zero$/ }, doc: 'SPLIT_PART.html' },
  // "Non-character data types are treated like a string": REPEAT(catid, 3), SUBSTRING(listtime, 6, 2).
  {
    construct: 'string functions read a number, a date or a timestamp as its text',
    sql: "SELECT REPEAT(id, 3), REVERSE(12345), LEFT(12345, 2), LEN(12345), SUBSTRING(TIMESTAMP '2008-01-05 14:00:00', 6, 2), SPLIT_PART(DATE '2008-01-05', '-', 2), STRPOS(CAST(28.05 AS DECIMAL(8,2)), '.'), LPAD(5, 3, '0') FROM conf_nums WHERE id = 1",
    expected: { rows: [['111', '54321', '12', 5, '01', '01', 3, '005']] },
    doc: 'r_SUBSTRING.html',
  },
  { construct: 'a string function given a float is refused: its text may differ', sql: 'SELECT LEFT(d, 2) FROM conf_nums WHERE id = 1', expected: { error: /a DOUBLE value where text is expected is not supported by the local warehouse yet/ }, doc: 'r_SUBSTRING.html' },
  { construct: 'SUBSTRING from before the first character', sql: "SELECT SUBSTRING('caterpillar', 6, 4), SUBSTRING('caterpillar', -2, 6), SUBSTRING('caterpillar', -5, 4), SUBSTR('caterpillar', 0, 2)", expected: { rows: [['pill', 'cat', '', 'c']] }, doc: 'r_SUBSTRING.html' },
  // "If you specify an ORDER BY clause, you must also specify a frame_clause."
  { construct: 'LAST_VALUE over an ordered window without a frame is an error', sql: 'SELECT LAST_VALUE(v) OVER (ORDER BY id) FROM conf_nums', expected: { error: /LAST_VALUE with ORDER BY needs a frame clause on Amazon Redshift/ }, doc: 'r_WF_first_value.html' },
  { construct: 'LAST_VALUE over an ordered window with a frame', sql: 'SELECT LAST_VALUE(v) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM conf_nums ORDER BY id LIMIT 1', expected: { rows: [[null]] }, doc: 'r_WF_first_value.html' },
  { construct: 'CONVERT_TIMEZONE from UTC', sql: "SELECT CONVERT_TIMEZONE('America/New_York', TIMESTAMP '2018-11-11 03:00:00')", expected: { rows: [['2018-11-10 22:00:00']] }, doc: 'CONVERT_TIMEZONE.html' },
  { construct: 'CONVERT_TIMEZONE between two zones', sql: "SELECT CONVERT_TIMEZONE('UTC', 'Asia/Tokyo', TIMESTAMP '2018-11-11 03:00:00')", expected: { rows: [['2018-11-11 12:00:00']] }, doc: 'CONVERT_TIMEZONE.html' },
  // Aggregates and clauses
  { construct: 'LISTAGG ... WITHIN GROUP (ORDER BY ...)', sql: "SELECT LISTAGG(s, ',') WITHIN GROUP (ORDER BY id DESC) FROM conf_nums", expected: { rows: [['b ,a']] }, doc: 'r_LISTAGG.html' },
  { construct: 'LISTAGG without a delimiter joins with none', sql: 'SELECT LISTAGG(s) WITHIN GROUP (ORDER BY id) FROM conf_nums', expected: { rows: [['ab ']] }, doc: 'r_LISTAGG.html' },
  { construct: 'APPROXIMATE COUNT(DISTINCT x)', sql: 'SELECT APPROXIMATE COUNT(DISTINCT id) FROM conf_nums', expected: { rows: [[3]] }, doc: 'r_COUNT.html' },
  { construct: 'TOP n', sql: 'SELECT TOP 2 id FROM conf_nums ORDER BY id', expected: { rows: [[1], [2]] }, doc: 'r_TOP_clause.html' },
  // Conditional, string and hash functions
  { construct: 'NVL2', sql: "SELECT NVL2(v, 'set', 'unset') FROM conf_nums ORDER BY id", expected: { rows: [['set'], ['set'], ['unset']] }, doc: 'r_NVL2.html' },
  { construct: 'CHARINDEX', sql: "SELECT CHARINDEX('b', 'abc'), CHARINDEX('z', 'abc')", expected: { rows: [[2, 0]] }, doc: 'r_CHARINDEX.html' },
  { construct: 'BTRIM', sql: "SELECT BTRIM('  x  '), BTRIM('xxaxx', 'x')", expected: { rows: [['x', 'a']] }, doc: 'r_BTRIM.html' },
  { construct: 'INITCAP capitalizes after any non-alphanumeric character', sql: "SELECT INITCAP('the BLACK keys-des''ree santafè'), INITCAP(NULL)", expected: { rows: [["The Black Keys-Des'Ree Santafè", null]] }, doc: 'r_INITCAP.html' },
  { construct: 'OCTET_LENGTH counts bytes', sql: "SELECT OCTET_LENGTH('Santafè')", expected: { rows: [[8]] }, doc: 'r_OCTET_LENGTH.html' },
  { construct: 'REGEXP_SUBSTR and REGEXP_COUNT', sql: "SELECT REGEXP_SUBSTR('banana', 'n.'), REGEXP_COUNT('banana', 'a')", expected: { rows: [['na', 3]] }, doc: 'REGEXP_SUBSTR.html' },
  { construct: 'SHA2 with 256 bits and FUNC_SHA1', sql: "SELECT SHA2('a', 256), FUNC_SHA1('a')", expected: { rows: [['ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb', '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8']] }, doc: 'SHA2.html' },
  { construct: 'IS_VALID_JSON', sql: 'SELECT IS_VALID_JSON(\'{"a": 1}\'), IS_VALID_JSON(\'{"a": \')', expected: { rows: [[true, false]] }, doc: 'IS_VALID_JSON.html' },
  { construct: 'CURRENT_DATABASE', sql: 'SELECT CURRENT_DATABASE()', expected: { rows: [['dev']] }, doc: 'r_CURRENT_DATABASE.html' },
  // Comparisons of strings disregard trailing blanks; LENGTH counts them
  { construct: 'trailing blanks do not count when strings are compared', sql: "SELECT 'a' = 'a  ', 'a ' < 'a', s = 'b', s IN ('b'), s BETWEEN 'b' AND 'b' FROM conf_nums WHERE id = 2", expected: { rows: [[true, false, true, true, true]] }, doc: 'r_Character_types.html' },
  { construct: 'a join on strings matches values that differ only in trailing blanks', sql: "SELECT count(*) FROM conf_nums a JOIN (SELECT 'b' AS s) b ON a.s = b.s", expected: { rows: [[1]] }, doc: 'r_Character_types.html' },
  { construct: 'IN (subquery) compares strings without their trailing blanks', sql: "SELECT s IN (SELECT 'b' UNION ALL SELECT 'c'), 'a  ' NOT IN (SELECT s FROM conf_nums WHERE id = 1) FROM conf_nums WHERE id = 2", expected: { rows: [[true, false]] }, doc: 'r_Character_types.html' },
  { construct: 'LENGTH counts the trailing blanks of a VARCHAR', sql: "SELECT LENGTH(s), LEN('cat   ') FROM conf_nums WHERE id = 2", expected: { rows: [[2, 6]] }, doc: 'r_LEN.html' },
  // Conversion functions, with Redshift's format strings
  { construct: 'TO_CHAR of a timestamp, with names padded to 9', sql: "SELECT TO_CHAR(TIMESTAMP '2009-12-31 23:15:59', 'MONTH-DY-DD-YYYY HH12:MIPM'), TO_CHAR(TIMESTAMP '2009-12-31 23:15:59', 'DDD'), TO_CHAR(TIMESTAMP '2022-05-16 23:15:59', 'ID')", expected: { rows: [['DECEMBER -THU-31-2009 11:15PM', '365', '1']] }, doc: 'r_FORMAT_strings.html' },
  { construct: 'TO_CHAR: FM, quoted text, Q, D, J, WW, IW, MS, US', sql: "SELECT TO_CHAR(DATE '2022-05-16', 'FMMonth DD, YYYY \"Q\"Q D'), TO_CHAR(TIMESTAMP '2009-12-31 23:15:59.123456', 'J WW IW MS US am')", expected: { rows: [['May 16, 2022 Q2 2', '2455197 53 53 123 123456 pm']] }, doc: 'r_FORMAT_strings.html' },
  { construct: 'TO_CHAR of a number: a blank for the sign, S, PR, groups, zeros, overflow', sql: "SELECT TO_CHAR(125.8, '999.99'), TO_CHAR(-125.8, '999D99S'), TO_CHAR(-125.88, '$999D99PR'), TO_CHAR(1234567, '9,999,999'), TO_CHAR(0.5, '990.99'), TO_CHAR(12345, '999'), TO_CHAR(12.5, 'FM999.99')", expected: { rows: [[' 125.80', '125.80-', '$<125.88>', ' 1,234,567', '   0.50', ' ###', '12.5']] }, doc: 'r_Numeric_formating.html' },
  { construct: 'TO_CHAR with a pattern the local warehouse does not render is refused by name', sql: "SELECT TO_CHAR(125, 'RN')", expected: { error: /TO_CHAR with the pattern RN in a numeric format is not supported by the local warehouse yet/ }, doc: 'r_Numeric_formating.html' },
  { construct: 'TO_DATE, and its overflow unless strict', sql: "SELECT TO_DATE('02 Oct 2001', 'DD Mon YYYY'), TO_DATE('20010631', 'YYYYMMDD', FALSE)", expected: { rows: [['2001-10-02', '2001-07-01']] }, doc: 'r_TO_DATE_function.html' },
  { construct: 'TO_DATE strict refuses a day out of range', sql: "SELECT TO_DATE('20010631', 'YYYYMMDD', TRUE)", expected: { error: /^ERROR: date\/time field date value out of range: 2001-6-31$/ }, doc: 'r_TO_DATE_function.html' },
  { construct: 'TO_TIMESTAMP returns a TIMESTAMPTZ; hour 24 overflows unless strict', sql: "SELECT TO_TIMESTAMP('2017', 'YYYY'), TO_TIMESTAMP('2011-12-18 24:38:15', 'YYYY-MM-DD HH24:MI:SS')", expected: { rows: [['2017-01-01 00:00:00+00', '2011-12-19 00:38:15+00']] }, doc: 'r_TO_TIMESTAMP.html' },
  { construct: 'TO_NUMBER with groups, a trailing sign and FM', sql: "SELECT TO_NUMBER('12,454.8-', 'FM99G999D9S'), TO_NUMBER('12.345', 'FM99D999'), TO_NUMBER('$ 12,454.88', 'FML99G999D99')", expected: { rows: [['-12454.8', '12.345', '12454.88']] }, doc: 'r_TO_NUMBER.html' },
  { construct: 'STRTOL in bases 2 to 36', sql: "SELECT STRTOL('0xf', 16), STRTOL('abcd1234', 16), STRTOL('1234567', 8), STRTOL('110101', 2)", expected: { rows: [[15, 2882343476, 342391, 53]] }, doc: 'r_STRTOL.html' },
  // Conditional and window functions
  { construct: 'DECODE, in which NULL matches NULL', sql: "SELECT DECODE(v, 1, 'one', 2, 'two', 'other'), DECODE(v, NULL, 0, 1) FROM conf_nums ORDER BY id", expected: { rows: [['one', 1], ['two', 1], ['other', 0]] }, doc: 'r_DECODE_expression.html' },
  { construct: 'DECODE without a default is NULL', sql: "SELECT DECODE(id, 9, 'nine') FROM conf_nums WHERE id = 1", expected: { rows: [[null]] }, doc: 'r_DECODE_expression.html' },
  { construct: 'RATIO_TO_REPORT is a DOUBLE PRECISION over the partition', sql: 'SELECT id, RATIO_TO_REPORT(id) OVER () FROM conf_nums ORDER BY id', expected: { rows: [[1, 1 / 6], [2, 2 / 6], [3, 3 / 6]] }, doc: 'r_WF_RATIO_TO_REPORT.html' },
  { construct: 'RATIO_TO_REPORT takes no ORDER BY', sql: 'SELECT RATIO_TO_REPORT(id) OVER (ORDER BY id) FROM conf_nums', expected: { error: /OVER clause of RATIO_TO_REPORT cannot contain a window ordering or frame/ }, doc: 'r_WF_RATIO_TO_REPORT.html' },
  // Dates and times
  { construct: 'TRUNC of a timestamp is a DATE', sql: "SELECT TRUNC(TIMESTAMP '2011-07-21 10:32:38'), TRUNC(111.86)", expected: { rows: [['2011-07-21', '111']] }, doc: 'r_TRUNC_date.html' },
  { construct: 'MONTHS_BETWEEN: whole months on the same day, else a fraction of 31 days', sql: "SELECT MONTHS_BETWEEN('1969-01-18', '1969-03-18'), MONTHS_BETWEEN(DATE '2014-09-30', DATE '2014-08-31'), ROUND(MONTHS_BETWEEN(TIMESTAMP '2008-12-25 15:00', TIMESTAMP '2008-01-21 19:30'), 2)", expected: { rows: [[-2, 1, 11.12]] }, doc: 'r_MONTHS_BETWEEN_function.html' },
  { construct: 'EXTRACT gives the part alone; DATE_PART seconds with their fraction', sql: "SELECT EXTRACT(ms FROM TIMESTAMP '2009-09-09 12:08:43.101'), EXTRACT(sec FROM TIMESTAMP '2009-09-21 11:10:03.189717'), DATE_PART(sec, TIMESTAMP '2009-09-21 11:10:03.189717')", expected: { rows: [[101, 3, 3.189717]] }, doc: 'r_Dateparts_for_datetime_functions.html' },
  // String and JSON functions
  { construct: 'REGEXP_INSTR with position, occurrence, option and parameters', sql: "SELECT REGEXP_INSTR('the fox', 'FOX', 1, 1, 0, 'i'), REGEXP_INSTR('Etiam.laoreet.libero@sodales.com', '@[^.]*'), REGEXP_INSTR('banana', 'an', 1, 2, 1), REGEXP_INSTR('banana', 'x')", expected: { rows: [[5, 21, 6, 0]] }, doc: 'REGEXP_INSTR.html' },
  { construct: 'JSON_EXTRACT_PATH_TEXT with several keys; NULL when the path is missing', sql: 'SELECT JSON_EXTRACT_PATH_TEXT(\'{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}}\', \'f4\', \'f6\'), JSON_EXTRACT_PATH_TEXT(\'{"farm":{"barn":{}}}\', \'farm\', \'barn\', \'color\')', expected: { rows: [['star', null]] }, doc: 'JSON_EXTRACT_PATH_TEXT.html' },
  { construct: 'JSON_EXTRACT_PATH_TEXT: invalid JSON is an error, or NULL with null_if_invalid', sql: 'SELECT JSON_EXTRACT_PATH_TEXT(\'{"f4":{"f6":"star"}\', \'f4\', \'f6\', true)', expected: { rows: [[null]] }, doc: 'JSON_EXTRACT_PATH_TEXT.html' },
  { construct: 'JSON_EXTRACT_PATH_TEXT of invalid JSON fails', sql: 'SELECT JSON_EXTRACT_PATH_TEXT(\'{"f4":{"f6":"star"}\', \'f4\')', expected: { error: /JSON parsing error/ }, doc: 'JSON_EXTRACT_PATH_TEXT.html' },
  // Redshift has these; the local warehouse says so rather than answering otherwise
  ...notYet('DATEDIFF by week (the guide does not say which day starts a week)', 'SELECT DATEDIFF(week, GETDATE(), GETDATE())', 'r_DATEDIFF_function.html'),
  // Functions Redshift has and the local warehouse does not: never "not supported by Amazon Redshift".
  { construct: 'NEXT_DAY: the first such day after the date, by any of its names', sql: "SELECT NEXT_DAY('2014-08-20', 'Tuesday'), NEXT_DAY(TIMESTAMP '2008-01-01 05:54:44', 'Tue'), NEXT_DAY(DATE '2014-08-19', 'tu'), NEXT_DAY(DATE '2014-08-20', 'W')", expected: { rows: [['2014-08-26', '2008-01-08', '2014-08-26', '2014-08-27']] }, doc: 'r_NEXT_DAY.html' },
  ...notYet('AT TIME ZONE', "SELECT TIMESTAMP '2008-06-17 09:44:54' AT TIME ZONE 'PST'", 'r_TIMEZONE.html'),
  ...notYet('PERCENTILE_CONT as a window function', 'SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY v) OVER (PARTITION BY id) FROM conf_nums', 'r_WF_PERCENTILE_CONT.html'),
  ...notYet('QUOTE_IDENT', "SELECT QUOTE_IDENT('MLB')", 'r_QUOTE_IDENT.html'),
  ...notYet('EXTRACT of microseconds, which the guide does not show', "SELECT EXTRACT(microsecond FROM TIMESTAMP '2022-05-02 04:05:06.789')", 'r_EXTRACT_function.html'),
  ...notYet('casts to VARBYTE', "SELECT 'abc'::VARBYTE", 'c_Supported_data_types.html'),
  ...notYet('casts to SUPER', 'SELECT CAST(1 AS SUPER)', 'c_Supported_data_types.html'),
  ...notYet('casts to CHAR(n)', "SELECT CAST('a' AS CHAR(3)), 'a'::character(2)", 'r_Character_types.html'),
  ...notYet('REGEXP_INSTR with Perl (p) parameters', "SELECT REGEXP_INSTR('a1', '(?=a)', 1, 1, 0, 'p')", 'REGEXP_INSTR.html'),
];

/** A row for a construct Redshift does not have. */
function refused(construct: string, sql: string, error: RegExp): Row[] {
  return [{ construct: `${construct}: refused, as Redshift has none`, sql, expected: { error }, doc: 'c_redshift-and-postgres-sql.html' }];
}

/** A row for a construct Redshift has and the local warehouse does not run yet. */
function notYet(construct: string, sql: string, doc: string): Row[] {
  return [{ construct: `${construct}: refused by the local warehouse, naming Redshift's page`, sql, expected: { error: new RegExp(`not supported by the local warehouse yet\\b.*${doc.replace('.', '\\.')}`) }, doc }];
}

describe('conformance with Amazon Redshift', () => {
  it.each(CONFORMANCE.map((r) => [r.construct, r] as const))('%s', async (_, row) => {
    expect(row.doc).toMatch(/^[a-zA-Z_0-9-]+\.html$/);
    const d = await h.run(row.sql);
    if ('error' in row.expected) {
      expect(d.Status, `${row.sql} should fail`).toBe('FAILED');
      expect(d.Error).toMatch(row.expected.error);
    } else {
      expect(d.Status, d.Error).toBe('FINISHED');
      expect(await h.query(row.sql)).toEqual(row.expected.rows);
    }
  });
});

describe('UPDATE and DELETE with Redshift\'s meaning (r_UPDATE.html, r_DELETE.html)', () => {
  it('UPDATE ... FROM and DELETE ... USING compare strings without their trailing blanks', async () => {
    await h.ok('CREATE TABLE dml_users (id INT, level VARCHAR(10))');
    await h.ok("INSERT INTO dml_users VALUES (1, 'free'), (2, 'paid')");
    await h.ok("UPDATE dml_users SET level = latest.level FROM (SELECT 1 AS id, 'paid ' AS level UNION ALL SELECT 2, 'paid  ') latest WHERE dml_users.id = latest.id AND dml_users.level <> latest.level");
    expect(await h.query('SELECT id, level FROM dml_users ORDER BY id')).toEqual([[1, 'paid '], [2, 'paid']]);
    await h.ok("DELETE FROM dml_users USING (SELECT 'paid' AS level) gone WHERE dml_users.level = gone.level");
    expect(await h.query('SELECT count(*) FROM dml_users')).toEqual([[0]]);
  });

  it('reshaped expressions take effect: LIKE escapes with backslash, a cast to VARCHAR(n) truncates', async () => {
    await h.ok('CREATE TABLE dml_t (id INT, s VARCHAR(10))');
    await h.ok("INSERT INTO dml_t VALUES (1, 'x_y'), (2, 'xay')");
    await h.ok("UPDATE dml_t SET s = CAST('abcdef' AS VARCHAR(3)) WHERE s LIKE 'x\\\\_y'");
    expect(await h.query('SELECT id, s FROM dml_t ORDER BY id')).toEqual([[1, 'abc'], [2, 'xay']]);
    await h.ok("DELETE FROM dml_t WHERE s LIKE 'x\\\\_y' OR s = 'abc'");
    expect(await h.query('SELECT id FROM dml_t')).toEqual([[2]]);
  });
});

describe('DDL as Redshift runs it', () => {
  it('CREATE TABLE (LIKE parent) keeps columns, types, NOT NULL and byte limits, not IDENTITY or defaults (r_CREATE_TABLE_NEW.html)', async () => {
    await h.ok("CREATE TABLE like_parent (id BIGINT IDENTITY(0, 1) NOT NULL, s VARCHAR(3) NOT NULL, n INT DEFAULT 7) DISTKEY(id) SORTKEY(id)");
    await h.ok('CREATE TABLE like_child (LIKE like_parent)');
    expect(await h.query("SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'like_child' ORDER BY ordinal_position")).toEqual([
      ['id', 'BIGINT', 'NO', null], ['s', 'VARCHAR', 'NO', null], ['n', 'INTEGER', 'YES', null],
    ]);
    expect((await h.run("INSERT INTO like_child VALUES (1, 'abcd', 1)")).Error).toMatch(/CHECK|value too long/);
    expect((await h.run("INSERT INTO like_child (s) VALUES ('ab')")).Error).toMatch(/NOT NULL/);
  });

  it('CREATE TABLE (LIKE parent INCLUDING DEFAULTS) keeps defaults', async () => {
    await h.ok('CREATE TABLE like_defaults_parent (n INT DEFAULT 7, s VARCHAR(4))');
    await h.ok('CREATE TABLE like_defaults (LIKE like_defaults_parent INCLUDING DEFAULTS)');
    await h.ok("INSERT INTO like_defaults (s) VALUES ('x')");
    expect(await h.query('SELECT n, s FROM like_defaults')).toEqual([[7, 'x']]);
  });

  it('CREATE TABLE ... AS keeps the byte limits of the columns it copies and of casts to VARCHAR(n) (r_CREATE_TABLE_AS.html)', async () => {
    await h.ok("CREATE TABLE ctas_src (id INT, name VARCHAR(5), note VARCHAR(100))");
    await h.ok("INSERT INTO ctas_src VALUES (1, 'abc', 'x')");
    await h.ok('CREATE TABLE ctas_copy AS SELECT s.id, s.name AS nm, CAST(note AS VARCHAR(10)) AS note10 FROM ctas_src s');
    expect(await h.query("SELECT \"column\", type FROM pg_table_def WHERE tablename = 'ctas_copy'")).toEqual([
      ['id', 'integer'], ['nm', 'character varying(5)'], ['note10', 'character varying(10)'],
    ]);
    expect(await h.query('SELECT id, nm, note10 FROM ctas_copy')).toEqual([[1, 'abc', 'x']]);
    expect((await h.run("INSERT INTO ctas_copy VALUES (2, 'abcdef', 'x')")).Error).toBe('ERROR: value too long for type character varying(5)');
  });

  it('ALTER TABLE ... ADD COLUMN of a VARCHAR(n) keeps its limit, its default fills the rows there are (r_ALTER_TABLE.html)', async () => {
    await h.ok("CREATE TABLE add_col (id INT IDENTITY(1, 1), name VARCHAR(5) NOT NULL) DISTKEY(name)");
    await h.ok("INSERT INTO add_col (name) VALUES ('abc')");
    await h.ok("ALTER TABLE add_col ADD COLUMN code VARCHAR(3) DEFAULT 'zz'");
    expect(await h.query('SELECT id, name, code FROM add_col')).toEqual([[1, 'abc', 'zz']]);
    expect((await h.run("INSERT INTO add_col (name, code) VALUES ('b', 'abcd')")).Error).toBe('ERROR: value too long for type character varying(3)');
    await h.ok("INSERT INTO add_col (name) VALUES ('b')");
    expect(await h.query('SELECT name, code FROM add_col ORDER BY id')).toEqual([['abc', 'zz'], ['b', 'zz']]);
    expect(await h.query("SELECT \"column\", distkey FROM pg_table_def WHERE tablename = 'add_col' AND distkey")).toEqual([['name', true]]);
  });

  it('CHAR(n) holds values of n bytes; one Redshift would pad is refused, never stored otherwise (r_Character_types.html)', async () => {
    await h.ok('CREATE TABLE conf_char (g CHAR(1), code CHARACTER(3))');
    await h.ok("INSERT INTO conf_char VALUES ('F', 'abc'), (NULL, 'xyz')");
    expect(await h.query("SELECT g, code, LENGTH(code), code = 'abc  ' FROM conf_char ORDER BY code")).toEqual([['F', 'abc', 3, true], [null, 'xyz', 3, false]]);
    expect(await h.query("SELECT \"column\", type FROM pg_table_def WHERE tablename = 'conf_char'")).toEqual([['g', 'character(1)'], ['code', 'character(3)']]);
    expect((await h.run("INSERT INTO conf_char VALUES ('M', 'ab')")).Error).toMatch(/^ERROR: value for code does not fit character\(3\) here: .* Redshift pads with blanks, which the local warehouse does not \(use VARCHAR\(3\)\)$/);
    expect((await h.run("INSERT INTO conf_char VALUES ('MM', 'abc')")).Error).toMatch(/does not fit character\(1\)/);
  });

  it('ALTER TABLE ... RENAME TO (r_ALTER_TABLE.html)', async () => {
    await h.ok('CREATE TABLE rename_me (a INT)');
    await h.ok('ALTER TABLE rename_me RENAME TO renamed');
    expect(await h.query('SELECT count(*) FROM renamed')).toEqual([[0]]);
  });

  it('SELECT ... INTO makes a table (r_SELECT_INTO.html)', async () => {
    await h.ok('SELECT id, v INTO select_into FROM conf_nums WHERE id < 3');
    expect(await h.query('SELECT id, v FROM select_into ORDER BY id')).toEqual([[1, 1], [2, 2]]);
  });

  it('DROP TABLE a, b drops both, or neither when one is missing (r_DROP_TABLE.html)', async () => {
    await h.ok('CREATE TABLE drop_a (x INT)');
    await h.ok('CREATE TABLE drop_b (x INT)');
    expect((await h.run('DROP TABLE drop_a, drop_missing')).Status).toBe('FAILED');
    expect(await h.query('SELECT count(*) FROM drop_a')).toEqual([[0]]);
    await h.ok('DROP TABLE drop_a, drop_b');
    expect(await h.query("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('drop_a', 'drop_b')")).toEqual([[0]]);
  });
});

describe('result column names, as Redshift gives them (r_SELECT_list.html)', () => {
  it('a function is named after it, an expression ?column?, an alias or a column in lower case unless quoted', async () => {
    const d = await h.ok('SELECT count(*), max(id), 1 + 2, id AS MyAlias, id AS "KeepCase", ID, AVG(v), (SELECT max(id) FROM conf_nums), CAST(1 AS INT), CASE WHEN id = 1 THEN 1 END FROM conf_nums GROUP BY id');
    const out = await h.client.send(new GetStatementResultCommand({ Id: d.Id! }));
    expect(out.ColumnMetadata!.map((c) => c.name)).toEqual(['count', 'max', '?column?', 'myalias', 'KeepCase', 'id', 'avg', 'max', 'int4', 'case']);
  });

  it('DATE_PART gives a DOUBLE PRECISION named pgdate_part (r_DATE_PART_function.html); EXTRACT an integer', async () => {
    const d = await h.ok("SELECT DATE_PART(minute, TIMESTAMP '2023-01-04 04:05:06'), EXTRACT(minute FROM TIMESTAMP '2023-01-04 04:05:06')");
    const out = await h.client.send(new GetStatementResultCommand({ Id: d.Id! }));
    expect(out.ColumnMetadata!.map((c) => [c.name, c.typeName])).toEqual([['pgdate_part', 'float8'], ['date_part', 'int4']]);
    expect(out.Records).toEqual([[{ doubleValue: 5 }, { longValue: 5 }]]);
  });

  it('CREATE TABLE ... AS keeps those names for its columns', async () => {
    await h.ok('CREATE TABLE conf_ctas AS SELECT count(*), AVG(v) AS Mean FROM conf_nums');
    expect(await h.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'conf_ctas' ORDER BY ordinal_position")).toEqual([['count'], ['mean']]);
  });
});

describe('values on the wire', () => {
  it('a BIGINT beyond 2^53 reaches the client with every digit (r_Numeric_types201.html)', async () => {
    const id = await h.submit('SELECT CAST(9007199254740993 AS BIGINT) AS big');
    await h.wait(id);
    const res = await rawRequest(h.ep.url, dataApiRequest('GetStatementResult', { Id: id }, { credentials: h.ep.credentials }));
    expect(res.text).toContain('{"longValue":9007199254740993}');
  });

  it.each([
    ['a list', 'SELECT l FROM conf_lists', /column "l" is of type INTEGER\[\], which Amazon Redshift does not return/],
    ['an interval', "SELECT INTERVAL '1 day' AS i", /column "i" is of type INTERVAL.*does not return intervals yet/],
  ])('%s is never returned as some text: the statement fails naming the column', async (_, sql, message) => {
    const d = await h.run(sql);
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(message);
  });
});

