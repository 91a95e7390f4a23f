import { formatCount } from './format-text.ts';
import type { Result } from './result.ts';
import { ident, str } from './sql/quote.ts';
import type { RowsFn } from './csv-type-check.ts';

/**
 * "Skip bad rows" must say what it skipped. DuckDB's `store_rejects` records each row that was
 * skipped in temporary tables of the connection that read the file; the read copies them into a
 * table of their own in the same statement list, so any connection can summarize them.
 */

/** The read_csv arguments that record skipped rows in temporary tables named after `kept`. */
export function rejectsArgs(kept: string): string {
  return `, store_rejects=true, rejects_table=${str(`${kept}_errors`)}, rejects_scan=${str(`${kept}_scans`)}`;
}

/** Statements to run right after the read (same connection): keep the skipped lines in `kept`, drop the temporary tables. */
export function keepRejectsSql(kept: string): string {
  const errors = ident(`${kept}_errors`);
  const scans = ident(`${kept}_scans`);
  return `CREATE OR REPLACE TABLE ${ident(kept)} AS SELECT DISTINCT line, column_name, error_type FROM ${errors}; DROP TABLE IF EXISTS ${errors}; DROP TABLE IF EXISTS ${scans};`;
}

export interface SkippedRows {
  count: number;
  /** The first skipped lines of the file, in order. */
  lines: number[];
}

const SHOWN_LINES = 10;

export async function skippedRows(rows: RowsFn, kept: string): Promise<Result<SkippedRows>> {
  const result = await rows(`SELECT count(DISTINCT line), list(DISTINCT line ORDER BY line)[1:${SHOWN_LINES}] FROM ${ident(kept)}`);
  if (!result.ok) return result;
  const [count, lines] = result.value[0] ?? [0, []];
  return { ok: true, value: { count: Number(count ?? 0), lines: listOf(lines).map(Number) } };
}

/** "Skipped 3 bad rows (lines 5, 9, 12)." or null when nothing was skipped. */
export function skippedNote(skipped: SkippedRows): string | null {
  if (skipped.count === 0) return null;
  const more = skipped.count - skipped.lines.length;
  const lines = skipped.lines.map((l) => formatCount(l)).join(', ') + (more > 0 ? ` and ${formatCount(more)} more` : '');
  return `Skipped ${formatCount(skipped.count)} bad row${skipped.count === 1 ? '' : 's'} (line${skipped.count === 1 ? '' : 's'} ${lines}).`;
}

/** A list value from an engine result: a JS array, or an Arrow vector. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && 'toArray' in value && typeof value.toArray === 'function') return Array.from(value.toArray() as ArrayLike<unknown>);
  return [];
}
