import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline, CompileError, pipelineQuery, queryAt } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument, Step, StepDraft } from '../../shared/pipeline/document.ts';
import { ident } from '../../shared/sql/quote.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { ADVERSARIAL } from '../support/adversarial.ts';
import { GOLDEN_CASES, GOLDEN_TABLES_SQL, goldenDocument } from '../support/golden.ts';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  for (const sql of GOLDEN_TABLES_SQL) engine.run(sql);
});
afterAll(() => engine.close());

const ctx = { sourceSql: (s: { name: string }) => ident(s.name) };

const doc = (steps: Step[]): PipelineDocument => goldenDocument(steps);

let n = 0;
const step = (s: StepDraft): Step => ({ id: `s${++n}`, enabled: true, ...s }) as Step;

function run(steps: Step[]): Record<string, unknown>[] {
  const sql = pipelineQuery(compilePipeline(doc(steps), 'main', ctx));
  return engine.objects(sql);
}

describe('compiler golden cases (real engine)', () => {
  it.each(GOLDEN_CASES)('%s', (name, steps, check) => {
    const sql = pipelineQuery(compilePipeline(doc(steps), 'main', ctx));
    expect(sql).toMatchSnapshot();
    check(engine.objects(sql));
  });
});

describe('compiler behaviour', () => {
  it('skips disabled steps and previews any step', () => {
    const steps = [step({ kind: 'filter', condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } }), { ...step({ kind: 'limit', count: 1 }), enabled: false }, step({ kind: 'select', columns: ['id'] })];
    const compiled = compilePipeline(doc(steps), 'main', ctx);
    expect(engine.objects(pipelineQuery(compiled))).toHaveLength(3);
    expect(engine.objects(queryAt(compiled, steps[1]!.id))).toHaveLength(3);
    expect(engine.objects(queryAt(compiled))).toHaveLength(5);
  });

  it('names the step that cannot compile', () => {
    const bad = step({ kind: 'cast', column: 'age', to: 'INT); DROP TABLE people; --' });
    expect(() => compilePipeline(doc([bad]), 'main', ctx)).toThrow(CompileError);
    try {
      compilePipeline(doc([bad]), 'main', ctx);
    } catch (e) {
      expect((e as CompileError).stepId).toBe(bad.id);
    }
  });

  it('refuses expressions that could escape their place', () => {
    for (const expression of ['1); DROP TABLE people; --', 'age -- comment', '(age', "'unterminated", 'age /* x */']) {
      expect(() => compilePipeline(doc([step({ kind: 'derive', name: 'x', expression })]), 'main', ctx)).toThrow(CompileError);
    }
    expect(engine.rows('SELECT count(*) FROM people')[0]?.[0]).toBe(5n);
  });

  it('detects pipelines that refer to each other', () => {
    const d = doc([]);
    d.pipelines = [
      { id: 'a', name: 'a', input: { kind: 'pipeline', id: 'b' }, steps: [] },
      { id: 'b', name: 'b', input: { kind: 'pipeline', id: 'a' }, steps: [] },
    ];
    expect(() => compilePipeline(d, 'a', ctx)).toThrow(/cycle/);
  });
});

describe('quoting corpus through the compiler', () => {
  it('renames to, filters on, derives and groups by every adversarial name', () => {
    const steps: Step[] = [step({ kind: 'select', columns: ['id', 'name'] })];
    ADVERSARIAL.forEach((name, i) => steps.push(step({ kind: 'derive', name, expression: `id + ${i}` })));
    steps.push(step({ kind: 'rename', renames: ADVERSARIAL.map((name) => ({ from: name, to: `${name} ✓` })) }));
    for (const name of ADVERSARIAL) steps.push(step({ kind: 'filter', condition: { kind: 'compare', column: `${name} ✓`, op: '>=', value: 0 } }));
    steps.push(step({ kind: 'aggregate', groupBy: [`${ADVERSARIAL[5]!} ✓`], aggregations: [{ fn: 'count', as: `${ADVERSARIAL[9]!}` }] }));
    const rows = run(steps);
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0]!)).toEqual([`${ADVERSARIAL[5]!} ✓`, ADVERSARIAL[9]]);
  });

  it('keeps adversarial literal values intact', () => {
    const values = ["it's", "'; DROP TABLE people; --", '\\', '"'];
    for (const value of values) {
      const rows = run([step({ kind: 'derive', name: 'v', expression: 'name' }), step({ kind: 'replace', column: 'v', from: 'Ada', to: value }), step({ kind: 'filter', condition: { kind: 'compare', column: 'v', op: '=', value } })]);
      expect(rows.map((r) => r.v)).toEqual([value, value]);
    }
  });
});
