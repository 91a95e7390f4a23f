import { isExactNumber } from '../pipeline/document.ts';
import { formatCount, formatRows } from '../format-text.ts';
import type { CheckRule } from './rules.ts';
import type { CheckStatus } from './verdict.ts';

/**
 * Short names for rules and results, the same in the app and the CLI: `range(latitude, 20..50)`,
 * and summary lines such as `FAIL range(latitude, 20..50): 293 rows (8.7%)`.
 */

const value = (v: unknown): string => (isExactNumber(v) ? v.decimal : typeof v === 'string' ? JSON.stringify(v) : String(v));
const clip = (text: string, max = 40) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function bounds(min: unknown, max: unknown, minInclusive = true, maxInclusive = true): string {
  const lo = min === undefined ? '' : `${minInclusive ? '' : '>'}${value(min)}`;
  const hi = max === undefined ? '' : `${maxInclusive ? '' : '<'}${value(max)}`;
  return `${lo}..${hi}`;
}

/** `kind(column, parameters)` */
export function describeRule(rule: CheckRule): string {
  switch (rule.kind) {
    case 'not_null':
      return `not_null(${rule.column}${rule.emptyIsNull ? ', empty is null' : ''}${rule.nanIsNull ? ', NaN is null' : ''})`;
    case 'unique':
    case 'not_in_future':
      return `${rule.kind}(${rule.column})`;
    case 'accepted_values':
      return `accepted_values(${rule.column}, ${clip(rule.values.map(value).join(' | '))})`;
    case 'range':
      return `range(${rule.column}, ${bounds(rule.min, rule.max, rule.minInclusive, rule.maxInclusive)})`;
    case 'regex':
      return `regex(${rule.column}, ${clip(JSON.stringify(rule.pattern))})`;
    case 'length':
      return `length(${rule.column}, ${bounds(rule.min, rule.max)})`;
    case 'castable':
      return `castable(${rule.column}, ${rule.to}${rule.format ? ` ${JSON.stringify(rule.format)}` : ''})`;
    case 'expression':
      return `expression(${clip(rule.expression)})`;
    case 'row_count':
      return `row_count(${bounds(rule.min, rule.max)})`;
    case 'unique_combination':
      return `unique_combination(${rule.columns.join(', ')})`;
    case 'relationship':
      return `relationship(${rule.columns.join(', ')} → ${rule.to.id}.${rule.to.columns.join(', ')})`;
    case 'schema':
      return `schema(${rule.columns.length} column${rule.columns.length === 1 ? '' : 's'}${rule.exact ? ', exact' : ''})`;
    case 'sql':
      return `sql(${clip(rule.query.replace(/\s+/g, ' ').trim())})`;
  }
}

/** A percentage for people: 8.7%, 0.25%, 5%; never 0% or 100% unless exactly so. */
export function percent(fraction: number): string {
  if (fraction <= 0) return '0%';
  if (fraction >= 1) return '100%';
  if (fraction < 0.0001) return '<0.01%';
  if (fraction > 0.999) return '>99.9%';
  const p = fraction * 100;
  return `${String(Number(p.toFixed(p < 1 ? 2 : 1)))}%`;
}

const WORD: Record<CheckStatus, string> = { passed: 'PASS', failed: 'FAIL', warning: 'WARN', error: 'ERROR' };

/** One line of a run's summary (stderr in the CLI). */
export function summaryLine(result: { label: string; status: CheckStatus; kind: string; failing: number; fraction: number; error: string | null; observed: number | null }): string {
  const head = `${WORD[result.status]} ${result.label}`;
  if (result.status === 'error') return `${head}: ${result.error ?? 'could not be evaluated'}`;
  if (result.kind === 'row_count') return `${head}: ${formatRows(result.observed ?? 0)}`;
  if (result.kind === 'schema') return `${head}: ${result.failing === 0 ? 'as expected' : `${formatCount(result.failing)} difference${result.failing === 1 ? '' : 's'}`}`;
  return `${head}: ${formatRows(result.failing)} (${percent(result.fraction)})`;
}
