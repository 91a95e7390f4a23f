import { useEffect, useMemo, useState } from 'react';
import { evaluateChecks, type CheckResult } from '../../shared/checks/evaluate.ts';
import { isEnabled, type CheckRule } from '../../shared/checks/rules.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { EngineClient } from '../engine/client.ts';
import { appContext } from '../pipeline/preview.ts';
import { engineRun } from './check-engine.ts';

/** Edits in quick succession (typing, undo bursts) start one evaluation. */
const SETTLE_MS = 150;

export interface ChecksView {
  /** The checks of the pipeline, in document order. */
  rules: CheckRule[];
  /** Results of the latest evaluation, by check id (a check being evaluated keeps its previous result). */
  results: Record<string, CheckResult>;
  /** Checks whose result is from an earlier document, or not there yet. */
  pending: ReadonlySet<string>;
  /** "Now" of the latest evaluation (not_in_future), for failing-rows views. */
  now: string;
}

/**
 * The pipeline's checks, re-evaluated in the background whenever the document changes: one rule
 * after another, each result shown as it arrives, at background priority (the grid's pages go
 * first), and cancelled by the next change.
 */
export function useChecks(engine: EngineClient, doc: PipelineDocument, pipelineId: string | null, ready: boolean): ChecksView {
  const rules = useMemo(() => (pipelineId ? doc.checks.filter((c) => c.pipeline === pipelineId) : []), [doc.checks, pipelineId]);
  const [results, setResults] = useState<Record<string, CheckResult>>({});
  const [evaluated, setEvaluated] = useState<{ doc: PipelineDocument | null; ids: ReadonlySet<string> }>({ doc: null, ids: new Set() });
  const [now, setNow] = useState(() => new Date().toISOString());

  useEffect(() => {
    const enabled = rules.filter(isEnabled);
    if (!ready || enabled.length === 0) return;
    const controller = new AbortController();
    const { signal } = controller;
    const run = engineRun(engine, { signal, priority: 'background' });
    const timer = setTimeout(() => {
      void (async () => {
        const started = new Date().toISOString();
        setNow(started);
        for (const rule of enabled) {
          if (signal.aborted) return;
          const evaluation = await evaluateChecks(doc, [rule], run, { context: appContext, now: started, isCancelled: () => signal.aborted });
          if (signal.aborted) return;
          if (!evaluation.ok) continue;
          const result = evaluation.value.results[0];
          if (result) setResults((r) => ({ ...r, [rule.id]: result }));
          setEvaluated((e) => ({ doc, ids: new Set([...(e.doc === doc ? e.ids : []), rule.id]) }));
        }
      })();
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [engine, doc, rules, ready]);

  const pending = useMemo(() => new Set(rules.filter((r) => isEnabled(r) && !(evaluated.doc === doc && evaluated.ids.has(r.id))).map((r) => r.id)), [rules, evaluated, doc]);
  return { rules, results, pending, now };
}
