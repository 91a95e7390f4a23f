// The `sluice` CLI as a scheduler runs it (a whole process: Node start, config, CSV type check,
// lock-down, the pipeline, the output written atomically) against the same work in native DuckDB in
// this process: filter + group-by + sort over the benchmark CSV, written as CSV.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { median, timeNative } from './native.mjs';
import { str } from './queries.mjs';

const ROOT = join(import.meta.dirname, '..');

/** The pipeline both sides run. */
function config(csvPath, dir) {
  return {
    format: 'sluice.pipeline',
    version: 2,
    sources: [{ id: 'bench', name: 'bench', file: { path: relative(dir, csvPath), name: basename(csvPath) }, format: 'csv' }],
    pipelines: [
      {
        id: 'main',
        name: 'by_category',
        input: { kind: 'source', id: 'bench' },
        steps: [
          { id: 'f', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'amount', op: '>', value: 100 } },
          { id: 'g', kind: 'aggregate', enabled: true, groupBy: ['category'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'qty', as: 'qty' }, { fn: 'avg', column: 'amount', as: 'avg_amount' }] },
          { id: 's', kind: 'sort', enabled: true, keys: [{ column: 'n', direction: 'desc' }] },
        ],
      },
    ],
    checks: [],
    outputs: [{ pipeline: 'main', path: 'out/cli.csv', format: 'csv' }],
  };
}

const NATIVE_SQL = (csv, out) =>
  `COPY (SELECT category, count(*) AS n, sum(qty) AS qty, avg(amount) AS avg_amount FROM read_csv(${str(csv)}) WHERE amount > 100 GROUP BY category ORDER BY n DESC) TO ${str(out)} (FORMAT csv, HEADER true)`;

/**
 * What the CLI reads before it runs a pipeline over a CSV (shared/csv-read.ts, `guardedReadSql`): every value
 * checked against the types sniffed from the first rows, whole-number columns read as text and converted only
 * when they hold one (DuckDB's typed read would turn 3.75 into 4). Written out by hand here, for the bench's
 * columns, so "native + the same check" is the same work the CLI does in one more read of the file.
 */
const WHOLE = `'\\s*[+-]?[0-9]+\\s*'`;
const guard = (c) => `CASE WHEN ${c} IS NULL THEN NULL WHEN regexp_full_match(${c}, ${WHOLE}) THEN CAST(${c} AS BIGINT) ELSE error('misfit') END AS ${c}`;
const NATIVE_CHECK_SQL = (csv) =>
  `SELECT count(*), count(id), count(category), count(amount), count(qty), count(score), count(created_at), count(note) FROM (SELECT ${guard('id')}, category, amount, ${guard('qty')}, score, created_at, note FROM read_csv(${str(csv)}, types={'id': 'VARCHAR', 'qty': 'VARCHAR'}))`;

/**
 * Medians of `runs` runs each: the CLI's whole process (wall seconds) and native DuckDB (2 threads, the
 * CLI's default on this machine) running the same query and write in this process.
 * @param {{ csv: string, runs: number, log: (line: string) => void }} options
 */
export async function benchCli({ csv, runs, log }) {
  const dir = join(import.meta.dirname, '.data', 'cli');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const configPath = join(dir, 'bench.sluice.json');
  writeFileSync(configPath, JSON.stringify(config(csv, dir), null, 2));

  const cli = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'sluice.mjs'), 'run', configPath, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`sluice run failed (exit ${run.status}): ${run.stderr}`);
    cli.push((performance.now() - t0) / 1000);
  }
  log(`cli: ${cli.map((s) => s.toFixed(2)).join(', ')} s`);

  const native = await timeNative(runs, (conn) => conn.run(NATIVE_SQL(csv, join(dir, 'out', 'native.csv'))));
  log(`native: ${native.map((s) => s.toFixed(2)).join(', ')} s`);
  const checked = await timeNative(runs, async (conn) => {
    await conn.run(NATIVE_CHECK_SQL(csv));
    await conn.run(NATIVE_SQL(csv, join(dir, 'out', 'native.csv')));
  });
  log(`native with the CLI's type check: ${checked.map((s) => s.toFixed(2)).join(', ')} s`);
  return { configPath, cli: { runs: cli, median: median(cli) }, native: { runs: native, median: median(native) }, nativeChecked: { runs: checked, median: median(checked) } };
}
