import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../cli/checks.ts';
import { NativeEngine } from '../../cli/engine.ts';
import { silentLogger } from '../../cli/log.ts';
import { evaluateChecks, type CheckResult, type RunSql } from '../../shared/checks/evaluate.ts';
import { quarantineSql } from '../../shared/checks/quarantine.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import { parseDuckDbError } from '../../shared/engine-errors.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import { CHECK_CASES, CHECK_TABLES, type CheckCase } from '../support/check-cases.ts';
import { ctx, docOver, ENGINE_START_TIMEOUT, NOW, runOn } from '../support/checks.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

/**
 * App ≡ CLI for checks: every shared check case (test/support/check-cases.ts, the cases of
 * checks.test.ts) evaluated by the app's engine (DuckDB-WASM) and by the CLI's (native DuckDB through
 * `runChecks`, the CLI's evaluation) gives the same status, counts, fraction, observed count,
 * differences, sample and error; and the quarantine split gives the same rows. Any difference fails.
 */

let wasm: TestEngine;
let native: NativeEngine;
const spill = mkdtempSync(join(tmpdir(), 'sluice-parity-'));

beforeAll(async () => {
  wasm = await startEngine();
  const opened = await NativeEngine.open(spill);
  if (!opened.ok) throw new Error(opened.error.message);
  native = opened.value;
  for (const sql of CHECK_TABLES) {
    wasm.run(sql);
    const done = await native.exec(sql);
    if (!done.ok) throw new Error(done.error.message);
  }
}, ENGINE_START_TIMEOUT);
afterAll(() => {
  wasm.close();
  native.close();
  rmSync(spill, { recursive: true, force: true });
});

/** What both engines must agree on (not the timing). */
const comparable = ({ ms: _ms, ...rest }: CheckResult) => rest;

function caseDoc(one: CheckCase, index: number): PipelineDocument {
  const rule = { id: `case${index}`, severity: 'error', pipeline: 'main', ...one.rule } as unknown as CheckRule;
  return docOver(one.table, [rule], [], one.others ?? []);
}

/** DuckDB-WASM as the app's engine client runs checks: one prepared statement, errors through `parseDuckDbError` (renderer/engine/client.ts). */
const appRun = (): RunSql => {
  const run = runOn(wasm);
  return async (sql) => {
    const result = await run(sql);
    return result.ok ? result : { ok: false, error: parseDuckDbError(result.error.message, sql) };
  };
};

async function onWasm(doc: PipelineDocument): Promise<CheckResult> {
  const result = await evaluateChecks(doc, doc.checks, appRun(), { context: ctx, now: NOW });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.results[0]!;
}

async function onNative(doc: PipelineDocument): Promise<CheckResult> {
  const result = await runChecks(native, doc, { log: silentLogger(), now: NOW });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.results[0]!;
}

describe('checks: DuckDB-WASM ≡ native DuckDB (the CLI)', () => {
  it.each(CHECK_CASES.map((one, index) => [`${one.table}: ${JSON.stringify(one.rule)}`, one, index] as const))('%s', async (_name, one, index) => {
    const doc = caseDoc(one, index);
    const app = await onWasm(doc);
    const cli = await onNative(doc);
    expect(comparable(cli)).toEqual(comparable(app));
    expect({ status: cli.status, failing: cli.failing }).toEqual({ status: one.status, failing: one.failing });
  });

  it('the quarantine split gives the same rows, adding up to the input, on both engines', async () => {
    const rules = [
      { id: 'known', kind: 'accepted_values', column: 'state', values: ['CA', 'NY'], severity: 'error', pipeline: 'main', action: 'quarantine' },
      { id: 'small', kind: 'range', column: 'x', max: 5, severity: 'warn', pipeline: 'main', action: 'quarantine' },
    ] as unknown as CheckRule[];
    const split = quarantineSql(docOver('v', rules), 'main', { ...ctx, now: NOW });
    if (!split.ok || !split.value) throw new Error('no split');
    const nativeRows = async (sql: string) => {
      const rows = await native.runObjects(sql);
      if (!rows.ok) throw new Error(rows.error.message);
      return rows.value.map((r) => [r.id, r.failed_checks ?? null]);
    };
    const wasmRows = (sql: string) => wasm.runCompiled(sql).map((r) => [r.id, r.failed_checks ?? null]);
    const passing = await nativeRows(split.value.passingSql);
    const failing = await nativeRows(split.value.failingSql);
    expect(passing).toEqual(wasmRows(split.value.passingSql));
    expect(failing).toEqual(wasmRows(split.value.failingSql));
    expect(passing.map((r) => r[0])).toEqual([1, 3]);
    expect(failing).toEqual([[2, 'small'], [4, 'small'], [5, 'known'], [6, 'known, small']]);
    expect(passing.length + failing.length).toBe(6);
  });
});
