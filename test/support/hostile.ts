import { startEngine, type TestEngine } from './engine.ts';

/**
 * SQL written to escape its place: every DuckDB string and comment form, nested quotes, statements
 * that write (COPY … TO, ATTACH, INSTALL/LOAD, PRAGMA, SET, CREATE, UPDATE, DROP) and reads of files
 * the user never opened. Each is tried as a derived column's expression, a custom SQL step and a
 * filter value, through the compiler and the real engine (`hostile.test.ts`), and through a project
 * file in the app (`e2e/hostile.spec.ts`).
 */

/** Statements that would change something if they ever ran. */
const PAYLOADS = [
  'CREATE TABLE pwned AS SELECT 7 AS v',
  'UPDATE people SET name = $q$pwned$q$',
  'DROP TABLE people',
  "COPY people TO 'stolen.csv'",
  "ATTACH 'evil.db' AS evil",
  'INSTALL httpfs',
  'LOAD httpfs',
  "PRAGMA enable_profiling='json'",
  'SET enable_external_access = true',
  'CREATE OR REPLACE VIEW people_view AS SELECT 1',
];

/** Ways to close whatever the fragment is placed in, hidden in each string and comment form. */
const ESCAPES = [
  (p: string) => `1); ${p}; --`,
  (p: string) => `1)) AS y FROM people; ${p}; --`,
  (p: string) => `$$'$$) AS y FROM (SELECT 1); ${p}; -- '$$`,
  (p: string) => `$tag$'$tag$) AS y FROM (SELECT 1); ${p}; -- '$tag$`,
  (p: string) => `E'\\'') AS y FROM (SELECT 1); ${p}; --'`,
  (p: string) => `e'\\\\'); ${p}; --'`,
  (p: string) => `'it''s'); ${p}; --`,
  (p: string) => `"a""b"); ${p}; --`,
  (p: string) => `1 /* /* */ ); ${p}; -- */`,
  (p: string) => `1 /* ); ${p}; */`,
  (p: string) => `1 --\n); ${p}; --`,
  (p: string) => `x'00'); ${p}; --`,
  (p: string) => `1\u00a0E'\\'); ${p}; --'`,
  (p: string) => `(SELECT 1); ${p}`,
  (p: string) => `1; ${p}`,
  (p: string) => `1)\n; ${p}\n; SELECT (1`,
];

export const HOSTILE_FRAGMENTS: string[] = PAYLOADS.flatMap((p) => ESCAPES.map((e) => e(p)));

/** Whole queries a custom SQL step must refuse or run harmlessly. */
export const HOSTILE_QUERIES: string[] = [
  ...PAYLOADS,
  ...PAYLOADS.map((p) => `SELECT * FROM input; ${p}`),
  ...PAYLOADS.map((p) => `SELECT * FROM input WHERE name = $$'$$; ${p}; -- '$$`),
  ...PAYLOADS.map((p) => `SELECT * FROM input) ; ${p}; SELECT * FROM (SELECT 1`),
  "SELECT * FROM read_csv('/etc/passwd')",
  "SELECT * FROM read_text('/etc/hostname')",
  "SELECT * FROM query('CREATE TABLE pwned AS SELECT 1')",
  'SELECT * FROM "__sluice_input"',
  'SELECT * FROM __sluice_step_1',
  'WITH x AS (SELECT * FROM __SLUICE_INPUT) SELECT * FROM x',
];

/** A project that nests unions of unions: compiled naively, its SQL doubles with every pipeline. */
export function unionBomb(levels: number): unknown {
  const pipelines = Array.from({ length: levels }, (_, i) => ({
    id: `p${i}`,
    name: `level ${i}`,
    input: i === 0 ? { kind: 'source', id: 'people' } : { kind: 'pipeline', id: `p${i - 1}` },
    steps: i === 0 ? [] : [{ id: `u${i}`, kind: 'union', enabled: true, with: [{ kind: 'pipeline', id: `p${i - 1}` }, { kind: 'pipeline', id: `p${i - 1}` }] }],
  }));
  return {
    format: 'sluice.pipeline',
    version: 1,
    sources: [{ id: 'people', name: 'people', file: { path: 'people.csv', name: 'people.csv' }, format: 'csv' }],
    pipelines,
    checks: [],
    outputs: [],
  };
}

/**
 * The database hostile SQL is tried on: a `people` table, a view over it, and external access off (as
 * the CLI runs configs, and as the browser's engine, which sees only the files the user opened). Its
 * fingerprint covers every table and view, the rows of `people` and the settings a payload would change.
 */
export async function hostileDatabase(): Promise<{ engine: TestEngine; fingerprint: () => string }> {
  const engine = await startEngine();
  engine.run(`CREATE TABLE people AS SELECT * FROM (VALUES (1, 'Ada', 'CA'), (2, 'Grace', 'NY')) t(id, name, state)`);
  engine.run('CREATE VIEW people_view AS SELECT * FROM people');
  engine.run('SET enable_external_access = false');
  const fingerprint = () =>
    JSON.stringify(
      engine.rows("SELECT (SELECT count(*) FROM duckdb_tables()), (SELECT count(*) FROM duckdb_views() WHERE NOT internal), (SELECT string_agg(name, ',' ORDER BY id) FROM people), current_setting('enable_external_access')"),
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
  return { engine, fingerprint };
}
