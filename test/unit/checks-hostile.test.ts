import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileCheck } from '../../shared/checks/compile-checks.ts';
import { quarantineSql } from '../../shared/checks/quarantine.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import type { TestEngine } from '../support/engine.ts';
import { ctx, docOver, ENGINE_START_TIMEOUT, NOW } from '../support/checks.ts';
import { hostileDatabase, HOSTILE_FRAGMENTS, HOSTILE_QUERIES } from '../support/hostile.ts';

/**
 * Hostile text in every rule parameter that reaches SQL, through the checks compiler and the real
 * engine, run as hosts run compiled queries (one prepared statement). Whatever runs must leave the
 * database as it was.
 */

let engine: TestEngine;
let fingerprint: () => string;
let before = '';

beforeAll(async () => {
  ({ engine, fingerprint } = await hostileDatabase());
  before = fingerprint();
}, ENGINE_START_TIMEOUT);
afterAll(() => engine.close());

const checkCtx = { ...ctx, now: NOW };
const rule = (r: Record<string, unknown>): CheckRule => ({ id: 'h', severity: 'error', pipeline: 'main', ...r }) as unknown as CheckRule;

function attempt(r: Record<string, unknown>): 'refused by the compiler' | 'refused by the engine' | 'ran' {
  const compiled = compileCheck(docOver('people'), rule(r), checkCtx);
  if (!compiled.ok) {
    expect(compiled.error.kind).toBe('compile');
    return 'refused by the compiler';
  }
  const { countSql, describeSql, sampleSql, failingRowsSql } = compiled.value;
  let outcome: 'refused by the engine' | 'ran' = 'ran';
  for (const sql of [countSql, describeSql, sampleSql, failingRowsSql]) {
    if (sql === null) continue;
    try {
      engine.runCompiled(sql);
    } catch {
      outcome = 'refused by the engine';
    }
    expect(fingerprint(), `the database changed after:\n${sql}`).toBe(before);
  }
  return outcome;
}

describe('hostile text in rule parameters', () => {
  it.each(HOSTILE_FRAGMENTS)('expression rule %#', (fragment) => {
    expect(attempt({ kind: 'expression', expression: fragment })).not.toBe('ran');
  });

  it.each(HOSTILE_QUERIES)('custom SQL rule %#', (query) => {
    expect(attempt({ kind: 'sql', query })).not.toBe('ran');
  });

  it.each(HOSTILE_FRAGMENTS)('values, patterns, formats and names %#', (text) => {
    // Values, patterns and formats are quoted: they run as data.
    expect(attempt({ kind: 'accepted_values', column: 'name', values: [text, 'Ada'] })).toBe('ran');
    expect(attempt({ kind: 'range', column: 'name', min: text })).toBe('ran');
    expect(attempt({ kind: 'castable', column: 'name', to: 'date', format: text })).toBe('ran');
    expect(attempt({ kind: 'regex', column: 'name', pattern: text })).not.toBe('refused by the compiler');
    // Names are quoted: a column that does not exist is refused by the engine, never run as SQL.
    expect(attempt({ kind: 'not_null', column: text })).toBe('refused by the engine');
    expect(attempt({ kind: 'unique_combination', columns: ['name', text] })).toBe('refused by the engine');
    expect(attempt({ kind: 'relationship', columns: ['name'], to: { kind: 'source', id: text, columns: ['name'] } })).toBe('refused by the compiler');
    // Schema types never reach SQL: they are compared as text.
    expect(attempt({ kind: 'schema', columns: [{ name: text, type: text }] })).toBe('ran');
  });

  it('refuses keywords outside their lists even when the schema was skipped', () => {
    const bad: Record<string, unknown>[] = [
      { kind: 'castable', column: 'name', to: "DATE) IS NULL; DROP TABLE people; --" },
      { kind: 'length', column: 'name', min: '0) OR (1' },
      { kind: 'row_count', min: '0; DROP TABLE people' },
      { kind: 'range', column: 'id', min: { decimal: '1) OR (1=1' } },
      { kind: 'range', column: 'id', max: { toString: 'x' } },
      { kind: 'relationship', columns: ['name'], to: { kind: 'source) ; DROP TABLE people; --', id: 'people', columns: ['name'] } },
      { kind: 'not_null', column: 'name', after: { toString: 'x' } },
      { kind: 'DROP TABLE people' },
    ];
    for (const r of bad) expect(attempt(r), JSON.stringify(r)).toBe('refused by the compiler');
  });

  it('quotes rule ids into the quarantine column, whatever they hold', () => {
    for (const id of HOSTILE_FRAGMENTS.slice(0, 40)) {
      const doc = docOver('people', [{ id, severity: 'error', pipeline: 'main', kind: 'accepted_values', column: 'state', values: ['CA'], action: 'quarantine' } as CheckRule]);
      const q = quarantineSql(doc, 'main', checkCtx);
      if (!q.ok || !q.value) throw new Error('no quarantine');
      expect(engine.runCompiled(q.value.failingSql).map((r) => r.failed_checks)).toEqual([id]);
      expect(engine.runCompiled(q.value.passingSql)).toHaveLength(1);
      expect(fingerprint()).toBe(before);
    }
  });
});
