import { useEffect, useRef, useState } from 'react';
import { CAST_TARGETS, RULE_LABELS, ROW_ACTIONS, SEVERITIES, type CastTarget, type CheckRule, type RowAction, type RuleKind, type Severity } from '../../shared/checks/rules.ts';
import { describeStep } from '../../shared/pipeline/describe.ts';
import type { Pipeline, PipelineDocument } from '../../shared/pipeline/document.ts';
import type { ColumnInfo } from '../data/types.ts';
import { ACTION_LABELS, CAST_LABELS, COLUMN_KINDS, SEVERITY_LABELS, TABLE_KINDS, emptyForm, formTakes, formToRule, type CheckForm } from './check-forms.ts';
import { FormFooter } from '../components/FormFooter.tsx';

/** Another dataset or pipeline a relationship's keys may be looked up in. */
export interface RelationshipTarget {
  /** `source:<id>` or `pipeline:<id>`. */
  value: string;
  label: string;
  columns: ColumnInfo[];
}

interface Props {
  /** `column`: opened from a column's menu (column rules); `table`: from the Checks panel (table rules). */
  mode: 'column' | 'table';
  column?: string;
  columns: ColumnInfo[];
  doc: PipelineDocument;
  pipeline: Pipeline;
  /** The place chosen at first: a step id, or '' for the pipeline's output. */
  place: string;
  targets: RelationshipTarget[];
  /** Checks the rule against the data before it is added: the reason it cannot run, or null. */
  validate: (rule: CheckRule) => Promise<string | null>;
  onApply: (rule: CheckRule) => void;
  onClose: () => void;
}

let dialogs = 0;

/** "Add check…": the rule, its parameters, where it applies, its severity, threshold and action. */
export function AddCheckDialog({ mode, column, columns, doc, pipeline, place, targets, validate, onApply, onClose }: Props) {
  const kinds = mode === 'column' ? COLUMN_KINDS : TABLE_KINDS;
  const [form, setForm] = useState<CheckForm>(() => emptyForm(kinds[0]!, column ?? columns[0]?.name ?? '', place, columns));
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const [titleId] = useState(() => `check-dialog-${++dialogs}`);
  useEffect(() => ref.current?.querySelector<HTMLElement>('select')?.focus(), []);

  const set = <K extends keyof CheckForm>(key: K, value: CheckForm[K]) => {
    setProblem(null);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const takes = formTakes(form.kind);
  const apply = async () => {
    const rule = formToRule(form, { columns, pipelineId: pipeline.id, existingIds: doc.checks.map((c) => c.id) });
    if (typeof rule === 'string') return setProblem(rule);
    setChecking(true);
    const reason = await validate(rule);
    setChecking(false);
    if (reason) return setProblem(`This check cannot run: ${reason}`);
    onApply(rule);
  };
  const text = (label: string, key: 'min' | 'max' | 'pattern' | 'format' | 'expression' | 'targetColumns', placeholder?: string) => (
    <label className="field">
      {label}
      <input value={form[key]} placeholder={placeholder} onChange={(e) => set(key, e.target.value)} />
    </label>
  );
  const toggle = (label: string, key: 'minInclusive' | 'maxInclusive' | 'emptyIsNull' | 'nanIsNull' | 'exact') => (
    <label className="check">
      <input type="checkbox" checked={form[key]} onChange={(e) => set(key, e.target.checked)} />
      {label}
    </label>
  );
  const columnChoice = (
    <label className="field">
      Column
      <select value={form.column} onChange={(e) => set('column', e.target.value)}>
        {columns.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
  const keyColumns = (
    <fieldset className="field columns-field">
      <legend>Columns</legend>
      {columns.map((c) => (
        <label key={c.name} className="check">
          <input type="checkbox" checked={form.columns.includes(c.name)} onChange={(e) => set('columns', e.target.checked ? [...form.columns, c.name] : form.columns.filter((x) => x !== c.name))} />
          {c.name}
        </label>
      ))}
    </fieldset>
  );

  const parameters = (kind: RuleKind) => {
    switch (kind) {
      case 'not_null':
        return (
          <>
            {toggle('Empty text counts as null', 'emptyIsNull')}
            {toggle('NaN counts as null', 'nanIsNull')}
          </>
        );
      case 'accepted_values':
        return (
          <label className="field">
            Values
            <textarea rows={4} value={form.values} placeholder="One value per line" onChange={(e) => set('values', e.target.value)} />
          </label>
        );
      case 'range':
        return (
          <>
            {text('Min', 'min')}
            {toggle('Lower bound inclusive', 'minInclusive')}
            {text('Max', 'max')}
            {toggle('Upper bound inclusive', 'maxInclusive')}
          </>
        );
      case 'regex':
        return text('Pattern', 'pattern', '^[A-Z]{2}$');
      case 'length':
      case 'row_count':
        return (
          <>
            {text('Min', 'min')}
            {text('Max', 'max')}
          </>
        );
      case 'castable':
        return (
          <>
            <label className="field">
              Type
              <select value={form.to} onChange={(e) => set('to', e.target.value as CastTarget)}>
                {CAST_TARGETS.map((t) => (
                  <option key={t} value={t}>
                    {CAST_LABELS[t]}
                  </option>
                ))}
              </select>
            </label>
            {form.to !== 'number' ? text('Format', 'format', '%Y-%m-%d (optional)') : null}
            {toggle('Empty text counts as null', 'emptyIsNull')}
          </>
        );
      case 'expression':
        return text('Expression', 'expression', 'latitude < 90');
      case 'unique_combination':
        return keyColumns;
      case 'relationship':
        return (
          <>
            {keyColumns}
            <label className="field">
              Other dataset
              <select value={form.target} onChange={(e) => set('target', e.target.value)}>
                <option value="">—</option>
                {targets.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            {text('Other columns', 'targetColumns', targets.find((t) => t.value === form.target)?.columns.map((c) => c.name).join(', ') ?? '')}
          </>
        );
      case 'schema':
        return (
          <>
            <label className="field">
              Expected columns
              <textarea rows={6} value={form.schema} onChange={(e) => set('schema', e.target.value)} />
            </label>
            {toggle('No other columns', 'exact')}
          </>
        );
      case 'sql':
        return (
          <label className="field">
            Query
            <textarea rows={4} value={form.query} onChange={(e) => set('query', e.target.value)} />
          </label>
        );
      default:
        return null;
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={titleId} className="modal" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id={titleId}>{mode === 'column' ? `Add check on ${form.column}` : 'Add table check'}</h2>
        <form
          className="step-form"
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <label className="field">
            Rule
            <select value={form.kind} onChange={(e) => set('kind', e.target.value as RuleKind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {RULE_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          {mode === 'column' && form.kind !== 'expression' ? columnChoice : null}
          {parameters(form.kind)}
          <label className="field">
            Applies to
            <select value={form.place} onChange={(e) => set('place', e.target.value)}>
              {pipeline.steps.map((s, i) => (
                <option key={s.id} value={s.id}>
                  After step {i + 1}: {describeStep(s, doc)}
                </option>
              ))}
              <option value="">Pipeline output</option>
            </select>
          </label>
          <label className="field">
            Severity
            <select value={form.severity} onChange={(e) => set('severity', e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          {takes.threshold ? (
            <label className="field">
              Threshold
              <input value={form.threshold} placeholder="none: 0 rows; 5 rows; 1%" onChange={(e) => set('threshold', e.target.value)} />
            </label>
          ) : null}
          {takes.action ? (
            <label className="field">
              Action
              <select value={form.action} onChange={(e) => set('action', e.target.value as RowAction)}>
                {ROW_ACTIONS.map((a) => (
                  <option key={a} value={a} disabled={a === 'quarantine' && form.place !== ''}>
                    {ACTION_LABELS[a]}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <FormFooter problem={problem} onCancel={onClose} submitLabel={'Apply'} busy={checking} />
        </form>
      </div>
    </div>
  );
}
