import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayExpr, isNumericType, pageSql } from '../../shared/grid-sql.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  engine.run(`CREATE TABLE typed AS SELECT
      42::INTEGER AS i, 9007199254740993::BIGINT AS big, 1.5::DOUBLE AS d, 'NaN'::DOUBLE AS nan,
      12.345::DECIMAL(10,3) AS dec, 170141183460469231731687303715884105727::HUGEINT AS huge,
      TIMESTAMP '2024-03-01 12:34:56.789' AS ts, DATE '2024-03-01' AS day, true AS flag,
      [1, 2] AS list, {'k': 'v'} AS obj, NULL::VARCHAR AS nothing, 'x' AS "select"`);
});
afterAll(() => engine.close());

describe('grid display values', () => {
  it('keeps numbers native and turns the rest into exact text', () => {
    const columns = engine.rows('DESCRIBE typed').map((r) => ({ name: String(r[0]), type: String(r[1]) }));
    const row = engine.objects(`SELECT ${columns.map((c) => `${displayExpr(c)} AS "${c.name}"`).join(', ')} FROM typed`)[0]!;
    expect(row.i).toBe(42);
    expect(row.big).toBe(9007199254740993n);
    expect(row.d).toBe(1.5);
    expect(Number.isNaN(row.nan)).toBe(true);
    expect(row.dec).toBe('12.345');
    expect(row.huge).toBe('170141183460469231731687303715884105727');
    expect(row.ts).toBe('2024-03-01T12:34:56.789');
    expect(row.day).toBe('2024-03-01');
    expect(row.flag).toBe(true);
    expect(row.list).toBe('[1, 2]');
    expect(row.obj).toBe("{'k': v}");
    expect(row.nothing).toBeNull();
    expect(row.select).toBe('x');
  });

  it('pages with sort, limit and offset', () => {
    engine.run('CREATE TABLE nums AS SELECT range AS n, range % 3 AS m FROM range(10)');
    const cols = [{ name: 'n', type: 'BIGINT' }, { name: 'm', type: 'BIGINT' }];
    const rows = engine.rows(pageSql('nums', cols, [{ column: 'm', direction: 'desc' }, { column: 'n', direction: 'asc' }], 2, 3));
    expect(rows).toEqual([[8n, 2n], [1n, 1n], [4n, 1n]]);
  });

  it('pages an unsorted table by rowid, the same rows as OFFSET', () => {
    engine.run('CREATE TABLE big AS SELECT range AS n FROM range(100000)');
    engine.run('CREATE VIEW big_view AS SELECT * FROM big');
    const cols = [{ name: 'n', type: 'BIGINT' }];
    const byOffset = engine.rows(pageSql('big_view', cols, [], 65_000, 50));
    const byRowid = engine.rows(pageSql('big_view', cols, [], 65_000, 50, undefined, 'big'));
    expect(pageSql('big_view', cols, [], 65_000, 50, undefined, 'big')).toMatch(/rowid >= 65000/);
    expect(byRowid).toEqual(byOffset);
    expect(pageSql('big_view', cols, [{ column: 'n', direction: 'desc' }], 0, 50, undefined, 'big')).toMatch(/OFFSET/);
  });

  it('right-aligns numeric types only', () => {
    expect(isNumericType('BIGINT')).toBe(true);
    expect(isNumericType('DECIMAL(10,3)')).toBe(true);
    expect(isNumericType('VARCHAR')).toBe(false);
  });
});
