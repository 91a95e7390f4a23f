import { useEffect, useState, useSyncExternalStore } from 'react';
import type { AppError } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { Dataset } from '../data/types.ts';
import { INPUT_KEY } from './PipelinePanel.tsx';
import { pipelineIdFor, type PipelineStore } from './pipeline-store.ts';
import { countCastFailures, countSteps, previewPipeline, type PipelinePreview } from './preview.ts';

/** The pipeline of the shown dataset: its document state, the live preview of the chosen step, rows per step. */
export function usePipeline(engine: EngineClient, pipelines: PipelineStore, selected: Dataset | null, datasets: Dataset[]) {
  const state = useSyncExternalStore(pipelines.store.subscribe, pipelines.store.get);
  const pipelineId = selected ? pipelineIdFor(selected) : null;
  const pipeline = pipelineId ? state.doc.pipelines.find((p) => p.id === pipelineId) : undefined;
  const active = Boolean(selected && selected.status === 'ready' && pipeline && pipeline.steps.length > 0);
  const chosen = pipelineId && pipelineId in state.selected ? state.selected[pipelineId] : undefined;
  const [preview, setPreview] = useState<PipelinePreview | null>(null);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [castFailures, setCastFailures] = useState<Record<string, number>>({});
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => pipelines.syncSources(datasets), [pipelines, datasets]);

  const version = selected?.version;
  useEffect(() => {
    if (!active || !pipelineId) {
      setPreview(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    void previewPipeline(engine, state.doc, pipelineId, chosen, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      if (!result.ok) {
        if (result.error.kind !== 'cancelled') setError(result.error);
        return;
      }
      setError(null);
      setPreview(result.value);
      setCounts({});
      setCastFailures({});
      const compiled = result.value.compiled;
      void countSteps(engine, compiled, (stepId, rows) => setCounts((c) => ({ ...c, [stepId ?? INPUT_KEY]: rows })), controller.signal).then(() =>
        countCastFailures(engine, state.doc, pipelineId, compiled, (stepId, failed) => setCastFailures((c) => ({ ...c, [stepId]: failed })), controller.signal),
      );
    });
    // The next edit cancels this preview and its counts.
    return () => controller.abort();
  }, [engine, state.doc, pipelineId, chosen, active, version]);

  const shownKey = preview ? (preview.shownStep ?? INPUT_KEY) : null;
  return {
    state,
    pipelineId,
    pipeline,
    active: active && preview !== null,
    preview: active ? preview : null,
    counts,
    castFailures,
    shownRows: shownKey !== null ? (counts[shownKey] ?? null) : null,
    error,
  };
}
