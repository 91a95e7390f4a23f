// Data checks on the benchmark CSV: `sluice validate` (a whole process: config, CSV type check, every
// check evaluated by the shared checks compiler) against the same counts in native DuckDB in this
// process, over a table loaded once (what the checks cost, without the read).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { median, timeNative } from './native.mjs';
import { str } from './queries.mjs';

const ROOT = join(import.meta.dirname, '..');

/** The checks both sides evaluate: not null, range, accepted values, unique, regex. */
const CHECKS = [
  { id: 'id_not_null', kind: 'not_null', severity: 'error', pipeline: 'main', column: 'id' },
  { id: 'amount_range', kind: 'range', severity: 'warn', pipeline: 'main', column: 'amount', min: 0, max: 9000 },
  { id: 'category_values', kind: 'accepted_values', severity: 'warn', pipeline: 'main', column: 'category', values: ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'] },
  { id: 'id_unique', kind: 'unique', severity: 'error', pipeline: 'main', column: 'id' },
  { id: 'note_pattern', kind: 'regex', severity: 'warn', pipeline: 'main', column: 'note', pattern: '^[a-z ]*$' },
];

/** The same failing-row counts, written by hand for native DuckDB. */
const NATIVE_COUNTS = (t) => [
  `SELECT count(*) FILTER (WHERE id IS NULL), count(*) FROM ${t}`,
  `SELECT count(*) FILTER (WHERE amount < 0 OR amount > 9000 OR isnan(amount)), count(*) FROM ${t}`,
  `SELECT count(*) FILTER (WHERE category NOT IN ('alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel')), count(*) FROM ${t}`,
  `SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM ${t} WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1)`,
  `SELECT count(*) FILTER (WHERE NOT regexp_matches(note, '^[a-z ]*$')), count(*) FROM ${t}`,
];

/**
 * Medians of `runs` runs: `sluice validate` with the checks (whole process, wall seconds; exit 0 or 1 both
 * count, the checks ran) and native DuckDB reading the file and counting the same failures.
 * @param {{ csv: string, runs: number, log: (line: string) => void }} options
 */
export async function benchChecks({ csv, runs, log }) {
  const dir = join(import.meta.dirname, '.data', 'checks');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'checks.sluice.json');
  const doc = {
    format: 'sluice.pipeline',
    version: 2,
    sources: [{ id: 'bench', name: 'bench', file: { path: relative(dir, csv), name: basename(csv) }, format: 'csv' }],
    pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: 'bench' }, steps: [] }],
    checks: CHECKS,
    outputs: [],
  };
  writeFileSync(configPath, JSON.stringify(doc, null, 2));

  const cli = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'sluice.mjs'), 'validate', configPath], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0 && run.status !== 1) throw new Error(`sluice validate failed (exit ${run.status}): ${run.stderr}`);
    cli.push((performance.now() - t0) / 1000);
    summary = run.stderr.split('\n').filter((l) => /(PASS|FAIL|WARN) /.test(l)).map((l) => l.replace(/^sluice \w+: /, '')).join('; ');
  }
  log(`checks, cli: ${cli.map((s) => s.toFixed(2)).join(', ')} s (${summary})`);

  const native = await timeNative(runs, async (conn) => {
    await conn.run(`CREATE OR REPLACE TEMP VIEW bench AS SELECT * FROM read_csv(${str(csv)})`);
    for (const sql of NATIVE_COUNTS('bench')) await conn.runAndReadAll(sql);
  });
  log(`checks, native: ${native.map((s) => s.toFixed(2)).join(', ')} s`);
  return { checks: CHECKS.map((c) => c.id), summary, cli: { runs: cli, median: median(cli) }, native: { runs: native, median: median(native) } };
}
