import { evaluateChecks } from '../../shared/checks/evaluate.ts';
import { buildReport, reportJson, summaryLines } from '../../shared/checks/report.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import type { Result } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import { appContext } from '../pipeline/preview.ts';
import { engineRun } from './check-engine.ts';

/**
 * Export → Validation report…: every enabled check of the document evaluated now, as the JSON report
 * `sluice validate` writes (`shared/checks/report.ts`), with its summary's last line.
 */
export async function validationReport(engine: EngineClient, doc: PipelineDocument, signal: AbortSignal): Promise<Result<{ json: string; summary: string }>> {
  const startedAt = new Date();
  const evaluation = await evaluateChecks(doc, doc.checks, engineRun(engine, { signal }), { context: appContext, isCancelled: () => signal.aborted });
  if (!evaluation.ok) return evaluation;
  const report = buildReport({ runId: crypto.randomUUID(), config: null, startedAt, finishedAt: new Date(), failOn: 'error', evaluation: evaluation.value });
  return { ok: true, value: { json: reportJson(report), summary: summaryLines(report).at(-1) ?? '' } };
}
