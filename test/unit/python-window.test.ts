import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNative, type NativeDb } from '../support/native.ts';
import { withRuntime } from '../support/python-runtime.ts';

/**
 * The generated script's window_values against native DuckDB on a table made for ties and NULLs (in the
 * partition keys, the order keys and the values): every function, with and without a partition, both
 * directions. Only orders that DuckDB makes deterministic are compared (row_number and running sums are
 * ordered by a unique key last; rank and dense_rank may tie).
 */

/** A small deterministic table: id unique, g and k with few values and NULLs, v with NULLs and negatives. */
function table(): { id: number; g: string | null; k: number | null; v: number | null }[] {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  return Array.from({ length: 40 }, (_, i) => ({
    id: i + 1,
    g: [null, 'a', 'b', 'é'][next(4)]!,
    k: next(5) === 0 ? null : next(4),
    v: next(6) === 0 ? null : next(200) - 100,
  }));
}

const CASES: [fn: string, partition: string[], order: [string, boolean][], column?: string, offset?: number][] = [
  ['rank', [], [['k', true]]],
  ['rank', ['g'], [['k', false]]],
  ['dense_rank', ['g'], [['k', true]]],
  ['dense_rank', [], [['k', false], ['g', true]]],
  ['rank', ['g'], []],
  ['row_number', ['g'], [['k', true], ['id', false]]],
  ['running_sum', ['g'], [['k', false], ['id', true]], 'v'],
  ['running_sum', [], [['id', true]], 'v'],
  ['lag', ['g'], [['k', true], ['id', true]], 'v', 1],
  ['lead', ['k'], [['id', false]], 'g', 2],
  ['lag', [], [['id', true]], 'k', 0],
];

describe('window functions as DuckDB', () => {
  let native: NativeDb;
  const rows = table();
  beforeAll(async () => {
    native = await openNative();
    const values = rows.map((r) => `(${r.id}, ${r.g === null ? 'NULL' : `'${r.g}'`}, ${r.k ?? 'NULL'}, ${r.v ?? 'NULL'})`).join(', ');
    await native.rows(`CREATE TABLE t AS SELECT * FROM (VALUES ${values}) t(id, g, k, v)`);
  });
  afterAll(() => native?.close());

  it.each(CASES)('%s over %j ordered by %j', async (fn, partition, order, column, offset) => {
    const over = [partition.length ? `PARTITION BY ${partition.join(', ')}` : '', order.length ? `ORDER BY ${order.map(([c, asc]) => `${c} ${asc ? 'ASC' : 'DESC'}`).join(', ')}` : ''].join(' ');
    const call = { rank: 'rank()', dense_rank: 'dense_rank()', row_number: 'row_number()', running_sum: `sum(${column})`, lag: `lag(${column}, ${offset})`, lead: `lead(${column}, ${offset})` }[fn];
    const frame = fn === 'running_sum' ? ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : '';
    const duckdb = (await native.rows(`SELECT ${call} OVER (${over}${frame})::VARCHAR FROM t ORDER BY id`)).map((r) => r[0]);
    const python = withRuntime<(string | null)[]>(
      [
        'df = pd.DataFrame(data["rows"]).astype({"id": "Int64", "g": "string", "k": "Int64", "v": "Int64"})',
        'df = df.sample(frac=1, random_state=3)  # the input order must not matter',
        'values = window_values(df, data["fn"], data["partition"], [tuple(o) for o in data["order"]], column=data["column"], offset=data["offset"])',
        'result = [None if pd.isna(x) else str(x) for x in values.reindex(df.sort_values("id").index)]',
      ].join('\n'),
      { rows, fn, partition, order, column: column ?? null, offset: offset ?? 1 },
    );
    expect(python).toEqual(duckdb);
  });
});
