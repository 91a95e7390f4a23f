import type { CastTarget, CheckRule, RowAction, RuleKind, Severity, Threshold } from '../../shared/checks/rules.ts';
import { COLUMN_RULE_KINDS, TABLE_RULE_KINDS } from '../../shared/checks/rules.ts';
import type { InputRef, Pipeline, Scalar } from '../../shared/pipeline/document.ts';
import { isNumericType } from '../../shared/sql-types.ts';
import { parseTypedValue } from '../../shared/typed-value.ts';
import type { ColumnInfo } from '../data/types.ts';

/**
 * The "Add check…" form as data: what the fields hold (all text, as typed), and the rule they make.
 * Pure, so every conversion is unit-tested; `AddCheckDialog` only renders it.
 */

export interface CheckForm {
  kind: RuleKind;
  /** Column rules: the column checked. */
  column: string;
  min: string;
  max: string;
  minInclusive: boolean;
  maxInclusive: boolean;
  /** Accepted values, one per line. */
  values: string;
  pattern: string;
  to: CastTarget;
  format: string;
  emptyIsNull: boolean;
  nanIsNull: boolean;
  expression: string;
  /** Unique combination and relationship: the key columns. */
  columns: string[];
  /** Relationship: the other dataset or pipeline, `source:<id>` or `pipeline:<id>`. */
  target: string;
  /** Relationship: the other side's key columns, comma-separated, in the same order. */
  targetColumns: string;
  /** Expected schema: one column a line, `name: TYPE` (the type optional). */
  schema: string;
  exact: boolean;
  query: string;
  severity: Severity;
  /** Empty: no failing row allowed; `5`: at most 5 rows; `1%` or `0.01`: at most that fraction. */
  threshold: string;
  action: RowAction;
  /** The step the rule applies after; '' for the pipeline's output. */
  place: string;
}

/** What a form's rule is checked against: the rows' columns, the pipeline, ids already used. */
export interface CheckFormContext {
  columns: readonly ColumnInfo[];
  pipelineId: string;
  existingIds: readonly string[];
}

export const SEVERITY_LABELS: Record<Severity, string> = { error: 'Error', warn: 'Warning' };
export const ACTION_LABELS: Record<RowAction, string> = { fail: 'Fail', warn: 'Warn', quarantine: 'Quarantine' };
export const CAST_LABELS: Record<CastTarget, string> = { number: 'Number', date: 'Date', timestamp: 'Timestamp' };

/** Rules a column menu offers, and rules the Checks panel's "Add table check…" offers. */
export const COLUMN_KINDS: readonly RuleKind[] = COLUMN_RULE_KINDS;
export const TABLE_KINDS: readonly RuleKind[] = TABLE_RULE_KINDS;

/** Where a new check goes: after the shown step, or the output when the last step (or none, or the input) is shown. */
export function defaultPlace(pipeline: Pick<Pipeline, 'steps'> | undefined, shownStep: string | null | undefined): string {
  const steps = pipeline?.steps ?? [];
  if (shownStep === null || shownStep === undefined || steps.length === 0) return '';
  if (steps[steps.length - 1]?.id === shownStep || !steps.some((s) => s.id === shownStep)) return '';
  return shownStep;
}

/** Where a check applies, in words. */
export function placeText(pipeline: Pick<Pipeline, 'steps'> | undefined, after: string | undefined): string {
  if (after === undefined) return 'on the output';
  const index = pipeline?.steps.findIndex((s) => s.id === after) ?? -1;
  return index < 0 ? 'after a missing step' : `after step ${index + 1}`;
}

export function emptyForm(kind: RuleKind, column: string, place: string, columns: readonly ColumnInfo[] = []): CheckForm {
  return {
    kind,
    column,
    min: '',
    max: '',
    minInclusive: true,
    maxInclusive: true,
    values: '',
    pattern: '',
    to: 'number',
    format: '',
    emptyIsNull: false,
    nanIsNull: false,
    expression: '',
    columns: column ? [column] : [],
    target: '',
    targetColumns: '',
    schema: columns.map((c) => `${c.name}: ${c.type}`).join('\n'),
    exact: false,
    query: 'SELECT * FROM input WHERE ',
    severity: 'error',
    threshold: '',
    action: 'fail',
    place,
  };
}

/** Whether the kind takes a threshold and an action (row rules), only a threshold (custom SQL), or neither. */
export function formTakes(kind: RuleKind): { threshold: boolean; action: boolean } {
  const row = (COLUMN_RULE_KINDS as readonly string[]).includes(kind) || kind === 'unique_combination' || kind === 'relationship';
  return { threshold: row || kind === 'sql', action: row };
}

/** The threshold as typed: '' none; `5` a count; `1%` or `0.01` a fraction. */
export function parseThreshold(text: string): Threshold | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (percent) {
    const p = Number(percent[1]);
    return p <= 100 ? { maxFraction: p / 100 } : 'A threshold in percent is at most 100%.';
  }
  if (/^\d+$/.test(t) && Number.isSafeInteger(Number(t))) return { maxCount: Number(t) };
  if (/^0?\.\d+$/.test(t)) return { maxFraction: Number(t) };
  return 'Threshold: a number of rows (5), a percentage (1%) or a fraction (0.01), or empty for none.';
}

/** The threshold as the form shows it. */
export function thresholdText(threshold: Threshold | undefined): string {
  if (threshold === undefined) return '';
  return 'maxCount' in threshold ? String(threshold.maxCount) : `${String(Number((threshold.maxFraction * 100).toPrecision(12)))}%`;
}

const wholeOrEmpty = (text: string, label: string): number | undefined | string => {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : `${label} must be a whole number of at least 0.`;
};

/** A bound or value typed for a column: a number for numeric columns (exact when a double would change it), else text. */
function typedFor(text: string, column: ColumnInfo | undefined, label: string): Exclude<Scalar, null> | string[] {
  const value = parseTypedValue(text.trim(), column?.type);
  if (value === null) return [`${label} is empty.`];
  if (column && isNumericType(column.type) && typeof value === 'string') return [`${label} must be a number: ${column.name} is ${column.type}.`];
  return value;
}

const parseRef = (value: string): InputRef | null => {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  return at > 0 && (kind === 'source' || kind === 'pipeline') && id ? { kind, id } : null;
};

/** A new id for a rule: `<kind>_<column>`, numbered when taken. */
export function newCheckId(kind: RuleKind, column: string | null, existing: readonly string[]): string {
  const base = `${kind}${column ? `_${column}` : ''}`.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 56);
  let id = base;
  for (let i = 2; existing.includes(id); i++) id = `${base}_${i}`;
  return id;
}

type Parts = Record<string, unknown>;

/** The kind's own fields, or the sentence saying what is wrong. */
function kindParts(form: CheckForm, ctx: CheckFormContext): Parts | string {
  const column = ctx.columns.find((c) => c.name === form.column);
  const needColumn = (COLUMN_RULE_KINDS as readonly string[]).includes(form.kind) && form.kind !== 'expression';
  if (needColumn && !column) return 'Choose a column.';
  const col = { column: form.column };
  switch (form.kind) {
    case 'not_null':
      return { ...col, ...(form.emptyIsNull ? { emptyIsNull: true } : {}), ...(form.nanIsNull ? { nanIsNull: true } : {}) };
    case 'unique':
    case 'not_in_future':
      return col;
    case 'accepted_values': {
      const lines = form.values.split('\n').map((v) => v.trim()).filter((v) => v !== '');
      if (lines.length === 0) return 'Values: write at least one value, one per line.';
      const values: Exclude<Scalar, null>[] = [];
      for (const line of lines) {
        const v = typedFor(line, column, `The value "${line}"`);
        if (Array.isArray(v)) return v[0]!;
        values.push(v);
      }
      return { ...col, values };
    }
    case 'range': {
      if (form.min.trim() === '' && form.max.trim() === '') return 'Range: give a Min, a Max or both.';
      const parts: Parts = { ...col };
      for (const [key, text, label] of [['min', form.min, 'Min'], ['max', form.max, 'Max']] as const) {
        if (text.trim() === '') continue;
        const v = typedFor(text, column, label);
        if (Array.isArray(v)) return v[0]!;
        parts[key] = v;
      }
      if (typeof parts.min === 'number' && typeof parts.max === 'number' && parts.min > parts.max) return 'Min is greater than Max.';
      if (!form.minInclusive && parts.min !== undefined) parts.minInclusive = false;
      if (!form.maxInclusive && parts.max !== undefined) parts.maxInclusive = false;
      return parts;
    }
    case 'regex':
      return form.pattern === '' ? 'Pattern: write a regular expression.' : { ...col, pattern: form.pattern };
    case 'length':
    case 'row_count': {
      const min = wholeOrEmpty(form.min, 'Min');
      const max = wholeOrEmpty(form.max, 'Max');
      if (typeof min === 'string') return min;
      if (typeof max === 'string') return max;
      if (min === undefined && max === undefined) return 'Give a Min, a Max or both.';
      if (min !== undefined && max !== undefined && min > max) return 'Min is greater than Max.';
      return { ...(form.kind === 'length' ? col : {}), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case 'castable':
      if (form.to === 'number' && form.format.trim() !== '') return 'A format applies to dates and timestamps, not numbers.';
      return { ...col, to: form.to, ...(form.format.trim() !== '' ? { format: form.format.trim() } : {}), ...(form.emptyIsNull ? { emptyIsNull: true } : {}) };
    case 'expression':
      return form.expression.trim() === '' ? 'Expression: write a condition every row must meet.' : { expression: form.expression.trim() };
    case 'unique_combination':
      return form.columns.length < 1 ? 'Choose the columns of the combination.' : { columns: [...form.columns] };
    case 'relationship': {
      const to = parseRef(form.target);
      if (form.columns.length < 1) return 'Choose the key columns.';
      if (!to) return 'Choose the dataset the keys must exist in.';
      const targetColumns = form.targetColumns.split(',').map((c) => c.trim()).filter((c) => c !== '');
      if (targetColumns.length !== form.columns.length) return `Give ${form.columns.length} column(s) of the other dataset, comma-separated, in the same order as the keys.`;
      return { columns: [...form.columns], to: { ...to, columns: targetColumns } };
    }
    case 'schema': {
      const columns = form.schema
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .map((line) => {
          const at = line.lastIndexOf(':');
          const name = (at < 0 ? line : line.slice(0, at)).trim();
          const type = at < 0 ? '' : line.slice(at + 1).trim();
          return { name, ...(type !== '' ? { type } : {}) };
        });
      if (columns.length === 0) return 'Expected schema: write at least one column, one a line (name: TYPE).';
      if (columns.some((c) => c.name === '')) return 'Expected schema: each line starts with a column name.';
      return { columns, ...(form.exact ? { exact: true } : {}) };
    }
    case 'sql':
      return form.query.trim() === '' ? 'Query: write a query over input returning the failing rows.' : { query: form.query.trim() };
  }
}

/** The rule the form makes (a new id, the chosen place), or the sentence saying what is wrong. */
export function formToRule(form: CheckForm, ctx: CheckFormContext): CheckRule | string {
  const parts = kindParts(form, ctx);
  if (typeof parts === 'string') return parts;
  const takes = formTakes(form.kind);
  const threshold = takes.threshold ? parseThreshold(form.threshold) : undefined;
  if (typeof threshold === 'string') return threshold;
  if (takes.action && form.action === 'quarantine' && form.place !== '') return 'Quarantine moves rows out of what the pipeline writes: choose "Pipeline output" under "Applies to", or the action Fail or Warn.';
  const rule = {
    id: newCheckId(form.kind, typeof parts.column === 'string' ? parts.column : null, ctx.existingIds),
    kind: form.kind,
    severity: form.severity,
    pipeline: ctx.pipelineId,
    ...(form.place !== '' ? { after: form.place } : {}),
    ...parts,
    ...(threshold !== undefined ? { threshold } : {}),
    ...(takes.action && form.action !== 'fail' ? { action: form.action } : {}),
  } as CheckRule;
  return rule;
}
