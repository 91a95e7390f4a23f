import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCheck, compileChecks } from '../../shared/checks/compile-checks.ts';
import { quarantineSql } from '../../shared/checks/quarantine.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import type { Step } from '../../shared/pipeline/document.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { ctx, docOver, ENGINE_START_TIMEOUT, NOW } from '../support/checks.ts';

/** The checks compiler's SQL (golden snapshots, run on the real engine) and quarantine outputs. */

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  engine.run(`CREATE TABLE v AS SELECT * FROM (VALUES
      (1, 1.5::DOUBLE, 'a', DATE '2024-01-01', 'CA'),
      (2, 'nan'::DOUBLE, '', DATE '2999-01-01', 'NY'),
      (3, NULL, NULL, NULL, NULL),
      (4, 10.0, 'abc', DATE '2020-05-05', 'CA'),
      (5, -1.0, ' ', DATE '2024-01-01', 'XX'),
      (6, 10.0, 'nan', NULL, 'WA')
    ) t(id, x, s, d, state)`);
  engine.run(`CREATE TABLE states AS SELECT * FROM (VALUES ('CA'), ('NY'), ('WA')) t(state)`);
}, ENGINE_START_TIMEOUT);
afterAll(() => engine.close());

const checkCtx = { ...ctx, now: NOW };
const at = (r: Record<string, unknown>, id: string): CheckRule => ({ id, severity: 'error', pipeline: 'main', ...r }) as unknown as CheckRule;

const golden: CheckRule[] = [
  at({ kind: 'not_null', column: 's', emptyIsNull: true, nanIsNull: true }, 'not_null'),
  at({ kind: 'unique', column: 'x' }, 'unique'),
  at({ kind: 'accepted_values', column: 'state', values: ['CA', 'NY', "it's"] }, 'accepted'),
  at({ kind: 'accepted_values', column: 'x', values: [1.5, { decimal: '10.0' }] }, 'accepted numbers'),
  at({ kind: 'range', column: 'x', min: 0, max: 10, maxInclusive: false }, 'range'),
  at({ kind: 'regex', column: 's', pattern: "^it's [a-z]+$" }, 'regex'),
  at({ kind: 'length', column: 's', min: 1, max: 3 }, 'length'),
  at({ kind: 'castable', column: 's', to: 'date', format: '%d/%m/%Y', emptyIsNull: true }, 'castable'),
  at({ kind: 'not_in_future', column: 'd' }, 'future'),
  at({ kind: 'expression', expression: 'x < 5 OR s IS NULL' }, 'expression'),
  at({ kind: 'row_count', min: 1, max: 1000 }, 'row_count'),
  at({ kind: 'unique_combination', columns: ['state', 'd'] }, 'combination'),
  at({ kind: 'relationship', columns: ['state'], to: { kind: 'source', id: 'states', columns: ['state'] } }, 'relationship'),
  at({ kind: 'schema', columns: [{ name: 'id', type: 'INTEGER' }], exact: true }, 'schema'),
  at({ kind: 'sql', query: 'SELECT * FROM input WHERE x > 5; -- too big' }, 'sql'),
];

describe('checks compiler: golden SQL, run on the real engine', () => {
  it.each(golden.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    const compiled = compileCheck(docOver('v', [], [], ['states']), rule, checkCtx, { sampleSize: 5 });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const { countSql, describeSql, sampleSql, failingRowsSql } = compiled.value;
    expect({ countSql, describeSql, sampleSql, failingRowsSql }).toMatchSnapshot();
    for (const sql of [countSql, describeSql, sampleSql, failingRowsSql]) if (sql !== null) expect(() => engine.runCompiled(sql)).not.toThrow();
  });

  it('checks after a step read the pipeline up to that step, compiled once per pipeline', () => {
    const steps: Step[] = [{ id: 'ca', enabled: true, kind: 'filter', condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } }, { id: 'lim', enabled: true, kind: 'limit', count: 1 }];
    const [after, output] = compileChecks(docOver('v', [], steps), [at({ kind: 'row_count', min: 0, after: 'ca' }, 'a'), at({ kind: 'row_count', min: 0 }, 'b')], checkCtx);
    if (!after?.ok || !output?.ok) throw new Error('did not compile');
    expect(engine.runCompiled(after.value.countSql!)[0]?.observed).toBe(2n);
    expect(engine.runCompiled(output.value.countSql!)[0]?.observed).toBe(1n);
    expect(after.value.countSql).not.toMatch(/LIMIT 1/);
  });

  it('refuses what it cannot trust, naming the rule', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'castable', column: 's', to: 'INTEGER); DROP TABLE v; --' }, /not a type to cast to/],
      [{ kind: 'range', column: 'x' }, /min or a max/],
      [{ kind: 'range', column: 'x', min: Number.NaN }, /finite/],
      [{ kind: 'range', column: 'x', min: { decimal: '1; DROP TABLE v' } }, /must be a value/],
      [{ kind: 'length', column: 's', min: '1; DROP TABLE v' }, /whole number/],
      [{ kind: 'row_count', max: -1 }, /whole number/],
      [{ kind: 'accepted_values', column: 's', values: [] }, /at least one value/],
      [{ kind: 'accepted_values', column: 's', values: [{ toString: 'x' }] }, /must be a value/],
      [{ kind: 'not_null', column: 's', emptyIsNull: 'yes' }, /true or false/],
      [{ kind: 'expression', expression: 'x /* c */' }, /Comments/],
      [{ kind: 'sql', query: 'DROP TABLE v' }, /query that returns rows/],
      [{ kind: 'sql', query: 'SELECT * FROM "__sluice_checked"' }, /belong to Sluice/],
      [{ kind: 'relationship', columns: ['state'], to: { kind: 'table', id: 'states', columns: ['state'] } }, /source or pipeline/],
      [{ kind: 'unique', column: 'x', after: 'nope' }, /No step with id "nope"/],
      [{ kind: 'teleport' }, /not a check kind/],
      [{ kind: 'accepted_values', column: 's', values: Array.from({ length: 10_001 }, (_, i) => String(i)) }, /10,001 values; the limit is 10,000/],
      [{ kind: 'schema', columns: Array.from({ length: 10_001 }, (_, i) => ({ name: String(i) })) }, /the limit is 10,000/],
    ];
    for (const [r, message] of bad) {
      const compiled = compileCheck(docOver('v', [], [], ['states']), at(r, 'bad'), checkCtx);
      expect(compiled.ok, JSON.stringify(r)).toBe(false);
      if (!compiled.ok) expect(compiled.error.message).toMatch(/^Check "bad": /);
      if (!compiled.ok) expect(compiled.error.message).toMatch(message);
    }
    expect(compileCheck(docOver('v'), at({ kind: 'not_in_future', column: 'd' }, 'f'), { ...ctx, now: "2025-01-01'; DROP TABLE v; --" })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ISO 8601/) } });
    expect(compileCheck(docOver('v'), at({ kind: 'unique', column: 'x' }, 's'), checkCtx, { sampleSize: 1001 })).toMatchObject({ ok: false });
    expect(engine.rows('SELECT count(*) FROM v')[0]?.[0]).toBe(6n);
  });
});

describe('quarantine', () => {
  const rules = [
    at({ kind: 'range', column: 'x', min: 0, max: 10, action: 'quarantine', threshold: { maxFraction: 0.5 } }, 'x_range'),
    at({ kind: 'not_null', column: 's', emptyIsNull: true, action: 'quarantine' }, 's_present'),
    at({ kind: 'relationship', columns: ['state'], to: { kind: 'source', id: 'states', columns: ['state'] }, action: 'quarantine' }, 'known_state'),
    at({ kind: 'unique', column: 'id', action: 'fail' }, 'not_quarantined'),
    at({ kind: 'not_null', column: 'id', action: 'quarantine', enabled: false }, 'disabled'),
  ];

  it('splits the output into passing and failing rows that add up to it, in order, naming the broken rules', () => {
    const doc = docOver('v', rules, [], ['states']);
    const q = quarantineSql(doc, 'main', checkCtx);
    if (!q.ok || !q.value) throw new Error('no quarantine');
    expect(q.value.rules).toEqual(['x_range', 's_present', 'known_state']);
    expect({ passing: q.value.passingSql, failing: q.value.failingSql }).toMatchSnapshot();
    const passing = engine.runCompiled(q.value.passingSql);
    const failing = engine.runCompiled(q.value.failingSql);
    expect(passing.length + failing.length).toBe(6);
    expect(passing.map((r) => r.id)).toEqual([1, 4, 6]);
    expect(Object.keys(passing[0]!)).toEqual(['id', 'x', 's', 'd', 'state']);
    expect(failing.map((r) => [r.id, r.failed_checks])).toEqual([
      [2, 'x_range, s_present'],
      [3, 's_present'],
      [5, 'x_range, known_state'],
    ]);
  });

  it('keeps every row of a larger table on exactly one side', () => {
    engine.run("CREATE TEMP TABLE big AS SELECT range AS id, CASE WHEN range % 7 = 0 THEN NULL ELSE range % 100 END AS v, 'CA' AS state FROM range(10000)");
    const doc = docOver('big', [at({ kind: 'not_null', column: 'v', action: 'quarantine' }, 'a'), at({ kind: 'range', column: 'v', max: 90, action: 'quarantine' }, 'b'), at({ kind: 'unique', column: 'v', action: 'quarantine' }, 'c')]);
    const q = quarantineSql(doc, 'main', checkCtx);
    if (!q.ok || !q.value) throw new Error('no quarantine');
    const count = (sql: string) => Number(engine.rows(`SELECT count(*) FROM (${sql})`)[0]?.[0]);
    expect(count(q.value.passingSql) + count(q.value.failingSql)).toBe(10000);
    expect(count(q.value.passingSql)).toBe(0);
    engine.run('DROP TABLE big');
  });

  it('renames the column on request, and has nothing to do without quarantine rules', () => {
    const q = quarantineSql(docOver('v', rules, [], ['states']), 'main', checkCtx, { column: 'why' });
    if (!q.ok || !q.value) throw new Error('no quarantine');
    expect(Object.keys(engine.runCompiled(q.value.failingSql)[0]!)).toContain('why');
    expect(quarantineSql(docOver('v', [rules[3]!]), 'main', checkCtx)).toEqual({ ok: true, value: null });
    expect(quarantineSql(docOver('v', rules, [], ['states']), 'main', checkCtx, { column: '__sluice_x' })).toMatchObject({ ok: false });
  });
});
