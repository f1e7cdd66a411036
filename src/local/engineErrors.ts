// The engine's errors in Redshift's words: "ERROR: ..." and the first paragraph only, with the
// messages whose wording differs (division by zero, a missing relation or column, a byte limit,
// the sandbox's refusal) said as Redshift says them.

/** The engine's words for a column no relation of the FROM clause has. */
const MISSING_COLUMN = /^Binder Error: Referenced column "([^"]+)" not found in FROM clause!/;

/**
 * A missing column of a query that reads one relation, named with it as Redshift names it: 'column
 * "crop" does not exist in events' (the engine's message does not say where it looked).
 */
export function missingColumnIn(error: unknown, relation: string | undefined): unknown {
  const missing = relation === undefined || !(error instanceof Error) ? undefined : MISSING_COLUMN.exec(error.message);
  return missing ? new Error(`column "${missing[1]!.toLowerCase()}" does not exist in ${relation}`) : error;
}

/** The engine's message, first paragraph only, in Redshift's "ERROR: ..." form. */
export function engineMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let first = text.split(/\n\s*\n/)[0]!.replace(/\s*\n\s*/g, ' ').trim();
  // The sandbox's refusal (sandbox.ts), said in the warehouse's words.
  const denied = /^Permission Error: (.*?)(?: - file system operations are disabled by configuration)?$/.exec(first);
  if (denied) first = `the local warehouse reads and writes no files but its own and the S3 mirror's, through COPY: ${denied[1]}`;
  // Errors the Redshift functions raise (engineMacros.ts), such as division by zero, as Redshift words them.
  first = first.replace(/^Invalid Input Error: /, '');
  // A VARCHAR(n) byte limit (kept as a CHECK), as Redshift words it.
  first = first.replace(/^Constraint Error: CHECK constraint failed on table \S+ with expression CHECK\(\(strlen\(.*\) <= (\d+)\)\)$/, 'value too long for type character varying($1)');
  first = first.replace(/^Constraint Error: CHECK constraint failed on table \S+ with expression CHECK\(\(\(strlen\((.*?)\) = (\d+)\) AND .*$/, (_, column: string, n: string) =>
    `value for ${column} does not fit character(${n}) here: longer fails on Redshift too; shorter, or ending in a blank, Redshift pads with blanks, which the local warehouse does not (use VARCHAR(${n}))`);
  // A missing table, as Redshift names it (the engine would suggest one of its own catalog's).
  first = first.replace(/^Catalog Error: Table with name (\S+) does not exist!.*$/, (_, name: string) => `relation "${name.toLowerCase()}" does not exist`);
  // A missing column, as Redshift begins its message (it folds names to lower case; unqualified,
  // it goes on to name the relation, missingColumnIn, when the query reads one).
  const missing = MISSING_COLUMN.exec(first);
  if (missing) first = `column "${missing[1]!.toLowerCase()}" does not exist`;
  first = first.replace(/^Binder Error: Table "([^"]+)" does not have a column named "([^"]+)".*$/, (_, table: string, name: string) => `column ${table.toLowerCase()}.${name.toLowerCase()} does not exist`);
  first = first.replace(/^Binder Error: Referenced table "([^"]+)" not found!.*$/, (_, table: string) => `missing FROM-clause entry for table "${table.toLowerCase()}"`);
  // A date or timestamp the engine cannot read: Redshift's words, and what the local warehouse
  // reads. Redshift's other forms (r_Date_and_time_literals.html) it reads in a literal only.
  first = first.replace(/^Conversion Error: invalid (date|timestamp) field format: "(.*)", expected format is .*$/, (_, type: string, value: string) =>
    `invalid input syntax for type ${type}: "${value}" (the local warehouse reads ${type === 'date' ? 'dates as YYYY-MM-DD' : 'timestamps as YYYY-MM-DD HH:MM:SS[.ffffff]'}; Amazon Redshift's other forms, such as ${type === 'date' ? "'1/8/1999' or 'January 8, 1999'" : "'20080215 04:05:06' or 'January 8, 1999 04:05'"}, only in a literal: ${type.toUpperCase()} '${value}')`);
  first = first.replace(/^Conversion Error: (?:date|timestamp) field value out of range: "(.*)"$/, (_, value: string) => `date/time field value out of range: "${value}"`);
  first = first.replace(/^Binder Error: Ambiguous reference to column name "([^"]+)".*$/, (_, name: string) => `column reference "${name.toLowerCase()}" is ambiguous`);
  // Redshift names the column with its relation ("ar1.stratum_1"), where the query did.
  first = first.replace(/^Binder Error: column "([^"]+)" must appear in the GROUP BY clause or must be part of an aggregate function\..*$/, (_, name: string) =>
    `column "${name.toLowerCase()}" must appear in the GROUP BY clause or be used in an aggregate function`);
  return first.startsWith('ERROR:') ? first : `ERROR: ${first}`;
}
