import { formatCount } from '../../shared/format-text.ts';
import { compilePipeline, CompileError, draftQuery, queryAt } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument, Step, StepDraft } from '../../shared/pipeline/document.ts';
import { inputName, inputRelationSql, joinMatchSql } from '../../shared/pipeline/step-checks.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { EngineClient } from '../engine/client.ts';
import type { Dataset } from '../data/types.ts';
import { sourceEntry, sourceIdFor } from './pipeline-store.ts';
import { bind, clashMessage, clashOf } from './bind-step.ts';
import { appContext } from './preview.ts';

/** The document with every dataset a step may read present as a source. */
function withSources(doc: PipelineDocument, datasets: readonly Dataset[]): PipelineDocument {
  const missing = datasets.filter((d) => !doc.sources.some((s) => s.id === sourceIdFor(d))).map(sourceEntry);
  return missing.length > 0 ? { ...doc, sources: [...doc.sources, ...missing] } : doc;
}

/**
 * Whether a step can run before it is added or saved: it is compiled and bound by DuckDB (no rows
 * are read). Returns the reason it cannot, or null. New steps read `inputRelation` (the rows shown);
 * an edited step reads the output of the step before it.
 */
export async function checkStep(
  engine: EngineClient,
  doc: PipelineDocument,
  datasets: readonly Dataset[],
  target: { pipelineId: string; replace: string } | { inputRelation: string },
  draft: StepDraft,
): Promise<string | null> {
  const full = withSources(doc, datasets);
  let sql: string;
  let inputSql: string;
  try {
    if ('replace' in target) {
      const edited: PipelineDocument = {
        ...full,
        pipelines: full.pipelines.map((p) => (p.id === target.pipelineId ? { ...p, steps: p.steps.map((s) => (s.id === target.replace ? ({ ...draft, id: s.id, enabled: true } as Step) : s)) } : p)),
      };
      const compiled = compilePipeline(edited, target.pipelineId, appContext);
      sql = queryAt(compiled, target.replace);
      const before = compiled.steps[compiled.steps.findIndex((s) => s.stepId === target.replace) - 1];
      inputSql = before ? queryAt(compiled, before.stepId) : queryAt(compiled);
    } else {
      inputSql = ident(target.inputRelation);
      sql = draftQuery(full, draft, inputSql, appContext);
    }
  } catch (e) {
    if (e instanceof CompileError) return e.message;
    throw e;
  }
  const [output, input] = [await bind(engine, sql), await bind(engine, inputSql)];
  if (output === 'cancelled') return null;
  if (!output.ok) return output.problem;
  const clash = input !== 'cancelled' && input.ok ? clashOf(draft.kind, input.names, output.names) : null;
  return clash === null ? null : clashMessage(clash);
}

/** For a join: how many rows match, and whether repeated keys would multiply rows. */
export async function joinInsight(engine: EngineClient, doc: PipelineDocument, datasets: readonly Dataset[], inputRelation: string, draft: StepDraft, signal: AbortSignal): Promise<string | null> {
  if (draft.kind !== 'join') return null;
  const full = withSources(doc, datasets);
  const rightName = inputName(full, draft.with);
  let sql: string;
  try {
    sql = joinMatchSql(ident(inputRelation), inputRelationSql(full, draft.with, appContext), draft.on);
  } catch (e) {
    if (e instanceof CompileError) return null;
    throw e;
  }
  if (rightName === null) return null;
  const result = await engine.rows(sql, { signal });
  if (!result.ok) return result.error.kind === 'cancelled' ? null : `Cannot compare the keys: ${result.error.message}`;
  const [left, rightRows, matched, inner] = (result.value[0] ?? []).map((v) => Number(v ?? 0)) as [number, number, number, number];
  const resultRows = { inner, left: inner + (left - matched), right: inner, full: inner + (left - matched), semi: matched, anti: left - matched }[draft.how];
  const parts = [
    `${formatCount(matched)} of ${formatCount(left)} rows have a match in ${rightName} (${formatCount(rightRows)} rows).`,
    draft.how === 'right' || draft.how === 'full' ? `The inner part has ${formatCount(inner)} rows.` : `The result has ${formatCount(resultRows)} rows.`,
  ];
  if (inner > matched) parts.push(`Warning: keys repeat in ${rightName}, so matching rows are multiplied (×${(inner / Math.max(1, matched)).toFixed(1)}).`);
  return parts.join(' ');
}
