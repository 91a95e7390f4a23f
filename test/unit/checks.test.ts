import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCheck } from '../../shared/checks/compile-checks.ts';
import { evaluateChecks, type CheckResult } from '../../shared/checks/evaluate.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import type { Step } from '../../shared/pipeline/document.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { CHECK_TABLES } from '../support/check-cases.ts';
import { ctx, docOver, ENGINE_START_TIMEOUT, NOW, rule, runOn } from '../support/checks.ts';

/**
 * Every rule kind on the real engine, with the NULL, NaN and empty-string cases docs/checks.md
 * promises, thresholds at their exact boundary, and results as the app and the CLI get them.
 */

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  for (const sql of CHECK_TABLES) engine.run(sql);
}, ENGINE_START_TIMEOUT);
afterAll(() => engine.close());

async function evaluate(table: string, rules: CheckRule[], steps: Step[] = [], others: string[] = []): Promise<CheckResult[]> {
  const result = await evaluateChecks(docOver(table, rules, steps, others), rules, runOn(engine), { context: ctx, now: NOW, sampleSize: 3 });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.results;
}

async function failing(table: string, r: Record<string, unknown>, others: string[] = []): Promise<number> {
  const [result] = await evaluate(table, [rule(r)], [], others);
  if (result!.status === 'error') throw new Error(result!.error ?? 'error');
  return result!.failing;
}

describe('column rules: NULL, NaN and empty strings', () => {
  it('not_null: NULL fails; NaN and "" pass unless the rule says so; " " always passes', async () => {
    expect(await failing('v', { kind: 'not_null', column: 'x' })).toBe(1);
    expect(await failing('v', { kind: 'not_null', column: 'x', nanIsNull: true })).toBe(2);
    expect(await failing('v', { kind: 'not_null', column: 's' })).toBe(1);
    expect(await failing('v', { kind: 'not_null', column: 's', emptyIsNull: true })).toBe(2);
  });

  it('unique: every row of a repeated value fails; NULLs are ignored; NaNs repeat each other', async () => {
    expect(await failing('v', { kind: 'unique', column: 'x' })).toBe(2);
    expect(await failing('v', { kind: 'unique', column: 'd' })).toBe(2);
    expect(await failing('v', { kind: 'unique', column: 'id' })).toBe(0);
    expect(await failing('nans', { kind: 'unique', column: 'x' })).toBe(2);
  });

  it('accepted_values: NULL passes; "", NaN and unlisted values fail', async () => {
    expect(await failing('v', { kind: 'accepted_values', column: 'state', values: ['CA', 'NY', 'WA'] })).toBe(1);
    expect(await failing('v', { kind: 'accepted_values', column: 's', values: ['a', 'abc'] })).toBe(3);
    expect(await failing('v', { kind: 'accepted_values', column: 'x', values: [1.5, 10] })).toBe(2);
    expect(await failing('v', { kind: 'accepted_values', column: 'x', values: [1.5, 10, 'nan'] })).toBe(2);
  });

  it('range: NULL passes; NaN fails even with only a min; bounds inclusive unless said', async () => {
    expect(await failing('v', { kind: 'range', column: 'x', min: 0, max: 10 })).toBe(2);
    expect(await failing('v', { kind: 'range', column: 'x', min: 0, max: 10, maxInclusive: false })).toBe(4);
    expect(await failing('v', { kind: 'range', column: 'x', min: 0 })).toBe(2);
    expect(await failing('v', { kind: 'range', column: 'x', min: -1, minInclusive: false })).toBe(2);
    expect(await failing('v', { kind: 'range', column: 'x', max: { decimal: '10.0' } })).toBe(1);
    expect(await failing('v', { kind: 'range', column: 'd', min: '2021-01-01', max: '2030-12-31' })).toBe(2);
  });

  it('regex: NULL passes; "" is tested like any text; the pattern may match anywhere', async () => {
    expect(await failing('v', { kind: 'regex', column: 'email', pattern: '^[^@]+@[^@]+$' })).toBe(2);
    expect(await failing('v', { kind: 'regex', column: 'email', pattern: '@' })).toBe(2);
    expect(await failing('v', { kind: 'regex', column: 's', pattern: '^$' })).toBe(4);
    expect(await failing('v', { kind: 'regex', column: 'x', pattern: '^nan$' })).toBe(4);
  });

  it('length: NULL passes; "" has length 0; NaN is the text "nan"', async () => {
    expect(await failing('v', { kind: 'length', column: 's', min: 1, max: 2 })).toBe(3);
    expect(await failing('v', { kind: 'length', column: 's', max: 0 })).toBe(4);
    expect(await failing('v', { kind: 'length', column: 'x', max: 4 })).toBe(0);
    expect(await failing('v', { kind: 'length', column: 'x', max: 3 })).toBe(3);
  });

  it('castable: NULL passes; "" fails unless emptyIsNull; "nan" is no number; spaces around a number are allowed', async () => {
    expect(await failing('v', { kind: 'castable', column: 'num_text', to: 'number' })).toBe(2);
    expect(await failing('v', { kind: 'castable', column: 'num_text', to: 'number', emptyIsNull: true })).toBe(1);
    expect(await failing('v', { kind: 'castable', column: 'x', to: 'number' })).toBe(1);
    expect(await failing('v', { kind: 'castable', column: 's', to: 'date' })).toBe(5);
    expect(await failing('dates', { kind: 'castable', column: 'txt', to: 'date', format: '%d/%m/%Y' })).toBe(4);
    expect(await failing('dates', { kind: 'castable', column: 'txt', to: 'date' })).toBe(3);
    expect(await failing('dates', { kind: 'castable', column: 'txt', to: 'timestamp', emptyIsNull: true })).toBe(2);
    expect(await failing('v', { kind: 'castable', column: 'd', to: 'date' })).toBe(0);
  });

  it('not_in_future: later than "now" fails; NULL and text that is no timestamp pass', async () => {
    expect(await failing('v', { kind: 'not_in_future', column: 'd' })).toBe(1);
    expect(await failing('v', { kind: 'not_in_future', column: 'num_text' })).toBe(0);
    expect(await failing('dates', { kind: 'not_in_future', column: 'txt' })).toBe(0);
  });

  it('expression: false fails, NULL passes; NaN compares above every number', async () => {
    expect(await failing('v', { kind: 'expression', expression: 'x < 5' })).toBe(3);
    expect(await failing('v', { kind: 'expression', expression: 'x < 5 OR isnan(x)' })).toBe(2);
    expect(await failing('v', { kind: 'expression', expression: "state <> 'XX' AND s <> ''" })).toBe(2);
  });
});

describe('table rules', () => {
  it('row_count: one failing "row" when the count is out of range; the count is observed', async () => {
    const [inRange, tooMany, tooFew] = await evaluate('v', [rule({ kind: 'row_count', min: 6, max: 6 }), rule({ kind: 'row_count', max: 5 }), rule({ kind: 'row_count', min: 1 })].map((r) => r));
    expect(inRange).toMatchObject({ status: 'passed', failing: 0, total: 1, observed: 6 });
    expect(tooMany).toMatchObject({ status: 'failed', failing: 1, observed: 6 });
    expect(tooFew).toMatchObject({ status: 'passed' });
    const [none] = await evaluate('empty', [rule({ kind: 'row_count', min: 1 })]);
    expect(none).toMatchObject({ status: 'failed', observed: 0 });
  });

  it('unique_combination: rows whose whole key repeats fail; keys with a NULL part are ignored', async () => {
    expect(await failing('pairs', { kind: 'unique_combination', columns: ['a', 'b'] })).toBe(2);
    expect(await failing('pairs', { kind: 'unique_combination', columns: ['a'] })).toBe(4);
  });

  it('relationship: keys missing from a source or a pipeline fail; NULL keys pass', async () => {
    expect(await failing('v', { kind: 'relationship', columns: ['state'], to: { kind: 'source', id: 'states', columns: ['state'] } }, ['states'])).toBe(1);
    const west: CheckRule = rule({ kind: 'relationship', columns: ['state'], to: { kind: 'pipeline', id: 'west', columns: ['state'] } });
    const doc = docOver('v', [west], [], ['states']);
    doc.pipelines.push({ id: 'west', name: 'west', input: { kind: 'source', id: 'states' }, steps: [{ id: 'w', enabled: true, kind: 'filter', condition: { kind: 'in', column: 'state', values: ['CA', 'WA'] } }] });
    const result = await evaluateChecks(doc, [west], runOn(engine), { context: ctx, now: NOW });
    expect(result.ok && result.value.results[0]).toMatchObject({ status: 'failed', failing: 2 });
  });

  it('schema: missing columns, other types (aliases normalized) and, when exact, extra columns', async () => {
    const [asExpected, different, exact] = await evaluate('v', [
      rule({ kind: 'schema', columns: [{ name: 'id', type: 'int' }, { name: 'x', type: 'FLOAT8' }, { name: 's', type: 'text' }, { name: 'd' }] }),
      rule({ kind: 'schema', columns: [{ name: 'id', type: 'VARCHAR' }, { name: 'ID' }, { name: 'nope' }] }),
      rule({ kind: 'schema', columns: [{ name: 'id' }, { name: 'x' }], exact: true }),
    ]);
    expect(asExpected).toMatchObject({ status: 'passed', failing: 0, total: 4, differences: [] });
    expect(different).toMatchObject({ status: 'failed', failing: 3, total: 3 });
    expect(different!.differences).toEqual(['Column "id" is INTEGER, not VARCHAR.', 'Column "ID" is missing (there is "id").', 'Column "nope" is missing.']);
    expect(exact).toMatchObject({ status: 'failed', failing: 5, total: 7 });
  });

  it('sql: the rows the query returns fail; total is the rows checked', async () => {
    const [result] = await evaluate('v', [rule({ kind: 'sql', query: 'SELECT id FROM input WHERE x > 5 ORDER BY id;' })]);
    expect(result).toMatchObject({ status: 'failed', failing: 3, total: 6, sample: [{ id: '2' }, { id: '4' }, { id: '6' }] });
  });
});

describe('thresholds, severities and actions', () => {
  it('counts are within at the boundary and beyond one row after it', async () => {
    const r = { kind: 'range', column: 'i', min: 30 };
    const results = await evaluate('hundred', [
      rule({ ...r, threshold: { maxCount: 29 } }),
      rule({ ...r, threshold: { maxCount: 28 } }),
      rule({ ...r, threshold: { maxFraction: 0.29 } }),
      rule({ ...r, threshold: { maxFraction: 0.28999 } }),
      rule({ ...r }),
      rule({ ...r, threshold: { maxFraction: 1 } }),
    ]);
    expect(results.map((x) => x.status)).toEqual(['passed', 'failed', 'passed', 'failed', 'failed', 'passed']);
    expect(results[0]).toMatchObject({ failing: 29, total: 100, fraction: 0.29 });
  });

  it('every fraction k/n is within maxFraction k/n written as a decimal', async () => {
    const { withinThreshold } = await import('../../shared/checks/verdict.ts');
    for (let total = 1; total <= 200; total++) {
      for (let failing = 0; failing <= total; failing++) {
        const written = Number((failing / total).toPrecision(17));
        expect(withinThreshold(failing, total, { maxFraction: written })).toBe(true);
      }
    }
    expect(withinThreshold(3, 10, { maxFraction: 0.3 })).toBe(true);
    expect(withinThreshold(7, 100, { maxFraction: 0.07 })).toBe(true);
    expect(withinThreshold(0, 0, { maxFraction: 0 })).toBe(true);
  });

  it('no rows: nothing fails, the fraction is 0', async () => {
    const [result] = await evaluate('empty', [rule({ kind: 'not_null', column: 'i' })]);
    expect(result).toMatchObject({ status: 'passed', failing: 0, total: 0, fraction: 0 });
  });

  it('severity warn and action warn report a warning; error fails', async () => {
    const r = { kind: 'not_null', column: 'x' };
    const results = await evaluate('v', [rule({ ...r }), rule({ ...r, severity: 'warn' }), rule({ ...r, action: 'warn' }), rule({ ...r, action: 'quarantine' })]);
    expect(results.map((x) => x.status)).toEqual(['failed', 'warning', 'warning', 'failed']);
    expect(results.map((x) => x.action)).toEqual(['fail', 'fail', 'warn', 'quarantine']);
  });
});

describe('evaluation', () => {
  it('applies a rule after a step, samples failing rows as text in pipeline order, and skips disabled rules', async () => {
    const steps: Step[] = [
      { id: 'sorted', enabled: true, kind: 'sort', keys: [{ column: 'id', direction: 'desc' }] },
      { id: 'ca', enabled: true, kind: 'filter', condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } },
    ];
    const rules = [
      rule({ kind: 'range', column: 'x', max: 5, after: 'sorted' }),
      rule({ kind: 'range', column: 'x', max: 5 }),
      rule({ kind: 'range', column: 'x', max: 5, enabled: false }),
    ];
    const results = await evaluate('v', rules, steps);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ failing: 3, total: 6, after: 'sorted', sample: [{ id: '6', x: '10.0' }, { id: '4', x: '10.0' }, { id: '2', x: 'nan' }] });
    expect(results[1]).toMatchObject({ failing: 1, total: 2, after: null, column: 'x', label: 'range(x, ..5)' });
    expect(results[0]!.sample[0]).toEqual({ id: '6', x: '10.0', s: 'nan', num_text: ' 7 ', d: null, state: 'WA', email: 'q@r.s' });
    expect(results[0]!.ms).toBeGreaterThanOrEqual(0);
  });

  it('reports a rule that cannot run as an error and runs the others', async () => {
    const results = await evaluate('v', [rule({ kind: 'not_null', column: 'nope' }), rule({ kind: 'regex', column: 's', pattern: '(' }), rule({ kind: 'not_null', column: 'id' }), rule({ kind: 'expression', expression: 'x; DROP TABLE v' })]);
    expect(results.map((r) => r.status)).toEqual(['error', 'error', 'passed', 'error']);
    expect(results[0]!.error).toMatch(/nope/);
    expect(results[3]!.error).toMatch(/^Check "r\d+": .*single statement/);
  });

  it('stops when cancelled, between queries or by the engine', async () => {
    const rules = [rule({ kind: 'not_null', column: 'x' }), rule({ kind: 'unique', column: 'x' })];
    let asked = 0;
    const stopped = await evaluateChecks(docOver('v', rules), rules, runOn(engine), { context: ctx, isCancelled: () => ++asked > 1 });
    expect(stopped).toEqual({ ok: false, error: { kind: 'cancelled', message: 'The checks were cancelled.' } });
    const byEngine = await evaluateChecks(docOver('v', rules), rules, () => Promise.resolve({ ok: false, error: { kind: 'cancelled', message: 'Cancelled.' } }), { context: ctx });
    expect(byEngine).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });

  it('gives the grid every failing row with its own types', () => {
    const compiled = compileCheck(docOver('v'), rule({ kind: 'unique', column: 'x' }), { ...ctx, now: NOW });
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(engine.runCompiled(compiled.value.failingRowsSql!).map((r) => [r.id, r.x])).toEqual([[4, 10], [6, 10]]);
  });
});
