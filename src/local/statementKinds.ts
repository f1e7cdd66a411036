// Which statements the local warehouse runs, by their leading words, read against the Redshift
// Database Developer Guide's list of SQL commands (c_SQL_commands.html). Three answers:
// - run: Redshift has it and the local warehouse runs it with Redshift's meaning;
// - local: Redshift has it, the local warehouse does not (yet): refused, saying so;
// - foreign: Redshift has no such statement (DuckDB's own, or another dialect's): refused, naming
//   the Redshift way where there is one.
// Anything not listed is foreign. The engine's sandbox (sandbox.ts) refuses file, extension and
// settings statements again, in case a rewrite lets one through.

import { UnsupportedSql } from './unsupported.js';
import type { Token } from './sqlTokens.js';

type Verdict =
  | { kind: 'run'; doc: string }
  | { kind: 'local'; doc: string; hint?: string }
  | { kind: 'foreign'; hint?: string };

const DOCS = 'https://docs.aws.amazon.com/redshift/latest/dg/';

const run = (page: string): Verdict => ({ kind: 'run', doc: DOCS + page });
const local = (page: string, hint?: string): Verdict => ({ kind: 'local', doc: DOCS + page, hint });
const foreign = (hint?: string): Verdict => ({ kind: 'foreign', hint });

/**
 * One row per statement kind, keyed by its leading words. The longest key that matches wins, so
 * `CREATE TABLE` and `CREATE MACRO` are decided apart from `CREATE`.
 */
export const STATEMENT_KINDS: Readonly<Record<string, Verdict>> = {
  // Queries and DML
  SELECT: run('r_SELECT_synopsis.html'),
  '(': run('r_SELECT_synopsis.html'),
  WITH: run('r_WITH_clause.html'),
  INSERT: run('r_INSERT_30.html'),
  UPDATE: run('r_UPDATE.html'),
  DELETE: run('r_DELETE.html'),
  COPY: run('r_COPY.html'),
  TRUNCATE: run('r_TRUNCATE.html'),
  MERGE: local('r_MERGE.html', 'use UPDATE and INSERT'),
  UNLOAD: local('r_UNLOAD.html', 'it has no S3 to write to'),
  // Transactions
  BEGIN: run('r_BEGIN.html'),
  'START TRANSACTION': run('r_START_TRANSACTION.html'),
  COMMIT: run('r_COMMIT.html'),
  END: run('r_END.html'),
  ROLLBACK: run('r_ROLLBACK.html'),
  ABORT: run('r_ABORT.html'),
  LOCK: local('r_LOCK.html'),
  // Tables, views, schemas
  'CREATE TABLE': run('r_CREATE_TABLE_NEW.html'),
  'CREATE VIEW': run('r_CREATE_VIEW.html'),
  'CREATE OR REPLACE VIEW': run('r_CREATE_VIEW.html'),
  'CREATE SCHEMA': run('r_CREATE_SCHEMA.html'),
  'ALTER TABLE': run('r_ALTER_TABLE.html'),
  'DROP TABLE': run('r_DROP_TABLE.html'),
  'DROP VIEW': run('r_DROP_VIEW.html'),
  'DROP SCHEMA': run('r_DROP_SCHEMA.html'),
  'CREATE OR REPLACE TABLE': foreign('use DROP TABLE IF EXISTS, then CREATE TABLE'),
  'CREATE MATERIALIZED VIEW': local('materialized-view-create-sql-command.html', 'use CREATE VIEW or CREATE TABLE ... AS'),
  'CREATE EXTERNAL': local('r_CREATE_EXTERNAL_TABLE.html', 'Redshift Spectrum has no local counterpart'),
  'CREATE OR REPLACE FUNCTION': local('r_CREATE_FUNCTION.html'),
  'CREATE OR REPLACE PROCEDURE': local('r_CREATE_PROCEDURE.html'),
  'CREATE DATABASE': local('r_CREATE_DATABASE.html', 'the local warehouse has one database, dev'),
  ...localKinds('CREATE', ['LIBRARY', 'FUNCTION', 'PROCEDURE', 'USER', 'GROUP', 'ROLE', 'MODEL', 'DATASHARE', 'MASKING POLICY', 'RLS POLICY', 'IDENTITY PROVIDER', 'TEMPLATE']),
  ...localKinds('ALTER', [
    'DATABASE', 'DATASHARE', 'DEFAULT PRIVILEGES', 'EXTERNAL SCHEMA', 'EXTERNAL VIEW', 'FUNCTION', 'GROUP', 'IDENTITY PROVIDER',
    'MASKING POLICY', 'MATERIALIZED VIEW', 'RLS POLICY', 'ROLE', 'PROCEDURE', 'SCHEMA', 'SYSTEM', 'TEMPLATE', 'USER',
  ]),
  ...localKinds('DROP', [
    'DATABASE', 'DATASHARE', 'EXTERNAL VIEW', 'FUNCTION', 'GROUP', 'IDENTITY PROVIDER', 'LIBRARY', 'MASKING POLICY', 'MODEL',
    'MATERIALIZED VIEW', 'PROCEDURE', 'RLS POLICY', 'ROLE', 'TEMPLATE', 'USER',
  ]),
  'CREATE MACRO': foreign('Redshift has user-defined functions: CREATE FUNCTION'),
  'CREATE SEQUENCE': foreign('use an IDENTITY column'),
  'CREATE INDEX': foreign('Redshift has no indexes: choose a SORTKEY and DISTKEY'),
  'CREATE TYPE': foreign(),
  'CREATE SECRET': foreign(),
  'DROP MACRO': foreign(),
  'DROP SEQUENCE': foreign(),
  'DROP INDEX': foreign(),
  'DROP TYPE': foreign(),
  'DROP SECRET': foreign(),
  // Access control and administration
  GRANT: local('r_GRANT.html'),
  REVOKE: local('r_REVOKE.html'),
  'ATTACH MASKING POLICY': local('r_ATTACH_MASKING_POLICY.html'),
  'ATTACH RLS POLICY': local('r_ATTACH_RLS_POLICY.html'),
  'DETACH MASKING POLICY': local('r_DETACH_MASKING_POLICY.html'),
  'DETACH RLS POLICY': local('r_DETACH_RLS_POLICY.html'),
  CANCEL: local('r_CANCEL.html', 'cancel a statement with the Data API: CancelStatement'),
  COMMENT: local('r_COMMENT.html'),
  ANALYZE: local('r_ANALYZE.html'),
  VACUUM: local('r_VACUUM_command.html'),
  REFRESH: local('r_REFRESH_MATERIALIZED_VIEW.html'),
  USE: local('r_USE_command.html', 'the local warehouse has one database, dev'),
  // Session state, cursors, prepared statements, procedures
  SET: local('r_SET.html'),
  RESET: local('r_RESET.html'),
  SHOW: local('r_SHOW.html'),
  'SHOW TABLES': run('r_SHOW_TABLES.html'),
  EXPLAIN: local('r_EXPLAIN.html', "the engine's plans are not Redshift's"),
  CALL: local('r_CALL_procedure.html'),
  PREPARE: local('r_PREPARE.html', 'send Parameters with ExecuteStatement'),
  EXECUTE: local('r_EXECUTE.html', 'send Parameters with ExecuteStatement'),
  DEALLOCATE: local('r_DEALLOCATE.html'),
  DECLARE: local('declare.html'),
  FETCH: local('fetch.html'),
  CLOSE: local('close.html'),
  DESC: local('c_SQL_commands.html'),
  // DuckDB's own statements, which reach files, extensions and settings
  ATTACH: foreign(),
  DETACH: foreign(),
  EXPORT: foreign('write files to S3 with UNLOAD'),
  IMPORT: foreign('load files from S3 with COPY'),
  INSTALL: foreign(),
  LOAD: foreign(),
  FORCE: foreign(),
  PRAGMA: foreign(),
  CHECKPOINT: foreign(),
  SUMMARIZE: foreign(),
  DESCRIBE: foreign('query pg_table_def or svv_columns'),
  PIVOT: foreign('use CASE expressions, or PIVOT inside a SELECT ... FROM clause'),
  UNPIVOT: foreign(),
  FROM: foreign('a query starts with SELECT or WITH'),
  VALUES: foreign('use SELECT, or INSERT ... VALUES'),
};

/** Redshift statements the local warehouse does not run, each with its page (r_ALTER_USER.html). */
function localKinds(verb: string, objects: string[]): Record<string, Verdict> {
  return Object.fromEntries(objects.map((o) => [`${verb} ${o}`, local(`r_${verb}_${o.replaceAll(' ', '_')}.html`)]));
}

const LONGEST_KEY = Math.max(...Object.keys(STATEMENT_KINDS).map((k) => k.split(' ').length));

/** Words between CREATE and the kind of object that do not change the kind: CREATE TEMP TABLE is a CREATE TABLE. */
const CREATE_MODIFIERS = new Set(['TEMP', 'TEMPORARY', 'LOCAL', 'PERSISTENT', 'UNIQUE']);

/** The statement's kind (its matching key); throws UnsupportedSql unless the local warehouse runs it. */
export function checkStatementKind(words: Token[]): string {
  const leading = words.slice(0, LONGEST_KEY + 3).map((t) => (t.kind === 'word' ? t.text.toUpperCase() : t.text));
  const key = leading[0] === 'CREATE' ? leading.filter((w, i) => i === 0 || !CREATE_MODIFIERS.has(w)) : leading;
  const orReplace = key[1] === 'OR' && key[2] === 'REPLACE';
  const found = longestMatch(key) ?? (orReplace ? longestMatch(['CREATE', ...key.slice(3)]) : undefined);
  if (!found) {
    // CREATE, ALTER and DROP name the object they act on.
    const name = ['CREATE', 'ALTER', 'DROP'].includes(key[0]!) ? key.slice(0, orReplace ? 4 : 2).join(' ') : key[0];
    throw new UnsupportedSql(`${name ?? 'an empty statement'} is not supported by Amazon Redshift`);
  }
  let [name, verdict] = found;
  // CREATE OR REPLACE of a kind without a listed OR REPLACE form (a table, a sequence): Redshift has none.
  if (orReplace && !name.startsWith('CREATE OR REPLACE') && verdict.kind !== 'local') {
    [name, verdict] = [name.replace('CREATE', 'CREATE OR REPLACE'), foreign(verdict.kind === 'foreign' ? verdict.hint : undefined)];
  }
  if (verdict.kind === 'run') return name;
  throw refusal(name, verdict);
}

function longestMatch(words: string[]): [string, Verdict] | undefined {
  for (let n = Math.min(words.length, LONGEST_KEY); n >= 1; n--) {
    const key = words.slice(0, n).join(' ');
    const verdict = STATEMENT_KINDS[key];
    if (verdict) return [key, verdict];
  }
  return undefined;
}

function refusal(key: string, verdict: Exclude<Verdict, { kind: 'run' }>): UnsupportedSql {
  const hint = verdict.hint ? `: ${verdict.hint}` : '';
  if (verdict.kind === 'foreign') return new UnsupportedSql(`${key} is not supported by Amazon Redshift${hint}`);
  return new UnsupportedSql(`${key} is not supported by the local warehouse${hint} (Redshift: ${verdict.doc})`);
}
