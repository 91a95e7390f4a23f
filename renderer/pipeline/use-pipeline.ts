import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { AppError } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { Dataset } from '../data/types.ts';
import { INPUT_KEY } from './PipelinePanel.tsx';
import { pipelineIdFor, type PipelineStore } from './pipeline-store.ts';
import { countCastFailures, countSteps, previewPipeline, type PipelinePreview } from './preview.ts';

const NONE: Record<string, string> = {};

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
  /** Steps of this document whose rows failed when counted: bypassed and marked, like steps that do not bind. */
  const [failedToRun, setFailedToRun] = useState<{ doc: unknown; steps: Record<string, string> }>({ doc: null, steps: {} });
  const failed = failedToRun.doc === state.doc ? failedToRun.steps : NONE;
  /** Resolved when the grid shows the current preview's first rows: counting waits for it (one engine thread). */
  const firstRows = useRef<() => void>(() => undefined);
  const firstRowsShown = useCallback(() => firstRows.current(), []);

  useEffect(() => pipelines.syncSources(datasets), [pipelines, datasets]);

  const version = selected?.version;
  useEffect(() => {
    if (!active || !pipelineId) {
      setPreview(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    const shown = new Promise<void>((resolve) => (firstRows.current = resolve));
    // Profiles and counts wait until the grid shows the preview: what the user just asked for goes first.
    engine.hold(shown, 1500, controller.signal);
    const doc = state.doc;
    void previewPipeline(engine, doc, pipelineId, chosen, controller.signal, failed).then((result) => {
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
      const onCount = (stepId: string | null, rows: number) => setCounts((c) => ({ ...c, [stepId ?? INPUT_KEY]: rows }));
      const onFailed = (stepId: string, failed: number) => setCastFailures((c) => ({ ...c, [stepId]: failed }));
      void (async () => {
        const onRunFailure = (stepId: string | null, message: string) => {
          if (stepId === null) setError({ kind: 'source', message: `The pipeline's input cannot be read: ${message}` });
          else setFailedToRun((f) => ({ doc, steps: { ...(f.doc === doc ? f.steps : {}), [stepId]: message } }));
        };
        await countSteps(engine, compiled, onCount, controller.signal, result.value.shownStep, onRunFailure);
        await countCastFailures(engine, state.doc, pipelineId, compiled, onFailed, controller.signal);
      })();
    });
    // The next edit cancels this preview and its counts.
    return () => controller.abort();
  }, [engine, state.doc, pipelineId, chosen, active, version, failed]);

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
    firstRowsShown,
    error,
  };
}
