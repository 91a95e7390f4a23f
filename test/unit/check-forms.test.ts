import { describe, expect, it } from 'vitest';
import type { CheckRule } from '../../shared/checks/rules.ts';
import { parseDocument } from '../../shared/pipeline/validate.ts';
import { renameIds } from '../../shared/pipeline/project.ts';
import { defaultPlace, emptyForm, formTakes, formToRule, newCheckId, parseThreshold, placeText, thresholdText, type CheckForm } from '../../renderer/checks/check-forms.ts';
import { PipelineStore } from '../../renderer/pipeline/pipeline-store.ts';
import { readyDataset } from '../support/datasets.ts';

const columns = [
  { name: 'iata', type: 'VARCHAR' },
  { name: 'latitude', type: 'DOUBLE' },
  { name: 'big', type: 'BIGINT' },
  { name: 'opened', type: 'DATE' },
];
const ctx = { columns, pipelineId: 'p_1', existingIds: [] as string[] };
const form = (kind: CheckForm['kind'], column: string, change: Partial<CheckForm> = {}): CheckForm => ({ ...emptyForm(kind, column, '', columns), ...change });

describe('check form → rule', () => {
  it('range: typed bounds, inclusive by default, exclusive when unticked', () => {
    expect(formToRule(form('range', 'latitude', { min: '20', max: '50' }), ctx)).toEqual({ id: 'range_latitude', kind: 'range', column: 'latitude', min: 20, max: 50, severity: 'error', pipeline: 'p_1' });
    expect(formToRule(form('range', 'latitude', { max: '50', maxInclusive: false, minInclusive: false }), ctx)).toMatchObject({ max: 50, maxInclusive: false });
    expect(formToRule(form('range', 'latitude', { max: '50', minInclusive: false }), ctx)).not.toHaveProperty('minInclusive');
    expect(formToRule(form('range', 'big', { max: '9007199254740993' }), ctx)).toMatchObject({ max: { decimal: '9007199254740993' } });
    expect(formToRule(form('range', 'opened', { min: '2020-01-01' }), ctx)).toMatchObject({ min: '2020-01-01' });
  });

  it('range: refuses what cannot hold', () => {
    expect(formToRule(form('range', 'latitude'), ctx)).toMatch(/Min, a Max/);
    expect(formToRule(form('range', 'latitude', { min: 'abc' }), ctx)).toMatch(/Min must be a number/);
    expect(formToRule(form('range', 'latitude', { min: '50', max: '20' }), ctx)).toMatch(/greater than Max/);
  });

  it('every column rule kind', () => {
    expect(formToRule(form('not_null', 'iata', { emptyIsNull: true }), ctx)).toMatchObject({ kind: 'not_null', column: 'iata', emptyIsNull: true });
    expect(formToRule(form('unique', 'iata'), ctx)).toMatchObject({ kind: 'unique', column: 'iata' });
    expect(formToRule(form('accepted_values', 'iata', { values: 'CA\n TX \n\n' }), ctx)).toMatchObject({ values: ['CA', 'TX'] });
    expect(formToRule(form('accepted_values', 'latitude', { values: '1\n2.5' }), ctx)).toMatchObject({ values: [1, 2.5] });
    expect(formToRule(form('accepted_values', 'iata'), ctx)).toMatch(/at least one value/);
    expect(formToRule(form('regex', 'iata', { pattern: '^[A-Z]+$' }), ctx)).toMatchObject({ pattern: '^[A-Z]+$' });
    expect(formToRule(form('length', 'iata', { min: '3', max: '3' }), ctx)).toMatchObject({ kind: 'length', min: 3, max: 3 });
    expect(formToRule(form('length', 'iata', { min: '-1' }), ctx)).toMatch(/whole number/);
    expect(formToRule(form('castable', 'iata', { to: 'date', format: '%Y' }), ctx)).toMatchObject({ to: 'date', format: '%Y' });
    expect(formToRule(form('castable', 'iata', { to: 'number', format: '%Y' }), ctx)).toMatch(/format applies/);
    expect(formToRule(form('not_in_future', 'opened'), ctx)).toMatchObject({ kind: 'not_in_future' });
    expect(formToRule(form('expression', 'iata', { expression: ' latitude < 90 ' }), ctx)).toEqual({ id: 'expression', kind: 'expression', expression: 'latitude < 90', severity: 'error', pipeline: 'p_1' });
    expect(formToRule(form('unique', 'nope'), ctx)).toBe('Choose a column.');
  });

  it('table rules', () => {
    expect(formToRule(form('row_count', '', { min: '1' }), ctx)).toEqual({ id: 'row_count', kind: 'row_count', min: 1, severity: 'error', pipeline: 'p_1' });
    expect(formToRule(form('unique_combination', 'iata', { columns: ['iata', 'opened'] }), ctx)).toMatchObject({ columns: ['iata', 'opened'] });
    expect(formToRule(form('relationship', 'iata', { target: 'source:src_2', targetColumns: 'code' }), ctx)).toMatchObject({ columns: ['iata'], to: { kind: 'source', id: 'src_2', columns: ['code'] } });
    expect(formToRule(form('relationship', 'iata', { target: 'source:src_2', targetColumns: 'a, b' }), ctx)).toMatch(/same order/);
    expect(formToRule(form('schema', '', { exact: true }), ctx)).toMatchObject({ columns: [{ name: 'iata', type: 'VARCHAR' }, { name: 'latitude', type: 'DOUBLE' }, { name: 'big', type: 'BIGINT' }, { name: 'opened', type: 'DATE' }], exact: true });
    expect(formToRule(form('schema', '', { schema: 'a\nb c: DECIMAL(18,3)' }), ctx)).toMatchObject({ columns: [{ name: 'a' }, { name: 'b c', type: 'DECIMAL(18,3)' }] });
    expect(formToRule(form('sql', '', { query: 'SELECT * FROM input WHERE x', threshold: '2' }), ctx)).toMatchObject({ kind: 'sql', threshold: { maxCount: 2 } });
    expect(formToRule(form('row_count', '', { min: '1', threshold: '5', action: 'warn' }), ctx)).not.toHaveProperty('threshold');
  });

  it('severity, threshold, action and place', () => {
    const rule = formToRule(form('unique', 'iata', { severity: 'warn', threshold: '1%', action: 'warn', place: 's1' }), ctx);
    expect(rule).toMatchObject({ severity: 'warn', threshold: { maxFraction: 0.01 }, action: 'warn', after: 's1' });
    expect(formToRule(form('unique', 'iata', { action: 'quarantine', place: 's1' }), ctx)).toMatch(/Quarantine/);
    expect(formToRule(form('unique', 'iata', { action: 'quarantine' }), ctx)).toMatchObject({ action: 'quarantine' });
    expect(formToRule(form('unique', 'iata', { threshold: 'lots' }), ctx)).toMatch(/^Threshold/);
    expect(formToRule(form('unique', 'iata'), { ...ctx, existingIds: ['unique_iata'] })).toMatchObject({ id: 'unique_iata_2' });
  });

  it('every rule it makes passes the document schema', () => {
    const rules = [
      formToRule(form('range', 'latitude', { min: '20', max: '50', threshold: '0.05' }), ctx),
      formToRule(form('accepted_values', 'iata', { values: 'A\nB' }), ctx),
      formToRule(form('castable', 'iata', { to: 'timestamp', emptyIsNull: true }), ctx),
      formToRule(form('schema', '', {}), ctx),
      formToRule(form('row_count', '', { max: '9' }), ctx),
    ].map((r, i) => ({ ...(r as CheckRule), id: `c${i}` }));
    const doc = { format: 'sluice.pipeline', version: 2, sources: [{ id: 's', name: 'a', file: { path: 'a.csv', name: 'a.csv', size: 1 }, format: 'csv' }], pipelines: [{ id: 'p_1', name: 'p', input: { kind: 'source', id: 's' }, steps: [] }], checks: rules, outputs: [] };
    const parsed = parseDocument(doc);
    expect(parsed.ok ? 'ok' : JSON.stringify(parsed.error)).toBe('ok');
  });
});

describe('check form helpers', () => {
  it('thresholds: counts, percentages, fractions', () => {
    expect(parseThreshold('')).toBeUndefined();
    expect(parseThreshold(' 5 ')).toEqual({ maxCount: 5 });
    expect(parseThreshold('2.5%')).toEqual({ maxFraction: 0.025 });
    expect(parseThreshold('0.05')).toEqual({ maxFraction: 0.05 });
    expect(parseThreshold('.5')).toEqual({ maxFraction: 0.5 });
    expect(parseThreshold('120%')).toMatch(/at most 100%/);
    expect(parseThreshold('1.5')).toMatch(/^Threshold/);
    expect(thresholdText({ maxFraction: 0.029 })).toBe('2.9%');
    expect(thresholdText({ maxCount: 3 })).toBe('3');
  });

  it('the place: after the shown step, else the output', () => {
    const pipeline = { steps: [{ id: 'a' }, { id: 'b' }] } as unknown as Parameters<typeof defaultPlace>[0];
    expect(defaultPlace(pipeline, 'a')).toBe('a');
    expect(defaultPlace(pipeline, 'b')).toBe('');
    expect(defaultPlace(pipeline, null)).toBe('');
    expect(defaultPlace(pipeline, undefined)).toBe('');
    expect(defaultPlace(undefined, 'a')).toBe('');
    expect(placeText(pipeline as never, 'b')).toBe('after step 2');
    expect(placeText(pipeline as never, undefined)).toBe('on the output');
  });

  it('which kinds take a threshold and an action', () => {
    expect(formTakes('range')).toEqual({ threshold: true, action: true });
    expect(formTakes('relationship')).toEqual({ threshold: true, action: true });
    expect(formTakes('sql')).toEqual({ threshold: true, action: false });
    expect(formTakes('schema')).toEqual({ threshold: false, action: false });
  });

  it('ids', () => {
    expect(newCheckId('range', 'lat itude', [])).toBe('range_lat_itude');
    expect(newCheckId('row_count', null, ['row_count', 'row_count_2'])).toBe('row_count_3');
  });
});

const dataset = readyDataset;

describe('pipeline store: checks', () => {
  const rule = (id: string, after?: string): CheckRule => ({ id, kind: 'not_null', column: 'state', severity: 'error', pipeline: 'p_1', ...(after ? { after } : {}) });

  it('adds, toggles and removes checks as undoable edits', () => {
    const store = new PipelineStore();
    store.ensurePipeline(dataset(1, 'airports'));
    store.addChecks([rule('a')]);
    store.addChecks([rule('a')]);
    expect(store.doc.checks.map((c) => c.id)).toEqual(['a', 'a_2']);
    store.toggleCheck('a');
    expect(store.doc.checks[0]?.enabled).toBe(false);
    store.toggleCheck('a');
    expect(store.doc.checks[0]).not.toHaveProperty('enabled');
    store.removeCheck('a_2');
    expect(store.doc.checks.map((c) => c.id)).toEqual(['a']);
    store.undo();
    expect(store.doc.checks.map((c) => c.id)).toEqual(['a', 'a_2']);
    store.undo();
    store.undo();
    store.undo();
    expect(store.doc.checks.map((c) => c.id)).toEqual(['a']);
    store.redo();
    expect(store.doc.checks.map((c) => c.id)).toEqual(['a', 'a_2']);
  });

  it('adds the sources a relationship reads in the same edit', () => {
    const store = new PipelineStore();
    store.ensurePipeline(dataset(1, 'airports'));
    store.addChecks([{ id: 'r', kind: 'relationship', columns: ['state'], to: { kind: 'source', id: 'src_2', columns: ['state'] }, severity: 'error', pipeline: 'p_1' }], [dataset(2, 'states')]);
    expect(store.doc.sources.map((s) => s.id)).toEqual(['src_1', 'src_2']);
    store.undo();
    expect(store.doc.sources.map((s) => s.id)).toEqual(['src_1']);
    expect(store.doc.checks).toEqual([]);
  });

  it('removing a step moves its checks to the step before, or the output', () => {
    const store = new PipelineStore();
    const id = store.ensurePipeline(dataset(1, 'airports'));
    const a = store.addStep(id, { kind: 'limit', count: 5 });
    const b = store.addStep(id, { kind: 'limit', count: 3 });
    store.addChecks([{ ...rule('x', b), pipeline: id }, { ...rule('y', a), pipeline: id }]);
    store.removeStep(id, b);
    expect(store.doc.checks.find((c) => c.id === 'x')?.after).toBe(a);
    store.removeStep(id, a);
    expect(store.doc.checks.map((c) => c.after)).toEqual([undefined, undefined]);
    store.undo();
    store.undo();
    expect(store.doc.checks.map((c) => c.after)).toEqual([b, a]);
  });
});

describe('reopening a project moves checks onto the datasets', () => {
  it('renames check pipelines and relationship targets', () => {
    const doc = {
      format: 'sluice.pipeline' as const,
      version: 2 as const,
      sources: [],
      pipelines: [],
      outputs: [],
      checks: [{ id: 'r', kind: 'relationship', columns: ['k'], to: { kind: 'source', id: 'src_9', columns: ['k'] }, severity: 'error', pipeline: 'p_9' }] as CheckRule[],
    };
    const moved = renameIds(doc, { src_9: 'src_2' }, { p_9: 'p_1' });
    expect(moved.checks[0]).toMatchObject({ pipeline: 'p_1', to: { id: 'src_2' } });
  });
});
