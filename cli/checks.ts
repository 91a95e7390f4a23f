import { summaryLine } from '../shared/checks/describe-rule.ts';
import { evaluateChecks, type CheckEvaluation, type CheckResult } from '../shared/checks/evaluate.ts';
import { isEnabled } from '../shared/checks/rules.ts';
import type { CheckStatus } from '../shared/checks/verdict.ts';
import type { PipelineDocument } from '../shared/pipeline/document.ts';
import type { Result } from '../shared/result.ts';
import { cliContext } from './compile.ts';
import type { NativeEngine } from './engine.ts';
import { cliError, type CliError } from './errors.ts';
import type { Level, Logger } from './log.ts';

/**
 * The document's checks on the CLI's engine: the shared core (`evaluateChecks`) with native DuckDB as
 * its `run` (one prepared statement per query, after the lock-down), sources as the CLI's views. Each
 * rule is logged as it is in the summary (`FAIL range(latitude, 20..50): 293 rows (8.7%)`); in JSON
 * logs one object per rule with its status, failing rows and seconds.
 */

/** Whether the document has any rule to evaluate. */
export const hasChecks = (doc: PipelineDocument): boolean => doc.checks.some(isEnabled);

export interface CheckRunOptions {
  log: Logger;
  signal?: AbortSignal;
  /** "Now" for `not_in_future`; default: when the evaluation starts. */
  now?: string;
}

/** Evaluate every enabled rule of the document, in order; a rule that cannot run is an `error` result. */
export async function runChecks(engine: NativeEngine, doc: PipelineDocument, options: CheckRunOptions): Promise<Result<CheckEvaluation, CliError>> {
  const evaluated = await evaluateChecks(doc, doc.checks, (sql) => engine.runObjects(sql), {
    context: cliContext,
    ...(options.now !== undefined ? { now: options.now } : {}),
    isCancelled: () => options.signal?.aborted === true,
  });
  if (!evaluated.ok) {
    return { ok: false, error: cliError(evaluated.error.kind === 'cancelled' ? 'interrupted' : 'internal', evaluated.error.kind === 'cancelled' ? 'interrupted: nothing was written.' : evaluated.error.message) };
  }
  for (const result of evaluated.value.results) logResult(options.log, result);
  return evaluated;
}

const LEVEL: Record<CheckStatus, Level> = { passed: 'info', warning: 'warn', failed: 'error', error: 'error' };

function logResult(log: Logger, result: CheckResult): void {
  const fields = log.format === 'json' ? { step: `check ${result.id}`, rows: result.failing, seconds: result.ms / 1000, status: result.status } : {};
  log.log(LEVEL[result.status], summaryLine(result), fields);
}
