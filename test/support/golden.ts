import { expect } from 'vitest';
import type { CsvOptions } from '../../shared/csv-options.ts';
import { emptyDocument, type PipelineDocument, type Step, type StepDraft } from '../../shared/pipeline/document.ts';

/**
 * The compiler's golden cases: one or more per step kind, over two small tables. `compile.test.ts` runs
 * them on DuckDB-WASM (and keeps their SQL as snapshots); `cli-app-parity.test.ts` runs them on both the
 * app's engine and the CLI's native engine and compares the rows.
 */

/** The golden tables, as SQL (the unit tests' engine) and as CSV files read with options giving the same types. */
export const GOLDEN_TABLES_SQL = [
  `CREATE TABLE people AS SELECT * FROM (VALUES
      (1, 'Ada', 'CA', 36, DATE '2024-01-15', ' x '),
      (2, 'Grace', 'NY', 45, DATE '2024-02-20', 'a-b'),
      (3, 'Linus', 'CA', NULL, DATE '2024-02-01', NULL),
      (4, 'Ada', 'CA', 36, DATE '2024-01-15', ' x '),
      (5, 'Alan', 'TX', 41, DATE '2023-12-31', 'c-d')
    ) t(id, name, state, age, joined, tag)`,
  `CREATE TABLE states AS SELECT * FROM (VALUES ('CA', 'California'), ('NY', 'New York'), ('WA', 'Washington')) t(state, state_name)`,
];

export const GOLDEN_CSV: Record<'people' | 'states', { text: string; options: CsvOptions }> = {
  people: {
    text: 'id,name,state,age,joined,tag\n1,Ada,CA,36,2024-01-15," x "\n2,Grace,NY,45,2024-02-20,a-b\n3,Linus,CA,,2024-02-01,\n4,Ada,CA,36,2024-01-15," x "\n5,Alan,TX,41,2023-12-31,c-d\n',
    options: { header: true, columnTypes: { id: 'INTEGER', age: 'INTEGER', joined: 'DATE', tag: 'VARCHAR' } },
  },
  states: {
    text: 'state,state_name\nCA,California\nNY,New York\nWA,Washington\n',
    options: { header: true },
  },
};

/** The golden document: pipeline `main` over people with `steps`, and `ca` (the CA states) to join with. */
export function goldenDocument(steps: Step[], paths: { people: string; states: string } = { people: 'people.csv', states: 'states.csv' }, csv?: typeof GOLDEN_CSV): PipelineDocument {
  return {
    ...emptyDocument(),
    sources: [
      { id: 'people', name: 'people', file: { path: paths.people, name: 'people.csv' }, format: 'csv', ...(csv ? { csv: csv.people.options } : {}) },
      { id: 'states', name: 'states', file: { path: paths.states, name: 'states.csv' }, format: 'csv', ...(csv ? { csv: csv.states.options } : {}) },
    ],
    pipelines: [
      { id: 'main', name: 'main', input: { kind: 'source', id: 'people' }, steps },
      { id: 'ca', name: 'ca', input: { kind: 'source', id: 'states' }, steps: [{ id: 'f', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } }] },
    ],
  };
}

let n = 0;
const step = (s: StepDraft): Step => ({ id: `s${++n}`, enabled: true, ...s }) as Step;

export type GoldenCase = [name: string, steps: Step[], check: (rows: Record<string, unknown>[]) => void];

/** Golden cases: one per step kind, run on the real engine; the SQL is kept as a snapshot. */
export const GOLDEN_CASES: GoldenCase[] = [
  ['select', [step({ kind: 'select', columns: ['name', 'id'] })], (r) => expect(Object.keys(r[0]!)).toEqual(['name', 'id'])],
  ['drop', [step({ kind: 'drop', columns: ['tag', 'joined'] })], (r) => expect(Object.keys(r[0]!)).toEqual(['id', 'name', 'state', 'age'])],
  ['rename', [step({ kind: 'rename', renames: [{ from: 'name', to: 'full name' }] })], (r) => expect(r[0]!['full name']).toBe('Ada')],
  ['cast (try)', [step({ kind: 'cast', column: 'tag', to: 'INTEGER' })], (r) => expect(r.map((x) => x.tag)).toEqual([null, null, null, null, null])],
  ['filter', [step({ kind: 'filter', condition: { kind: 'group', op: 'and', items: [{ kind: 'compare', column: 'state', op: '=', value: 'CA' }, { kind: 'null', column: 'age', negate: true }] } })], (r) => expect(r.map((x) => x.id)).toEqual([1, 4])],
  ['filter text/in/between', [step({ kind: 'filter', condition: { kind: 'group', op: 'or', items: [{ kind: 'text', column: 'name', op: 'starts_with', value: 'al', caseSensitive: false }, { kind: 'in', column: 'state', values: ['NY'] }, { kind: 'between', column: 'joined', low: '2024-02-01', high: '2024-02-01' }] } })], (r) => expect(r.map((x) => x.id)).toEqual([2, 3, 5])],
  [
    'filter nested groups',
    [step({ kind: 'filter', condition: { kind: 'group', op: 'and', items: [{ kind: 'group', op: 'or', items: [{ kind: 'compare', column: 'state', op: '=', value: 'CA' }, { kind: 'compare', column: 'state', op: '=', value: 'TX' }] }, { kind: 'compare', column: 'age', op: '>', value: 40 }] } })],
    (r) => expect(r.map((x) => x.id)).toEqual([5]),
  ],
  ['derive', [step({ kind: 'derive', name: 'age next year', expression: 'age + 1' })], (r) => expect(r.map((x) => x['age next year'])).toEqual([37, 46, null, 37, 42])],
  ['sort', [step({ kind: 'sort', keys: [{ column: 'age', direction: 'desc' }, { column: 'id', direction: 'asc' }] })], (r) => expect(r.map((x) => x.id)).toEqual([2, 5, 1, 4, 3])],
  ['dedupe all columns', [step({ kind: 'drop', columns: ['id'] }), step({ kind: 'dedupe', keep: 'first' })], (r) => expect(r.map((x) => x.name)).toEqual(['Ada', 'Grace', 'Linus', 'Alan'])],
  ['dedupe keys, keep last', [step({ kind: 'dedupe', columns: ['state'], keep: 'last' })], (r) => expect(r.map((x) => x.id)).toEqual([2, 4, 5])],
  ['fill nulls', [step({ kind: 'fill_null', column: 'age', value: 0 })], (r) => expect(r.map((x) => x.age)).toEqual([36, 45, 0, 36, 41])],
  ['replace', [step({ kind: 'replace', column: 'state', from: 'CA', to: 'California' })], (r) => expect(r[0]!.state).toBe('California')],
  ['text trim into', [step({ kind: 'text', column: 'tag', op: 'trim', into: 'tag2' })], (r) => expect(r[0]!.tag2).toBe('x')],
  ['text pad', [step({ kind: 'text', column: 'id', op: 'pad_left', width: 3, fill: '0' })], (r) => expect(r[0]!.id).toBe('001')],
  ['split', [step({ kind: 'split', column: 'tag', delimiter: '-', into: ['a', 'b'] })], (r) => expect([r[1]!.a, r[1]!.b]).toEqual(['a', 'b'])],
  ['extract', [step({ kind: 'extract', column: 'tag', pattern: '([a-z])-([a-z])', group: 2, into: 'second' })], (r) => expect(r.map((x) => x.second)).toEqual([null, 'b', null, null, 'd'])],
  ['parse date', [step({ kind: 'derive', name: 'txt', expression: "strftime(joined, '%d/%m/%Y')" }), step({ kind: 'parse_date', column: 'txt', format: '%d/%m/%Y', into: 'parsed' })], (r) => expect(String(r[0]!.parsed)).toBe(String(r[0]!.joined))],
  ['date part', [step({ kind: 'date_part', column: 'joined', part: 'month', into: 'm' })], (r) => expect(r.map((x) => x.m)).toEqual([1n, 2n, 2n, 1n, 12n])],
  ['date trunc', [step({ kind: 'date_trunc', column: 'joined', unit: 'month', into: 'month' }), step({ kind: 'select', columns: ['month'] }), step({ kind: 'limit', count: 1 })], (r) => expect(r.map((x) => new Date(Number(x.month)).toISOString().slice(0, 10))).toEqual(['2024-01-01'])],
  ['aggregate', [step({ kind: 'aggregate', groupBy: ['state'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'avg', column: 'age', as: 'avg age' }, { fn: 'string_agg', column: 'name', as: 'names', separator: '|' }, { fn: 'count_distinct', column: 'name', as: 'distinct names' }, { fn: 'median', column: 'age', as: 'median' }] })], (r) => {
    expect(r.map((x) => [x.state, x.n, x['distinct names']])).toEqual([['CA', 3n, 2n], ['NY', 1n, 1n], ['TX', 1n, 1n]]);
    expect(r[0]!.names).toBe('Ada|Linus|Ada');
  }],
  ['join left with another source', [step({ kind: 'join', with: { kind: 'source', id: 'states' }, how: 'left', on: [{ left: 'state', right: 'state' }] }), step({ kind: 'sort', keys: [{ column: 'id', direction: 'asc' }] })], (r) => expect(r.map((x) => x.state_name)).toEqual(['California', 'New York', 'California', 'California', null])],
  ['join inner with a pipeline', [step({ kind: 'join', with: { kind: 'pipeline', id: 'ca' }, how: 'inner', on: [{ left: 'state', right: 'state' }] })], (r) => expect(r.map((x) => [x.id, x.state, x.state_name]).sort()).toEqual([[1, 'CA', 'California'], [3, 'CA', 'California'], [4, 'CA', 'California']])],
  ['anti join', [step({ kind: 'join', with: { kind: 'source', id: 'states' }, how: 'anti', on: [{ left: 'state', right: 'state' }] })], (r) => expect(r.map((x) => x.id)).toEqual([5])],
  ['union by name', [step({ kind: 'select', columns: ['state'] }), step({ kind: 'union', with: [{ kind: 'source', id: 'states' }] })], (r) => expect(r.map((x) => `${String(x.state)}:${String(x.state_name)}`).sort()).toEqual(['CA:California', 'CA:null', 'CA:null', 'CA:null', 'NY:New York', 'NY:null', 'TX:null', 'WA:Washington'])],
  ['pivot', [step({ kind: 'pivot', on: 'state', value: 'age', fn: 'sum', groupBy: ['name'], values: ['CA', 'NY'] })], (r) => expect(r.map((x) => x.name)).toEqual(['Ada', 'Alan', 'Grace', 'Linus'])],
  ['unpivot', [step({ kind: 'select', columns: ['id', 'name', 'state'] }), step({ kind: 'unpivot', columns: ['name', 'state'], nameColumn: 'field', valueColumn: 'value' })], (r) => expect(r.filter((x) => x.id === 1 || x.id === 5).map((x) => [x.id, x.field, x.value]).sort()).toEqual([[1, 'name', 'Ada'], [1, 'state', 'CA'], [5, 'name', 'Alan'], [5, 'state', 'TX']])],
  ['window running total', [step({ kind: 'window', fn: 'running_sum', column: 'id', partitionBy: [], orderBy: [{ column: 'id', direction: 'asc' }], as: 'total' }), step({ kind: 'cast', column: 'total', to: 'BIGINT' }), step({ kind: 'sort', keys: [{ column: 'id', direction: 'asc' }] })], (r) => expect(r.map((x) => x.total)).toEqual([1n, 3n, 6n, 10n, 15n])],
  ['window lag', [step({ kind: 'window', fn: 'lag', column: 'name', offset: 1, partitionBy: ['state'], orderBy: [{ column: 'id', direction: 'asc' }], as: 'prev' }), step({ kind: 'sort', keys: [{ column: 'id', direction: 'asc' }] })], (r) => expect(r.map((x) => x.prev)).toEqual([null, null, 'Ada', 'Linus', null])],
  ['limit', [step({ kind: 'limit', count: 2, offset: 1 })], (r) => expect(r.map((x) => x.id)).toEqual([2, 3])],
  ['sample rows (deterministic)', [step({ kind: 'sample', rows: 2, seed: 7 })], (r) => {
    expect(new Set(r.map((x) => x.id)).size).toBe(2);
    expect(r.every((x) => [1, 2, 3, 4, 5].includes(Number(x.id)))).toBe(true);
  }],
  ['custom SQL', [step({ kind: 'sql', query: 'SELECT state, max(age) AS oldest FROM input GROUP BY state ORDER BY state;' })], (r) => expect(r.map((x) => x.oldest)).toEqual([36, 45, 41])],
];
