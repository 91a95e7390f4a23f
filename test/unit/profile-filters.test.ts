import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionSql } from '../../shared/pipeline/compile.ts';
import type { Scalar } from '../../shared/pipeline/document.ts';
import { binCondition, binLabel, histogramEdges, histogramSql, rangeSql, valueCondition } from '../../shared/profile-filters.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  // Values exactly on bin edges: with 20 bins over [1, 2.9], floor((x - lo) / width) puts 1.095, 1.19
  // and 2.805 one bin too low, where a filter on the edges puts them.
  engine.run(`CREATE TABLE h (x DOUBLE, f FLOAT, big BIGINT, d DECIMAL(20, 2), day DATE, ts TIMESTAMP, tags INTEGER[])`);
  engine.run(`INSERT INTO h VALUES
    (1, 0.1, 0, 0.01, DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00', [1]),
    (1.095, 0.3, 9007199254740993, 123456789012345678.91, DATE '2024-01-05', TIMESTAMP '2024-01-01 00:00:00.000001', [1, 2]),
    (1.19, 'NaN', 9007199254740995, 5.5, DATE '2024-02-29', TIMESTAMP '2024-01-03 12:34:56.5', NULL),
    (2.805, 'Infinity', 9223372036854775807, -3.25, DATE '2024-03-01', TIMESTAMP '2024-03-01 00:00:00', [1, 2]),
    (2.9, NULL, -9223372036854775808, NULL, NULL, NULL, NULL),
    (NULL, 0.2, NULL, 7, DATE '2024-01-01', TIMESTAMP '2024-02-01', [3])`);
});
afterAll(() => engine.close());

const count = (condition: Parameters<typeof conditionSql>[0]) => Number(engine.rows(`SELECT count(*) FROM h WHERE ${conditionSql(condition)}`)[0]?.[0]);

function histogram(column: string, type: string, bins = 20): { edges: Scalar[]; counts: Map<number, number> } {
  const [lo, hi, minText, maxText] = engine.rows(rangeSql({ relation: 'h' }, column, type))[0]!;
  const edges = histogramEdges(type, { lo: Number(lo), hi: Number(hi), minText: String(minText), maxText: String(maxText) }, bins);
  const counts = new Map(engine.rows(histogramSql({ relation: 'h' }, column, edges)).map((r) => [Number(r[0]), Number(r[1])]));
  return { edges, counts };
}

/** Every bar's count is what its filter keeps, and every value (not NaN, not infinite, not NULL) is in one bar. */
function expectBarsMatchFilters(column: string, type: string, values: number) {
  const { edges, counts } = histogram(column, type);
  let total = 0;
  for (let i = 0; i < edges.length - 1; i++) {
    const kept = count(binCondition(column, edges, i));
    expect(kept, `bin ${i} of ${column}`).toBe(counts.get(i) ?? 0);
    total += kept;
  }
  expect(total).toBe(values);
  return edges;
}

describe('histogram bars and the filters they create', () => {
  it('agree on values exactly at bin edges', () => {
    const edges = expectBarsMatchFilters('x', 'DOUBLE', 5);
    const { counts } = histogram('x', 'DOUBLE');
    // 1.095 is the first inner edge: it opens bin 1 (the floor formula put it in bin 0).
    expect(edges[1]).toBe(1.095);
    expect(counts.get(1)).toBe(1);
    expect(counts.get(0)).toBe(1);
  });

  it('leave NaN and infinities out of every bar', () => {
    expectBarsMatchFilters('f', 'FLOAT', 3);
  });

  it('keep the exact smallest and largest BIGINT and DECIMAL values as edges', () => {
    const edges = expectBarsMatchFilters('big', 'BIGINT', 5);
    expect(edges[0]).toEqual({ decimal: '-9223372036854775808' });
    expect(edges.at(-1)).toEqual({ decimal: '9223372036854775807' });
    const decimals = expectBarsMatchFilters('d', 'DECIMAL(20,2)', 5);
    expect(decimals.at(-1)).toEqual({ decimal: '123456789012345678.91' });
  });

  it('bin dates and timestamps by edges in their own type', () => {
    const days = expectBarsMatchFilters('day', 'DATE', 5);
    expect(days[0]).toBe('2024-01-01');
    expect(days.slice(1, -1).every((e) => typeof e === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e))).toBe(true);
    expectBarsMatchFilters('ts', 'TIMESTAMP', 5);
  });

  it('labels bins by their edges', () => {
    const { edges } = histogram('x', 'DOUBLE');
    expect(binLabel('DOUBLE', edges, 1, String)).toBe('1.095 – 1.19');
    expect(binLabel('DATE', ['2024-01-01', '2024-01-01'], 0, String)).toBe('2024-01-01');
  });
});

describe('top-value filters', () => {
  it('keep the rows whose value the profile shows, for every type', () => {
    const cases: [string, string, string][] = [
      ['x', 'DOUBLE', 'x'],
      ['f', 'FLOAT', 'f'],
      ['big', 'BIGINT', 'big'],
      ['d', 'DECIMAL(20,2)', 'd'],
      ['day', 'DATE', 'day'],
      ['ts', 'TIMESTAMP', 'ts'],
      ['tags', 'INTEGER[]', 'tags'],
    ];
    for (const [column, type] of cases) {
      const top = engine.rows(`SELECT CAST(${column} AS VARCHAR) AS value, count(*) FROM h GROUP BY ${column}`);
      for (const [value, n] of top) {
        expect(count(valueCondition(column, type, value === null ? null : String(value))), `${column} = ${String(value)}`).toBe(Number(n));
      }
    }
  });

  it('keeps BIGINT values above 2^53 exact', () => {
    expect(valueCondition('big', 'BIGINT', '9007199254740993')).toEqual({ kind: 'compare', column: 'big', op: '=', value: { decimal: '9007199254740993' } });
    expect(count(valueCondition('big', 'BIGINT', '9007199254740993'))).toBe(1);
  });
});
