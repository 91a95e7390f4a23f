import { describe, expect, it } from 'vitest';
import { groupConditions, ungroupCondition, type SimpleCondition } from '../../shared/pipeline/condition-groups.ts';
import type { Condition } from '../../shared/pipeline/document.ts';

const ca: SimpleCondition = { kind: 'compare', column: 'state', op: '=', value: 'CA' };
const young: SimpleCondition = { kind: 'compare', column: 'age', op: '<', value: 18 };
const old: SimpleCondition = { kind: 'compare', column: 'age', op: '>', value: 65 };
const named: SimpleCondition = { kind: 'null', column: 'name', negate: true };

describe('filter form groups', () => {
  it('combines ungrouped conditions with the list operator', () => {
    expect(groupConditions([{ condition: ca, group: '' }], 'and')).toEqual(ca);
    expect(groupConditions([{ condition: ca, group: '' }, { condition: named, group: '' }], 'or')).toEqual({ kind: 'group', op: 'or', items: [ca, named] });
    expect(groupConditions([], 'and')).toBeNull();
  });

  it('combines a group with the other operator, in the place of its first condition', () => {
    const c = groupConditions(
      [
        { condition: young, group: 'A' },
        { condition: ca, group: '' },
        { condition: old, group: 'A' },
      ],
      'and',
    );
    expect(c).toEqual({ kind: 'group', op: 'and', items: [{ kind: 'group', op: 'or', items: [young, old] }, ca] });
  });

  it('drops a group of one and a list of one', () => {
    expect(groupConditions([{ condition: young, group: 'B' }], 'and')).toEqual(young);
    expect(groupConditions([{ condition: young, group: 'A' }, { condition: old, group: 'B' }], 'or')).toEqual({ kind: 'group', op: 'or', items: [young, old] });
  });

  it('reads back what it writes', () => {
    const cases: Condition[] = [
      ca,
      { kind: 'group', op: 'or', items: [ca, named] },
      { kind: 'group', op: 'and', items: [ca, { kind: 'group', op: 'or', items: [young, old] }, { kind: 'group', op: 'or', items: [named, ca] }] },
      { kind: 'group', op: 'or', items: [{ kind: 'group', op: 'and', items: [ca, young] }, old] },
    ];
    for (const condition of cases) {
      const form = ungroupCondition(condition);
      expect(form).not.toBeNull();
      expect(groupConditions(form!.items, form!.op)).toEqual(condition);
    }
  });

  it('flattens a group that has its parent operator (same rows) and refuses deeper nesting', () => {
    const same: Condition = { kind: 'group', op: 'and', items: [ca, { kind: 'group', op: 'and', items: [young, named] }] };
    expect(groupConditions(ungroupCondition(same)!.items, 'and')).toEqual({ kind: 'group', op: 'and', items: [ca, young, named] });
    const deep: Condition = { kind: 'group', op: 'and', items: [ca, { kind: 'group', op: 'or', items: [young, { kind: 'group', op: 'and', items: [old, named] }] }] };
    expect(ungroupCondition(deep)).toBeNull();
    expect(ungroupCondition({ kind: 'group', op: 'and', items: [ca, { kind: 'group', op: 'or', items: [] }] })).toBeNull();
  });
});
