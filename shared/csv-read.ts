import { dialectFromSniffRow, readCsvArgs, readCsvResolvedSql, readCsvSql, SNIFF_SELECT, type CsvOptions, type SniffedDialect } from './csv-options.ts';
import { keepRejectsSql, rejectsArgs, skippedNote, skippedRows } from './csv-rejects.ts';
import { firstMisfitSql, inexactColumns, inexactDoubleFromSql, sniffWholeFile, widenedColumns, widenedNote, type RowNumbers, type RowsFn, type WidenedColumn } from './csv-type-check.ts';
import type { Result } from './result.ts';
import { ident, str } from './sql/quote.ts';

/**
 * How to read a CSV file, decided once for every engine (the app's DuckDB-WASM, the CLI's native DuckDB):
 * the dialect sniffed from the first rows, the column types checked against the whole file (widened where a
 * later value does not fit; whole numbers a DOUBLE cannot hold exactly read as text), and the final
 * `read_csv(...)` with explicit columns and `auto_detect=false`. Both sides read with that SQL, so they get
 * the same columns, types and values; `csvReadNotes` then says what the user must know (widened columns,
 * skipped rows).
 */

/** Rows the first sniff samples: enough for the first rows' types. */
export const PREVIEW_SAMPLE_ROWS = 4096;
/** Read buffer of the first sniff: DuckDB's default (32 MB) costs ~0.5 s per first read in the browser. */
export const PREVIEW_BUFFER_BYTES = 2 * 1024 * 1024;

export interface CsvRead {
  path: string;
  options: CsvOptions;
  /** The dialect of the first rows (the first sniff). */
  sampled: SniffedDialect;
  /** The dialect with types that hold for every row; null when the whole file could not be sniffed (`sql` then sniffs as DuckDB does, and its read names the offending line). */
  dialect: SniffedDialect | null;
  /** Columns whose type the whole file changed. */
  widened: WidenedColumn[];
  /** `read_csv(...)` with the resolved dialect and explicit column types (`auto_detect=false`). */
  sql: string;
}

/** DuckDB's sniffer on the file; `quick` samples only the start (fast first rows), else as read_csv does. */
export function sniffCsvSql(path: string, options: CsvOptions, quick: boolean): string {
  const limits = quick ? `, sample_size=${PREVIEW_SAMPLE_ROWS}, buffer_size=${Math.max(PREVIEW_BUFFER_BYTES, options.maxLineSize ?? 0)}` : '';
  return `SELECT ${SNIFF_SELECT} FROM sniff_csv(${str(path)}${readCsvArgs(options)}${limits})`;
}

export async function sniffCsv(rows: RowsFn, path: string, options: CsvOptions, quick: boolean): Promise<Result<SniffedDialect>> {
  const sniffed = await rows(sniffCsvSql(path, options, quick));
  if (!sniffed.ok) return sniffed;
  const r = sniffed.value[0];
  if (!r) return { ok: false, error: { kind: 'csv', message: 'the CSV sniffer found nothing to read' } };
  return { ok: true, value: dialectFromSniffRow(r) };
}

/** The first sniff: quick, or as read_csv sniffs when the quick one fails. */
export async function sniffFirstRows(rows: RowsFn, path: string, options: CsvOptions): Promise<Result<SniffedDialect>> {
  const quick = await sniffCsv(rows, path, options, true);
  return quick.ok || quick.error.kind === 'cancelled' ? quick : sniffCsv(rows, path, options, false);
}

/** `read_csv(...)` for a dialect (or DuckDB's own sniffing read without one); `extraArgs` as `, name=value, ...`. */
export function csvReadSql(path: string, options: CsvOptions, dialect: SniffedDialect | null, extraArgs = ''): string {
  return dialect ? readCsvResolvedSql(path, options, dialect, undefined, extraArgs) : readCsvSql(path, options, extraArgs);
}

/**
 * THE decision of how to read a CSV file. `sampled` is the first sniff when the caller has made it
 * already (the app, for its first rows); otherwise it is made here.
 */
export async function resolveCsvRead(rows: RowsFn, path: string, options: CsvOptions, sampled?: SniffedDialect): Promise<Result<CsvRead>> {
  let first = sampled;
  if (!first) {
    const sniffed = await sniffFirstRows(rows, path, options);
    if (!sniffed.ok) return sniffed;
    first = sniffed.value;
  }
  const checked = await sniffWholeFile(rows, path, options, first);
  if (!checked.ok) return checked;
  let dialect = checked.value;
  let widened = dialect ? widenedColumns(first, dialect) : [];
  // Whole numbers beyond 2^53 are not exact in a DOUBLE: such columns are read as text instead.
  const inexactSql = dialect ? inexactDoubleFromSql(csvReadSql(path, options, dialect), widened) : null;
  if (dialect && inexactSql) {
    const counts = await rows(inexactSql);
    if (!counts.ok) return counts;
    const inexact = inexactColumns(widened, counts.value[0] ?? []);
    if (inexact.length > 0) {
      dialect = { ...dialect, columns: dialect.columns.map((c) => (inexact.includes(c.name) ? { ...c, type: 'VARCHAR' } : c)) };
      widened = widened.map((w) => (inexact.includes(w.column) ? { ...w, to: 'VARCHAR' } : w));
    }
  }
  return { ok: true, value: { path, options, sampled: first, dialect, widened, sql: csvReadSql(path, options, dialect) } };
}

/** The read that also records the rows "Skip bad rows" drops, in `kept` (run `keepRejectsSql(kept)` right after, same connection). */
export function csvReadWithRejectsSql(read: CsvRead, kept: string): string {
  return csvReadSql(read.path, read.options, read.dialect, rejectsArgs(kept));
}

/** Statements that read every row once, keep the skipped rows in `kept` and leave the row count in the TEMP table `counter`. */
export function countAndKeepRejectsSql(read: CsvRead, kept: string, counter: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${ident(counter)} AS SELECT count(*) FROM ${csvReadWithRejectsSql(read, kept)};${keepRejectsSql(kept)}`;
}

/**
 * What the user must be told about a read: the types sniffed from the first rows only, each widened
 * column with its first misfit (looked up in `relation`, rows numbered as `rowNumbers` says), and the
 * rows "Skip bad rows" dropped (from `kept`, once the rows were read with `csvReadWithRejectsSql`).
 */
export async function csvReadNotes(rows: RowsFn, read: CsvRead, relation: string, rowNumbers: RowNumbers, kept?: string): Promise<Result<string[]>> {
  const notes: string[] = [];
  if (!read.dialect) notes.push('The column types were sniffed from the first rows only: the whole file could not be sniffed.');
  for (const w of read.widened) {
    const misfit = await rows(firstMisfitSql(relation, w, rowNumbers));
    if (!misfit.ok && misfit.error.kind === 'cancelled') return misfit;
    const row = misfit.ok ? misfit.value[0] : undefined;
    notes.push(widenedNote(w, row ? { row: row[0] === null ? null : Number(row[0]), value: String(row[1]) } : null));
  }
  if (kept) {
    const skipped = await skippedRows(rows, kept);
    if (!skipped.ok && skipped.error.kind === 'cancelled') return skipped;
    const note = skipped.ok ? skippedNote(skipped.value) : null;
    if (note) notes.push(note);
  }
  return { ok: true, value: notes };
}
