import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportScript } from '../../cli/export.ts';
import { describeRule } from '../../shared/checks/describe-rule.ts';
import { evaluateChecks } from '../../shared/checks/evaluate.ts';
import { quarantineSql } from '../../shared/checks/quarantine.ts';
import type { CheckReport } from '../../shared/checks/report.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import { readCsvSql, type CsvOptions } from '../../shared/csv-options.ts';
import type { PipelineDocument, Step } from '../../shared/pipeline/document.ts';
import { ident } from '../../shared/sql/quote.ts';
import { ctx, NOW, runOn } from '../support/checks.ts';
import { configText, sluice, tempFolder } from '../support/cli.ts';
import { expectSameTargetRows, fromCsv, fromEngine, runPythonScript, runSqlScript, type TargetRows } from '../support/differential.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { EXPRESSION_CASES } from '../support/expression-cases.ts';
import { GOLDEN_CASES, GOLDEN_CSV, goldenDocument } from '../support/golden.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { engineRows } from '../support/parity.ts';
import { caseGroups, checksDocument, ERROR_CASES, pandasRefusal, writeCheckFiles, writeConfig } from '../support/script-checks.ts';
import { STEP_CASES } from '../support/step-cases.ts';
import { appTarget, expectCliSame, expectPandasRefuses, expectPandasSame, expectSqlScriptSame, ordered, unwrap, type TargetCase } from '../support/targets.ts';

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

describe.each(CASES.map(([name, steps], i) => ({ name, steps, i })))('$name', ({ name, steps, i }) => {
  const doc = (): PipelineDocument => ({ ...goldenDocument(steps, { people: 'people.csv', states: 'states.csv' }, GOLDEN_CSV), outputs: [{ pipeline: 'main', path: `out-${i}.csv`, format: 'csv' }] });
  const target = (): TargetCase => ({ name, dir: folder.dir, config: `case-${i}.sluice.json`, tag: `case-${i}`, doc: doc(), ordered: ordered(steps) });
  let app: TargetRows;

  beforeAll(async () => {
    app = await appTarget(wasm, doc());
    writeFileSync(join(folder.dir, `case-${i}.sluice.json`), configText(doc()));
  });

  it('CLI (native DuckDB) ≡ app', () => expectCliSame(app, target()));

  it('SQL script run by native DuckDB from the config folder ≡ app', () => expectSqlScriptSame(app, target(), native));

  const refusal = PANDAS_REFUSES[name];
  if (refusal) {
    it(`pandas script: refused (${refusal.source})`, async () => {
      refused.push(`  ${name}: ${await expectPandasRefuses(target(), refusal)}`);
    });
  } else {
    it('pandas script run by /usr/bin/python3 ≡ app', () => expectPandasSame(app, target(), native));
  }
});

/**
 * Checks on every target: for each check table, ONE document holding every rule over it (each rule kind,
 * NULL, NaN, '', thresholds at the boundary; test/support/script-checks.ts) is evaluated by the app's
 * engine (DuckDB-WASM, the shared `evaluateChecks`), the CLI (`sluice run --report`), the SQL script
 * (native DuckDB, its results table) and the pandas script (`--check-results`): the same status, failing
 * and total rows per rule, and the same exit code (1 when a rule fails). The rules pandas refuses are
 * asserted refused one by one (with their message) and disabled in the pandas script's document.
 * Quarantine: the same failing rows (with failed_checks) and passing rows on all four targets.
 */
describe('checks on every target', () => {
  let checkWasm: TestEngine;
  let checkNative: NativeDb;
  let dir: { dir: string; remove: () => void };
  let options: Map<string, CsvOptions>;

  beforeAll(async () => {
    checkWasm = await startEngine();
    checkNative = await openNative();
    dir = tempFolder();
    options = await writeCheckFiles(checkNative, dir.dir);
    for (const [table, csv] of options) checkWasm.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${readCsvSql(join(dir.dir, `${table}.csv`), csv)}`);
  }, 120_000);
  afterAll(() => {
    checkWasm?.close();
    checkNative?.close();
    dir?.remove();
  });

  type Outcome = Record<string, { status: string; failing: number; total: number }>;
  const outcome = (rows: readonly { id: string; status: string; failing: number; total: number }[]): Outcome => Object.fromEntries(rows.map((r) => [r.id, { status: r.status, failing: r.failing, total: r.total }]));
  const exitFor = (o: Outcome) => (Object.values(o).some((r) => r.status === 'failed') ? 1 : 0);

  describe.each(caseGroups())('$name: every rule', ({ name: table, table: source, steps, cases }) => {
    const rules = cases.map(({ id, one }) => ({ id, severity: 'error', pipeline: 'main', ...one.rule }) as unknown as CheckRule);
    const refused = new Set(cases.filter(({ one }) => pandasRefusal(one)).map(({ id }) => id));
    let app: Outcome;

    beforeAll(async () => {
      const doc = checksDocument(source, rules, options, `${table}-out.csv`, steps);
      const evaluated = await evaluateChecks(doc, doc.checks, runOn(checkWasm), { context: ctx, now: NOW });
      if (!evaluated.ok) throw new Error(evaluated.error.message);
      app = outcome(evaluated.value.results);
      writeConfig(dir.dir, `${table}.sluice.json`, doc);
      writeConfig(dir.dir, `${table}-pandas.sluice.json`, { ...doc, checks: doc.checks.map((r) => (refused.has(r.id) ? { ...r, enabled: false } : r)) });
    });

    it('app: the counts the shared cases expect', () => {
      for (const { id, one } of cases) expect({ id, ...app[id]! }).toMatchObject({ id, status: one.status, failing: one.failing });
    });

    it('CLI (sluice run --report) ≡ app', async () => {
      const run = await sluice(['run', `${table}.sluice.json`, '--report', `${table}-cli.json`], dir.dir);
      expect(run.code, run.stderr).toBe(exitFor(app));
      const report = JSON.parse(readFileSync(join(dir.dir, `${table}-cli.json`), 'utf8')) as CheckReport;
      expect(outcome(report.results)).toEqual(app);
    });

    it('SQL script (native DuckDB) ≡ app; exit 1 when a rule fails, nothing written then', async () => {
      rmSync(join(dir.dir, `${table}-out.csv`), { force: true });
      unwrap(await exportScript({ config: `${table}.sluice.json`, to: 'sql', out: `${table}.sql`, cwd: dir.dir, stdout: process.stdout }));
      const run = runSqlScript(`${table}.sql`, dir.dir, ['--results']);
      expect(outcome(JSON.parse(run.stdout) as { id: string; status: string; failing: number; total: number }[])).toEqual(app);
      expect(run.code, run.stderr).toBe(exitFor(app));
      expect(existsSync(join(dir.dir, `${table}-out.csv`))).toBe(exitFor(app) === 0);
      if (exitFor(app) === 1) {
        for (const [id, r] of Object.entries(app).filter(([, r]) => r.status === 'failed')) {
          const label = describeRule(rules.find((x) => x.id === id)!);
          expect(run.stderr).toContain(`check "${label}" failed: ${rules.find((x) => x.id === id)!.kind === 'row_count' ? '' : `${r.failing} of ${r.total}`}`);
        }
        // `duckdb < script.sql` without -bail goes on after the error: the gate still keeps the outputs unwritten.
        const lenient = runSqlScript(`${table}.sql`, dir.dir, ['--no-bail']);
        expect(lenient.code).toBe(1);
        expect(existsSync(join(dir.dir, `${table}-out.csv`))).toBe(false);
      }
    });

    it.each(cases.filter(({ id }) => refused.has(id)).map(({ id, one }) => ({ id, one })))('pandas refuses $id: $one.rule.kind', async ({ id, one }) => {
      const doc = checksDocument(source, rules.filter((r) => r.id === id), options, `${table}-out.csv`, steps);
      writeConfig(dir.dir, `${id}.sluice.json`, doc);
      const result = await exportScript({ config: `${id}.sluice.json`, to: 'python', out: `${id}.py`, cwd: dir.dir, stdout: process.stdout });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(pandasRefusal(one)!.reason);
      expect(existsSync(join(dir.dir, `${id}.py`))).toBe(false);
    });

    it('pandas script (/usr/bin/python3) ≡ app, the refused rules left out', async () => {
      rmSync(join(dir.dir, `${table}-out.csv`), { force: true });
      unwrap(await exportScript({ config: `${table}-pandas.sluice.json`, to: 'python', out: `${table}.py`, cwd: dir.dir, stdout: process.stdout }));
      const run = runPythonScript(`${table}.py`, ['--check-results', `${table}-py.json`], dir.dir);
      const expected = Object.fromEntries(Object.entries(app).filter(([id]) => !refused.has(id)));
      if (!existsSync(join(dir.dir, `${table}-py.json`))) expect.fail(`the pandas script wrote no results (exit ${run.code}):\n${run.stderr}`);
      expect(outcome(JSON.parse(readFileSync(join(dir.dir, `${table}-py.json`), 'utf8')) as { id: string; status: string; failing: number; total: number }[])).toEqual(expected);
      expect(run.code, run.stderr).toBe(exitFor(expected));
      expect(existsSync(join(dir.dir, `${table}-out.csv`))).toBe(exitFor(expected) === 0);
      if (exitFor(expected) === 1) expect(run.stderr).toMatch(/ERROR checks failed: no output written/);
      for (const [id, r] of Object.entries(expected).filter(([, r]) => r.status === 'warning')) expect(run.stderr, id).toMatch(new RegExp(`WARNING WARN .*: ${r.failing} row`, 'u'));
    });
  });

  describe.each(ERROR_CASES.map((one, i) => ({ one, i })))('a rule that cannot be evaluated: $one.rule.kind', ({ one, i }) => {
    const rule = { id: `bad${i}`, severity: 'error', pipeline: 'main', ...one.rule } as unknown as CheckRule;
    beforeAll(() => writeConfig(dir.dir, `bad${i}.sluice.json`, checksDocument(one.table, [rule], options, `bad${i}-out.csv`)));

    it('CLI: status error, exit 1; SQL script: stops with DuckDB\'s error, exit 1, nothing written; pandas: refused', async () => {
      const run = await sluice(['run', `bad${i}.sluice.json`], dir.dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/ERROR/);
      unwrap(await exportScript({ config: `bad${i}.sluice.json`, to: 'sql', out: `bad${i}.sql`, cwd: dir.dir, stdout: process.stdout }));
      const sql = runSqlScript(`bad${i}.sql`, dir.dir);
      expect(sql.code).toBe(1);
      expect(sql.stderr).toMatch(one.rule.kind === 'regex' ? /missing \)|regex/i : /nope/);
      expect(runSqlScript(`bad${i}.sql`, dir.dir, ['--no-bail']).code).toBe(1);
      expect(existsSync(join(dir.dir, `bad${i}-out.csv`))).toBe(false);
      const py = await exportScript({ config: `bad${i}.sluice.json`, to: 'python', out: `bad${i}.py`, cwd: dir.dir, stdout: process.stdout });
      expect(py.ok ? '' : py.error.message).toMatch(one.rule.kind === 'regex' ? /check "bad\d+" \(regex\(s, "\("\)\) cannot become pandas: its pattern "\(": its regular expression uses/ : /check "bad\d+" \(not_null\(nope\)\) cannot become pandas: there is no column "nope" where it applies/);
    });
  });

  describe.each([
    { name: 'failing (exit 1: quarantine written, main output not)', threshold: undefined },
    { name: 'passing within thresholds (both written)', threshold: { maxCount: 10 } },
  ])('quarantine, $name', ({ name, threshold }) => {
    const rules = [
      { id: 'known', kind: 'accepted_values', column: 'state', values: ['CA', 'NY'], severity: 'error', pipeline: 'main', action: 'quarantine', ...(threshold ? { threshold } : {}) },
      { id: 'small', kind: 'range', column: 'x', max: 5, severity: 'warn', pipeline: 'main', action: 'quarantine' },
      { id: 'has_s', kind: 'not_null', column: 's', severity: 'warn', pipeline: 'main' },
    ] as unknown as CheckRule[];
    const tag = threshold ? 'pass' : 'fail';
    let app: { passing: TargetRows; failing: TargetRows };

    beforeAll(async () => {
      const doc = checksDocument('v', rules, options, `q-${tag}/out.csv`);
      const split = quarantineSql(doc, 'main', { ...ctx, now: NOW });
      if (!split.ok || !split.value) throw new Error(`no split (${name})`);
      // NaN as every script's CSV writes it (fromEngine).
      const rows = async (sql: string): Promise<TargetRows> => fromEngine(await engineRows(sql, (q) => checkWasm.rows(q)));
      app = { passing: await rows(split.value.passingSql), failing: await rows(split.value.failingSql) };
      writeConfig(dir.dir, `q-${tag}.sluice.json`, doc);
    });

    const expectTarget = async (what: string, folder: string, code: number, stderr: string) => {
      expect(code, stderr).toBe(threshold ? 0 : 1);
      expectSameTargetRows(app.failing, await fromCsv(checkNative, join(dir.dir, folder, 'out.quarantine.csv')), true, `${what}: quarantine`, stderr);
      if (threshold) expectSameTargetRows(app.passing, await fromCsv(checkNative, join(dir.dir, folder, 'out.csv')), true, `${what}: passing rows`, stderr);
      else expect(existsSync(join(dir.dir, folder, 'out.csv'))).toBe(false);
    };

    it('app: 4 failing rows (with failed_checks), 2 passing', () => {
      expect(app.failing.rows.map((r) => [String(r[0]), r.at(-1)])).toEqual([['2', 'small'], ['4', 'small'], ['5', 'known'], ['6', 'known, small']]);
      expect(app.passing.rows.map((r) => String(r[0]))).toEqual(['1', '3']);
    });

    it('CLI ≡ app', async () => {
      mkdirSync(join(dir.dir, `q-${tag}`), { recursive: true });
      const run = await sluice(['run', `q-${tag}.sluice.json`], dir.dir);
      await expectTarget('CLI', `q-${tag}`, run.code, run.stderr);
    });

    it('SQL script ≡ app', async () => {
      rmSync(join(dir.dir, `q-${tag}`), { recursive: true, force: true });
      mkdirSync(join(dir.dir, `q-${tag}`));
      unwrap(await exportScript({ config: `q-${tag}.sluice.json`, to: 'sql', out: `q-${tag}.sql`, cwd: dir.dir, stdout: process.stdout }));
      const run = runSqlScript(`q-${tag}.sql`, dir.dir);
      await expectTarget('SQL script', `q-${tag}`, run.code, run.stderr);
    });

    it('pandas script ≡ app', async () => {
      rmSync(join(dir.dir, `q-${tag}`), { recursive: true, force: true });
      mkdirSync(join(dir.dir, `q-${tag}`));
      unwrap(await exportScript({ config: `q-${tag}.sluice.json`, to: 'python', out: `q-${tag}.py`, cwd: dir.dir, stdout: process.stdout }));
      const run = runPythonScript(`q-${tag}.py`, [], dir.dir);
      await expectTarget('pandas script', `q-${tag}`, run.code, run.stderr);
      expect(run.stderr).toMatch(/WARNING WARN not_null\(s\): 1 row/);
    });
  });
});
