import type { StepDraft, StepKind } from '../../shared/pipeline/document.ts';
import { scalarFromValue } from '../../shared/typed-value.ts';
import type { ColumnInfo } from '../data/types.ts';
import { displayValue } from '../grid/cells.ts';
import type { MenuItem } from '../grid/ColumnMenu.tsx';

/** What the column and cell menus can do. */
export interface MenuActions {
  openStep: (kind: StepKind, column?: string) => void;
  addStep: (draft: StepDraft) => void;
  profile: (column: ColumnInfo) => void;
  /** Opens "Add check…" on the column. */
  addCheck: (column: ColumnInfo) => void;
}

/** The pipeline and profile items of a column's header menu. */
export function columnMenuItems(column: ColumnInfo, actions: MenuActions): MenuItem[] {
  return [
    { label: 'Filter…', onSelect: () => actions.openStep('filter', column.name) },
    { label: 'Rename…', onSelect: () => actions.openStep('rename', column.name) },
    { label: 'Change type…', onSelect: () => actions.openStep('cast', column.name) },
    { label: 'Remove column', onSelect: () => actions.addStep({ kind: 'drop', columns: [column.name] }) },
    { label: 'Profile', onSelect: () => actions.profile(column) },
    { label: 'Add check…', onSelect: () => actions.addCheck(column) },
  ];
}

/** A cell's menu: keep or remove the rows with its value (exact: a bigint stays a bigint). */
export function cellMenuItems(column: ColumnInfo, value: unknown, addStep: (draft: StepDraft) => void): MenuItem[] {
  const scalar = scalarFromValue(value, column.type);
  const text = displayValue(value);
  const shown = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  const name = column.name;
  return [
    {
      label: `Keep rows where ${name} = ${shown}`,
      onSelect: () => addStep({ kind: 'filter', condition: scalar === null ? { kind: 'null', column: name } : { kind: 'compare', column: name, op: '=', value: scalar } }),
    },
    {
      label: `Remove rows where ${name} = ${shown}`,
      onSelect: () =>
        addStep({
          kind: 'filter',
          condition:
            scalar === null
              ? { kind: 'null', column: name, negate: true }
              : { kind: 'group', op: 'or', items: [{ kind: 'compare', column: name, op: '!=', value: scalar }, { kind: 'null', column: name }] },
        }),
    },
  ];
}
