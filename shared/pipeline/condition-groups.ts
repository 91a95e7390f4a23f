import type { Condition } from './document.ts';

/**
 * Filter conditions as the filter form shows them: a list of simple conditions, each optionally in a
 * named group. The list is combined with one operator ("all" or "any"); the conditions of a group are
 * combined with the other one, e.g. all of: `state = CA`, group A (any of: `age < 18`, `age > 65`).
 * That covers both usual shapes, AND of ORs and OR of ANDs. Deeper nesting is valid in a document
 * (written by hand or by a tool) but has no form.
 */

export type SimpleCondition = Exclude<Condition, { kind: 'group' }>;
export type BoolOp = 'and' | 'or';

export interface TaggedCondition {
  condition: SimpleCondition;
  /** The group's name; '' for none. */
  group: string;
}

export const otherOp = (op: BoolOp): BoolOp => (op === 'and' ? 'or' : 'and');

/** One condition from the form's list (null for an empty list). Groups keep the order of their first condition. */
export function groupConditions(items: readonly TaggedCondition[], op: BoolOp): Condition | null {
  const parts: Condition[] = [];
  const groups = new Map<string, SimpleCondition[]>();
  for (const { condition, group } of items) {
    if (group === '') {
      parts.push(condition);
      continue;
    }
    let members = groups.get(group);
    if (!members) {
      members = [];
      groups.set(group, members);
      // A placeholder, replaced once the group's members are known.
      parts.push({ kind: 'group', op: otherOp(op), items: members });
    }
    members.push(condition);
  }
  const flat = parts.map((part) => (part.kind === 'group' && part.items.length === 1 ? part.items[0]! : part));
  if (flat.length === 0) return null;
  return flat.length === 1 ? flat[0]! : { kind: 'group', op, items: flat };
}

/** Group names given to groups read from a document, in order. */
export const GROUP_NAMES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;

/**
 * The form's view of a condition, or null when it nests deeper than the form shows (a group inside
 * a group inside a group, or more groups than there are names).
 */
export function ungroupCondition(condition: Condition): { op: BoolOp; items: TaggedCondition[] } | null {
  if (condition.kind !== 'group') return { op: 'and', items: [{ condition, group: '' }] };
  const items: TaggedCondition[] = [];
  let named = 0;
  for (const item of condition.items) {
    if (item.kind !== 'group') {
      items.push({ condition: item, group: '' });
      continue;
    }
    const members = item.items;
    if (members.length === 0 || members.some((m) => m.kind === 'group')) return null;
    const simple = members as SimpleCondition[];
    if (item.op === condition.op || simple.length === 1) {
      // Same operator as its parent (or one member): the same rows without the group.
      for (const m of simple) items.push({ condition: m, group: '' });
      continue;
    }
    const name = GROUP_NAMES[named++];
    if (!name) return null;
    for (const m of simple) items.push({ condition: m, group: name });
  }
  return { op: condition.op, items };
}
