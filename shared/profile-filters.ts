import { conditionSql } from './pipeline/compile.ts';
import type { Condition, Scalar } from './pipeline/document.ts';
import { histogramValue, profileKind, type ProfileTarget } from './profile-sql.ts';
import { ident, num } from './sql/quote.ts';
import { isFloatType } from './sql-types.ts';
import { parseTypedValue, scalarText } from './typed-value.ts';

/**
 * The filters a column profile creates, as pipeline conditions: a histogram bar's rows and a top
 * value's rows. A bar's count is computed with the very same conditions (`histogramSql`), so the
 * number on a bar is the number of rows its filter keeps, at the edges too.
 */

/** What `rangeSql` gives: the span as doubles (for spacing bins) and the exact smallest and largest values as text. */
export interface HistogramRange {
  lo: number;
  hi: number;
  minText: string;
  maxText: string;
}

/** The range of the values a histogram bins (NaN and infinities left out), in one row: lo, hi, min_text, max_text. */
export function rangeSql(target: ProfileTarget, column: string, type: string): string {
  const x = histogramValue(type, 'v');
  const where = target.where ? ` WHERE ${target.where}` : '';
  const limit = target.sampleRows !== undefined ? ` LIMIT ${num(target.sampleRows)}` : '';
  const kept = `CASE WHEN ${x} IS NOT NULL THEN v END`;
  return `SELECT min(${x}) AS lo, max(${x}) AS hi, CAST(min(${kept}) AS VARCHAR) AS min_text, CAST(max(${kept}) AS VARCHAR) AS max_text FROM (SELECT ${ident(column)} AS v FROM ${ident(target.relation)}${where}${limit})`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Epoch seconds as a literal of a date or timestamp type. A date edge is rounded up to a whole day: the same dates fall on each side. */
function temporalEdge(type: string, seconds: number): string {
  const t = type.trim().toUpperCase();
  if (t === 'DATE') return new Date(Math.ceil(seconds / 86_400) * 86_400_000).toISOString().slice(0, 10);
  const micros = Math.ceil(seconds * 1e6);
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}${pad(micros - ms * 1000, 3)}`;
  return t.includes('TIME ZONE') || t === 'TIMESTAMPTZ' ? `${text}+00` : text;
}

/**
 * `bins + 1` edges in the column's own type: bin i holds edges[i] <= x < edges[i+1], the last bin
 * also x = edges[bins]. The outer edges are the exact smallest and largest values (a double may not
 * hold them); the inner ones are evenly spaced.
 */
export function histogramEdges(type: string, range: HistogramRange, bins: number): Scalar[] {
  const kind = profileKind(type);
  const count = range.hi > range.lo ? bins : 1;
  const width = (range.hi - range.lo) / count;
  const inner = Array.from({ length: count - 1 }, (_, i) => range.lo + (i + 1) * width);
  if (kind === 'temporal') return [range.minText, ...inner.map((x) => temporalEdge(type, x)), range.maxText];
  if (isFloatType(type)) return [range.lo, ...inner, range.hi];
  return [parseTypedValue(range.minText, type), ...inner, parseTypedValue(range.maxText, type)];
}

/** The rows of bin `i`. NaN sorts above every number in DuckDB, so no bin holds it, nor ±Infinity. */
export function binCondition(column: string, edges: readonly Scalar[], i: number): Condition {
  const last = i === edges.length - 2;
  return {
    kind: 'group',
    op: 'and',
    items: [
      { kind: 'compare', column, op: '>=', value: edges[i] ?? null },
      { kind: 'compare', column, op: last ? '<=' : '<', value: edges[i + 1] ?? null },
    ],
  };
}

/** Rows per bin (bin, n), each bin counted by its own `binCondition`. */
export function histogramSql(target: ProfileTarget, column: string, edges: readonly Scalar[]): string {
  const where = target.where ? ` WHERE ${target.where}` : '';
  const limit = target.sampleRows !== undefined ? ` LIMIT ${num(target.sampleRows)}` : '';
  const cases = Array.from({ length: edges.length - 1 }, (_, i) => `WHEN ${conditionSql(binCondition(column, edges, i))} THEN ${num(i)}`).join(' ');
  const binned = `SELECT CASE ${cases} END AS bin FROM (SELECT ${ident(column)} FROM ${ident(target.relation)}${where}${limit})`;
  return `SELECT bin, count(*) AS n FROM (${binned}) WHERE bin IS NOT NULL GROUP BY bin ORDER BY bin`;
}

/** A bin's label: its edges as the column's values (numbers shortened by `short`, times to the second). */
export function binLabel(type: string, edges: readonly Scalar[], i: number, short: (x: number) => string): string {
  const show = (edge: Scalar | undefined): string => {
    if (edge === undefined) return '';
    if (typeof edge === 'number') return short(edge);
    const text = scalarText(edge);
    return profileKind(type) === 'temporal' ? text.slice(0, 19) : text;
  };
  return edges.length === 2 && scalarText(edges[0] ?? null) === scalarText(edges[1] ?? null) ? show(edges[0]) : `${show(edges[i])} – ${show(edges[i + 1])}`;
}

const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}]/g;

/**
 * The rows whose value is `text` as the profile shows it (CAST to VARCHAR), or NULL. Numbers, dates,
 * times and text compare as values (exact: the text is DuckDB's own rendering); other types (lists,
 * structs, blobs) by their text.
 */
export function valueCondition(column: string, type: string, text: string | null): Condition {
  if (text === null) return { kind: 'null', column };
  if (profileKind(type) === 'other') return { kind: 'text', column, op: 'regex', value: `^${text.replace(REGEX_SPECIAL, '\\$&')}$` };
  return { kind: 'compare', column, op: '=', value: isFloatType(type) ? text : parseTypedValue(text, type) };
}
