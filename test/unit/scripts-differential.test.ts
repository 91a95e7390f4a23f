import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportScript } from '../../cli/export.ts';
import { inspectConfig } from '../../cli/run.ts';
import { silentLogger } from '../../cli/log.ts';
import { readCsvSql } from '../../shared/csv-options.ts';
import { compilePipeline, pipelineQuery } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument, Source, Step } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import { sqlScript } from '../../shared/scripts/sql-script.ts';
import { ident } from '../../shared/sql/quote.ts';
import { configText, tempFolder } from '../support/cli.ts';
import { expectSameTargetRows, fromCsv, fromEngine, runPythonScript, runSqlScript, type TargetRows } from '../support/differential.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { EXPRESSION_CASES } from '../support/expression-cases.ts';
import { GOLDEN_CASES, GOLDEN_CSV, goldenDocument } from '../support/golden.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { engineRows } from '../support/parity.ts';
import { STEP_CASES } from '../support/step-cases.ts';

/**
 * The differential suite: ONE list of cases (every golden compiler case, one per step kind, the step
 * variants of support/step-cases.ts and the
 * expression cases) run by every target — the app's engine (DuckDB-WASM), the CLI (native DuckDB), the
 * generated SQL script (native DuckDB, run from the config's folder) and the generated pandas script
 * (/usr/bin/python3, Debian's pandas) — and compared with the app's rows (support/differential.ts says how).
 * A case a target refuses is listed with the reason it must give; a refusal is asserted, never skipped.
 */

/** The pandas export refuses these, with these reasons. */
const PANDAS_REFUSES: Record<string, RegExp> = {
  'parse date': /step 1 "Add column txt = strftime.*" cannot become pandas: its expression is outside what every target can print \(strftime\(\) is not one of the functions/,
  'extract with a Unicode class (refused by pandas)': /step 1 "Extract \\p\{Lu\} from name into initial" cannot become pandas: its regular expression uses \\p \(Unicode character classes\), which Python's re does not have/,
  'cast to FLOAT (refused by pandas)': /step 1 "Change type of age to FLOAT" cannot become pandas: a cast to FLOAT: FLOAT holds single-precision values, and the pandas script holds every fraction as a double/,
  'parse date with %j (refused by pandas)': /step 1 "Parse name as date \(%j\)" cannot become pandas: its date format uses %j, which the pandas export does not read as DuckDB does/,
  'sample rows (deterministic)': /cannot become pandas: the sample picks rows by DuckDB's hash of each row and the seed/,
  'custom SQL': /cannot become pandas: custom SQL cannot become pandas/,
};

const CASES: [string, Step[]][] = [...GOLDEN_CASES.map(([name, steps]): [string, Step[]] => [name, steps]), ...STEP_CASES, ...EXPRESSION_CASES];

let wasm: TestEngine;
let native: NativeDb;
let folder: { dir: string; remove: () => void };
const refused: string[] = [];

beforeAll(async () => {
  wasm = await startEngine();
  native = await openNative();
  folder = tempFolder({ 'people.csv': GOLDEN_CSV.people.text, 'states.csv': GOLDEN_CSV.states.text });
  for (const name of ['people', 'states'] as const) wasm.run(`CREATE TABLE ${name} AS SELECT * FROM ${readCsvSql(join(folder.dir, `${name}.csv`), GOLDEN_CSV[name].options)}`);
}, 120_000);
afterAll(() => {
  wasm?.close();
  native?.close();
  folder?.remove();
  if (refused.length > 0) console.info(`pandas refused ${refused.length} case(s):\n${refused.join('\n')}`);
});

const unwrap = <T>(r: Result<T, { message: string }>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** The rows are in a defined order when the last enabled step orders them. */
function ordered(steps: readonly Step[]): boolean {
  const last = steps.filter((s) => s.enabled).at(-1);
  return last?.kind === 'sort' || (last?.kind === 'aggregate' && last.groupBy.length > 0);
}

describe.each(CASES.map(([name, steps], i) => ({ name, steps, i })))('$name', ({ name, steps, i }) => {
  const doc = (): PipelineDocument => ({ ...goldenDocument(steps, { people: 'people.csv', states: 'states.csv' }, GOLDEN_CSV), outputs: [{ pipeline: 'main', path: `out-${i}.csv`, format: 'csv' }] });
  let app: TargetRows;

  beforeAll(async () => {
    app = fromEngine(await engineRows(pipelineQuery(compilePipeline(doc(), 'main', { sourceSql: (s: Source) => ident(s.name) })), (q) => wasm.rows(q)));
    writeFileSync(join(folder.dir, `case-${i}.sluice.json`), configText(doc()));
  });

  it('CLI (native DuckDB) ≡ app', async () => {
    const cli = await inspectConfig({ config: `case-${i}.sluice.json`, cwd: folder.dir, log: silentLogger(), stdout: process.stdout }, (query, sqlOf) => engineRows(sqlOf('main'), async (q) => unwrap(await query(q))));
    expectSameTargetRows(app, fromEngine(unwrap(cli)), true, `${name}: CLI`, '(the CLI runs the compiled query)');
  });

  it('SQL script run by native DuckDB from the config folder ≡ app', async () => {
    const script = sqlScript({ doc: { ...doc(), outputs: [{ pipeline: 'main', path: `sql-${i}.csv`, format: 'csv' }] }, configName: `case-${i}.sluice.json` });
    if (!script.ok) throw new Error(script.error);
    writeFileSync(join(folder.dir, `case-${i}.sql`), script.value);
    const run = runSqlScript(`case-${i}.sql`, folder.dir);
    expect(run.stderr).toBe('');
    expectSameTargetRows(app, await fromCsv(native, join(folder.dir, `sql-${i}.csv`)), ordered(steps), `${name}: SQL script`, script.value);
  });

  const refusal = PANDAS_REFUSES[name];
  if (refusal) {
    it(`pandas script: refused (${refusal.source})`, async () => {
      const result = await exportScript({ config: `case-${i}.sluice.json`, to: 'python', out: `case-${i}.py`, cwd: folder.dir, stdout: process.stdout });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(refusal);
      refused.push(`  ${name}: ${result.ok ? '(not refused!)' : result.error.message}`);
    });
  } else {
    it('pandas script run by /usr/bin/python3 ≡ app', async () => {
      unwrap(await exportScript({ config: `case-${i}.sluice.json`, to: 'python', out: `case-${i}.py`, cwd: folder.dir, stdout: process.stdout }));
      const run = runPythonScript(`case-${i}.py`, ['--output-main', `py-${i}.csv`], folder.dir);
      const code = readFileSync(join(folder.dir, `case-${i}.py`), 'utf8');
      if (run.code !== 0) expect.fail(`${name}: the pandas script failed (exit ${run.code}):\n${run.stderr}\n--- generated code (steps) ---\n${code.slice(code.indexOf('# ---- Pipeline'))}`);
      expectSameTargetRows(app, await fromCsv(native, join(folder.dir, `py-${i}.csv`)), ordered(steps), `${name}: pandas script`, code.slice(code.indexOf('# ---- Sources')));
    });
  }
});
