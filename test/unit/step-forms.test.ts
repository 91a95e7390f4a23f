import { describe, expect, it } from 'vitest';
import type { Step, StepDraft } from '../../shared/pipeline/document.ts';
import { FORMS, formFor, renameClash, type FormContext, type Values } from '../../renderer/pipeline/step-forms.ts';

const ctx: FormContext = {
  columns: [
    { name: 'id', type: 'BIGINT' },
    { name: 'amount', type: 'DECIMAL(38,2)' },
    { name: 'ratio', type: 'DOUBLE' },
    { name: 'ok', type: 'BOOLEAN' },
    { name: 'dup', type: 'VARCHAR' },
    { name: 'dup_1', type: 'VARCHAR' },
  ],
  inputs: [{ ref: { kind: 'source', id: 'src_2' }, label: 'states', columns: [{ name: 'state', type: 'VARCHAR' }] }],
};

const draft = (kind: Step['kind'], values: Values): StepDraft | string => formFor(kind)!.toDraft(values, ctx);
const filter = (column: string, operator: string, value: string, value2 = '') =>
  draft('filter', { match: 'and', conditions: [{ column, operator, value, value2, case: 'sensitive', group: '' }] });

describe('the filter form', () => {
  it('keeps integers above 2^53 exact', () => {
    expect(filter('id', '=', '9007199254740993')).toEqual({ kind: 'filter', condition: { kind: 'compare', column: 'id', op: '=', value: { decimal: '9007199254740993' } } });
    expect(filter('id', '=', '9223372036854775807')).toMatchObject({ condition: { value: { decimal: '9223372036854775807' } } });
    expect(filter('id', '=', '42')).toMatchObject({ condition: { value: 42 } });
  });

  it('keeps DECIMAL values exact, in lists and ranges too', () => {
    expect(filter('amount', 'in', '1.10, 123456789012345678901234567890.12')).toMatchObject({ condition: { kind: 'in', values: [{ decimal: '1.10' }, { decimal: '123456789012345678901234567890.12' }] } });
    expect(filter('amount', 'between', '1', '2.5')).toMatchObject({ condition: { kind: 'between', low: { decimal: '1' }, high: { decimal: '2.5' } } });
  });

  it('types booleans and doubles, and leaves text as text', () => {
    expect(filter('ok', '=', 'TRUE')).toMatchObject({ condition: { value: true } });
    expect(filter('ratio', '>', '0.5')).toMatchObject({ condition: { op: '>', value: 0.5 } });
    expect(filter('dup', '=', '007')).toMatchObject({ condition: { value: '007' } });
  });

  it('reads exact numbers back into its fields', () => {
    const step = { id: 's', enabled: true, ...(filter('id', '=', '9007199254740993') as StepDraft) } as Step;
    const values = formFor('filter')!.fromStep(step, ctx);
    expect((values.conditions as Record<string, string>[])[0]).toMatchObject({ column: 'id', operator: '=', value: '9007199254740993' });
    expect(formFor('filter')!.toDraft(values, ctx)).toEqual(filter('id', '=', '9007199254740993'));
  });

  it('says what is missing', () => {
    expect(draft('filter', { match: 'and', conditions: [{ column: '', operator: '=', value: '' }] })).toBe('Choose a column.');
    expect(draft('filter', { match: 'and', conditions: [] })).toBe('Add a condition.');
  });
});

describe('the rename form', () => {
  it('refuses a name another column has (dup_1 → dup), ignoring case', () => {
    expect(draft('rename', { renames: [{ from: 'dup_1', to: 'dup' }] })).toBe('There would be two columns named "dup". Choose another name.');
    expect(draft('rename', { renames: [{ from: 'dup_1', to: 'DUP' }] })).toMatch(/two columns named "DUP"/);
  });

  it('accepts swaps and new names', () => {
    expect(draft('rename', { renames: [{ from: 'dup', to: 'dup_1' }, { from: 'dup_1', to: 'dup' }] })).toMatchObject({ kind: 'rename' });
    expect(draft('rename', { renames: [{ from: 'dup_1', to: ' other ' }] })).toEqual({ kind: 'rename', renames: [{ from: 'dup_1', to: 'other' }] });
    expect(renameClash(['a', 'b'], [{ from: 'a', to: 'b' }])).toBe('b');
  });
});

describe('value forms', () => {
  it('fill nulls and replace keep exact numbers', () => {
    expect(draft('fill_null', { column: 'id', value: '9007199254740993' })).toEqual({ kind: 'fill_null', column: 'id', value: { decimal: '9007199254740993' } });
    expect(draft('replace', { column: 'amount', from: '0', to: '0.01' })).toEqual({ kind: 'replace', column: 'amount', from: { decimal: '0' }, to: { decimal: '0.01' } });
    const step = { id: 's', enabled: true, kind: 'fill_null', column: 'id', value: { decimal: '9007199254740993' } } as Step;
    expect(formFor('fill_null')!.fromStep(step, ctx)).toEqual({ column: 'id', value: '9007199254740993' });
  });
});

describe('every form', () => {
  it('turns its defaults into a step or a sentence, and its step back into the same step', () => {
    for (const spec of FORMS) {
      const result = spec.toDraft(spec.defaults(ctx, 'id'), ctx);
      if (typeof result === 'string') {
        expect(result.length, spec.kind).toBeGreaterThan(0);
        continue;
      }
      expect(result.kind).toBe(spec.kind);
      const step = { id: 's', enabled: true, ...result } as Step;
      expect(spec.toDraft(spec.fromStep(step, ctx), ctx), spec.kind).toEqual(result);
    }
  });
});
