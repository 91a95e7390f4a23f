import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline, type CompileContext } from '../../shared/pipeline/compile.ts';
import { emptyDocument, type PipelineDocument, type Step } from '../../shared/pipeline/document.ts';
import { castFailureQueries, inputName, inputRelationSql, joinMatchSql } from '../../shared/pipeline/step-checks.ts';
import { ident } from '../../shared/sql/quote.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

const ctx: CompileContext = { sourceSql: (source) => ident(source.name) };

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  engine.run(`CREATE TABLE orders AS SELECT * FROM (VALUES ('1', 'CA'), ('x', 'CA'), (NULL, 'TX'), ('3', NULL), ('4', 'NY')) v(qty, state)`);
  engine.run(`CREATE TABLE states AS SELECT * FROM (VALUES ('CA', 'California'), ('CA', 'Calif.'), ('TX', 'Texas'), (NULL, 'Unknown')) v(state, state_name)`);
});
afterAll(() => engine.close());

function doc(steps: Step[]): PipelineDocument {
  return {
    ...emptyDocument(),
    sources: [
      { id: 'o', name: 'orders', file: { path: 'orders.csv', name: 'orders.csv' }, format: 'csv' },
      { id: 's', name: 'states', file: { path: 'states.csv', name: 'states.csv' }, format: 'csv' },
    ],
    pipelines: [
      { id: 'p', name: 'orders_result', input: { kind: 'source', id: 'o' }, steps },
      { id: 'q', name: 'west', input: { kind: 'source', id: 's' }, steps: [{ id: 'w', enabled: true, kind: 'filter', condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } }] },
    ],
  };
}

describe('cast checks', () => {
  it('count the values each change of type turned into NULL, from the step’s own input', () => {
    const steps: Step[] = [
      { id: 'a', enabled: true, kind: 'cast', column: 'qty', to: 'INTEGER' },
      { id: 'b', enabled: false, kind: 'cast', column: 'state', to: 'INTEGER' },
      { id: 'c', enabled: true, kind: 'cast', column: 'state', to: 'INTEGER' },
    ];
    const d = doc(steps);
    const queries = castFailureQueries(steps, compilePipeline(d, 'p', ctx));
    expect(queries.map((q) => q.stepId)).toEqual(['a', 'c']);
    expect(queries.map((q) => Number(engine.rows(q.sql)[0]?.[0]))).toEqual([1, 4]);
  });
});

describe('join checks', () => {
  it('count matched rows and rows multiplied by repeated keys; NULL keys match as in the join step', () => {
    const d = doc([]);
    const sql = joinMatchSql(ident('orders'), inputRelationSql(d, { kind: 'source', id: 's' }, ctx), [{ left: 'state', right: 'state' }]);
    // Left 5 rows; right 4; matched: 2 CA + 1 TX + 1 NULL; inner: 2 CA × 2 + TX + NULL.
    expect(engine.rows(sql)[0]!.map(Number)).toEqual([5, 4, 4, 6]);
    expect(inputName(d, { kind: 'source', id: 's' })).toBe('states');
  });

  it('read another pipeline’s result as the right side', () => {
    const d = doc([]);
    const sql = joinMatchSql(ident('orders'), inputRelationSql(d, { kind: 'pipeline', id: 'q' }, ctx), [{ left: 'state', right: 'state' }]);
    expect(engine.rows(sql)[0]!.map(Number)).toEqual([5, 2, 2, 4]);
    expect(inputName(d, { kind: 'pipeline', id: 'q' })).toBe('west');
  });

  it('refuse a join without keys', () => {
    expect(() => joinMatchSql('a', 'b', [])).toThrow(/key columns/);
  });
});
