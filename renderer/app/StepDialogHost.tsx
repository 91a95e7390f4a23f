import { useMemo } from 'react';
import type { Pipeline, PipelineDocument, StepDraft, StepKind } from '../../shared/pipeline/document.ts';
import type { ColumnInfo, Dataset } from '../data/types.ts';
import type { EngineClient } from '../engine/client.ts';
import { checkStep, joinInsight } from '../pipeline/check-step.ts';
import { sourceIdFor, type PipelineStore } from '../pipeline/pipeline-store.ts';
import { StepDialog } from '../pipeline/StepDialog.tsx';
import { formFor, type FormContext } from '../pipeline/step-forms.ts';
import { usePipelineOutputs } from '../pipeline/use-pipeline-outputs.ts';

/** Which step form is open: a new step of a kind (optionally on a column), or an existing step. */
export interface StepDialogRequest {
  kind: StepKind;
  stepId?: string;
  column?: string;
}

interface Props {
  request: StepDialogRequest;
  engine: EngineClient;
  pipelines: PipelineStore;
  doc: PipelineDocument;
  pipeline: Pipeline | undefined;
  selected: Dataset;
  datasets: Dataset[];
  /** The columns and relation a new step reads: the rows shown. */
  columns: ColumnInfo[];
  relation: string;
  addStep: (draft: StepDraft) => void;
  onClose: () => void;
}

/** Opens the step form for a request, checks the step with DuckDB before applying, and adds or replaces it. */
export function StepDialogHost({ request, engine, pipelines, doc, pipeline, selected, datasets, columns, relation, addStep, onClose }: Props) {
  const outputs = usePipelineOutputs(engine, doc, pipeline?.id ?? null, request.kind === 'join' || request.kind === 'union');
  const context = useMemo<FormContext>(
    () => ({
      columns,
      inputs: [
        ...datasets
          .filter((d) => d.id !== selected.id && d.status === 'ready')
          .map((d) => ({ ref: { kind: 'source' as const, id: sourceIdFor(d) }, label: d.name, columns: d.columns })),
        ...outputs.map((p) => ({ ref: { kind: 'pipeline' as const, id: p.id }, label: `${p.name} (pipeline)`, columns: p.columns })),
      ],
    }),
    [columns, datasets, selected.id, outputs],
  );
  const spec = formFor(request.kind);
  if (!spec) return null;
  const existing = request.stepId ? pipeline?.steps.find((x) => x.id === request.stepId) : undefined;
  return (
    <StepDialog
      spec={spec}
      context={context}
      editing={existing !== undefined}
      initial={existing ? spec.fromStep(existing, context) : spec.defaults(context, request.column)}
      onClose={onClose}
      validate={(draft) => checkStep(engine, doc, datasets, existing && pipeline ? { pipelineId: pipeline.id, replace: existing.id } : { inputRelation: relation }, draft)}
      insight={request.kind === 'join' ? (draft, signal) => joinInsight(engine, doc, datasets, relation, draft, signal) : undefined}
      onApply={(draft) => {
        onClose();
        if (existing && pipeline) return pipelines.replaceStep(pipeline.id, existing.id, draft);
        if (draft.kind === 'join' || draft.kind === 'union') {
          for (const ref of draft.kind === 'join' ? [draft.with] : draft.with) {
            const other = datasets.find((d) => sourceIdFor(d) === ref.id);
            if (other) pipelines.ensureSource(other);
          }
        }
        addStep(draft);
      }}
    />
  );
}
