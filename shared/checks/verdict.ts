import { actionOf, type CheckRule, type Threshold } from './rules.ts';

/**
 * A rule's status from its failing count, and a run's verdict from its rules' statuses.
 *
 * - `passed`: failing rows within the threshold (no threshold: none).
 * - `failed`: beyond it, for a rule of severity `error` whose action is not `warn`.
 * - `warning`: beyond it, for a rule of severity `warn` or action `warn`.
 * - `error`: the rule could not be evaluated (a missing column, a pattern DuckDB refuses): it says
 *   nothing about the data, so it fails the run at either level.
 */

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'error';
export type FailOn = 'error' | 'warn';
export const FAIL_ON: readonly FailOn[] = ['error', 'warn'];

/** The fraction of failing rows: 0 when there are no rows. */
export const fractionOf = (failing: number, total: number): number => (total > 0 ? failing / total : 0);

/**
 * Whether `failing` of `total` rows is within the threshold. Both bounds are inclusive. The fraction
 * is compared as `failing / total <= maxFraction` (one correctly rounded division against the decimal
 * the user wrote), so 29 of 100 rows is exactly within 0.29.
 */
export function withinThreshold(failing: number, total: number, threshold: Threshold | undefined): boolean {
  if (threshold === undefined) return failing === 0;
  if ('maxCount' in threshold) return failing <= threshold.maxCount;
  return fractionOf(failing, total) <= threshold.maxFraction;
}

/** The status of a rule that ran. */
export function statusOf(rule: CheckRule, failing: number, total: number): Exclude<CheckStatus, 'error'> {
  const threshold = 'threshold' in rule ? rule.threshold : undefined;
  if (withinThreshold(failing, total, threshold)) return 'passed';
  return rule.severity === 'warn' || actionOf(rule) === 'warn' ? 'warning' : 'failed';
}

/** Whether a run fails at `--fail-on <level>`: `error` fails on failed and error; `warn` on warnings too. */
export function runFails(statuses: readonly CheckStatus[], failOn: FailOn): boolean {
  return statuses.some((s) => s === 'failed' || s === 'error' || (failOn === 'warn' && s === 'warning'));
}
