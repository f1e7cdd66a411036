// The Redshift Data API operations: input checked field by field, outputs in the official shapes
// (PascalCase, timestamps as epoch seconds). Input fields are read with dataApiInput.ts.

export { ApiError, type Operation };

import { ApiError, optionalInteger, optionalString, pageOffset, pageToken, requiredString, validation, type Input, type Operation } from './dataApiInput.js';
import { JsonText, stringifyExact } from './exactJson.js';
import { recordsOf, type Field } from './resultSet.js';
import { splitStatements, tokenize } from './sqlTokens.js';
import { NotFound, SessionUnavailable, STATUSES, TooManyActive, type Statement, type StatementStore, type Submission, type StatementTarget } from './statementStore.js';


const MAX_SQL_BYTES = 100 * 1024;
const MAX_BATCH = 40;
const MAX_WAIT_SECONDS = 30;
// Redshift does not document how it pages a result. A page here holds at most 1 MB of records (and
// 10,000 of them), so a client holds little of a large result at once, whatever its rows' width.
const PAGE_RECORDS = 10_000;
const PAGE_BYTES = 1024 * 1024;
const STATEMENT_ID = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$/;

export function dataApi(store: StatementStore): Record<string, Operation> {
  const find = (id: string): Statement => {
    try {
      return store.get(id);
    } catch (error) {
      if (error instanceof NotFound) throw new ApiError('ResourceNotFoundException', error.message, 400, { ResourceId: id });
      throw error;
    }
  };

  /** One page of a finished statement's result, in the format it was submitted for. */
  const resultPage = async (input: Input, signal: AbortSignal, format: 'JSON' | 'CSV') => {
    const statement = find(statementId(input));
    if (statement.subStatements.length > 0) {
      throw validation(`${statement.id} is a batch: ask for the result of one sub-statement, such as ${statement.id}:1`);
    }
    const submitted = statement.submission.resultFormat ?? 'JSON';
    if (submitted !== format) {
      throw validation(`Statement ${statement.id} was run with ResultFormat ${submitted}: ask ${submitted === 'CSV' ? 'GetStatementResultV2' : 'GetStatementResult'} for it`);
    }
    await store.waitFor(statement, waitMs(input), signal);
    if (statement.status !== 'FINISHED') {
      throw validation(`Statement ${statement.id} is ${statement.status}: results are available once it is FINISHED`);
    }
    if (statement.resultDropped) throw new ApiError('ResourceNotFoundException', statement.resultDropped, 400, { ResourceId: statement.id });
    if (!statement.result) {
      throw new ApiError('ResourceNotFoundException', 'Query does not have result. Please check query status with DescribeStatement.', 400, { ResourceId: statement.id });
    }
    const from = pageOffset(input.NextToken);
    const to = statement.result.records.pageEnd(from, PAGE_RECORDS, PAGE_BYTES);
    const next = to < statement.result.records.count ? pageToken(to) : undefined;
    return { result: statement.result, from, to, next };
  };

  return {
    async ExecuteStatement(input, signal) {
      const sql = sqlText(input, 'Sql');
      const parameters = parameterList(input);
      if (parameters) checkParameters(sql, parameters);
      const submission = submissionOf(input, [sql], false);
      const statement = submit(store, { ...submission, parameters });
      await store.waitFor(statement, waitMs(input), signal);
      return submitted(store, statement);
    },

    async BatchExecuteStatement(input, signal) {
      const sqls = input.Sqls;
      if (!Array.isArray(sqls) || sqls.length === 0 || sqls.length > MAX_BATCH) {
        throw validation(`Sqls must be a list of 1 to ${MAX_BATCH} SQL statements`);
      }
      sqls.forEach((_, i) => sqlText(sqls as unknown as Input, String(i), `Sqls[${i}]`));
      const submission = submissionOf(input, sqls as string[], true);
      const statement = submit(store, submission);
      await store.waitFor(statement, waitMs(input), signal);
      return submitted(store, statement);
    },

    async DescribeStatement(input, signal) {
      const statement = find(statementId(input));
      statement.describeCalls++;
      await store.waitFor(statement, waitMs(input), signal);
      return {
        ...describe(statement),
        ...targetOutput(store.targetOf(statement)),
        SessionId: statement.sessionId,
        ResultFormat: statement.submission.resultFormat,
        RedshiftPid: statement.pid ?? 0,
        QueryParameters: statement.submission.parameters,
        SubStatements: statement.subStatements.length > 0 ? statement.subStatements.map(describe) : undefined,
      };
    },

    async GetStatementResult(input, signal) {
      const { result, from, to, next } = await resultPage(input, signal, 'JSON');
      // The records go out as the text they are kept in; the rest of the page is written here.
      const rest = stringifyExact({ ColumnMetadata: result.columns, TotalNumRows: result.records.count, NextToken: next });
      return new JsonText(['{"Records":[', ...result.records.text(from, to), `],${rest.slice(1)}`]);
    },

    async GetStatementResultV2(input, signal) {
      const { result, from, to, next } = await resultPage(input, signal, 'CSV');
      // As the Management Guide shows it (data-api-calling-cli-get-statement-result.html): the
      // column names first, rows ending in CRLF, in chunks of up to 1 MB.
      const rows = recordsOf(result, from, to).map((record) => csvRow(record.map(csvField)));
      if (from === 0) rows.unshift(csvRow(result.columns.map((c) => csvText(c.name))));
      return {
        Records: csvChunks(rows).map((text) => ({ CSVRecords: text })),
        ColumnMetadata: result.columns,
        TotalNumRows: result.records.count,
        ResultFormat: 'CSV',
        NextToken: next,
      };
    },

    async CancelStatement(input) {
      const statement = find(statementId(input));
      if (!store.cancel(statement)) {
        throw validation(`Could not cancel a query that is already in ${statement.status} state.`);
      }
      return { Status: true };
    },

    async ListStatements(input) {
      const status = optionalString(input, 'Status') ?? 'ALL';
      if (status !== 'ALL' && !(STATUSES as readonly string[]).includes(status)) {
        throw validation(`Status must be one of ALL, ${STATUSES.join(', ')}`);
      }
      const max = optionalInteger(input, 'MaxResults', 0, 100) || 100;
      const name = optionalString(input, 'StatementName');
      const database = optionalString(input, 'Database');
      const cluster = optionalString(input, 'ClusterIdentifier');
      const workgroup = optionalString(input, 'WorkgroupName');
      const matching = store.list().filter(
        (s) =>
          (status === 'ALL' || s.status === status) &&
          (name === undefined || (s.submission.statementName ?? '').startsWith(name)) &&
          (database === undefined || s.submission.target.database === database) &&
          (cluster === undefined || s.submission.target.clusterIdentifier === cluster) &&
          (workgroup === undefined || s.submission.target.workgroupName === workgroup),
      );
      const offset = pageOffset(input.NextToken);
      const next = offset + max < matching.length ? offset + max : undefined;
      return {
        Statements: matching.slice(offset, offset + max).map((s) => ({
          Id: s.id,
          Status: s.status,
          CreatedAt: epoch(s.createdAt),
          UpdatedAt: epoch(s.updatedAt),
          StatementName: s.submission.statementName,
          IsBatchStatement: s.subStatements.length > 0,
          QueryString: s.sql,
          QueryStrings: s.subStatements.length > 0 ? s.subStatements.map((sub) => sub.sql) : undefined,
          QueryParameters: s.submission.parameters,
          SecretArn: s.submission.target.secretArn,
        })),
        NextToken: next === undefined ? undefined : pageToken(next),
      };
    },
  };
}

function submit(store: StatementStore, submission: Submission): Statement {
  try {
    return store.submit(submission);
  } catch (error) {
    if (error instanceof TooManyActive) throw new ApiError('ActiveStatementsExceededException', error.message);
    if (error instanceof SessionUnavailable) throw validation(error.message);
    throw error;
  }
}

/** What Execute and BatchExecute answer: the statement, its target and its session. */
function submitted(store: StatementStore, statement: Statement): Record<string, unknown> {
  return { Id: statement.id, CreatedAt: epoch(statement.createdAt), ...targetOutput(store.targetOf(statement)), SessionId: statement.sessionId };
}

/**
 * One value of a CSV record. How Redshift writes NULL and quotes is not documented: here RFC 4180,
 * quoted when it holds a comma, a quote or a line break, NULL empty.
 */
function csvField(field: Field): string {
  if ('isNull' in field) return '';
  return csvText('stringValue' in field ? field.stringValue : 'blobValue' in field ? field.blobValue : String(Object.values(field)[0]));
}

function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvRow(values: string[]): string {
  return `${values.join(',')}\r\n`;
}

const CSV_CHUNK_BYTES = 1024 * 1024;

/** Whole rows, joined into chunks of at most 1 MB (a row is at most 64 KB, so each fits). */
function csvChunks(rows: string[]): string[] {
  const chunks: string[] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(row);
    if (bytes + size > CSV_CHUNK_BYTES && chunk.length > 0) {
      chunks.push(chunk.join(''));
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk.join(''));
  return chunks;
}

function describe(s: Statement): Record<string, unknown> {
  return {
    Id: s.id,
    Status: s.status,
    QueryString: s.sql,
    CreatedAt: epoch(s.createdAt),
    UpdatedAt: epoch(s.updatedAt),
    Duration: s.durationNs,
    Error: s.error,
    HasResultSet: s.result !== undefined || s.resultDropped !== undefined,
    ResultRows: s.resultRows,
    ResultSize: s.resultSize,
    RedshiftQueryId: s.queryId ?? 0,
  };
}

const MAX_KEEP_ALIVE_SECONDS = 24 * 60 * 60;

function submissionOf(input: Input, sqls: string[], batch: boolean): Submission {
  const sessionId = optionalString(input, 'SessionId');
  const keepAliveSeconds = optionalInteger(input, 'SessionKeepAliveSeconds', 0, MAX_KEEP_ALIVE_SECONDS);
  if (sessionId !== undefined && !STATEMENT_ID.test(sessionId)) throw validation(`SessionId '${sessionId}' is not a session id (a UUID)`);
  const resultFormat = optionalString(input, 'ResultFormat') ?? 'JSON';
  if (resultFormat !== 'JSON' && resultFormat !== 'CSV') throw validation('ResultFormat must be JSON or CSV');
  const mode = optionalString(input, 'ExecutionMode') ?? 'TRANSACTION';
  if (mode !== 'TRANSACTION' && mode !== 'AUTO_COMMIT') throw validation('ExecutionMode must be TRANSACTION or AUTO_COMMIT');
  const target: StatementTarget = {
    // A statement in a session addresses the session's database.
    database: sessionId === undefined ? requiredString(input, 'Database') : (optionalString(input, 'Database') ?? ''),
    clusterIdentifier: optionalString(input, 'ClusterIdentifier'),
    workgroupName: optionalString(input, 'WorkgroupName'),
    dbUser: optionalString(input, 'DbUser'),
    secretArn: optionalString(input, 'SecretArn'),
  };
  if (sessionId !== undefined && (target.clusterIdentifier || target.workgroupName)) {
    throw validation('With SessionId, leave out ClusterIdentifier and WorkgroupName: the session knows its target');
  }
  if (sessionId === undefined && !target.clusterIdentifier === !target.workgroupName) {
    throw validation('Either ClusterIdentifier or WorkgroupName is required, not both');
  }
  const clientToken = optionalString(input, 'ClientToken');
  if (clientToken !== undefined && (clientToken.length < 1 || clientToken.length > 64)) {
    throw validation('ClientToken must be 1 to 64 characters');
  }
  const statementName = optionalString(input, 'StatementName');
  if (statementName !== undefined && statementName.length > 500) throw validation('StatementName must be at most 500 characters');
  return { sqls, batch, mode, target, clientToken, statementName, sessionId, keepAliveSeconds, resultFormat };
}

function targetOutput(target: StatementTarget): Record<string, unknown> {
  return {
    ClusterIdentifier: target.clusterIdentifier,
    WorkgroupName: target.workgroupName,
    Database: target.database,
    DbUser: target.dbUser,
    SecretArn: target.secretArn,
  };
}

function parameterList(input: Input): { name: string; value: string }[] | undefined {
  const list = input.Parameters;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0) throw validation('Parameters must be a non-empty list of {name, value}');
  return list.map((p, i) => {
    const entry = p as Input;
    if (typeof entry?.name !== 'string' || !/^[0-9a-zA-Z_]+$/.test(entry.name) || typeof entry.value !== 'string') {
      throw validation(`Parameters[${i}] must have a name (letters, digits, _) and a string value`);
    }
    return { name: entry.name, value: entry.value };
  });
}

/**
 * Parameters need one statement whose every :name has a value. The engine binds the values; the
 * statement's text keeps its placeholders, as DescribeStatement shows it on Redshift.
 */
function checkParameters(sql: string, parameters: { name: string; value: string }[]): void {
  if (splitStatements(sql).length > 1) {
    throw validation('cannot insert multiple commands into a prepared statement (Parameters need a single statement)');
  }
  const names = new Set(parameters.map((p) => p.name));
  for (const t of tokenize(sql)) {
    if (t.kind === 'param' && !names.has(t.text.slice(1))) throw validation(`Parameters: no value given for ${t.text}`);
  }
}

function sqlText(input: Input, key: string, label = key): string {
  const sql = input[key];
  if (typeof sql !== 'string' || sql.trim() === '') throw validation(`${label} is required and must be a non-empty string`);
  if (Buffer.byteLength(sql) > MAX_SQL_BYTES) throw validation(`${label} is over the 100 KB limit of one statement`);
  return sql;
}

function statementId(input: Input): string {
  const id = requiredString(input, 'Id');
  if (!STATEMENT_ID.test(id)) throw validation(`Id '${id}' is not a statement id (a UUID, or UUID:n for a sub-statement)`);
  return id;
}

function waitMs(input: Input): number {
  return (optionalInteger(input, 'WaitTimeSeconds', 0, MAX_WAIT_SECONDS) ?? 0) * 1000;
}

function epoch(date: Date): number {
  return date.getTime() / 1000;
}
