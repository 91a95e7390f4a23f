import { dialectFromSniffRow, sniffWholeFileSql, type CsvOptions, type SniffedDialect } from './csv-options.ts';
import { formatCount } from './format-text.ts';
import type { Result } from './result.ts';
import { ident } from './sql/quote.ts';

/**
 * A CSV file's column types are sniffed from its first rows, but a value after them may not fit
 * (`3.75` in a column of whole numbers, which DuckDB would silently round to 4). Before the copy,
 * the types are checked against every row; columns whose values do not all fit are widened, and
 * the user is told which and why.
 */

/** Any engine: the app's (DuckDB-WASM) or the CLI's (native DuckDB). */
export type RowsFn = (sql: string) => Promise<Result<unknown[][]>>;

export interface WidenedColumn {
  column: string;
  /** The type the first rows suggested. */
  from: string;
  /** The type every value fits. */
  to: string;
}

/** Whole numbers beyond this are not all exact in a DOUBLE. */
const EXACT_DOUBLE_LIMIT = '9007199254740992';
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/**
 * The file's dialect with types that hold for every row, or null when the whole-file sniff cannot
 * confirm the sampled columns (the reader then fails on the offending line itself).
 */
export async function sniffWholeFile(rows: RowsFn, path: string, options: CsvOptions, sampled: SniffedDialect): Promise<Result<SniffedDialect | null>> {
  const sniffed = await rows(sniffWholeFileSql(path, options, sampled));
  if (!sniffed.ok) return sniffed.error.kind === 'cancelled' ? sniffed : { ok: true, value: null };
  const row = sniffed.value[0];
  if (!row) return { ok: true, value: null };
  const whole = dialectFromSniffRow(row);
  const sameColumns = whole.columns.length === sampled.columns.length && whole.columns.every((c, i) => c.name === sampled.columns[i]?.name);
  return { ok: true, value: sameColumns ? whole : null };
}

/** The columns whose whole-file type differs from the sampled one. */
export function widenedColumns(sampled: SniffedDialect, whole: SniffedDialect): WidenedColumn[] {
  return whole.columns.flatMap((c, i) => {
    const from = sampled.columns[i]?.type;
    return from !== undefined && from !== c.type ? [{ column: c.name, from, to: c.type }] : [];
  });
}

/**
 * A column widened from whole numbers to DOUBLE keeps every value only below 2^53. The SQL that
 * counts the values of such columns in `relation` that a DOUBLE may have changed.
 */
export function inexactDoubleSql(relation: string, widened: WidenedColumn[]): string | null {
  return inexactDoubleFromSql(ident(relation), widened);
}

/** `inexactDoubleSql` over any FROM item (a quoted name, or a `read_csv(...)` call). */
export function inexactDoubleFromSql(from: string, widened: WidenedColumn[]): string | null {
  const risky = widened.filter((w) => INTEGER_TYPES.has(w.from) && (w.to === 'DOUBLE' || w.to === 'FLOAT'));
  if (risky.length === 0) return null;
  return `SELECT ${risky.map((w) => `count(*) FILTER (WHERE abs(${ident(w.column)}) >= ${EXACT_DOUBLE_LIMIT})`).join(', ')} FROM ${from}`;
}

/** Those of `widened` that must be read as text instead, from the counts of `inexactDoubleSql`. */
export function inexactColumns(widened: WidenedColumn[], counts: readonly unknown[]): string[] {
  const risky = widened.filter((w) => INTEGER_TYPES.has(w.from) && (w.to === 'DOUBLE' || w.to === 'FLOAT'));
  return risky.filter((_, i) => Number(counts[i] ?? 0) > 0).map((w) => w.column);
}

/**
 * How the row of a misfit is found: `rowid` (a table), `counted` (`row_number()` over a view, in the
 * file's order: a full read), or `none` (only the value is named).
 */
export type RowNumbers = 'rowid' | 'counted' | 'none';

/** The first value of `column` in `relation` that the sampled type would have changed, and its row (see `RowNumbers`). */
export function firstMisfitSql(relation: string, w: WidenedColumn, rows: boolean | RowNumbers): string {
  const how: RowNumbers = rows === true ? 'rowid' : rows === false ? 'none' : rows;
  const col = ident(w.column);
  const misfit = `${col} IS NOT NULL AND TRY_CAST(TRY_CAST(${col} AS ${w.from}) AS ${w.to}) IS DISTINCT FROM ${col}`;
  if (how === 'counted') {
    return `SELECT __sluice_row, CAST(${col} AS VARCHAR) FROM (SELECT row_number() OVER () AS __sluice_row, ${col} FROM ${ident(relation)}) WHERE ${misfit} ORDER BY __sluice_row LIMIT 1`;
  }
  return `SELECT ${how === 'rowid' ? 'rowid + 1' : 'NULL'}, CAST(${col} AS VARCHAR) FROM ${ident(relation)} WHERE ${misfit} LIMIT 1`;
}

/** The note shown on the dataset for one widened column. */
export function widenedNote(w: WidenedColumn, example: { row: number | null; value: string } | null): string {
  const why = example
    ? ` ${example.row !== null ? `row ${formatCount(example.row)} holds` : 'the file holds'} ${JSON.stringify(shorten(example.value))}, which is not ${article(w.from)} ${w.from}.`
    : ` a value after the first rows is not ${article(w.from)} ${w.from}.`;
  const to = w.to === 'VARCHAR' ? 'text (VARCHAR)' : w.to;
  return `Column "${w.column}" was widened from ${w.from} to ${to} after checking the whole file:${why}`;
}

function article(type: string): string {
  return /^[AEIOU]/.test(type) ? 'an' : 'a';
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
