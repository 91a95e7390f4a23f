import { useEffect, useRef, useState } from 'react';
import type { StepDraft } from '../../shared/pipeline/document.ts';
import { refValue, type Field, type FormContext, type FormSpec, type Row, type Values } from './step-forms.ts';
import { FormFooter } from '../components/FormFooter.tsx';

interface Props {
  spec: FormSpec;
  context: FormContext;
  initial: Values;
  /** "Apply" for a new step, "Save" when editing. */
  editing: boolean;
  onApply: (draft: StepDraft) => void;
  onClose: () => void;
  /** Checks a step before it is applied: the reason it cannot run, or null. */
  validate?: (draft: StepDraft) => Promise<string | null>;
  /** A live note about the form's current values (e.g. a join's match counts). */
  insight?: (draft: StepDraft, signal: AbortSignal) => Promise<string | null>;
}

let dialogs = 0;

/** Renders any step form (see step-forms.ts) as a modal dialog with labelled fields. */
export function StepDialog({ spec, context, initial, editing, onApply, onClose, validate, insight }: Props) {
  const [values, setValues] = useState<Values>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const [titleId] = useState(() => `step-dialog-${++dialogs}`);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input:not([type=checkbox]), select, textarea')?.focus();
  }, []);

  useEffect(() => {
    if (!insight) return;
    const draft = spec.toDraft(values, context);
    if (typeof draft === 'string') return setNote(null);
    const controller = new AbortController();
    const timer = setTimeout(() => void insight(draft, controller.signal).then((text) => !controller.signal.aborted && setNote(text)), 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [insight, spec, values, context]);

  const apply = async () => {
    const draft = spec.toDraft(values, context);
    if (typeof draft === 'string') return setProblem(draft);
    if (validate) {
      setChecking(true);
      const reason = await validate(draft);
      setChecking(false);
      if (reason) return setProblem(`This step cannot run: ${reason}`);
    }
    onApply(draft);
  };

  const set = (key: string, value: Values[string]) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={titleId} className="modal" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id={titleId}>{spec.title}</h2>
        {spec.note ? <p className="muted">{spec.note}</p> : null}
        <form
          className="step-form"
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          {spec.fields(context, values).map((field) => (
            <FieldInput key={field.key} field={field} value={values[field.key]} context={context} onChange={(v) => set(field.key, v)} />
          ))}
          {note ? (
            <p role="status" className="step-note">
              {note}
            </p>
          ) : null}
          <FormFooter problem={problem} onCancel={onClose} submitLabel={editing ? 'Save' : 'Apply'} busy={checking} />
        </form>
      </div>
    </div>
  );
}

function FieldInput({ field, value, context, onChange }: { field: Field; value: Values[string]; context: FormContext; onChange: (v: Values[string]) => void }) {
  const text = typeof value === 'string' ? value : '';
  switch (field.type) {
    case 'column':
      return (
        <label className="field">
          {field.label}
          <select value={text} onChange={(e) => onChange(e.target.value)}>
            <option value="">—</option>
            {context.columns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      );
    case 'columns': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset className="field columns-field">
          <legend>{field.label}</legend>
          {context.columns.map((c) => (
            <label key={c.name} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(c.name)}
                onChange={(e) => onChange(e.target.checked ? [...chosen, c.name] : chosen.filter((x) => x !== c.name))}
              />
              {c.name}
            </label>
          ))}
        </fieldset>
      );
    }
    case 'text':
      return (
        <label className="field">
          {field.label}
          {field.multiline ? (
            <textarea rows={3} value={text} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} />
          ) : (
            <input value={text} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} />
          )}
        </label>
      );
    case 'number':
      return (
        <label className="field">
          {field.label}
          <input type="number" value={text} onChange={(e) => onChange(e.target.value)} />
        </label>
      );
    case 'select':
      return (
        <label className="field">
          {field.label}
          <select value={text} onChange={(e) => onChange(e.target.value)}>
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      );
    case 'checkbox':
      return (
        <label className="field check">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          {field.label}
        </label>
      );
    case 'input':
      return (
        <label className="field">
          {field.label}
          <select value={text} onChange={(e) => onChange(e.target.value)}>
            <option value="">—</option>
            {context.inputs.map((i) => (
              <option key={refValue(i.ref)} value={refValue(i.ref)}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
      );
    case 'rows': {
      const items = Array.isArray(value) ? (value as Row[]) : [];
      const blank = Object.fromEntries(field.fields.map((f) => [f.key, f.type === 'select' ? (f.options[0]?.value ?? '') : f.type === 'column' ? (context.columns[0]?.name ?? '') : '']));
      return (
        <div className="rows-field">
          {items.map((row, i) => (
            <fieldset key={i} className="row-item">
              <legend>
                {field.itemLabel[0]!.toUpperCase()}
                {field.itemLabel.slice(1)} {i + 1}
              </legend>
              {field.fields.map((sub) => (
                <FieldInput
                  key={sub.key}
                  field={sub}
                  value={row[sub.key] ?? ''}
                  context={context}
                  onChange={(v) => onChange(items.map((r, j) => (j === i ? { ...r, [sub.key]: typeof v === 'string' ? v : '' } : r)))}
                />
              ))}
              {items.length > field.min ? (
                <button type="button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
                  Remove {field.itemLabel} {i + 1}
                </button>
              ) : null}
            </fieldset>
          ))}
          <button type="button" onClick={() => onChange([...items, blank])}>
            Add {field.itemLabel}
          </button>
        </div>
      );
    }
  }
}
