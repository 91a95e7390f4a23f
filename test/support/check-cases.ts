/**
 * The check cases both engines must agree on: the tables of test/unit/checks.test.ts and, per rule kind,
 * the rules it evaluates with their expected failing counts (NULL, NaN and '' included, thresholds at
 * the boundary). checks.test.ts creates these tables on DuckDB-WASM; cli-checks-parity.test.ts runs every
 * case on DuckDB-WASM and on native DuckDB through the CLI and asserts identical results.
 */

export const CHECK_TABLES: readonly string[] = [
  `CREATE TABLE v AS SELECT * FROM (VALUES
      (1, 1.5::DOUBLE, 'a', '12', DATE '2024-01-01', 'CA', 'x@y.z'),
      (2, 'nan'::DOUBLE, '', '', DATE '2999-01-01', 'NY', 'bad'),
      (3, NULL, NULL, NULL, NULL, NULL, NULL),
      (4, 10.0, 'abc', '1e3', DATE '2020-05-05', 'CA', 'a@b.c'),
      (5, -1.0, ' ', 'nan', DATE '2024-01-01', 'XX', ''),
      (6, 10.0, 'nan', ' 7 ', NULL, 'WA', 'q@r.s')
    ) t(id, x, s, num_text, d, state, email)`,
  `CREATE TABLE nans AS SELECT * FROM (VALUES ('nan'::DOUBLE), ('nan'::DOUBLE), (NULL), (NULL), (1.0)) t(x)`,
  `CREATE TABLE pairs AS SELECT * FROM (VALUES (1, 1), (1, 1), (1, NULL), (1, NULL), (2, 1)) t(a, b)`,
  `CREATE TABLE states AS SELECT * FROM (VALUES ('CA'), ('NY'), ('WA')) t(state)`,
  `CREATE TABLE dates AS SELECT * FROM (VALUES ('31/01/2024'), ('2024-01-31'), ('32/01/2024'), (NULL), ('2024-01-31 10:00:00'), ('')) t(txt)`,
  'CREATE TABLE hundred AS SELECT range::INTEGER + 1 AS i FROM range(100)',
  'CREATE TABLE empty AS SELECT 1 AS i WHERE false',
];

export interface CheckCase {
  table: string;
  /** The rule without id, severity (error unless given) and pipeline (`main`). */
  rule: Record<string, unknown>;
  /** Other tables the document names as sources (relationship targets). */
  others?: string[];
  failing: number;
  status: 'passed' | 'failed' | 'warning' | 'error';
}

const c = (table: string, rule: Record<string, unknown>, failing: number, status: CheckCase['status'] = failing > 0 ? 'failed' : 'passed', others?: string[]): CheckCase => ({ table, rule, failing, status, ...(others ? { others } : {}) });
const lat = { kind: 'range', column: 'i', min: 30 };

export const CHECK_CASES: readonly CheckCase[] = [
  c('v', { kind: 'not_null', column: 'x' }, 1),
  c('v', { kind: 'not_null', column: 'x', nanIsNull: true }, 2),
  c('v', { kind: 'not_null', column: 's' }, 1),
  c('v', { kind: 'not_null', column: 's', emptyIsNull: true }, 2),
  c('v', { kind: 'unique', column: 'x' }, 2),
  c('v', { kind: 'unique', column: 'd' }, 2),
  c('v', { kind: 'unique', column: 'id' }, 0),
  c('nans', { kind: 'unique', column: 'x' }, 2),
  c('v', { kind: 'accepted_values', column: 'state', values: ['CA', 'NY', 'WA'] }, 1),
  c('v', { kind: 'accepted_values', column: 's', values: ['a', 'abc'] }, 3),
  c('v', { kind: 'accepted_values', column: 'x', values: [1.5, 10] }, 2),
  c('v', { kind: 'range', column: 'x', min: 0, max: 10 }, 2),
  c('v', { kind: 'range', column: 'x', min: 0, max: 10, maxInclusive: false }, 4),
  c('v', { kind: 'range', column: 'x', min: -1, minInclusive: false }, 2),
  c('v', { kind: 'range', column: 'x', max: { decimal: '10.0' } }, 1),
  c('v', { kind: 'range', column: 'd', min: '2021-01-01', max: '2030-12-31' }, 2),
  c('v', { kind: 'regex', column: 'email', pattern: '^[^@]+@[^@]+$' }, 2),
  c('v', { kind: 'regex', column: 's', pattern: '^$' }, 4),
  c('v', { kind: 'regex', column: 'x', pattern: '^nan$' }, 4),
  c('v', { kind: 'length', column: 's', min: 1, max: 2 }, 3),
  c('v', { kind: 'length', column: 's', max: 0 }, 4),
  c('v', { kind: 'length', column: 'x', max: 3 }, 3),
  c('v', { kind: 'castable', column: 'num_text', to: 'number' }, 2),
  c('v', { kind: 'castable', column: 'num_text', to: 'number', emptyIsNull: true }, 1),
  c('v', { kind: 'castable', column: 'x', to: 'number' }, 1),
  c('v', { kind: 'castable', column: 's', to: 'date' }, 5),
  c('dates', { kind: 'castable', column: 'txt', to: 'date', format: '%d/%m/%Y' }, 4),
  c('dates', { kind: 'castable', column: 'txt', to: 'date' }, 3),
  c('dates', { kind: 'castable', column: 'txt', to: 'timestamp', emptyIsNull: true }, 2),
  c('v', { kind: 'not_in_future', column: 'd' }, 1),
  c('dates', { kind: 'not_in_future', column: 'txt' }, 0),
  c('v', { kind: 'expression', expression: 'x < 5' }, 3),
  c('v', { kind: 'expression', expression: 'x < 5 OR isnan(x)' }, 2),
  c('v', { kind: 'expression', expression: "state <> 'XX' AND s <> ''" }, 2),
  c('v', { kind: 'row_count', min: 6, max: 6 }, 0),
  c('v', { kind: 'row_count', max: 5 }, 1),
  c('empty', { kind: 'row_count', min: 1 }, 1),
  c('pairs', { kind: 'unique_combination', columns: ['a', 'b'] }, 2),
  c('pairs', { kind: 'unique_combination', columns: ['a'] }, 4),
  c('v', { kind: 'relationship', columns: ['state'], to: { kind: 'source', id: 'states', columns: ['state'] } }, 1, 'failed', ['states']),
  c('v', { kind: 'schema', columns: [{ name: 'id', type: 'int' }, { name: 'x', type: 'FLOAT8' }, { name: 's', type: 'text' }, { name: 'd' }] }, 0),
  c('v', { kind: 'schema', columns: [{ name: 'id', type: 'VARCHAR' }, { name: 'ID' }, { name: 'nope' }] }, 3),
  c('v', { kind: 'schema', columns: [{ name: 'id' }, { name: 'x' }], exact: true }, 5),
  c('v', { kind: 'sql', query: 'SELECT id FROM input WHERE x > 5 ORDER BY id;' }, 3),
  c('hundred', { ...lat, threshold: { maxCount: 29 } }, 29, 'passed'),
  c('hundred', { ...lat, threshold: { maxCount: 28 } }, 29, 'failed'),
  c('hundred', { ...lat, threshold: { maxFraction: 0.29 } }, 29, 'passed'),
  c('hundred', { ...lat, threshold: { maxFraction: 0.28999 } }, 29, 'failed'),
  c('empty', { kind: 'not_null', column: 'i' }, 0),
  c('v', { kind: 'not_null', column: 'x', severity: 'warn' }, 1, 'warning'),
  c('v', { kind: 'not_null', column: 'x', action: 'warn' }, 1, 'warning'),
  c('v', { kind: 'not_null', column: 'x', action: 'quarantine' }, 1, 'failed'),
  c('v', { kind: 'not_null', column: 'nope' }, 0, 'error'),
  c('v', { kind: 'regex', column: 's', pattern: '(' }, 0, 'error'),
];
