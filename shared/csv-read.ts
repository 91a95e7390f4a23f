import { dialectFromSniffRow, readCsvArgs, readCsvResolvedSql, readCsvSql, SNIFF_SELECT, type CsvOptions, type SniffedDialect } from './csv-options.ts';
import { keepRejectsSql, rejectsArgs, skippedNote, skippedRows } from './csv-rejects.ts';
import { firstMisfitSql, inexactColumns, inexactDoubleFromSql, sniffWholeFile, widenedColumns, widenedNote, type RowNumbers, type RowsFn, type WidenedColumn } from './csv-type-check.ts';
import type { Result } from './result.ts';
import { isIntegerType } from './sql-types.ts';
import { ident, str } from './sql/quote.ts';

/**
 * How to read a CSV file, decided once for every engine (the app's DuckDB-WASM, the CLI's native DuckDB):
 * the dialect sniffed from the first rows, the column types checked against the whole file (widened where a
 * later value does not fit; whole numbers a DOUBLE cannot hold exactly read as text), and the final
 * `read_csv(...)` with explicit columns and `auto_detect=false`. Both sides read with that SQL, so they get
 * the same columns, types and values; `csvReadNotes` then says what the user must know (widened columns,
 * skipped rows).
 *
 * Checking the types against the whole file is one plain read of it (`guardedReadSql`), not a whole-file
 * sniff (several times slower): the first rows' types are read with every whole-number column taken as text
 * and converted only when it is one (DuckDB would read `3.75` or `1e3` into a BIGINT as 4 and 1000), so the
 * read fails on the first value that does not fit. Only then is the whole file sniffed, to widen the types.
 */

/** Rows the first sniff samples: enough for the first rows' types. */
export const PREVIEW_SAMPLE_ROWS = 4096;
/** Read buffer of the first rows' view: DuckDB's default (32 MB) costs ~0.5 s per first read in the browser. */
export const PREVIEW_BUFFER_BYTES = 2 * 1024 * 1024;
/**
 * Read buffer of the first sniff: 4,096 rows of a typical file fit in it, and it takes half the time of
 * 2 MB in the browser (measured: ~60 against ~120 ms on the 500 MB benchmark CSV). A file whose first
 * lines do not fit fails this sniff and is sniffed again as read_csv does (`sniffFirstRows`).
 */
export const SNIFF_BUFFER_BYTES = 512 * 1024;

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
  /** The file's rows, when deciding the read counted them (the guarded read). */
  rowCount?: number;
}

/** Whole numbers as DuckDB's integer types accept them without changing them (no fraction, exponent, `_` or hex). */
const WHOLE_NUMBER = '\\s*[+-]?[0-9]+\\s*';
/** The guarded read's error when a value does not fit its column's type (the read then widens the types). */
export const MISFIT_ERROR = 'a value does not fit the type sniffed from the first rows';

/**
 * The rows of `read_csv` with the first rows' dialect, as the typed read gives them when every value fits
 * its column's type, and an error on the first one that does not: whole-number columns are read as text
 * and converted only when they hold a whole number (anything else fails); the other typed columns fail in
 * the reader itself. A FROM item (a parenthesised query).
 */
export function guardedReadSql(path: string, options: CsvOptions, dialect: SniffedDialect): string {
  const asText = { ...dialect, columns: dialect.columns.map((c) => (isIntegerType(c.type) ? { ...c, type: 'VARCHAR' } : c)) };
  const select = dialect.columns.map((c) => {
    if (!isIntegerType(c.type)) return ident(c.name);
    const col = ident(c.name);
    return `CASE WHEN ${col} IS NULL THEN NULL WHEN regexp_full_match(${col}, ${str(WHOLE_NUMBER)}) THEN CAST(${col} AS ${c.type}) ELSE error(${str(`${MISFIT_ERROR}: column ${c.name} is ${c.type}`)}) END AS ${col}`;
  });
  return `(SELECT ${select.join(', ')} FROM ${readCsvResolvedSql(path, options, asText)})`;
}

/** Whether the first rows' types can be read with the guard (without "Skip bad rows", which would drop the rows that do not fit). */
export function canGuardRead(options: CsvOptions): boolean {
  return !options.ignoreErrors;
}

/** The read of the first rows' dialect, taken as holding for the whole file (after the guarded read passed). */
export function sampledCsvRead(path: string, options: CsvOptions, sampled: SniffedDialect, rowCount?: number): CsvRead {
  return { path, options, sampled, dialect: sampled, widened: [], sql: csvReadSql(path, options, sampled), ...(rowCount !== undefined ? { rowCount } : {}) };
}

/** DuckDB's sniffer on the file; `quick` samples only the start (fast first rows), else as read_csv does. */
export function sniffCsvSql(path: string, options: CsvOptions, quick: boolean): string {
  const limits = quick ? `, sample_size=${PREVIEW_SAMPLE_ROWS}, buffer_size=${Math.max(SNIFF_BUFFER_BYTES, options.maxLineSize ?? 0)}` : '';
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
  if (canGuardRead(options)) {
    // One read of every value (each column is counted, so none is skipped): the first rows' types hold, or it fails.
    const guarded = guardedReadSql(path, options, first);
    const counted = await rows(`SELECT count(*), ${first.columns.map((c) => `count(${ident(c.name)})`).join(', ')} FROM ${guarded}`);
    if (counted.ok) return { ok: true, value: sampledCsvRead(path, options, first, Number(counted.value[0]?.[0] ?? 0)) };
    if (counted.error.kind === 'cancelled') return counted;
  }
  return resolveCsvReadWholeFile(rows, path, options, first);
}

/**
 * THE decision, made while copying the rows into a table (the app's load; the CLI when checks read a source
 * several times): the copy is the guarded read, so it is the type check and costs no pass of its own. Only when a
 * value does not fit (or the read cannot be guarded) is the whole file sniffed (`onWholeFile` is told first) and
 * the copy made again from the wider read. `copy` creates the table from `from`, a relation for `FROM`; it is given
 * the read on that second copy (to keep skipped rows, say).
 */
export async function copyCsvRead(
  rows: RowsFn,
  path: string,
  options: CsvOptions,
  sampled: SniffedDialect,
  copy: (from: string, read: CsvRead | null) => Promise<Result<void>>,
  onWholeFile?: () => void,
): Promise<Result<CsvRead>> {
  if (canGuardRead(options)) {
    const guarded = await copy(guardedReadSql(path, options, sampled), null);
    if (guarded.ok) return { ok: true, value: sampledCsvRead(path, options, sampled) };
    if (guarded.error.kind === 'cancelled') return guarded;
  }
  onWholeFile?.();
  const resolved = await resolveCsvReadWholeFile(rows, path, options, sampled);
  if (!resolved.ok) return resolved;
  const copied = await copy(resolved.value.sql, resolved.value);
  return copied.ok ? resolved : copied;
}

/** The slow way, when a value does not fit the first rows' types (or the rows are read skipping bad ones): the whole file is sniffed. */
export async function resolveCsvReadWholeFile(rows: RowsFn, path: string, options: CsvOptions, first: SniffedDialect): Promise<Result<CsvRead>> {
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
