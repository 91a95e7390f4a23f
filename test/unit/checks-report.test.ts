import { Validator, type Schema } from '@cfworker/json-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percent, summaryLine } from '../../shared/checks/describe-rule.ts';
import { evaluateChecks } from '../../shared/checks/evaluate.ts';
import reportSchema from '../../shared/checks/report.schema.json' with { type: 'json' };
import { buildReport, reportJson, summaryLines } from '../../shared/checks/report.ts';
import { parseCountsSql, suggestChecks, type ColumnStats } from '../../shared/checks/suggest.ts';
import { runFails } from '../../shared/checks/verdict.ts';
import { summarySql, topValuesSql } from '../../shared/profile-sql.ts';
import { ident } from '../../shared/sql/quote.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { ctx, docOver, ENGINE_START_TIMEOUT, NOW, rule, runOn } from '../support/checks.ts';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  engine.run(`CREATE TABLE airports AS SELECT * FROM (VALUES
      ('SFO', 'CA', 37.6, '2024-01-02', DATE '2024-01-02'),
      ('LAX', 'CA', 33.9, '2024-02-03', DATE '2024-02-03'),
      ('JFK', 'NY', 40.6, '', DATE '2024-03-04'),
      ('SEA', 'WA', 47.4, '2024-04-05', DATE '2024-04-05'),
      ('ANC', 'AK', 61.2, '2024-05-06', DATE '2024-05-06'),
      ('PDX', 'OR', 45.6, '2024-06-07', DATE '2024-06-07'),
      ('SAN', 'CA', 32.7, '2024-07-08', DATE '2024-07-08'),
      ('BOS', 'MA', 42.4, '2024-08-09', DATE '2024-08-09')
    ) t(code, state, latitude, opened_text, opened)`);
}, ENGINE_START_TIMEOUT);
afterAll(() => engine.close());

const validator = new Validator(reportSchema as unknown as Schema, '2020-12', false);

describe('the check report', () => {
  it('is valid against its published schema, with the verdict at each level', async () => {
    const rules = [
      rule({ id: 'lat', kind: 'range', column: 'latitude', min: 20, max: 50 }),
      rule({ id: 'state', kind: 'accepted_values', column: 'state', values: ['CA', 'NY', 'WA', 'OR', 'MA'], severity: 'warn' }),
      rule({ id: 'code', kind: 'unique', column: 'code' }),
      rule({ id: 'rows', kind: 'row_count', min: 1 }),
      rule({ id: 'shape', kind: 'schema', columns: [{ name: 'code', type: 'VARCHAR' }] }),
      rule({ id: 'gone', kind: 'not_null', column: 'nope' }),
    ];
    const evaluation = await evaluateChecks(docOver('airports', rules), rules, runOn(engine), { context: ctx, now: NOW });
    if (!evaluation.ok) throw new Error(evaluation.error.message);
    const report = buildReport({ runId: 'run-1', config: 'airports.sluice.json', startedAt: new Date(0), finishedAt: new Date(1500), failOn: 'error', evaluation: evaluation.value });
    const parsed = JSON.parse(reportJson(report)) as unknown;
    const valid = validator.validate(parsed);
    expect(valid.errors).toEqual([]);
    expect(report).toMatchObject({ format: 'sluice.check-report', version: 1, runId: 'run-1', config: 'airports.sluice.json', startedAt: '1970-01-01T00:00:00.000Z', finishedAt: '1970-01-01T00:00:01.500Z', now: NOW, verdict: 'failed', counts: { passed: 3, failed: 1, warning: 1, error: 1 } });
    expect(report.results[0]).toMatchObject({ id: 'lat', status: 'failed', failing: 1, total: 8, fraction: 0.125, sample: [{ code: 'ANC', latitude: '61.2' }] });
    expect(summaryLines(report)).toEqual([
      'FAIL range(latitude, 20..50): 1 row (12.5%)',
      'WARN accepted_values(state, "CA" | "NY" | "WA" | "OR" | "MA"): 1 row (12.5%)',
      expect.stringMatching(/^ERROR not_null\(nope\): .*nope/),
      '6 checks: 1 failed, 1 could not run, 1 warning, 3 passed.',
    ]);
    expect(summaryLines(report, { all: true })).toContain('PASS row_count(1..): 8 rows');

    // A report that breaks its schema is caught by it.
    const broken = { ...report, results: [{ ...report.results[0], status: 'maybe' }] };
    expect(validator.validate(JSON.parse(JSON.stringify(broken))).valid).toBe(false);
  });

  it('fails a run at the level asked for', () => {
    expect(runFails(['passed', 'warning'], 'error')).toBe(false);
    expect(runFails(['passed', 'warning'], 'warn')).toBe(true);
    expect(runFails(['passed', 'error'], 'error')).toBe(true);
    expect(runFails(['passed', 'failed'], 'error')).toBe(true);
    expect(runFails([], 'warn')).toBe(false);
  });

  it('writes counts and percentages for people', () => {
    expect(summaryLine({ label: 'range(latitude, 20..50)', status: 'failed', kind: 'range', failing: 293, fraction: 293 / 3376, error: null, observed: null })).toBe('FAIL range(latitude, 20..50): 293 rows (8.7%)');
    expect([0, 1, 0.5, 0.0025, 0.00001, 0.9999, 0.087].map(percent)).toEqual(['0%', '100%', '50%', '0.25%', '<0.01%', '>99.9%', '8.7%']);
  });
});

describe('suggested checks', () => {
  /** Column stats from the app's profile SQL (and parse counts), as the app would gather them. */
  function stats(column: string, type: string): ColumnStats {
    const target = { relation: 'airports' };
    const s = engine.objects(summarySql(target, column, type, true))[0]!;
    const top = engine.objects(topValuesSql(target, column, 25)).map((r) => ({ value: r.is_null ? null : String(r.value), count: Number(r.n) }));
    const parses = type === 'VARCHAR' ? engine.objects(parseCountsSql(ident('airports'), column))[0]! : null;
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      name: column,
      type,
      rows: Number(s.rows),
      nulls: Number(s.nulls),
      distinct: Number(s.distinct_values),
      distinctExact: true,
      min: s.min === null ? null : String(s.min),
      max: s.max === null ? null : String(s.max),
      nan: n(s.nan),
      empty: n(s.empty),
      lenMin: n(s.len_min),
      lenMax: n(s.len_max),
      topValues: top,
      ...(parses ? { parses: { number: Number(parses.number), date: Number(parses.date), timestamp: Number(parses.timestamp) } } : {}),
    };
  }

  it('proposes rules the profiled rows obey, each with its reason, and they all pass', async () => {
    const columns = [stats('code', 'VARCHAR'), stats('state', 'VARCHAR'), stats('latitude', 'DECIMAL(3,1)'), stats('opened_text', 'VARCHAR'), stats('opened', 'DATE')];
    const suggestions = suggestChecks({ pipeline: 'main', columns, now: NOW, existingIds: ['not_null_code'] });
    const byId = Object.fromEntries(suggestions.map((s) => [s.rule.id, s]));
    expect(Object.keys(byId).sort()).toEqual(['castable_opened_text', 'length_code', 'length_state', 'not_in_future_opened', 'not_null_code_2', 'not_null_latitude', 'not_null_opened', 'not_null_opened_text', 'not_null_state', 'range_latitude', 'range_opened', 'unique_code', 'unique_opened_text'].sort());
    expect(byId.not_null_code_2).toMatchObject({ rule: { kind: 'not_null', column: 'code', emptyIsNull: true }, reason: 'No NULL or empty value in 8 rows.' });
    expect(byId.range_latitude!.rule).toMatchObject({ kind: 'range', min: 32.7, max: 61.2 });
    expect(byId.range_opened!.rule).toMatchObject({ kind: 'range', min: '2024-01-02', max: '2024-08-09' });
    expect(byId.castable_opened_text).toMatchObject({ rule: { to: 'date', emptyIsNull: true }, reason: 'Every non-empty value reads as a date.' });
    expect(byId.not_null_opened_text!.rule).not.toHaveProperty('emptyIsNull');
    // "state" repeats CA three times but has 6 distinct values in 8 rows: not offered as accepted values.
    expect(suggestions.some((s) => s.rule.kind === 'accepted_values')).toBe(false);

    const rules = suggestions.map((s) => s.rule);
    const evaluation = await evaluateChecks(docOver('airports', rules), rules, runOn(engine), { context: ctx, now: NOW });
    if (!evaluation.ok) throw new Error(evaluation.error.message);
    expect(evaluation.value.results.filter((r) => r.status !== 'passed')).toEqual([]);
  });

  it('offers accepted values for repeated categories, never unique from an estimate, and nothing for empty columns', () => {
    const base = { rows: 100, nulls: 0, distinctExact: true };
    const [accepted] = suggestChecks({ pipeline: 'p', columns: [{ ...base, name: 'kind', type: 'VARCHAR', distinct: 2, empty: 0, topValues: [{ value: 'b', count: 60 }, { value: 'a', count: 40 }] }] }).filter((s) => s.rule.kind === 'accepted_values');
    expect(accepted).toMatchObject({ rule: { values: ['a', 'b'] }, reason: '2 distinct values in 100 rows.' });
    const estimated = suggestChecks({ pipeline: 'p', columns: [{ ...base, name: 'id', type: 'BIGINT', distinct: 100, distinctExact: false }] });
    expect(estimated.map((s) => s.rule.kind)).toEqual(['not_null']);
    expect(suggestChecks({ pipeline: 'p', columns: [{ ...base, rows: 0, name: 'x', type: 'BIGINT', distinct: 0 }] })).toEqual([]);
    const huge = suggestChecks({ pipeline: 'p', after: 's1', columns: [{ ...base, name: 'n', type: 'HUGEINT', distinct: 5, min: '1', max: '170141183460469231731687303715884105727' }] });
    expect(huge.find((s) => s.rule.kind === 'range')?.rule).toMatchObject({ after: 's1', min: 1, max: { decimal: '170141183460469231731687303715884105727' } });
    const withNaN = suggestChecks({ pipeline: 'p', columns: [{ ...base, name: 'f', type: 'DOUBLE', distinct: 5, min: '1', max: '2', nan: 1 }] });
    expect(withNaN.some((s) => s.rule.kind === 'range')).toBe(false);
  });
});
