// A syntax error points at its place, as Redshift's does: the message ends with "Position: N", N
// counting the characters of the statement as sent from 1. Errors found after parsing (a column
// that does not exist) carry no position here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('error-position');
  await h.ok('CREATE TABLE t (x INTEGER)');
});
afterAll(async () => {
  await h?.close();
});

/** The Error of a statement that must fail. */
async function errorOf(sql: string): Promise<string> {
  const d = await h.run(sql);
  expect(d.Status).toBe('FAILED');
  return d.Error ?? '';
}

describe('the position of a syntax error', () => {
  it.each([
    ['SELECT x FORM t', 'x FORM t', 'ERROR: syntax error at or near "t" Position: 15'],
    ['SELECT x\nFORM t', 'at or near "t"', 'ERROR: syntax error at or near "t" Position: 15'],
    ['  SELECT x FROM t WHERE', 'end of input', 'ERROR: syntax error at end of input Position: 24'],
    ["SELECT 'Santafè' AS s FORM t", 'after a letter of two bytes', 'ERROR: syntax error at or near "FORM" Position: 23'],
    ['INSERT INTO t SELECT x FROM t WHERE AND', 'in the query of an INSERT', 'ERROR: syntax error at or near "AND" Position: 37'],
    ["SELECT 'a\\\\b', 'It\\'s' FORM t", 'after literals the engine is given written anew', 'ERROR: syntax error at or near "t" Position: 29'],
  ])('%j (%s)', async (sql, _what, message) => {
    const error = await errorOf(sql);
    expect(error).toBe(message);
    const position = Number(/Position: (\d+)$/.exec(error)![1]);
    const near = /at or near "(.*)"/.exec(error)?.[1];
    // The character at the position is where the error's token starts.
    if (near) expect([...sql].slice(position - 1, position - 1 + near.length).join('')).toBe(near);
  });

  it('none for an error found after parsing', async () => {
    expect(await errorOf('SELECT nothing FROM t')).not.toContain('Position');
  });
});
