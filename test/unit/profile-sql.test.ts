import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewSql, profileKind, summarySql, topValuesSql } from '../../shared/profile-sql.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  engine.run(`CREATE TABLE p AS SELECT
      i AS id,
      CASE WHEN i % 10 = 0 THEN NULL ELSE i / 4.0 END AS x,
      CASE WHEN i = 3 THEN 'NaN'::DOUBLE WHEN i % 5 = 0 THEN NULL ELSE i * 1.5 END AS f,
      CASE WHEN i % 3 = 0 THEN '' WHEN i % 7 = 0 THEN NULL ELSE 'v' || (i % 4) END AS "odd name",
      NULL::INTEGER AS all_null,
      DATE '2024-01-01' + CAST(i AS INTEGER) AS day,
      repeat('x', CASE WHEN i = 1 THEN 100000 ELSE 1 END) AS huge
    FROM range(1, 101) t(i)`);
});
afterAll(() => engine.close());

const summary = (column: string, type: string, exact = true) =>
  engine.objects(summarySql({ relation: 'p' }, column, type, exact))[0]!;

describe('column profile SQL on the real engine', () => {
  it('counts nulls, distinct values and numeric figures', () => {
    const s = summary('x', 'DOUBLE');
    expect(s.rows).toBe(100n);
    expect(s.nulls).toBe(10n);
    expect(s.distinct_values).toBe(90n);
    expect(s.min).toBe('0.25');
    expect(s.max).toBe('24.75');
    expect(s.mean).toBeCloseTo(12.5, 5);
    expect(Number(s.q50)).toBeCloseTo(12.5, 5);
  });

  it('keeps NaN out of min, max and mean, and counts it', () => {
    const s = summary('f', 'DOUBLE');
    expect(s.nan).toBe(1n);
    expect(s.nulls).toBe(20n);
    expect(s.min).toBe('1.5');
    expect(s.max).toBe('148.5');
    expect(Number.isNaN(Number(s.mean))).toBe(false);
  });

  it('counts empty strings and text lengths, with an odd column name', () => {
    const s = summary('odd name', 'VARCHAR');
    expect(s.empty).toBe(33n);
    expect(s.len_min).toBe(0n);
    expect(s.len_max).toBe(2n);
    const top = engine.objects(topValuesSql({ relation: 'p' }, 'odd name', 3));
    expect(top[0]).toMatchObject({ value: '', is_null: false, n: 33n });
  });

  it('handles an all-null column', () => {
    const s = summary('all_null', 'INTEGER');
    expect(s.nulls).toBe(100n);
    expect(s.distinct_values).toBe(0n);
    expect(s.min).toBeNull();
  });

  it('profiles dates', () => {
    expect(profileKind('DATE')).toBe('temporal');
    const s = summary('day', 'DATE');
    expect(s.min).toBe('2024-01-02');
    expect(s.max).toBe('2024-04-10');
  });

  it('measures huge text without trouble', () => {
    const s = summary('huge', 'VARCHAR');
    expect(s.len_max).toBe(100000n);
  });

  it('profiles a sample and a filtered subset', () => {
    expect(engine.objects(summarySql({ relation: 'p', sampleRows: 10 }, 'id', 'BIGINT', true))[0]!.rows).toBe(10n);
    expect(engine.objects(summarySql({ relation: 'p', where: '(id <= 20)' }, 'id', 'BIGINT', false))[0]!.rows).toBe(20n);
  });

  it('summarizes a whole relation', () => {
    const row = engine.objects(overviewSql('p', ['id', 'f', 'odd name', 'all_null']))[0]!;
    expect(row).toMatchObject({ rows: 100n, n0: 100n, n1: 80n, n2: 90n, n3: 0n, d3: 0n });
    expect(Number(row.d0)).toBeGreaterThan(90);
  });
});
