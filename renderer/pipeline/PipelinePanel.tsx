import { useRef, useState } from 'react';
import { formatCount } from '../../shared/format-text.ts';
import { describeInput, describeStep } from '../../shared/pipeline/describe.ts';
import type { PipelineDocument, StepKind } from '../../shared/pipeline/document.ts';
import { PopupMenu } from '../grid/ColumnMenu.tsx';
import { FORMS } from './step-forms.ts';

interface Props {
  doc: PipelineDocument;
  pipelineId: string;
  /** The dataset's table name, shown before the pipeline exists. */
  sourceName: string;
  /** The step whose output the grid shows (null: the input). */
  shownStep: string | null;
  broken: Record<string, string>;
  counts: Record<string, number>;
  /** Values a change-type step could not convert, per step. */
  castFailures: Record<string, number>;
  onSelect: (stepId: string | null) => void;
  onAdd: (kind: StepKind) => void;
  onEdit: (stepId: string) => void;
  onToggle: (stepId: string) => void;
  onMove: (stepId: string, delta: -1 | 1) => void;
  onDelete: (stepId: string) => void;
  onShowSql: (stepId: string | null) => void;
  /** The pipeline's checks with their status, shown beside the step they follow (output checks: the last). */
  checks?: readonly StepCheck[];
}

/** A check as the pipeline shows it: its rule, its status, the step it follows (null: the output). */
export interface StepCheck {
  id: string;
  label: string;
  status: string;
  after: string | null;
}

/** The checks shown beside one step: the ones after it, and the output's beside the last step. */
function CheckBadges({ checks }: { checks: readonly StepCheck[] }) {
  if (checks.length === 0) return null;
  return (
    <p className="step-checks">
      {checks.map((c) => (
        <span key={c.id} className={`check-badge ${c.status}`} title={c.after === null ? 'Checks the output' : 'Checks the rows after this step'}>
          {c.after === null ? 'output ' : ''}check {c.label}: {c.status}
        </span>
      ))}
    </p>
  );
}

const INPUT_KEY = '\u0000input';

/** The "Pipeline" region: the input, then each step as a list item describing it, with its rows out. */
export function PipelinePanel({ doc, pipelineId, sourceName, shownStep, broken, counts, castFailures, onSelect, onAdd, onEdit, onToggle, onMove, onDelete, onShowSql, checks = [] }: Props) {
  const pipeline = doc.pipelines.find((p) => p.id === pipelineId);
  const addButton = useRef<HTMLButtonElement>(null);
  const [adding, setAdding] = useState(false);
  // "in"/"out", not "N rows": that text belongs to the header's row count alone.
  const lastStep = pipeline?.steps[pipeline.steps.length - 1]?.id ?? null;
  const checksAt = (stepId: string | null) => checks.filter((c) => c.after === stepId || (c.after === null && stepId === lastStep));
  const rows = (key: string, label: 'in' | 'out') => (counts[key] !== undefined ? `${label}: ${formatCount(counts[key])}` : '…');

  return (
    <section className="pipeline" aria-label="Pipeline">
      <div className="pipeline-header">
        <h2>Pipeline</h2>
        <button ref={addButton} type="button" aria-haspopup="menu" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
          Add step
        </button>
        {adding && addButton.current ? (
          <PopupMenu
            label="Step kinds"
            anchor={addButton.current}
            onClose={() => setAdding(false)}
            items={FORMS.map((f) => ({ label: f.title, onSelect: () => onAdd(f.kind) }))}
          />
        ) : null}
      </div>
      <ol className="steps">
        <li className={`step input ${shownStep === null ? 'shown' : ''}`} aria-current={shownStep === null ? 'step' : undefined}>
          <button type="button" className="step-label" onClick={() => onSelect(null)}>
            Source: {pipeline ? describeInput(pipeline.input, doc) : sourceName}
          </button>
          <span className="step-rows">{rows(INPUT_KEY, 'in')}</span>
          <button type="button" className="step-action" aria-label="Show SQL of the source" onClick={() => onShowSql(null)}>
            SQL
          </button>
          {lastStep === null ? <CheckBadges checks={checksAt(null)} /> : null}
        </li>
        {(pipeline?.steps ?? []).map((step, i, steps) => {
          const reason = broken[step.id];
          const text = describeStep(step, doc);
          return (
            <li
              key={step.id}
              className={`step ${step.id === shownStep ? 'shown' : ''} ${step.enabled ? '' : 'disabled'} ${reason ? 'broken' : ''}`}
              aria-current={step.id === shownStep ? 'step' : undefined}
            >
              <button type="button" className="step-label" onClick={() => onSelect(step.id)} title={text}>
                {text}
              </button>
              <span className="step-rows">{!step.enabled ? 'disabled' : reason ? 'skipped' : rows(step.id, 'out')}</span>
              {castFailures[step.id] ? (
                <p className="step-warning" role="note">
                  {formatCount(castFailures[step.id]!)} value{castFailures[step.id] === 1 ? '' : 's'} could not be converted and became NULL.
                </p>
              ) : null}
              <CheckBadges checks={checksAt(step.id)} />
              {reason ? (
                <p className="step-problem" role="note">
                  Cannot run: {reason}
                </p>
              ) : null}
              <div className="step-actions">
                <button type="button" className="step-action" aria-label={`Edit step ${i + 1}`} onClick={() => onEdit(step.id)}>
                  Edit
                </button>
                <button type="button" className="step-action" aria-label={`${step.enabled ? 'Disable' : 'Enable'} step ${i + 1}`} onClick={() => onToggle(step.id)}>
                  {step.enabled ? 'Disable' : 'Enable'}
                </button>
                <button type="button" className="step-action" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => onMove(step.id, -1)}>
                  ↑
                </button>
                <button type="button" className="step-action" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => onMove(step.id, 1)}>
                  ↓
                </button>
                <button type="button" className="step-action" aria-label={`Show SQL of step ${i + 1}`} onClick={() => onShowSql(step.id)}>
                  SQL
                </button>
                <button type="button" className="step-action" aria-label={`Delete step ${i + 1}`} onClick={() => onDelete(step.id)}>
                  Delete
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {(pipeline?.steps.length ?? 0) === 0 ? <p className="muted">Add a step here or from a column's menu.</p> : null}
    </section>
  );
}

export { INPUT_KEY };
