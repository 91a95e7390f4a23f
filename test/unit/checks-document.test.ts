import { describe, expect, it } from 'vitest';
import { RULE_KINDS, type CheckRule } from '../../shared/checks/rules.ts';
import { emptyDocument, type PipelineDocument } from '../../shared/pipeline/document.ts';
import { describeProblems, parseDocument } from '../../shared/pipeline/validate.ts';
import schemaJson from '../../shared/pipeline/pipeline.schema.json' with { type: 'json' };

/** Checks in the pipeline document: the JSON Schema for every rule, and the references it cannot check. */

const doc = (checks: unknown[]): PipelineDocument =>
  ({
    ...emptyDocument(),
    sources: [
      { id: 'src', name: 'orders', file: { path: 'orders.csv', name: 'orders.csv' }, format: 'csv' },
      { id: 'cust', name: 'customers', file: { path: 'customers.csv', name: 'customers.csv' }, format: 'csv' },
    ],
    pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: 'src' }, steps: [{ id: 'a', enabled: true, kind: 'limit', count: 5 }] }],
    checks,
  }) as PipelineDocument;

const base = { id: 'c1', severity: 'error', pipeline: 'main' };

/** One valid rule of every kind, with every optional field. */
const everyKind: CheckRule[] = [
  { ...base, id: 'k1', kind: 'not_null', column: 'a', emptyIsNull: true, nanIsNull: false, action: 'quarantine', threshold: { maxCount: 3 }, note: 'n', enabled: false },
  { ...base, id: 'k2', kind: 'unique', column: 'a', after: 'a', action: 'warn' },
  { ...base, id: 'k3', kind: 'accepted_values', column: 'a', values: ['x', 1, true, { decimal: '1.50' }] },
  { ...base, id: 'k4', kind: 'range', column: 'a', min: 0, max: '9', minInclusive: false, maxInclusive: true, threshold: { maxFraction: 0.05 } },
  { ...base, id: 'k5', kind: 'regex', column: 'a', pattern: '^[A-Z]{2}$', severity: 'warn' },
  { ...base, id: 'k6', kind: 'length', column: 'a', max: 3 },
  { ...base, id: 'k7', kind: 'castable', column: 'a', to: 'date', format: '%d/%m/%Y', emptyIsNull: true },
  { ...base, id: 'k8', kind: 'not_in_future', column: 'a' },
  { ...base, id: 'k9', kind: 'expression', expression: 'a > b' },
  { ...base, id: 'k10', kind: 'row_count', min: 1 },
  { ...base, id: 'k11', kind: 'unique_combination', columns: ['a', 'b'] },
  { ...base, id: 'k12', kind: 'relationship', columns: ['customer'], to: { kind: 'source', id: 'cust', columns: ['id'] } },
  { ...base, id: 'k13', kind: 'schema', columns: [{ name: 'a', type: 'DECIMAL(18, 3)' }, { name: 'b' }], exact: true },
  { ...base, id: 'k14', kind: 'sql', query: 'SELECT * FROM input WHERE a < 0', threshold: { maxCount: 0 } },
] as CheckRule[];

const problems = (checks: unknown[]): string => {
  const parsed = parseDocument(JSON.parse(JSON.stringify(doc(checks))));
  return parsed.ok ? '' : describeProblems(parsed.error);
};

describe('checks in the document', () => {
  it('accepts a rule of every kind, with every option', () => {
    expect(problems(everyKind)).toBe('');
    expect(new Set(everyKind.map((r) => r.kind))).toEqual(new Set(RULE_KINDS));
  });

  it('has one schema per rule kind, each closed to unknown fields', () => {
    const defs = (schemaJson as unknown as { $defs: { check: { oneOf: { properties: { kind: { const: string } }; additionalProperties: boolean }[] } } }).$defs.check.oneOf;
    expect(defs.map((d) => d.properties.kind.const).sort()).toEqual([...RULE_KINDS].sort());
    expect(defs.every((d) => d.additionalProperties === false)).toBe(true);
  });

  it.each([
    [{ ...base, kind: 'length', column: 'a', min: -1 }, /^checks\[0\]\.min: /],
    [{ ...base, kind: 'range', column: 'a' }, /^checks\[0\]: .*(min|max)/],
    [{ ...base, kind: 'range', column: 'a', min: null }, /^checks\[0\]\.min: /],
    [{ ...base, kind: 'not_null', column: 'a', emptyIsNul: true }, /^checks\[0\]: .*emptyIsNul/],
    [{ ...base, kind: 'not_null' }, /^checks\[0\]: .*column/],
    [{ ...base, kind: 'not_null', column: 'a', severity: 'fatal' }, /^checks\[0\]\.severity: /],
    [{ ...base, kind: 'not_null', column: 'a', action: 'delete' }, /^checks\[0\]\.action: /],
    [{ ...base, kind: 'not_null', column: 'a', threshold: { maxFraction: 1.5 } }, /^checks\[0\]\.threshold/],
    [{ ...base, kind: 'not_null', column: 'a', threshold: { maxCount: 1, maxFraction: 0.1 } }, /^checks\[0\]\.threshold/],
    [{ ...base, kind: 'row_count', min: 1, action: 'quarantine' }, /^checks\[0\]: .*action/],
    [{ ...base, kind: 'schema', columns: [{ name: 'a', type: 'INT); DROP TABLE x' }] }, /^checks\[0\]\.columns\[0\]\.type: /],
    [{ ...base, kind: 'castable', column: 'a', to: 'integer' }, /^checks\[0\]\.to: /],
    [{ ...base, kind: 'accepted_values', column: 'a', values: [] }, /^checks\[0\]\.values: /],
    [{ ...base, kind: 'relationship', columns: ['a'], to: { kind: 'table', id: 'cust', columns: ['id'] } }, /^checks\[0\]\.to\.kind: /],
    [{ ...base, id: 'bad id!', kind: 'unique', column: 'a' }, /^checks\[0\]\.id: /],
    [{ ...base, kind: 'teleport' }, /^checks\[0\]\.kind: /],
  ])('explains a bad rule with its JSON path: %j', (check, message) => {
    expect(problems([check])).toMatch(message);
  });

  it('checks what the schema cannot: references, ids, bounds, quarantine placement', () => {
    const text = problems([
      { ...base, kind: 'unique', column: 'a' },
      { ...base, kind: 'unique', column: 'b' },
      { ...base, id: 'c2', kind: 'unique', column: 'a', pipeline: 'nope' },
      { ...base, id: 'c3', kind: 'unique', column: 'a', after: 'zz' },
      { ...base, id: 'c4', kind: 'unique', column: 'a', after: 'a', action: 'quarantine' },
      { ...base, id: 'c5', kind: 'length', column: 'a', min: 5, max: 2 },
      { ...base, id: 'c6', kind: 'relationship', columns: ['a', 'b'], to: { kind: 'pipeline', id: 'gone', columns: ['id'] } },
      { ...base, id: 'c7', kind: 'castable', column: 'a', to: 'number', format: '%d' },
    ]);
    expect(text.split('\n')).toEqual([
      'checks[1].id: Check id "c1" is used twice.',
      'checks[2].pipeline: No pipeline with id "nope".',
      'checks[3].after: Pipeline "main" has no step with id "zz".',
      'checks[4].action: Quarantine applies to the rows a pipeline writes: remove "after" (check the output) or choose the action "fail" or "warn".',
      'checks[5].min: min (5) is greater than max (2).',
      'checks[6].to.id: No pipeline with id "gone".',
      'checks[6].to.columns: The key has 2 column(s) here and 1 in "gone"; they pair up one to one.',
      'checks[7].format: A format applies to dates and timestamps, not numbers.',
    ]);
  });

  it('refuses more checks than the limit before validating them', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...base, id: `c${i}`, kind: 'unique', column: 'a' }));
    expect(problems(many)).toBe('checks: 1,001 checks; Sluice opens at most 1,000.');
  });
});
