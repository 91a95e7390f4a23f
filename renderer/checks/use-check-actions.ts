import { useCallback, useMemo, useState } from 'react';
import { describeRule } from '../../shared/checks/describe-rule.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import type { Suggestion } from '../../shared/checks/suggest.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import type { ConsoleResult } from '../console/console-runner.ts';
import type { Dataset } from '../data/types.ts';
import type { EngineClient } from '../engine/client.ts';
import { docWithPipeline, pipelineIdFor, sourceEntry, sourceIdFor, type PipelineStore } from '../pipeline/pipeline-store.ts';
import type { RelationshipTarget } from './AddCheckDialog.tsx';
import { checkRuleBinds, failingRowsView } from './check-engine.ts';
import { defaultPlace } from './check-forms.ts';
import type { ChecksView } from './use-checks.ts';
import { suggestFor } from './suggest-service.ts';

/** Which check form is open: a column rule from a column's menu, or a table rule from the Checks panel. */
export type CheckDialogRequest = { mode: 'column'; column: string } | { mode: 'table' };

let failingRuns = 0;

interface Inputs {
  engine: EngineClient;
  pipelines: PipelineStore;
  doc: PipelineDocument;
  selected: Dataset | null;
  datasets: readonly Dataset[];
  /** The step the grid shows (null: the input; undefined: no preview). */
  shownStep: string | null | undefined;
  checks: ChecksView;
  /** Shows rows in the grid as a result with a title (the console's result view). */
  showRows: (result: ConsoleResult) => void;
  onError: (message: string) => void;
}

/** What the Checks panel, the column menu and the check form do, through the pipeline store (undoable, autosaved). */
export function useCheckActions({ engine, pipelines, doc, selected, datasets, shownStep, checks, showRows, onError }: Inputs) {
  const [dialog, setDialog] = useState<CheckDialogRequest | null>(null);
  /** The document with the shown dataset's pipeline, even before its first step or check. */
  const fullDoc = useMemo(() => (selected ? docWithPipeline(doc, selected) : doc), [doc, selected]);
  const pipeline = selected ? fullDoc.pipelines.find((p) => p.id === pipelineIdFor(selected)) : undefined;
  const place = defaultPlace(pipeline, shownStep);

  const targets = useMemo<RelationshipTarget[]>(
    () => datasets.filter((d) => d.id !== selected?.id && d.status === 'ready').map((d) => ({ value: `source:${sourceIdFor(d)}`, label: d.name, columns: d.columns })),
    [datasets, selected?.id],
  );

  const add = useCallback(
    (rule: CheckRule) => {
      if (!selected) return;
      pipelines.ensurePipeline(selected);
      const reads = rule.kind === 'relationship' && rule.to.kind === 'source' ? datasets.filter((d) => sourceIdFor(d) === rule.to.id) : [];
      pipelines.addChecks([rule], reads);
    },
    [pipelines, selected, datasets],
  );

  const validate = useCallback(
    (rule: CheckRule) => {
      const reads = rule.kind === 'relationship' && rule.to.kind === 'source' ? datasets.filter((d) => sourceIdFor(d) === rule.to.id) : [];
      const withSources = reads.reduce((d, dataset) => (d.sources.some((s) => s.id === sourceIdFor(dataset)) ? d : { ...d, sources: [...d.sources, sourceEntry(dataset)] }), fullDoc);
      return checkRuleBinds(engine, withSources, rule);
    },
    [engine, fullDoc, datasets],
  );

  const suggest = useCallback(
    (signal: AbortSignal): Promise<Result<Suggestion[]>> => {
      if (!pipeline) return Promise.resolve({ ok: false, error: { kind: 'checks', message: 'Open a dataset first.' } });
      return suggestFor(engine, fullDoc, { pipeline: pipeline.id, ...(place !== '' ? { after: place } : {}) }, signal);
    },
    [engine, fullDoc, pipeline, place],
  );

  const showFailing = useCallback(
    async (rule: CheckRule) => {
      const view = await failingRowsView(engine, fullDoc, rule, checks.now);
      if (!view.ok) return onError(view.error.message);
      const failing = checks.results[rule.id]?.failing ?? 0;
      showRows({ ...view.value, rowCount: failing, runId: -++failingRuns, elapsedMs: 0, message: null, changedCatalog: false, title: `Failing rows of ${describeRule(rule)}` });
    },
    [engine, fullDoc, checks.now, checks.results, showRows, onError],
  );

  return { dialog, setDialog, fullDoc, pipeline, place, targets, add, validate, suggest, showFailing };
}
