import { ident, num } from './sql/quote.ts';
import { isDecimalType, isFloatType, isIntegerType } from './sql-types.ts';

/** SQL for column profiles: summary figures and top values, run by DuckDB (the histogram and the filters: `profile-filters.ts`). */

export type ProfileKind = 'number' | 'temporal' | 'text' | 'boolean' | 'other';

export function profileKind(type: string): ProfileKind {
  const t = type.toUpperCase();
  if (isIntegerType(t) || isFloatType(t) || isDecimalType(t)) return 'number';
  if (t === 'DATE' || t.startsWith('TIMESTAMP') || t === 'DATETIME') return 'temporal';
  if (t === 'VARCHAR' || t.startsWith('ENUM') || t === 'UUID' || t === 'JSON') return 'text';
  if (t === 'BOOLEAN') return 'boolean';
  return 'other';
}

/** A relation to profile: a table or view name, optionally restricted by a predicate, optionally sampled. */
export interface ProfileTarget {
  relation: string;
  /** A SQL predicate built with the quoting module, or undefined for all rows. */
  where?: string;
  /** Profile only the first N rows (the fast first pass). */
  sampleRows?: number;
}

function source(target: ProfileTarget, column: string): string {
  const where = target.where ? ` WHERE ${target.where}` : '';
  const limit = target.sampleRows !== undefined ? ` LIMIT ${num(target.sampleRows)}` : '';
  return `(SELECT ${ident(column)} AS v FROM ${ident(target.relation)}${where}${limit})`;
}

/**
 * One row with: rows, nulls, distinct, nan, empty, min, max, mean, stddev, q25, q50, q75, len_min, len_avg, len_max.
 * Figures that do not apply to the type are NULL. `exactDistinct` chooses count(DISTINCT) over the HyperLogLog estimate.
 */
export function summarySql(target: ProfileTarget, column: string, type: string, exactDistinct: boolean): string {
  const kind = profileKind(type);
  const float = isFloatType(type);
  // NaN and ±Infinity are values, not nulls, in DuckDB: keep them out of min/max/mean/stddev so those stay meaningful.
  const clean = float ? `CASE WHEN isnan(v) OR isinf(v) THEN NULL ELSE v END` : 'v';
  const distinct = exactDistinct ? 'count(DISTINCT v)' : 'approx_count_distinct(v)';
  const numeric = kind === 'number';
  const temporal = kind === 'temporal';
  const asDouble = `CAST(${clean} AS DOUBLE)`;
  const parts = [
    'count(*) AS rows',
    'count(*) - count(v) AS nulls',
    `${distinct} AS distinct_values`,
    float ? 'count(*) FILTER (WHERE isnan(v)) AS nan' : 'NULL AS nan',
    kind === 'text' ? `count(*) FILTER (WHERE CAST(v AS VARCHAR) = '') AS empty` : 'NULL AS empty',
    numeric || temporal || kind === 'text' || kind === 'boolean' ? `CAST(min(${clean}) AS VARCHAR) AS min` : 'NULL AS min',
    numeric || temporal || kind === 'text' || kind === 'boolean' ? `CAST(max(${clean}) AS VARCHAR) AS max` : 'NULL AS max',
    numeric ? `avg(${asDouble}) AS mean` : temporal ? `CAST(to_timestamp(avg(epoch(${clean}))) AS VARCHAR) AS mean` : 'NULL AS mean',
    numeric ? `stddev_samp(${asDouble}) AS stddev` : 'NULL AS stddev',
    numeric ? `CAST(quantile_cont(${asDouble}, 0.25) AS VARCHAR) AS q25` : temporal ? `CAST(quantile_disc(${clean}, 0.25) AS VARCHAR) AS q25` : 'NULL AS q25',
    numeric ? `CAST(quantile_cont(${asDouble}, 0.5) AS VARCHAR) AS q50` : temporal ? `CAST(quantile_disc(${clean}, 0.5) AS VARCHAR) AS q50` : 'NULL AS q50',
    numeric ? `CAST(quantile_cont(${asDouble}, 0.75) AS VARCHAR) AS q75` : temporal ? `CAST(quantile_disc(${clean}, 0.75) AS VARCHAR) AS q75` : 'NULL AS q75',
    kind === 'text' ? 'min(length(CAST(v AS VARCHAR))) AS len_min' : 'NULL AS len_min',
    kind === 'text' ? 'avg(length(CAST(v AS VARCHAR))) AS len_avg' : 'NULL AS len_avg',
    kind === 'text' ? 'max(length(CAST(v AS VARCHAR))) AS len_max' : 'NULL AS len_max',
  ];
  return `SELECT ${parts.join(', ')} FROM ${source(target, column)}`;
}

/** The most common values with their counts (NULL included), most common first, ties by value. */
export function topValuesSql(target: ProfileTarget, column: string, limit: number): string {
  return `SELECT CAST(v AS VARCHAR) AS value, v IS NULL AS is_null, count(*) AS n FROM ${source(target, column)} GROUP BY v ORDER BY n DESC, value NULLS LAST LIMIT ${num(limit)}`;
}

/** Numeric view of a value for histograms: numbers as DOUBLE, dates and timestamps as epoch seconds. */
export function histogramValue(type: string, expr: string): string {
  const kind = profileKind(type);
  if (kind === 'temporal') return `epoch(${expr})`;
  const value = `CAST(${expr} AS DOUBLE)`;
  return isFloatType(type) ? `CASE WHEN isnan(${expr}) OR isinf(${expr}) THEN NULL ELSE ${value} END` : value;
}

/**
 * Every column's type-independent figures in one scan: per column i, `n<i>` non-null count and
 * `d<i>` approximate distinct count, plus `rows`. (DuckDB's SUMMARIZE fails on NaN and infinities.)
 */
export function overviewSql(relation: string, columns: readonly string[]): string {
  const parts = ['count(*) AS rows', ...columns.flatMap((c, i) => [`count(${ident(c)}) AS ${ident(`n${i}`)}`, `approx_count_distinct(${ident(c)}) AS ${ident(`d${i}`)}`])];
  return `SELECT ${parts.join(', ')} FROM ${ident(relation)}`;
}
