import { formatCount } from '../format-text.ts';
import { summaryLine } from './describe-rule.ts';
import type { CheckEvaluation, CheckResult } from './evaluate.ts';
import { runFails, type CheckStatus, type FailOn } from './verdict.ts';

/**
 * The check report: versioned JSON (`report.schema.json`) written by `sluice validate`,
 * `sluice run --report FILE` and the app's Export → Validation report…. One run's results, rule by
 * rule, with the verdict at the `failOn` level.
 */

export const REPORT_FORMAT = 'sluice.check-report';
export const REPORT_VERSION = 1;

export interface CheckReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  runId: string;
  /** The project or config file the checks came from, as given; null when unsaved. */
  config: string | null;
  startedAt: string;
  finishedAt: string;
  /** The moment `not_in_future` compared with. */
  now: string;
  failOn: FailOn;
  verdict: 'passed' | 'failed';
  counts: Record<CheckStatus, number>;
  results: CheckResult[];
}

export interface ReportInput {
  /** Unique per run (the caller makes it: `crypto.randomUUID()` in both hosts). */
  runId: string;
  config: string | null;
  startedAt: Date;
  finishedAt: Date;
  failOn: FailOn;
  evaluation: CheckEvaluation;
}

export function buildReport(input: ReportInput): CheckReport {
  const { results } = input.evaluation;
  const counts: Record<CheckStatus, number> = { passed: 0, failed: 0, warning: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    runId: input.runId,
    config: input.config,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    now: input.evaluation.now,
    failOn: input.failOn,
    verdict: runFails(results.map((r) => r.status), input.failOn) ? 'failed' : 'passed',
    counts,
    results,
  };
}

/** The report as a file's text. */
export function reportJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * The summary a run prints (stderr in the CLI): one line per rule that did not pass (all rules with
 * `all`), then the totals, e.g. `FAIL range(latitude, 20..50): 293 rows (8.7%)` and
 * `12 checks: 1 failed, 1 warning, 10 passed`.
 */
export function summaryLines(report: CheckReport, options: { all?: boolean } = {}): string[] {
  const lines = report.results.filter((r) => options.all || r.status !== 'passed').map((r) => summaryLine(r));
  const { counts } = report;
  const parts = ([['failed', counts.failed], ['could not run', counts.error], [counts.warning === 1 ? 'warning' : 'warnings', counts.warning], ['passed', counts.passed]] as const).filter(([, n]) => n > 0).map(([word, n]) => `${formatCount(n)} ${word}`);
  const total = report.results.length;
  lines.push(total === 0 ? 'No checks.' : `${formatCount(total)} check${total === 1 ? '' : 's'}: ${parts.join(', ')}.`);
  return lines;
}
