// The plan as data: which steps, in which order, waiting for which others, with which SQL; the
// --dry-run script; and the rule that config values reach SQL only as safe literals.

import { describe, expect, it } from 'vitest';
import { UDACITY_SOURCES, type Sources } from '../../src/config/target.js';
import { LOG_JSONPATHS } from '../../src/local/sample/generate.js';
import { buildPlan, planScript, type Plan, type PlanKind } from '../../src/pipeline/plan.js';
import { STAGING_EVENTS, TABLES } from '../../src/sql/schema.js';
import { checksQuery } from '../../src/sql/dataChecks.js';
import { insightsQuery } from '../../src/sql/insights.js';
import { copyStagingEvents, copyStagingSongs, MAX_STATEMENT_BYTES } from '../../src/sql/pipelineSql.js';

const TABLE_NAMES = ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];
const step = (plan: Plan, id: string) => {
  const found = plan.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${plan.steps.map((s) => s.id).join(', ')}`);
  return found;
};

/** Every step that STEP waits for, directly or through others. */
function ancestors(plan: Plan, id: string): Set<string> {
  const seen = new Set<string>();
  const visit = (s: string) => {
    for (const d of step(plan, s).dependsOn) {
      if (!seen.has(d)) {
        seen.add(d);
        visit(d);
      }
    }
  };
  visit(id);
  return seen;
}

describe("buildPlan('run')", () => {
  const plan = buildPlan('run', UDACITY_SOURCES);

  it('has eleven steps: reset, two COPYs, five INSERTs, then the count, the data checks and the insights, in that order', () => {
    expect(plan.steps.map((s) => s.id)).toEqual(['reset', 'staging_events', 'staging_songs', 'users', 'songs', 'artists', 'songplays', 'time', 'counts', 'checks', 'insights']);
    expect(plan.steps.map((s) => s.kind)).toEqual(['reset', 'copy', 'copy', 'insert', 'insert', 'insert', 'insert', 'insert', 'count', 'check', 'insight']);
  });

  it.each([
    ['reset', []],
    ['staging_events', ['reset']],
    ['staging_songs', ['reset']],
    ['users', ['staging_events']],
    ['songs', ['staging_songs']],
    ['artists', ['staging_songs']],
    ['songplays', ['staging_events', 'staging_songs']],
    ['time', ['songplays']],
  ])('makes %s wait for exactly %j', (id, dependsOn) => {
    expect([...step(plan, id).dependsOn].sort()).toEqual([...dependsOn].sort());
  });

  it.each(['counts', 'checks', 'insights'])('runs %s after every load and INSERT has finished (directly or through its inputs), and waits for nothing else', (id) => {
    const loadSteps = plan.steps.map((s) => s.id).filter((s) => !['counts', 'checks', 'insights'].includes(s));
    expect([...ancestors(plan, id)].sort()).toEqual(loadSteps.sort());
  });

  it('ends with the count, the checks and the insights, which do not wait for each other', () => {
    expect(plan.steps.slice(-3).map((s) => s.id)).toEqual(['counts', 'checks', 'insights']);
    expect(plan.steps.filter((s) => s.dependsOn.some((d) => ['counts', 'checks', 'insights'].includes(d)))).toEqual([]);
  });

  it('checks the data with the one statement of checksQuery(), and queries insights with insightsQuery()', () => {
    expect(step(plan, 'checks').sql).toEqual([checksQuery()]);
    expect(step(plan, 'insights').sql).toEqual([insightsQuery()]);
  });

  it('lists every step after the steps it waits for, and names only steps of the plan', () => {
    plan.steps.forEach((s, i) => {
      for (const d of s.dependsOn) {
        const at = plan.steps.findIndex((o) => o.id === d);
        expect(at, `${s.id} waits for ${d}`).toBeGreaterThanOrEqual(0);
        expect(at, `${d} comes before ${s.id}`).toBeLessThan(i);
      }
    });
  });

  it('fills each of the seven tables with exactly one COPY or INSERT step', () => {
    const filled = plan.steps.filter((s) => s.kind === 'copy' || s.kind === 'insert').map((s) => s.table);
    expect([...filled].sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('resets in one batch of several statements (one transaction) that drops then creates all seven tables', () => {
    const reset = step(plan, 'reset');
    expect(reset.sql.length).toBeGreaterThan(1);
    const dropped = reset.sql.map((s) => /^DROP TABLE IF EXISTS (\w+)$/i.exec(s.trim())?.[1]).filter(Boolean);
    const created = reset.sql.map((s) => /^CREATE TABLE (\w+)\s*\(/i.exec(s.trim())?.[1]).filter(Boolean);
    expect([...dropped].sort()).toEqual([...TABLE_NAMES].sort());
    expect([...created].sort()).toEqual([...TABLE_NAMES].sort());
    expect(reset.sql).toHaveLength(dropped.length + created.length);
    const lastDrop = Math.max(...reset.sql.map((s, i) => (/^DROP/i.test(s.trim()) ? i : -1)));
    const firstCreate = reset.sql.findIndex((s) => /^CREATE/i.test(s.trim()));
    expect(lastDrop).toBeLessThan(firstCreate);
  });

  it('sends every other step as one statement, but users: its level update and its insert go as one transaction', () => {
    for (const s of plan.steps.filter((s) => s.id !== 'reset' && s.id !== 'users')) expect(s.sql, s.id).toHaveLength(1);
    expect(step(plan, 'users').sql.map((sql) => sql.split(' ')[0])).toEqual(['UPDATE', 'INSERT']);
  });

  it('COPYs staging_events from LOG_DATA with the jsonpaths file, the role and the region, all as literals', () => {
    const sql = step(plan, 'staging_events').sql[0]!;
    expect(sql).toMatch(/^COPY staging_events\b/);
    expect(sql).toContain(`FROM '${UDACITY_SOURCES.logData}'`);
    expect(sql).toContain(`IAM_ROLE '${UDACITY_SOURCES.iamRole}'`);
    expect(sql).toContain(`REGION '${UDACITY_SOURCES.region}'`);
    expect(sql).toMatch(new RegExp(`JSON\\s+'${UDACITY_SOURCES.logJsonPath.replace(/[.]/g, '\\.')}'`));
  });

  it("COPYs staging_songs from SONG_DATA with JSON 'auto'", () => {
    const sql = step(plan, 'staging_songs').sql[0]!;
    expect(sql).toMatch(/^COPY staging_songs\b/);
    expect(sql).toContain(`FROM '${UDACITY_SOURCES.songData}'`);
    expect(sql).toMatch(/JSON\s+'auto'/);
  });

  it('names no REGION in a COPY when the sources have none', () => {
    const { region: _, ...noRegion } = UDACITY_SOURCES;
    for (const sql of [copyStagingEvents(noRegion), copyStagingSongs(noRegion)]) expect(sql).not.toMatch(/\bREGION\b/);
  });

  it('creates staging_events with its columns in the order of log_json_path.json (JSONPaths map by position)', () => {
    const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const fields = LOG_JSONPATHS.jsonpaths.map((p) => snake(/^\$\['(\w+)'\]$/.exec(p)![1]!));
    expect(STAGING_EVENTS.columns.map((c) => c.name)).toEqual(fields);
  });
});

describe("buildPlan('create-tables') and buildPlan('etl')", () => {
  it('create-tables is the reset and then the count', () => {
    const plan = buildPlan('create-tables', UDACITY_SOURCES);
    expect(plan.steps.map((s) => [s.id, s.dependsOn])).toEqual([['reset', []], ['counts', ['reset']]]);
  });

  it('create-tables resets with the same batch as run', () => {
    expect(step(buildPlan('create-tables', UDACITY_SOURCES), 'reset').sql).toEqual(step(buildPlan('run', UDACITY_SOURCES), 'reset').sql);
  });

  it('etl has no reset: it empties the staging tables in one transaction, then loads into the existing tables', () => {
    const plan = buildPlan('etl', UDACITY_SOURCES);
    expect(plan.steps.map((s) => s.id)).toEqual(['clear', 'staging_events', 'staging_songs', 'users', 'songs', 'artists', 'songplays', 'time', 'counts', 'checks', 'insights']);
    expect(step(plan, 'clear').sql).toEqual(['DELETE FROM staging_events', 'DELETE FROM staging_songs']);
    expect(step(plan, 'staging_events').dependsOn).toEqual(['clear']);
    expect(step(plan, 'staging_songs').dependsOn).toEqual(['clear']);
    expect(plan.steps.some((s) => s.sql.some((sql) => /\b(DROP|CREATE)\s+TABLE\b/i.test(sql)))).toBe(false);
  });

  it('check-data is the checks alone, and report the checks and the insights, none waiting for anything', () => {
    expect(buildPlan('check-data', UDACITY_SOURCES).steps.map((s) => [s.id, s.kind, s.dependsOn])).toEqual([['checks', 'check', []]]);
    expect(buildPlan('report', UDACITY_SOURCES).steps.map((s) => [s.id, s.kind, s.dependsOn])).toEqual([['checks', 'check', []], ['insights', 'insight', []]]);
    expect(step(buildPlan('report', UDACITY_SOURCES), 'checks').sql).toEqual(step(buildPlan('run', UDACITY_SOURCES), 'checks').sql);
  });

  it('check-data and report change nothing: every statement is a SELECT', () => {
    for (const kind of ['check-data', 'report'] as const) {
      for (const s of buildPlan(kind, UDACITY_SOURCES).steps) for (const sql of s.sql) expect(sql.trimStart(), s.id).toMatch(/^SELECT\b/);
    }
  });

  it('etl runs the same COPY and INSERT statements as run', () => {
    const run = buildPlan('run', UDACITY_SOURCES);
    for (const s of buildPlan('etl', UDACITY_SOURCES).steps.filter((s) => s.id !== 'clear')) expect(s.sql, s.id).toEqual(step(run, s.id).sql);
  });
});

describe('planScript (the --dry-run text)', () => {
  const plan = buildPlan('run', UDACITY_SOURCES);
  const script = planScript(plan);

  it('heads each step with "-- n of 11: title", in plan order', () => {
    const headers = [...script.matchAll(/^-- (\d+) of (\d+): (.+)$/gm)].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
    expect(headers.map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(headers.every(([, of]) => of === 11)).toBe(true);
    plan.steps.forEach((s, i) => expect(String(headers[i]![2])).toContain(s.title));
  });

  it('says that the reset is one transaction and what each later step waits for', () => {
    expect(script).toMatch(/^-- 1 of 11: Reset 7 tables \(one transaction\)$/m);
    expect(script).toMatch(/^-- 7 of 11: INSERT songplays, after staging_events, staging_songs$/m);
    expect(script).toMatch(/^-- 8 of 11: INSERT time, after songplays$/m);
    expect(script).toMatch(/^-- 10 of 11: Check the data, after users, songs, artists, songplays, time$/m);
  });

  it('holds every statement of the plan, each ended by a semicolon', () => {
    for (const s of plan.steps) for (const sql of s.sql) expect(script).toContain(`${sql};`);
  });

  it('lists the statements in plan order', () => {
    const positions = plan.steps.flatMap((s) => s.sql).map((sql) => script.indexOf(`${sql};`));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(script).toContain('COPY staging_events');
  });
});

describe('statement size', () => {
  it.each<PlanKind>(['run', 'create-tables', 'etl', 'check-data', 'report'])('keeps every statement of %s under the Data API limit of 100 KB', (kind) => {
    expect(MAX_STATEMENT_BYTES).toBe(100 * 1024);
    for (const s of buildPlan(kind, UDACITY_SOURCES).steps) {
      for (const sql of s.sql) expect(Buffer.byteLength(sql, 'utf8'), s.id).toBeLessThan(MAX_STATEMENT_BYTES);
    }
  });

  it('keeps a batch within the Data API limit of 40 statements', () => {
    for (const s of buildPlan('run', UDACITY_SOURCES).steps) expect(s.sql.length, s.id).toBeLessThanOrEqual(40);
  });
});

describe('config values in SQL', () => {
  const HOSTILE: [string, string][] = [
    ['a single quote', "s3://udacity-dend/log_data'"],
    ['a quote, a semicolon and a comment', "s3://udacity-dend/x'; DROP TABLE users; --"],
    ['a newline', 's3://udacity-dend/log_data\nDROP TABLE users'],
    ['a carriage return', 's3://udacity-dend/log_data\rDROP TABLE users'],
    ['a backslash', 's3://udacity-dend/log\\data'],
    ['a backslash before a quote', "s3://udacity-dend/log\\'data"],
    ['a NUL character', 's3://udacity-dend/log\u0000data'],
    ['a tab', 's3://udacity-dend/log\tdata'],
    ['a DEL character', 's3://udacity-dend/log\u007fdata'],
  ];
  const FIELDS: [keyof Sources, string, (s: Sources) => string][] = [
    ['logData', 'LOG_DATA', copyStagingEvents],
    ['logJsonPath', 'LOG_JSONPATH', copyStagingEvents],
    ['songData', 'SONG_DATA', copyStagingSongs],
    ['iamRole', 'IAM role', copyStagingEvents],
    ['iamRole', 'IAM role', copyStagingSongs],
    ['region', 'region', copyStagingEvents],
  ];
  const cases = FIELDS.flatMap(([field, name, build]) => HOSTILE.map(([what, value]) => [field, what, name, build, value] as const));

  it.each(cases)('refuses %s holding %s: the COPY throws, naming %s', (field, _what, name, build, value) => {
    const sources = { ...UDACITY_SOURCES, [field]: value };
    expect(() => build(sources)).toThrow(name);
  });

  it.each(HOSTILE)('refuses to build a run plan at all when LOG_DATA holds %s', (_what, value) => {
    expect(() => buildPlan('run', { ...UDACITY_SOURCES, logData: value })).toThrow('LOG_DATA');
  });

  /** Splits SQL into what is inside single-quoted literals and what is outside. */
  function scan(sql: string): { literals: string[]; outside: string } {
    const literals: string[] = [];
    let outside = '';
    for (let i = 0; i < sql.length; i++) {
      if (sql[i] !== "'") {
        outside += sql[i];
        continue;
      }
      let value = '';
      for (i++; i < sql.length; i++) {
        if (sql[i] === "'" && sql[i + 1] === "'") {
          value += "'";
          i++;
        } else if (sql[i] === "'") break;
        else value += sql[i];
      }
      literals.push(value);
    }
    return { literals, outside };
  }

  it('keeps a value with a semicolon and a comment marker (but no quote) inside its one literal', () => {
    const value = 's3://udacity-dend/x; DROP TABLE users; -- /*';
    let sql: string;
    try {
      sql = copyStagingEvents({ ...UDACITY_SOURCES, logData: value });
    } catch (error) {
      expect((error as Error).message).toContain('LOG_DATA'); // refusing it is as good
      return;
    }
    const { literals, outside } = scan(sql);
    expect(literals).toContain(value);
    expect(outside).not.toMatch(/;|--|\/\*/);
    expect(outside).not.toMatch(/DROP/i);
  });

  it('quotes the Udacity locations unchanged', () => {
    const { literals, outside } = scan(copyStagingEvents(UDACITY_SOURCES));
    expect(literals).toEqual(expect.arrayContaining([UDACITY_SOURCES.logData, UDACITY_SOURCES.logJsonPath, UDACITY_SOURCES.iamRole, UDACITY_SOURCES.region]));
    expect(outside).not.toContain(';');
  });

  it('builds no statement of the plan with a semicolon outside a literal (each is one statement)', () => {
    for (const s of buildPlan('run', UDACITY_SOURCES).steps) {
      for (const sql of s.sql) expect(scan(sql).outside.trim().replace(/;$/, ''), s.id).not.toContain(';');
    }
  });
});

describe('the schema the reset creates', () => {
  it('creates the seven tables of the README\'s schema', () => {
    expect(TABLES.map((t) => t.name).sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('sorts songplays and time on start_time, so they join merge-friendly', () => {
    const reset = step(buildPlan('run', UDACITY_SOURCES), 'reset').sql;
    for (const table of ['songplays', 'time']) {
      const ddl = reset.find((s) => s.startsWith(`CREATE TABLE ${table} `))!;
      expect(ddl, table).toMatch(/SORTKEY \(start_time\)/);
    }
  });
});
