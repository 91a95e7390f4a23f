import { GROUP_NAMES, groupConditions, otherOp, ungroupCondition, type BoolOp, type SimpleCondition, type TaggedCondition } from '../../shared/pipeline/condition-groups.ts';
import type { AggregateFn, Condition, DatePart, InputRef, Scalar, Step, StepDraft, StepKind } from '../../shared/pipeline/document.ts';
import { parseTypedValue, scalarText, typedValueProblem } from '../../shared/typed-value.ts';
import type { ColumnInfo } from '../data/types.ts';

/**
 * Step forms, described as data: each kind lists its fields and converts between field values and a
 * step. `StepDialog` renders any of them, so every step kind has a form without a component of its own.
 */

export type FieldValue = string | boolean | string[] | Row[];
export type Row = Record<string, string>;
export type Values = Record<string, FieldValue | undefined>;

export interface Choice {
  value: string;
  label: string;
}

export type Field =
  | { key: string; label: string; type: 'column' }
  | { key: string; label: string; type: 'columns' }
  | { key: string; label: string; type: 'text'; placeholder?: string; optional?: boolean; multiline?: boolean }
  | { key: string; label: string; type: 'number'; optional?: boolean }
  | { key: string; label: string; type: 'select'; options: Choice[] }
  | { key: string; label: string; type: 'checkbox' }
  | { key: string; label: string; type: 'input' }
  /** Rows of sub-fields, with "Add" and "Remove" buttons. */
  | { key: string; label: string; type: 'rows'; itemLabel: string; fields: Field[]; min: number };

export interface FormContext {
  columns: ColumnInfo[];
  /** Other datasets and pipelines a join or union can use. */
  inputs: { ref: InputRef; label: string; columns: ColumnInfo[] }[];
}

export interface FormSpec {
  kind: StepKind;
  title: string;
  fields: (ctx: FormContext, values: Values) => Field[];
  defaults: (ctx: FormContext, column?: string) => Values;
  /** A sentence under the title: what the step guarantees. */
  note?: string;
  /** The step, or a sentence saying what is missing. */
  toDraft: (values: Values, ctx: FormContext) => StepDraft | string;
  fromStep: (step: Step, ctx: FormContext) => Values;
}

const s = (v: FieldValue | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: FieldValue | undefined): string[] => (Array.isArray(v) ? (v as string[]) : []);
const rows = (v: FieldValue | undefined): Row[] => (Array.isArray(v) ? (v as Row[]).filter((r) => typeof r === 'object') : []);
const splitList = (text: string): string[] => text.split(',').map((x) => x.trim()).filter((x) => x !== '');
const refValue = (ref: InputRef) => `${ref.kind}:${ref.id}`;
const parseRef = (value: string): InputRef | null => {
  const [kind, id] = value.split(':');
  return (kind === 'source' || kind === 'pipeline') && id ? { kind, id } : null;
};

/** A typed literal for a column (see `shared/typed-value.ts`): exact numbers stay exact. */
const typedValue = (text: string, column: ColumnInfo | undefined): Scalar => parseTypedValue(text, column?.type);

/** What a sample step promises (the compiler's `sampleSql` keeps it). */
export const SAMPLE_GUARANTEE =
  'Rows are picked by a hash of their values and the seed: the same rows and seed give the same sample every time, in the app and the CLI, whatever order the rows come in. Identical rows are picked together.';

/** A text step from its form values (pad width and fill are checked by the form first). */
const textDraft = (v: Values): StepDraft => ({
  kind: 'text',
  column: s(v.column),
  op: s(v.op) as 'trim',
  ...(s(v.width) ? { width: Number(s(v.width)) } : {}),
  ...(s(v.fill) ? { fill: s(v.fill) } : {}),
  ...(s(v.into).trim() ? { into: s(v.into).trim() } : {}),
});

const first = (ctx: FormContext, column?: string) => column ?? ctx.columns[0]?.name ?? '';
const find = (ctx: FormContext, name: string) => ctx.columns.find((c) => c.name === name);

export const OPERATORS: Choice[] = [
  { value: '=', label: 'equals' },
  { value: '!=', label: 'does not equal' },
  { value: '<', label: 'less than' },
  { value: '<=', label: 'at most' },
  { value: '>', label: 'greater than' },
  { value: '>=', label: 'at least' },
  { value: 'in', label: 'is one of' },
  { value: 'not_in', label: 'is not one of' },
  { value: 'contains', label: 'contains' },
  { value: 'starts_with', label: 'starts with' },
  { value: 'ends_with', label: 'ends with' },
  { value: 'regex', label: 'matches regex' },
  { value: 'null', label: 'is null' },
  { value: 'not_null', label: 'is not null' },
  { value: 'between', label: 'is between' },
];

function conditionFromRow(row: Row, ctx: FormContext): SimpleCondition | string {
  const column = row.column ?? '';
  if (!column) return 'Choose a column.';
  const col = find(ctx, column);
  const op = row.operator ?? '=';
  const value = row.value ?? '';
  const caseSensitive = row.case !== 'insensitive';
  const typed = op === 'in' || op === 'not_in' ? splitList(value) : op === 'between' ? [value, row.value2 ?? ''] : OPERATORS.slice(0, 6).some((o) => o.value === op) ? [value] : [];
  for (const text of typed) {
    const problem = col ? typedValueProblem(text, col) : null;
    if (problem) return problem;
  }
  switch (op) {
    case 'null':
      return { kind: 'null', column };
    case 'not_null':
      return { kind: 'null', column, negate: true };
    case 'in':
    case 'not_in':
      return { kind: 'in', column, values: splitList(value).map((v) => typedValue(v, col)), ...(op === 'not_in' ? { negate: true } : {}) };
    case 'contains':
    case 'starts_with':
    case 'ends_with':
    case 'regex':
      return { kind: 'text', column, op, value, ...(caseSensitive ? {} : { caseSensitive: false }) };
    case 'between':
      return { kind: 'between', column, low: typedValue(value, col), high: typedValue(row.value2 ?? '', col) };
    default:
      return { kind: 'compare', column, op: op as '=', value: typedValue(value, col) };
  }
}

function rowFromCondition(c: SimpleCondition): Row {
  switch (c.kind) {
    case 'compare':
      return { column: c.column, operator: c.op, value: scalarText(c.value) };
    case 'in':
      return { column: c.column, operator: c.negate ? 'not_in' : 'in', value: c.values.map(scalarText).join(', ') };
    case 'text':
      return { column: c.column, operator: c.op, value: c.value, case: c.caseSensitive === false ? 'insensitive' : 'sensitive' };
    case 'null':
      return { column: c.column, operator: c.negate ? 'not_null' : 'null', value: '' };
    case 'between':
      return { column: c.column, operator: 'between', value: scalarText(c.low), value2: scalarText(c.high) };
  }
}

/** Every simple condition of a condition, however deeply nested (for showing a filter the form cannot edit). */
function leaves(c: Condition): SimpleCondition[] {
  return c.kind === 'group' ? c.items.flatMap(leaves) : [c];
}

/** The first column name that renaming would give twice (names compare ignoring case, as in DuckDB), or null. */
export function renameClash(columns: readonly string[], renames: readonly { from: string; to: string }[]): string | null {
  const to = new Map(renames.map((r) => [r.from, r.to]));
  const seen = new Set<string>();
  for (const name of columns.map((c) => to.get(c) ?? c)) {
    const key = name.toLowerCase();
    if (seen.has(key)) return name;
    seen.add(key);
  }
  return null;
}

const DATE_PARTS: Choice[] = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'dayofweek'].map((p) => ({ value: p, label: p }));
const AGG_FNS: Choice[] = (['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'median', 'first', 'last', 'string_agg'] as AggregateFn[]).map((f) => ({ value: f, label: f.replace('_', ' ') }));
export const TYPES: Choice[] = ['VARCHAR', 'BIGINT', 'INTEGER', 'DOUBLE', 'DECIMAL(18,3)', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'TIME'].map((t) => ({ value: t, label: t }));

const matchOf = (v: Values): BoolOp => (s(v.match) === 'or' ? 'or' : 'and');

/** A condition's fields; its group combines with the other operator than the whole list's. */
const conditionFields = (match: BoolOp): Field[] => [
  { key: 'column', label: 'Column', type: 'column' },
  { key: 'operator', label: 'Operator', type: 'select', options: OPERATORS },
  { key: 'value', label: 'Value', type: 'text' },
  { key: 'value2', label: 'And', type: 'text', optional: true },
  { key: 'case', label: 'Case', type: 'select', options: [{ value: 'sensitive', label: 'case-sensitive' }, { value: 'insensitive', label: 'ignore case' }] },
  {
    key: 'group',
    label: 'Group',
    type: 'select',
    options: [{ value: '', label: 'no group' }, ...GROUP_NAMES.map((g) => ({ value: g, label: `group ${g} (${otherOp(match) === 'or' ? 'any' : 'all'} of its conditions)` }))],
  },
];

export const FORMS: FormSpec[] = [
  {
    kind: 'filter',
    title: 'Filter rows',
    fields: (_ctx, v) => [
      { key: 'match', label: 'Keep rows matching', type: 'select', options: [{ value: 'and', label: 'all conditions' }, { value: 'or', label: 'any condition' }] },
      { key: 'conditions', label: 'Conditions', type: 'rows', itemLabel: 'condition', fields: conditionFields(matchOf(v)), min: 1 },
    ],
    defaults: (ctx, column) => ({ match: 'and', conditions: [{ column: first(ctx, column), operator: '=', value: '', value2: '', case: 'sensitive', group: '' }] }),
    toDraft: (v, ctx) => {
      if (v.nested === true) return 'This filter nests groups deeper than this form shows; edit it in the project file, or disable or delete the step.';
      const items: TaggedCondition[] = [];
      for (const row of rows(v.conditions)) {
        const c = conditionFromRow(row, ctx);
        if (typeof c === 'string') return c;
        items.push({ condition: c, group: row.group ?? '' });
      }
      const condition = groupConditions(items, matchOf(v));
      return condition ? { kind: 'filter', condition } : 'Add a condition.';
    },
    fromStep: (step) => {
      if (step.kind !== 'filter') return {};
      const form = ungroupCondition(step.condition);
      const blank = { value2: '', case: 'sensitive', group: '' };
      if (!form) return { match: step.condition.kind === 'group' ? step.condition.op : 'and', nested: true, conditions: leaves(step.condition).map((c) => ({ ...blank, ...rowFromCondition(c) })) };
      return { match: form.op, conditions: form.items.map((i) => ({ ...blank, ...rowFromCondition(i.condition), group: i.group })) };
    },
  },
  {
    kind: 'rename',
    title: 'Rename column',
    fields: () => [{ key: 'renames', label: 'Renames', type: 'rows', itemLabel: 'rename', min: 1, fields: [{ key: 'from', label: 'Column', type: 'column' }, { key: 'to', label: 'New name', type: 'text' }] }],
    defaults: (ctx, column) => ({ renames: [{ from: first(ctx, column), to: first(ctx, column) }] }),
    toDraft: (v, ctx) => {
      const renames = rows(v.renames).map((r) => ({ from: r.from ?? '', to: (r.to ?? '').trim() }));
      if (renames.some((r) => r.from === '' || r.to === '')) return 'Choose a column and type its new name.';
      const clash = renameClash(ctx.columns.map((c) => c.name), renames);
      return clash === null ? { kind: 'rename', renames } : `There would be two columns named "${clash}". Choose another name.`;
    },
    fromStep: (step) => (step.kind === 'rename' ? { renames: step.renames.map((r) => ({ ...r })) } : {}),
  },
  {
    kind: 'cast',
    title: 'Change type',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'to', label: 'New type', type: 'select', options: TYPES },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), to: 'VARCHAR' }),
    toDraft: (v) => (s(v.column) ? { kind: 'cast', column: s(v.column), to: s(v.to) } : 'Choose a column.'),
    fromStep: (step) => (step.kind === 'cast' ? { column: step.column, to: step.to } : {}),
  },
  {
    kind: 'drop',
    title: 'Remove columns',
    fields: () => [{ key: 'columns', label: 'Columns to remove', type: 'columns' }],
    defaults: (_ctx, column) => ({ columns: column ? [column] : [] }),
    toDraft: (v) => (list(v.columns).length > 0 ? { kind: 'drop', columns: list(v.columns) } : 'Choose at least one column.'),
    fromStep: (step) => (step.kind === 'drop' ? { columns: step.columns } : {}),
  },
  {
    kind: 'select',
    title: 'Keep columns (and their order)',
    fields: () => [{ key: 'columns', label: 'Columns to keep, in order', type: 'columns' }],
    defaults: (ctx) => ({ columns: ctx.columns.map((c) => c.name) }),
    toDraft: (v) => (list(v.columns).length > 0 ? { kind: 'select', columns: list(v.columns) } : 'Choose at least one column.'),
    fromStep: (step) => (step.kind === 'select' ? { columns: step.columns } : {}),
  },
  {
    kind: 'derive',
    title: 'Add a column from an expression',
    fields: () => [
      { key: 'name', label: 'New name', type: 'text' },
      { key: 'expression', label: 'Expression', type: 'text', placeholder: 'e.g. price * quantity', multiline: true },
    ],
    defaults: () => ({ name: '', expression: '' }),
    toDraft: (v) => (s(v.name).trim() && s(v.expression).trim() ? { kind: 'derive', name: s(v.name).trim(), expression: s(v.expression).trim() } : 'Give the column a name and an expression.'),
    fromStep: (step) => (step.kind === 'derive' ? { name: step.name, expression: step.expression } : {}),
  },
  {
    kind: 'sort',
    title: 'Sort rows',
    fields: () => [
      {
        key: 'keys',
        label: 'Sort keys',
        type: 'rows',
        itemLabel: 'sort key',
        min: 1,
        fields: [
          { key: 'column', label: 'Column', type: 'column' },
          { key: 'direction', label: 'Direction', type: 'select', options: [{ value: 'asc', label: 'ascending' }, { value: 'desc', label: 'descending' }] },
        ],
      },
    ],
    defaults: (ctx, column) => ({ keys: [{ column: first(ctx, column), direction: 'asc' }] }),
    toDraft: (v) => {
      const keys = rows(v.keys).map((k) => ({ column: k.column ?? '', direction: k.direction === 'desc' ? ('desc' as const) : ('asc' as const) }));
      return keys.length > 0 && keys.every((k) => k.column) ? { kind: 'sort', keys } : 'Choose the columns to sort by.';
    },
    fromStep: (step) => (step.kind === 'sort' ? { keys: step.keys.map((k) => ({ column: k.column, direction: k.direction })) } : {}),
  },
  {
    kind: 'aggregate',
    title: 'Group and aggregate',
    fields: () => [
      { key: 'groupBy', label: 'Group by', type: 'columns' },
      {
        key: 'aggregations',
        label: 'Aggregations',
        type: 'rows',
        itemLabel: 'aggregation',
        min: 1,
        fields: [
          { key: 'fn', label: 'Function', type: 'select', options: AGG_FNS },
          { key: 'column', label: 'Of column', type: 'column' },
          { key: 'as', label: 'Result name', type: 'text' },
        ],
      },
    ],
    defaults: (ctx, column) => ({ groupBy: column ? [column] : [], aggregations: [{ fn: 'count', column: first(ctx), as: 'count' }] }),
    toDraft: (v) => {
      const aggregations = rows(v.aggregations).map((a) => ({ fn: (a.fn ?? 'count') as AggregateFn, ...(a.fn === 'count' && !a.column ? {} : { column: a.column ?? '' }), as: (a.as ?? '').trim() }));
      if (aggregations.some((a) => !a.as)) return 'Name every aggregation result.';
      return { kind: 'aggregate', groupBy: list(v.groupBy), aggregations: aggregations.map((a) => (a.fn === 'count' ? { fn: a.fn, as: a.as } : a)) };
    },
    fromStep: (step) => (step.kind === 'aggregate' ? { groupBy: step.groupBy, aggregations: step.aggregations.map((a) => ({ fn: a.fn, column: a.column ?? '', as: a.as })) } : {}),
  },
  {
    kind: 'join',
    title: 'Join with another dataset',
    fields: (ctx, v) => {
      const other = ctx.inputs.find((i) => refValue(i.ref) === s(v.with));
      return [
        { key: 'with', label: 'Join with', type: 'input' },
        { key: 'how', label: 'Join type', type: 'select', options: ['inner', 'left', 'right', 'full', 'semi', 'anti'].map((h) => ({ value: h, label: h })) },
        {
          key: 'on',
          label: 'Key pairs',
          type: 'rows',
          itemLabel: 'key pair',
          min: 1,
          fields: [
            { key: 'left', label: 'Left key', type: 'column' },
            { key: 'right', label: 'Right key', type: 'select', options: (other?.columns ?? []).map((c) => ({ value: c.name, label: c.name })) },
          ],
        },
      ];
    },
    defaults: (ctx, column) => ({ with: ctx.inputs[0] ? refValue(ctx.inputs[0].ref) : '', how: 'left', on: [{ left: first(ctx, column), right: ctx.inputs[0]?.columns.find((c) => c.name === first(ctx, column))?.name ?? ctx.inputs[0]?.columns[0]?.name ?? '' }] }),
    toDraft: (v) => {
      const ref = parseRef(s(v.with));
      if (!ref) return 'Choose the dataset to join with.';
      const on = rows(v.on).map((k) => ({ left: k.left ?? '', right: k.right ?? '' }));
      if (on.length === 0 || on.some((k) => !k.left || !k.right)) return 'Choose the key columns on both sides.';
      return { kind: 'join', with: ref, how: s(v.how) as 'left', on };
    },
    fromStep: (step) => (step.kind === 'join' ? { with: refValue(step.with), how: step.how, on: step.on.map((k) => ({ ...k })) } : {}),
  },
  {
    kind: 'union',
    title: 'Append rows of another dataset (by column name)',
    fields: () => [{ key: 'with', label: 'Append', type: 'input' }],
    defaults: (ctx) => ({ with: ctx.inputs[0] ? refValue(ctx.inputs[0].ref) : '' }),
    toDraft: (v) => {
      const ref = parseRef(s(v.with));
      return ref ? { kind: 'union', with: [ref] } : 'Choose the dataset to append.';
    },
    fromStep: (step) => (step.kind === 'union' && step.with[0] ? { with: refValue(step.with[0]) } : {}),
  },
  {
    kind: 'dedupe',
    title: 'Remove duplicate rows',
    fields: () => [
      { key: 'columns', label: 'Compare columns (none: all)', type: 'columns' },
      { key: 'keep', label: 'Keep', type: 'select', options: [{ value: 'first', label: 'first' }, { value: 'last', label: 'last' }] },
    ],
    defaults: () => ({ columns: [], keep: 'first' }),
    toDraft: (v) => ({ kind: 'dedupe', keep: s(v.keep) === 'last' ? 'last' : 'first', ...(list(v.columns).length > 0 ? { columns: list(v.columns) } : {}) }),
    fromStep: (step) => (step.kind === 'dedupe' ? { columns: step.columns ?? [], keep: step.keep } : {}),
  },
  {
    kind: 'fill_null',
    title: 'Fill nulls',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'value', label: 'Value', type: 'text' },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), value: '' }),
    toDraft: (v, ctx) => {
      const col = find(ctx, s(v.column));
      const problem = col ? typedValueProblem(s(v.value), col) : null;
      return problem ?? { kind: 'fill_null', column: s(v.column), value: typedValue(s(v.value), col) };
    },
    fromStep: (step) => (step.kind === 'fill_null' ? { column: step.column, value: scalarText(step.value) } : {}),
  },
  {
    kind: 'replace',
    title: 'Replace values',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'from', label: 'Value', type: 'text' },
      { key: 'to', label: 'Replace with', type: 'text' },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), from: '', to: '' }),
    toDraft: (v, ctx) => {
      const col = find(ctx, s(v.column));
      return { kind: 'replace', column: s(v.column), from: typedValue(s(v.from), col), to: typedValue(s(v.to), col) };
    },
    fromStep: (step) => (step.kind === 'replace' ? { column: step.column, from: scalarText(step.from), to: scalarText(step.to) } : {}),
  },
  {
    kind: 'text',
    title: 'Transform text',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'op', label: 'Operation', type: 'select', options: [{ value: 'trim', label: 'trim spaces' }, { value: 'upper', label: 'upper-case' }, { value: 'lower', label: 'lower-case' }, { value: 'pad_left', label: 'pad left' }, { value: 'pad_right', label: 'pad right' }] },
      { key: 'width', label: 'Pad to width', type: 'number', optional: true },
      { key: 'fill', label: 'Pad with', type: 'text', optional: true },
      { key: 'into', label: 'Into column (empty: replace)', type: 'text', optional: true },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), op: 'trim', width: '', fill: ' ', into: '' }),
    toDraft: (v) => {
      const pad = s(v.op) === 'pad_left' || s(v.op) === 'pad_right';
      if (pad && !(Number.isInteger(Number(s(v.width))) && Number(s(v.width)) >= 1)) return 'Give the width to pad to (a whole number, 1 or more).';
      if (pad && [...s(v.fill)].length !== 1) return 'Pad with exactly one character.';
      return textDraft(v);
    },
    fromStep: (step) => (step.kind === 'text' ? { column: step.column, op: step.op, width: step.width === undefined ? '' : String(step.width), fill: step.fill ?? ' ', into: step.into ?? '' } : {}),
  },
  {
    kind: 'split',
    title: 'Split into columns',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'delimiter', label: 'Delimiter', type: 'text' },
      { key: 'into', label: 'New columns (comma-separated)', type: 'text' },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), delimiter: ',', into: '' }),
    toDraft: (v) => (splitList(s(v.into)).length > 0 && s(v.delimiter) ? { kind: 'split', column: s(v.column), delimiter: s(v.delimiter), into: splitList(s(v.into)) } : 'Give a delimiter and the new column names.'),
    fromStep: (step) => (step.kind === 'split' ? { column: step.column, delimiter: step.delimiter, into: step.into.join(', ') } : {}),
  },
  {
    kind: 'extract',
    title: 'Extract with a regular expression',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'pattern', label: 'Pattern', type: 'text', placeholder: '([0-9]+)' },
      { key: 'group', label: 'Group', type: 'number' },
      { key: 'into', label: 'New name', type: 'text' },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), pattern: '', group: '1', into: '' }),
    toDraft: (v) => (s(v.pattern) && s(v.into).trim() ? { kind: 'extract', column: s(v.column), pattern: s(v.pattern), group: Number(s(v.group) || '0'), into: s(v.into).trim() } : 'Give a pattern and a new column name.'),
    fromStep: (step) => (step.kind === 'extract' ? { column: step.column, pattern: step.pattern, group: String(step.group), into: step.into } : {}),
  },
  {
    kind: 'parse_date',
    title: 'Parse dates',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'format', label: 'Format', type: 'text', placeholder: '%d/%m/%Y' },
      { key: 'timestamp', label: 'Keep the time (timestamp)', type: 'checkbox' },
      { key: 'into', label: 'Into column (empty: replace)', type: 'text', optional: true },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), format: '%Y-%m-%d', timestamp: false, into: '' }),
    toDraft: (v) => (s(v.format) ? { kind: 'parse_date', column: s(v.column), format: s(v.format), ...(v.timestamp === true ? { timestamp: true } : {}), ...(s(v.into).trim() ? { into: s(v.into).trim() } : {}) } : 'Give a date format.'),
    fromStep: (step) => (step.kind === 'parse_date' ? { column: step.column, format: step.format, timestamp: step.timestamp ?? false, into: step.into ?? '' } : {}),
  },
  {
    kind: 'date_part',
    title: 'Extract a date part',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'part', label: 'Part', type: 'select', options: DATE_PARTS },
      { key: 'into', label: 'New name', type: 'text' },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), part: 'year', into: '' }),
    toDraft: (v) => (s(v.into).trim() ? { kind: 'date_part', column: s(v.column), part: s(v.part) as DatePart, into: s(v.into).trim() } : 'Name the new column.'),
    fromStep: (step) => (step.kind === 'date_part' ? { column: step.column, part: step.part, into: step.into } : {}),
  },
  {
    kind: 'date_trunc',
    title: 'Truncate dates',
    fields: () => [
      { key: 'column', label: 'Column', type: 'column' },
      { key: 'unit', label: 'To', type: 'select', options: DATE_PARTS.filter((p) => p.value !== 'dayofweek') },
      { key: 'into', label: 'Into column (empty: replace)', type: 'text', optional: true },
    ],
    defaults: (ctx, column) => ({ column: first(ctx, column), unit: 'month', into: '' }),
    toDraft: (v) => ({ kind: 'date_trunc', column: s(v.column), unit: s(v.unit) as DatePart, ...(s(v.into).trim() ? { into: s(v.into).trim() } : {}) }),
    fromStep: (step) => (step.kind === 'date_trunc' ? { column: step.column, unit: step.unit, into: step.into ?? '' } : {}),
  },
  {
    kind: 'window',
    title: 'Window: row number, rank, running total, lag/lead',
    fields: () => [
      { key: 'fn', label: 'Function', type: 'select', options: [{ value: 'row_number', label: 'row number' }, { value: 'rank', label: 'rank' }, { value: 'dense_rank', label: 'dense rank' }, { value: 'running_sum', label: 'running total' }, { value: 'lag', label: 'previous value (lag)' }, { value: 'lead', label: 'next value (lead)' }] },
      { key: 'column', label: 'Of column', type: 'column' },
      { key: 'partitionBy', label: 'Partition by', type: 'columns' },
      { key: 'orderBy', label: 'Order by', type: 'column' },
      { key: 'direction', label: 'Direction', type: 'select', options: [{ value: 'asc', label: 'ascending' }, { value: 'desc', label: 'descending' }] },
      { key: 'as', label: 'New name', type: 'text' },
    ],
    defaults: (ctx, column) => ({ fn: 'row_number', column: first(ctx, column), partitionBy: [], orderBy: first(ctx, column), direction: 'asc', as: 'row_number' }),
    toDraft: (v) =>
      s(v.as).trim()
        ? { kind: 'window', fn: s(v.fn) as 'rank', ...(s(v.column) ? { column: s(v.column) } : {}), partitionBy: list(v.partitionBy), orderBy: s(v.orderBy) ? [{ column: s(v.orderBy), direction: s(v.direction) === 'desc' ? 'desc' : 'asc' }] : [], as: s(v.as).trim() }
        : 'Name the new column.',
    fromStep: (step) => (step.kind === 'window' ? { fn: step.fn, column: step.column ?? '', partitionBy: step.partitionBy, orderBy: step.orderBy[0]?.column ?? '', direction: step.orderBy[0]?.direction ?? 'asc', as: step.as } : {}),
  },
  {
    kind: 'pivot',
    title: 'Pivot (values become columns)',
    fields: () => [
      { key: 'on', label: 'Column whose values become columns', type: 'column' },
      { key: 'values', label: 'Values (comma-separated)', type: 'text' },
      { key: 'fn', label: 'Function', type: 'select', options: AGG_FNS },
      { key: 'value', label: 'Of column', type: 'column' },
      { key: 'groupBy', label: 'Rows by', type: 'columns' },
    ],
    defaults: (ctx, column) => ({ on: first(ctx, column), values: '', fn: 'sum', value: first(ctx), groupBy: [] }),
    toDraft: (v) => (splitList(s(v.values)).length > 0 ? { kind: 'pivot', on: s(v.on), values: splitList(s(v.values)), fn: s(v.fn) as AggregateFn, value: s(v.value), groupBy: list(v.groupBy) } : 'List the values that become columns.'),
    fromStep: (step) => (step.kind === 'pivot' ? { on: step.on, values: step.values.join(', '), fn: step.fn, value: step.value, groupBy: step.groupBy } : {}),
  },
  {
    kind: 'unpivot',
    title: 'Unpivot (columns become rows)',
    fields: () => [
      { key: 'columns', label: 'Columns', type: 'columns' },
      { key: 'nameColumn', label: 'Name column', type: 'text' },
      { key: 'valueColumn', label: 'Value column', type: 'text' },
    ],
    defaults: () => ({ columns: [], nameColumn: 'name', valueColumn: 'value' }),
    toDraft: (v) => (list(v.columns).length > 0 ? { kind: 'unpivot', columns: list(v.columns), nameColumn: s(v.nameColumn) || 'name', valueColumn: s(v.valueColumn) || 'value' } : 'Choose the columns to unpivot.'),
    fromStep: (step) => (step.kind === 'unpivot' ? { columns: step.columns, nameColumn: step.nameColumn, valueColumn: step.valueColumn } : {}),
  },
  {
    kind: 'limit',
    title: 'Keep the first rows',
    fields: () => [
      { key: 'count', label: 'Rows', type: 'number' },
      { key: 'offset', label: 'Skip rows', type: 'number', optional: true },
    ],
    defaults: () => ({ count: '100', offset: '' }),
    toDraft: (v) => (Number.isInteger(Number(s(v.count))) && Number(s(v.count)) >= 0 ? { kind: 'limit', count: Number(s(v.count)), ...(Number(s(v.offset)) > 0 ? { offset: Number(s(v.offset)) } : {}) } : 'Rows must be a whole number.'),
    fromStep: (step) => (step.kind === 'limit' ? { count: String(step.count), offset: step.offset ? String(step.offset) : '' } : {}),
  },
  {
    kind: 'sample',
    title: 'Sample rows',
    note: SAMPLE_GUARANTEE,
    fields: () => [
      { key: 'rows', label: 'Rows', type: 'number', optional: true },
      { key: 'percent', label: 'Or percent', type: 'number', optional: true },
      { key: 'seed', label: 'Seed', type: 'number' },
    ],
    defaults: () => ({ rows: '1000', percent: '', seed: '42' }),
    toDraft: (v) => {
      const seed = Number(s(v.seed) || '0');
      if (s(v.rows)) return { kind: 'sample', rows: Number(s(v.rows)), seed };
      if (s(v.percent)) return { kind: 'sample', percent: Number(s(v.percent)), seed };
      return 'Give a number of rows or a percentage.';
    },
    fromStep: (step) => (step.kind === 'sample' ? { rows: step.rows === undefined ? '' : String(step.rows), percent: step.percent === undefined ? '' : String(step.percent), seed: String(step.seed) } : {}),
  },
  {
    kind: 'sql',
    title: 'Custom SQL (the previous step is the table "input")',
    fields: () => [{ key: 'query', label: 'Query', type: 'text', multiline: true, placeholder: 'SELECT * FROM input WHERE …' }],
    defaults: () => ({ query: 'SELECT * FROM input' }),
    toDraft: (v) => (s(v.query).trim() ? { kind: 'sql', query: s(v.query).trim() } : 'Write a query.'),
    fromStep: (step) => (step.kind === 'sql' ? { query: step.query } : {}),
  },
];

export function formFor(kind: StepKind): FormSpec | undefined {
  return FORMS.find((f) => f.kind === kind);
}

export { refValue };
