import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline, CompileError, draftQuery, pipelineQuery } from '../../shared/pipeline/compile.ts';
import { emptyDocument, type PipelineDocument, type Step, type StepDraft } from '../../shared/pipeline/document.ts';
import { parseDocument } from '../../shared/pipeline/validate.ts';
import { parseProject } from '../../shared/pipeline/project.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { TestEngine } from '../support/engine.ts';
import { hostileDatabase, HOSTILE_FRAGMENTS, HOSTILE_QUERIES, unionBomb } from '../support/hostile.ts';
import { formFor } from '../../renderer/pipeline/step-forms.ts';

/**
 * Hostile documents through the compiler and the real engine, run as the app runs compiled queries
 * (one prepared statement). Whatever the compiler lets through must leave the database as it was.
 */

let engine: TestEngine;
let fingerprint: () => string;
let before = '';

beforeAll(async () => {
  ({ engine, fingerprint } = await hostileDatabase());
  before = fingerprint();
});
afterAll(() => engine.close());

const ctx = { sourceSql: (s: { name: string }) => ident(s.name) };

function doc(steps: Step[]): PipelineDocument {
  return {
    ...emptyDocument(),
    sources: [{ id: 'people', name: 'people', file: { path: 'people.csv', name: 'people.csv' }, format: 'csv' }],
    pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: 'people' }, steps }],
  };
}
const step = (s: StepDraft, i = 0): Step => ({ id: `s${i}`, enabled: true, ...s }) as Step;

/** Compile and run; returns how it ended. Never lets the database change. */
function attempt(steps: Step[]): 'refused by the compiler' | 'refused by the engine' | 'ran' {
  let sql: string;
  try {
    sql = pipelineQuery(compilePipeline(doc(steps), 'main', ctx));
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return 'refused by the compiler';
  }
  try {
    engine.runCompiled(sql);
    return 'ran';
  } catch {
    return 'refused by the engine';
  } finally {
    expect(fingerprint(), `the database changed after:\n${sql}`).toBe(before);
  }
}

describe('hostile SQL through every step that takes user text', () => {
  it.each(HOSTILE_FRAGMENTS)('derive expression %#', (fragment) => {
    expect(attempt([step({ kind: 'derive', name: 'y', expression: fragment })])).not.toBe('ran');
  });

  it.each(HOSTILE_QUERIES)('custom SQL step %#', (query) => {
    // Reading a file the user never opened fails in the engine (not registered, or external access
    // off in the CLI); nothing may be written either way.
    expect(attempt([step({ kind: 'sql', query })])).not.toBe('ran');
  });

  it.each(HOSTILE_FRAGMENTS)('values, names and types %#', (text) => {
    const outcomes = [
      attempt([step({ kind: 'filter', condition: { kind: 'compare', column: 'name', op: '=', value: text } })]),
      attempt([step({ kind: 'rename', renames: [{ from: 'name', to: text }] }), step({ kind: 'select', columns: [text] }, 1)]),
      attempt([step({ kind: 'cast', column: 'id', to: text })]),
      attempt([step({ kind: 'text', column: 'name', op: 'pad_left', width: 8, fill: text.slice(0, 1) })]),
    ];
    // Values and names are quoted, so they run as data; a type cannot be quoted, so it is refused.
    expect(outcomes[0]).toBe('ran');
    expect(outcomes[1]).toBe('ran');
    expect(outcomes[2]).toBe('refused by the compiler');
  });

  it('has a second wall: several statements in one compiled query never run, not even the first', () => {
    expect(() => engine.runCompiled('CREATE TABLE pwned AS SELECT 1; SELECT 1')).toThrow(/multiple statements/i);
    expect(fingerprint()).toBe(before);
  });

  it('refuses keywords outside their lists even when the schema was skipped', () => {
    const bad: unknown[] = [
      { kind: 'join', with: { kind: 'source', id: 'people' }, how: 'cross) ; DROP TABLE people; --', on: [{ left: 'id', right: 'id' }] },
      { kind: 'filter', condition: { kind: 'compare', column: 'id', op: '= 1 OR 1 =', value: 1 } },
      { kind: 'sort', keys: [{ column: 'id', direction: 'asc; DROP TABLE people' }] },
      { kind: 'date_part', column: 'id', part: "year', id) AS x FROM people; --", into: 'x' },
      { kind: 'window', fn: 'sum(id) OVER () AS x, row_number', partitionBy: [], orderBy: [], as: 'w' },
      { kind: 'aggregate', groupBy: [], aggregations: [{ fn: 'list', column: 'id', as: 'x' }] },
      { kind: 'filter', condition: { kind: 'text', column: 'name', op: 'similar to', value: 'x' } },
      { kind: 'limit', count: '1; DROP TABLE people' },
      { kind: 'filter', condition: { kind: 'compare', column: 'id', op: '=', value: { decimal: '1; DROP TABLE people' } } },
      { kind: 'filter', condition: { kind: 'compare', column: 'id', op: '=', value: { toString: 'x' } } },
      { kind: 'nonsense' },
    ];
    for (const s of bad) expect(attempt([step(s as unknown as StepDraft)])).toBe('refused by the compiler');
  });

  it('runs exact numbers exactly', () => {
    engine.run('CREATE TEMP TABLE big AS SELECT * FROM (VALUES (9007199254740992), (9007199254740993), (9223372036854775807)) t(id)');
    const d: PipelineDocument = { ...doc([]), sources: [{ id: 'big', name: 'big', file: { path: 'big.csv', name: 'big.csv' }, format: 'csv' }], pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: 'big' }, steps: [] }] };
    for (const wanted of ['9007199254740993', '9223372036854775807']) {
      d.pipelines[0]!.steps = [step({ kind: 'filter', condition: { kind: 'compare', column: 'id', op: '=', value: { decimal: wanted } } })];
      expect(engine.rows(pipelineQuery(compilePipeline(d, 'main', ctx))).map((r) => String(r[0]))).toEqual([wanted]);
    }
    engine.run('DROP TABLE big');
  });

  it('keeps a custom query inside its step: its own WITH works, the compiler\'s names are out of reach', () => {
    const rows = engine.runCompiled(pipelineQuery(compilePipeline(doc([step({ kind: 'sql', query: 'WITH ca AS (SELECT * FROM input WHERE state = $$CA$$) SELECT name FROM ca -- a comment' })]), 'main', ctx)));
    expect(rows).toEqual([{ name: 'Ada' }]);
    expect(() => compilePipeline(doc([step({ kind: 'sql', query: 'SELECT * FROM "__sluice_input"' })]), 'main', ctx)).toThrow(/belong to Sluice/);
  });

  it('binds a draft step over a relation without the rest of the pipeline', () => {
    const sql = draftQuery(doc([]), { kind: 'derive', name: 'y', expression: 'id * 2' }, ident('people'), ctx);
    expect(engine.runCompiled(sql).map((r) => r.y)).toEqual([2, 4]);
  });
});

describe('hostile SQL typed into the step forms', () => {
  const context = { columns: [{ name: 'id', type: 'INTEGER' }, { name: 'name', type: 'VARCHAR' }, { name: 'state', type: 'VARCHAR' }], inputs: [] };
  /** What the app does before adding a step: the form's draft, compiled over the shown rows, bound by the engine. */
  const viaForm = (kind: 'derive' | 'sql', values: Record<string, string>): 'refused' | 'ran' => {
    const form = formFor(kind);
    if (!form) throw new Error(`no form for ${kind}`);
    const draft = form.toDraft(values, context);
    if (typeof draft === 'string') return 'refused';
    let sql: string;
    try {
      sql = draftQuery(doc([]), draft, ident('people'), ctx);
    } catch (e) {
      expect(e).toBeInstanceOf(CompileError);
      return 'refused';
    }
    try {
      engine.runCompiled(sql);
      return 'ran';
    } catch {
      return 'refused';
    } finally {
      expect(fingerprint(), `the database changed after:\n${sql}`).toBe(before);
    }
  };

  it.each(HOSTILE_FRAGMENTS)('Add column form %#', (expression) => {
    expect(viaForm('derive', { name: 'y', expression })).toBe('refused');
  });

  it.each(HOSTILE_QUERIES)('Custom SQL form %#', (query) => {
    expect(viaForm('sql', { query })).toBe('refused');
  });
});

describe('resource bombs', () => {
  it('compiles a pipeline used many times once', () => {
    const parsed = parseDocument(unionBomb(30));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const sql = pipelineQuery(compilePipeline(parsed.value, 'p29', ctx));
    // Linear in the number of pipelines: each is one CTE, not 2^29 copies.
    expect(sql.length).toBeLessThan(10_000);
    // 2 rows doubled and tripled 29 times over would be 2 * 3^29; check a small tower on the engine.
    const small = parseDocument(unionBomb(4));
    if (small.ok) expect(engine.rows(`SELECT count(*) FROM (${pipelineQuery(compilePipeline(small.value, 'p3', ctx))})`)[0]?.[0]).toBe(54n);
  });

  it('refuses documents beyond the limits at once, with the reason', () => {
    const many = doc(Array.from({ length: 120_000 }, (_, i) => step({ kind: 'limit', count: 1 }, i)));
    const parsed = parseDocument(many);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error[0]).toEqual({ path: 'pipelines[0].steps', message: '120,000 steps; Sluice opens at most 2,000.' });

    let condition: unknown = { kind: 'null', column: 'id' };
    for (let i = 0; i < 5000; i++) condition = { kind: 'group', op: 'and', items: [condition] };
    const deep = parseDocument(doc([step({ kind: 'filter', condition } as StepDraft)]));
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error[0]?.message).toMatch(/nest more than 64 levels/);

    const huge = parseProject(' '.repeat(10_000_001));
    expect(huge).toEqual({ ok: false, error: 'The file is 10.0 million characters long; Sluice opens projects of up to 10 million.' });
  });
});
