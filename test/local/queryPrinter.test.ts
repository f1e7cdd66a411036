// The front end prints reshaped trees itself (queryPrinter.ts). What it prints must read back as
// the very tree it printed: each query here is parsed by the engine, printed, parsed again, and the
// two trees compared (places in the text aside). A shape the printer does not know is left to the
// engine's printer, which is checked too: it must say so, never print something else.

import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/pipeline/plan.js';
import { UDACITY_SOURCES } from '../../src/config/target.js';
import { translate } from '../../src/local/dialect.js';
import { parseExact } from '../../src/local/exactJson.js';
import { QueryParser } from '../../src/local/queryParser.js';
import { CannotPrint, printQuery } from '../../src/local/queryPrinter.js';
import type { Node } from '../../src/local/queryTree.js';

let instance: DuckDBInstance;
let parser: QueryParser;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  parser = await QueryParser.open(instance);
});
afterAll(() => {
  parser?.close();
  instance?.closeSync();
});

const SHAPES = [
  "SELECT 1, -5, 2147483648, 9007199254740993, 1000.0, .5, -1.25, 'it''s', 'Santafè', NULL, true, false",
  'SELECT a, b AS "Mixed Case", "we""ird" FROM t WHERE a > 1 AND (b < 2 OR c IS NULL) AND NOT d',
  'SELECT DISTINCT s.x, t.* FROM s JOIN t ON s.id = t.id LEFT JOIN u ON u.id = t.id RIGHT JOIN v USING (id) FULL OUTER JOIN w ON true',
  'SELECT * FROM a, b CROSS JOIN c NATURAL JOIN d',
  'SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x',
  'WITH one AS (SELECT 1 AS x), two AS (SELECT x + 1 AS y FROM one) SELECT y FROM two ORDER BY y DESC NULLS LAST LIMIT 3 OFFSET 1',
  '(SELECT 1 UNION ALL SELECT 2) EXCEPT SELECT 3 ORDER BY 1',
  'SELECT x FROM t UNION SELECT y FROM u INTERSECT SELECT z FROM v',
  'SELECT count(*), count(DISTINCT x), sum(x), listagg(s, \',\' ORDER BY s DESC), quantile_cont(x, 0.5 ORDER BY x) FROM t GROUP BY y HAVING count(*) > 1',
  'SELECT row_number() OVER (PARTITION BY a ORDER BY b DESC, c), lag(x, 2, 0) OVER (ORDER BY b), sum(x) OVER (), avg(x) OVER (ORDER BY b ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM t',
  'SELECT sum(x) OVER (ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), first_value(x) OVER (PARTITION BY a ORDER BY b RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t',
  'SELECT CASE WHEN a = 1 THEN \'one\' WHEN a = 2 THEN \'two\' ELSE NULL END, CASE a WHEN 1 THEN 2 END FROM t',
  'SELECT a BETWEEN 1 AND 2, a NOT BETWEEN 1 AND 2, a IN (1, 2), a NOT IN (3), a IS NOT NULL, COALESCE(a, b, 0), NULLIF(a, 0) FROM t',
  'SELECT (SELECT max(x) FROM u), EXISTS (SELECT 1 FROM u), NOT EXISTS (SELECT 1), a IN (SELECT b FROM u), a < ANY (SELECT b FROM u) FROM t',
  "SELECT CAST(a AS VARCHAR), CAST(b AS DECIMAL(10,2)), c::TIMESTAMP, CAST(d AS TIMESTAMP WITH TIME ZONE), DATE '2020-01-01', INTERVAL '1 second', e::BIGINT FROM t",
  "SELECT a || b, a + b * c - d / e % f, -a, a ^ 2, a ~~ 'x%', a !~~ 'y', a ~~* 'z', a & b, a | b, a << 1 FROM t",
  "SELECT \"redshift\".main.divide(a, b), lower(s), \"left\"(s, 2), substring(s, 1, 2), trim(s), position('a' IN s), date_part('hour', ts) FROM t",
  'SELECT $name, $other FROM t WHERE a = $name',
  'SELECT x FROM (SELECT x FROM t) AS sub(x) WHERE x > 0',
  'SELECT a FROM "public"."t" AS tt WHERE tt.a = 1',
  "SELECT count(*) FROM t WHERE s LIKE 'a\\_%' ESCAPE '\\' OR s SIMILAR TO 'a%'",
];

/** The tree without its places in the text, which differ between the written and the printed query. */
function shape(json: string): unknown {
  return JSON.parse(JSON.stringify(parseExact(json), (key, value: unknown) => (key === 'query_location' ? undefined : typeof value === 'bigint' ? String(value) : value)));
}

async function treeOf(sql: string): Promise<{ json: string; statement: Node }> {
  const json = await parser.serialize(sql);
  const root = parseExact(json) as Node;
  expect(root.error, String(root.error_message)).toBe(false);
  return { json, statement: (root.statements as Node[])[0]! };
}

async function roundTrip(sql: string): Promise<void> {
  const { json, statement } = await treeOf(sql);
  let printed: string;
  try {
    printed = printQuery(statement);
  } catch (error) {
    expect(error).toBeInstanceOf(CannotPrint);
    return;
  }
  const again = await parser.serialize(printed);
  expect(shape(again), `${sql}\nprinted as\n${printed}`).toEqual(shape(json));
}

describe('the query printer reads back as the tree it printed', () => {
  it.each(SHAPES)('%s', async (sql) => {
    await roundTrip(sql);
  });

  it("prints every query of the pipeline's plan", async () => {
    const queries = buildPlan('run', UDACITY_SOURCES).steps.flatMap((s) => s.sql).flatMap((sql) =>
      translate(sql).pieces.flatMap((p) => (p.kind === 'sql' && p.queryAt !== undefined ? [p.sql.slice(p.queryAt)] : [])),
    );
    expect(queries.length).toBeGreaterThan(5);
    for (const query of queries) {
      const { statement } = await treeOf(query);
      expect(() => printQuery(statement), query).not.toThrow();
      await roundTrip(query);
    }
  });

  it('leaves what it does not know to the engine, saying so', async () => {
    for (const sql of ['SELECT a, sum(b) FROM t GROUP BY GROUPING SETS ((a), ())', 'SELECT 170141183460469231731687303715884105727', "SELECT * FROM (VALUES (1, 'a')) AS v(n, s)", "SELECT x FROM t QUALIFY row_number() OVER () = 1"]) {
      const { statement } = await treeOf(sql);
      expect(() => printQuery(statement)).toThrow(CannotPrint);
    }
  });
});
