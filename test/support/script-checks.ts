import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckRule } from '../../shared/checks/rules.ts';
import type { CsvOptions } from '../../shared/csv-options.ts';
import { emptyDocument, type PipelineDocument, type Step } from '../../shared/pipeline/document.ts';
import { CHECK_CASES, CHECK_TABLES, type CheckCase } from './check-cases.ts';
import type { NativeDb } from './native.ts';

/**
 * The checks' corpus for the script targets: the shared check cases (test/support/check-cases.ts, every
 * rule kind with NULL, NaN, '' and thresholds at the boundary) plus cases for what the scripts translate
 * (formats, regex escapes, expressions, steps), over the check tables written as CSV files the app, the
 * CLI, DuckDB and pandas all read alike: every value quoted and NULL written as `NULL` (so '' stays a
 * value), NaN as `nan`,
 * every column typed. pandas holds dates up to 2262, so the far-future date is 2199 (same counts).
 */

/** The check tables, with pandas' date range. */
export const SCRIPT_CHECK_TABLES: readonly string[] = [
  ...CHECK_TABLES.map((sql) => sql.replace("DATE '2999-01-01'", "DATE '2199-01-01'")),
  `CREATE TABLE edge AS SELECT * FROM (VALUES
      (1, ' 7 ', '1/2/2024', 'a b'), (2, '1_000', '01/02/24', 'a' || chr(9) || 'b'), (3, '1__0', ' 01/02/2024 ', 'ab'),
      (4, '.5', '31/02/2024', 'a' || chr(10)), (5, '1e400', '29/02/2024', 'x.y'), (6, 'Infinity', '001/02/2024', 'x}y'),
      (7, '+5', '01/13/2024', 'AB'), (8, '٣', '1/2/0', 'é'), (9, '1.e3', '01 /02/2024', ''), (10, '-.5', NULL, NULL)
    ) t(id, num, dmy, txt)`,
  `CREATE TABLE typed AS SELECT * FROM (VALUES
      (1, TIMESTAMP '2024-01-02 03:04:05', 1.1::FLOAT, 10::DECIMAL(18,3), true, 1e16::DOUBLE),
      (2, TIMESTAMP '2024-01-02 00:00:00', 'nan'::FLOAT, 2.5::DECIMAL(18,3), false, 0.0001::DOUBLE),
      (3, NULL, NULL, NULL, NULL, 123456.0::DOUBLE)
    ) t(id, ts, f, dec, b, dbl)`,
];

/** Tables each case reads, by name: the CSV options that give every column its type. */
export async function writeCheckFiles(native: NativeDb, dir: string): Promise<Map<string, CsvOptions>> {
  const options = new Map<string, CsvOptions>();
  for (const sql of SCRIPT_CHECK_TABLES) {
    await native.rows(sql);
    const table = /CREATE TABLE (\w+)/.exec(sql)![1]!;
    await native.rows(`COPY ${table} TO '${join(dir, `${table}.csv`)}' (HEADER true, NULLSTR 'NULL', FORCE_QUOTE *)`);
    const types = (await native.rows(`SELECT column_name, column_type FROM (DESCRIBE ${table})`)).map((r) => [String(r[0]), String(r[1])]);
    options.set(table, { header: true, delimiter: ',', quote: '"', escape: '"', nullStrings: ['NULL'], columnTypes: Object.fromEntries(types) });
  }
  return options;
}

/** Cases for what the scripts translate beyond the shared ones: formats, regex escapes, expressions, dates as text. */
export const EXTRA_CASES: readonly CheckCase[] = [
  { table: 'v', rule: { kind: 'expression', expression: "id < 5 AND coalesce(state, '') <> 'NY'" }, failing: 3, status: 'failed' },
  { table: 'v', rule: { kind: 'regex', column: 'email', pattern: '\\.[a-z]$' }, failing: 2, status: 'failed' },
  { table: 'v', rule: { kind: 'regex', column: 'd', pattern: '^20[0-9]{2}-01' }, failing: 2, status: 'failed' },
  { table: 'v', rule: { kind: 'length', column: 'd', min: 10, max: 10 }, failing: 0, status: 'passed' },
  { table: 'v', rule: { kind: 'accepted_values', column: 'd', values: ['2024-01-01', '2020-05-05'], severity: 'warn' }, failing: 1, status: 'warning' },
  { table: 'v', rule: { kind: 'unique_combination', columns: ['state', 'd'], threshold: { maxFraction: 0.5 } }, failing: 0, status: 'passed' },
  { table: 'dates', rule: { kind: 'castable', column: 'txt', to: 'timestamp', format: '%Y-%m-%d %H:%M:%S' }, failing: 4, status: 'failed' },
  { table: 'edge', rule: { kind: 'castable', column: 'num', to: 'number' }, failing: 4, status: 'failed' },
  { table: 'edge', rule: { kind: 'castable', column: 'dmy', to: 'date', format: '%d/%m/%Y' }, failing: 4, status: 'failed' },
  { table: 'edge', rule: { kind: 'regex', column: 'txt', pattern: '^a\\sb$|[}.]' }, failing: 5, status: 'failed' },
  { table: 'edge', rule: { kind: 'length', column: 'txt', max: 2 }, failing: 4, status: 'failed' },
  { table: 'edge', rule: { kind: 'regex', column: 'txt', pattern: '^[a-z]+$' }, failing: 8, status: 'failed' },
  { table: 'typed', rule: { kind: 'regex', column: 'ts', pattern: '^2024-01-02 0[03]:0[04]:0[05]$' }, failing: 0, status: 'passed' },
  { table: 'typed', rule: { kind: 'regex', column: 'f', pattern: '^(1\\.1|nan)$' }, failing: 0, status: 'passed' },
  { table: 'typed', rule: { kind: 'regex', column: 'dec', pattern: '^(10\\.000|2\\.500)$' }, failing: 0, status: 'passed' },
  { table: 'typed', rule: { kind: 'accepted_values', column: 'b', values: [true] }, failing: 1, status: 'failed' },
  { table: 'typed', rule: { kind: 'regex', column: 'b', pattern: '^true$' }, failing: 1, status: 'failed' },
  { table: 'typed', rule: { kind: 'regex', column: 'dbl', pattern: '^(1e\\+16|0\\.0001|123456\\.0)$' }, failing: 0, status: 'passed' },
  { table: 'typed', rule: { kind: 'not_in_future', column: 'ts' }, failing: 0, status: 'passed' },
  { table: 'typed', rule: { kind: 'range', column: 'ts', min: '2024-01-02 01:00:00' }, failing: 1, status: 'failed' },
  { table: 'typed', rule: { kind: 'not_null', column: 'f', nanIsNull: true }, failing: 2, status: 'failed' },
];

/** Rules applying after a step (`after`) and at the output of a pipeline with steps: the scripts keep each step's rows for them. */
export const STEPS: Step[] = [
  { id: 's1', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'id', op: '>', value: 2 } },
  { id: 's2', kind: 'limit', enabled: true, count: 2 },
];
export const STEP_CASES: readonly CheckCase[] = [
  { table: 'v', rule: { kind: 'row_count', max: 4, after: 's1' }, failing: 0, status: 'passed' },
  { table: 'v', rule: { kind: 'not_null', column: 'x', after: 's1' }, failing: 1, status: 'failed' },
  { table: 'v', rule: { kind: 'castable', column: 'num_text', to: 'number', after: 's1', severity: 'warn' }, failing: 1, status: 'warning' },
  { table: 'v', rule: { kind: 'unique', column: 'x' }, failing: 0, status: 'passed' },
];

/** The cases pandas refuses (the rule kept in the document, disabled, for the pandas script), with the reason it gives. */
export const PANDAS_REFUSES_CHECKS: readonly { table: string; rule: Record<string, unknown>; reason: RegExp }[] = [
  { table: 'v', rule: { kind: 'castable', column: 's', to: 'date' }, reason: /castable\(s, date\)\) cannot become pandas: castable to date without a format is DuckDB's own date parsing/ },
  { table: 'dates', rule: { kind: 'castable', column: 'txt', to: 'date' }, reason: /without a format is DuckDB's own date parsing/ },
  { table: 'dates', rule: { kind: 'castable', column: 'txt', to: 'timestamp', emptyIsNull: true }, reason: /castable to timestamp without a format/ },
  { table: 'dates', rule: { kind: 'not_in_future', column: 'txt' }, reason: /not_in_future\(txt\)\) cannot become pandas: "not in the future" reads VARCHAR column "txt" through DuckDB's TIMESTAMP cast/ },
  { table: 'v', rule: { kind: 'expression', expression: 'x < 5' }, reason: /its expression compares a FLOAT or DOUBLE column, where DuckDB orders NaN above every number/ },
  { table: 'v', rule: { kind: 'expression', expression: 'x < 5 OR isnan(x)' }, reason: /its expression is outside what every target can print \(.*isnan/ },
  { table: 'v', rule: { kind: 'sql', query: 'SELECT id FROM input WHERE x > 5 ORDER BY id;' }, reason: /sql\(SELECT id FROM input WHERE x > 5 ORDER …\)\) cannot become pandas: a custom SQL assertion needs DuckDB to run its query/ },
];

/** Rules every target refuses or cannot evaluate (status `error` in the app and the CLI). */
export const ERROR_CASES = CHECK_CASES.filter((c) => c.status === 'error');

const same = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a) === JSON.stringify(b);
export const pandasRefusal = (one: CheckCase) => PANDAS_REFUSES_CHECKS.find((r) => r.table === one.table && same(r.rule, one.rule));

/** The corpus in groups, one document each: every case that evaluates (not `error`) by table, ids `<table>_<n>`; then the step cases. */
export function caseGroups(): { name: string; table: string; steps: Step[]; cases: { id: string; one: CheckCase }[] }[] {
  const byTable = new Map<string, { id: string; one: CheckCase }[]>();
  for (const one of [...CHECK_CASES.filter((c) => c.status !== 'error'), ...EXTRA_CASES]) {
    const list = byTable.get(one.table) ?? [];
    list.push({ id: `${one.table}_${list.length + 1}`, one });
    byTable.set(one.table, list);
  }
  return [...[...byTable].map(([table, cases]) => ({ name: table, table, steps: [], cases })), { name: 'v_steps', table: 'v', steps: STEPS, cases: STEP_CASES.map((one, i) => ({ id: `step_${i + 1}`, one })) }];
}

/** A document over `table` (and the tables its rules look keys up in), its CSV files read with `options`, one file output. */
export function checksDocument(table: string, rules: CheckRule[], options: Map<string, CsvOptions>, output: string, steps: Step[] = []): PipelineDocument {
  const others = [...new Set(rules.flatMap((r) => (r.kind === 'relationship' && r.to.kind === 'source' ? [r.to.id] : [])))].filter((t) => t !== table);
  const source = (name: string) => ({ id: name, name, file: { path: `${name}.csv`, name: `${name}.csv` }, format: 'csv' as const, csv: options.get(name)! });
  return {
    ...emptyDocument(),
    sources: [source(table), ...others.map(source)],
    pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: table }, steps }],
    checks: rules,
    outputs: [{ pipeline: 'main', path: output, format: 'csv' }],
  };
}

/** Write a config file (pretty JSON) for a document. */
export function writeConfig(dir: string, name: string, doc: PipelineDocument): void {
  writeFileSync(join(dir, name), `${JSON.stringify(doc, null, 2)}\n`);
}
