import { csvOptionsProblem, dialectFromSniffRow, readCsvArgs, readCsvResolvedSql, readCsvSql, SNIFF_SELECT, type CsvOptions } from '../../../shared/csv-options.ts';
import { keepRejectsSql, rejectsArgs, skippedNote, skippedRows } from '../../../shared/csv-rejects.ts';
import { firstMisfitSql, inexactColumns, inexactDoubleSql, sniffWholeFile, widenedColumns, widenedNote, type RowsFn, type WidenedColumn } from '../../../shared/csv-type-check.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { ident, str } from '../../../shared/sql/quote.ts';
import { csvFixes } from '../csv-errors.ts';
import { scanStructure } from '../csv-structure.ts';
import { describeRelation } from '../describe.ts';
import type { LoadContext } from '../load-job.ts';
import type { SniffedCsv } from '../types.ts';

/** Rows the first sniff samples: enough for the first rows' types; the full read sniffs as DuckDB does. */
const PREVIEW_SAMPLE_ROWS = 4096;
/** Read buffer for the first sniff and the preview view: DuckDB's default (32 MB) costs ~0.5 s per first read in the browser. */
const PREVIEW_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * A CSV file: first rows at once from a view bound to a quick sniff. Then, in the background, the
 * column types are checked against the whole file (widened where a later value does not fit, and
 * the user told), and (up to `materializeLimit` bytes) the file is copied into an engine table;
 * larger files stay on disk. With "Skip bad rows", the skipped lines are recorded and reported.
 */
export async function loadCsv(ctx: LoadContext, path: string, options: CsvOptions, materializeLimit: number): Promise<void> {
  const ds = ctx.datasets.dataset(ctx.id);
  if (!ds) return;
  const { id, engine, signal, file } = ctx;
  const problem = csvOptionsProblem(options);
  if (problem) return ctx.fail({ kind: 'options', message: `${file}: ${problem}` });
  ctx.datasets.patch(id, { csvOptions: options, status: 'loading', error: null, notes: [], progress: { label: 'Detecting the CSV dialect…', fraction: null } });

  let sniffed = await sniffCsv(ctx, path, options, true);
  if (!sniffed.ok && sniffed.error.kind !== 'cancelled') sniffed = await sniffCsv(ctx, path, options, false);
  const structural = ctx.job.source ? await scanStructure(ctx.job.source, file, options, sniffed.ok ? sniffed.value : null) : null;
  if (structural) return ctx.fail(structural);
  if (!sniffed.ok) return failCsv(ctx, sniffed.error);

  // First rows at once: a view bound to the dialect just sniffed (no sniffing on each query).
  const preview = readCsvResolvedSql(path, options, sniffed.value, ds.size > PREVIEW_BUFFER_BYTES ? PREVIEW_BUFFER_BYTES : undefined);
  const created = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${preview}`, { signal, origin: 'internal' });
  if (!created.ok) return failCsv(ctx, created.error);
  const materialize = ds.size <= materializeLimit;
  ctx.datasets.patch(id, (d) => ({
    status: 'ready',
    sniffed: sniffed.value,
    columns: sniffed.value.columns,
    storage: 'file',
    rowCount: null,
    rowsAvailable: null,
    version: d.version + 1,
    notes: materialize ? [] : [`${file} is large: it stays on disk and each query reads it.`],
    progress: { label: materialize ? 'Loading all rows…' : 'Counting rows…', fraction: null },
  }));

  await ctx.firstRowsShownOrGrace();
  ctx.datasets.patch(id, { progress: { label: 'Checking column types in the whole file…', fraction: null } });
  const checked = await sniffWholeFile(rowsOf(ctx), path, options, sniffed.value);
  if (!checked.ok) return failCsv(ctx, checked.error);
  // Where the whole file cannot be sniffed, DuckDB's own read names the offending line.
  let whole = checked.value;
  let widened = whole ? widenedColumns(sniffed.value, whole) : [];
  const read = (dialect: SniffedCsv | null, kept?: string) => {
    const extra = kept ? rejectsArgs(kept) : '';
    return dialect ? readCsvResolvedSql(path, options, dialect, undefined, extra) : readCsvSql(path, options, extra);
  };
  const kept = options.ignoreErrors ? rejectsTable(id) : undefined;
  const label = materialize ? 'Loading all rows…' : 'Counting rows…';
  ctx.datasets.patch(id, { progress: { label, fraction: null } });

  let relation: string;
  if (materialize) {
    const copy = () => engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS SELECT * FROM ${read(whole, kept)};${kept ? keepRejectsSql(kept) : ''}`, { signal, origin: 'internal' });
    const copied = await copy();
    if (!copied.ok) return failCsv(ctx, copied.error);
    // Whole numbers beyond 2^53 are not exact in a DOUBLE: such columns are read as text instead.
    const inexact = await inexactAfterWidening(ctx, ctx.table, widened);
    if (inexact === null) return;
    if (inexact.length > 0 && whole) {
      whole = { ...whole, columns: whole.columns.map((c) => (inexact.includes(c.name) ? { ...c, type: 'VARCHAR' } : c)) };
      widened = widened.map((w) => (inexact.includes(w.column) ? { ...w, to: 'VARCHAR' } : w));
      const again = await copy();
      if (!again.ok) return failCsv(ctx, again.error);
    }
    relation = ctx.table;
  } else {
    const view = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${read(whole)}`, { signal, origin: 'internal' });
    if (!view.ok) return failCsv(ctx, view.error);
    const inexact = await inexactAfterWidening(ctx, ctx.name, widened);
    if (inexact === null) return;
    if (inexact.length > 0 && whole) {
      whole = { ...whole, columns: whole.columns.map((c) => (inexact.includes(c.name) ? { ...c, type: 'VARCHAR' } : c)) };
      widened = widened.map((w) => (inexact.includes(w.column) ? { ...w, to: 'VARCHAR' } : w));
      const again = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${read(whole)}`, { signal, origin: 'internal' });
      if (!again.ok) return failCsv(ctx, again.error);
    }
    relation = ctx.name;
  }

  const notes: string[] = [];
  if (!whole) notes.push('The column types were sniffed from the first rows only: the whole file could not be sniffed.');
  for (const w of widened) {
    const misfit = await engine.rows(firstMisfitSql(relation, w, materialize), { signal, origin: 'internal' });
    if (ctx.aborted) return;
    const row = misfit.ok ? misfit.value[0] : undefined;
    notes.push(widenedNote(w, row ? { row: row[0] === null ? null : Number(row[0]), value: String(row[1]) } : null));
  }

  if (materialize) {
    await ctx.publishTable();
  } else {
    const final = await describeRelation(engine, ctx.name, signal);
    if (!final.ok) return failCsv(ctx, final.error);
    ctx.datasets.patch(id, (d) => ({ columns: final.value, version: d.version + 1 }));
    // Counting reads every row: it is also where skipped rows are recorded.
    // (The count goes through a temporary table of the same connection, as the skipped rows do.)
    const counter = ident(`__sluice_count_${id}`);
    const counted = kept
      ? await engine.rows(`CREATE OR REPLACE TEMP TABLE ${counter} AS SELECT count(*) FROM ${read(whole, kept)};${keepRejectsSql(kept)} SELECT * FROM ${counter}`, { signal, origin: 'internal' })
      : await engine.rows(`SELECT count(*) FROM ${read(whole)}`, { signal, origin: 'internal' });
    if (!counted.ok) return failCsv(ctx, counted.error);
    const count = Number(counted.value[0]?.[0] ?? 0);
    ctx.datasets.patch(id, { rowCount: count, rowsAvailable: count, progress: null });
  }
  if (kept) {
    const skipped = await skippedRows(rowsOf(ctx), kept);
    const note = skipped.ok ? skippedNote(skipped.value) : null;
    if (note) notes.push(note);
  }
  if (notes.length > 0 && !ctx.aborted) ctx.datasets.patch(id, (d) => ({ notes: [...d.notes, ...notes] }));
}

/** The engine's rows for this load (cancelled with it), for the checks in shared/. */
function rowsOf(ctx: LoadContext): RowsFn {
  return (sql) => ctx.engine.rows(sql, { signal: ctx.signal, origin: 'internal' });
}

/** The widened columns whose values a DOUBLE may have changed; null when the load failed or was cancelled. */
async function inexactAfterWidening(ctx: LoadContext, relation: string, widened: WidenedColumn[]): Promise<string[] | null> {
  const sql = inexactDoubleSql(relation, widened);
  if (!sql) return [];
  const counts = await ctx.engine.rows(sql, { signal: ctx.signal, origin: 'internal' });
  if (!counts.ok) {
    failCsv(ctx, counts.error);
    return null;
  }
  return inexactColumns(widened, counts.value[0] ?? []);
}

/** Where a dataset's skipped rows are kept (dropped with the dataset). */
export const rejectsTable = (id: number): string => `__sluice_rejects_${id}`;

function failCsv(ctx: LoadContext, error: AppError): void {
  if (error.kind === 'cancelled') return;
  const where = error.line !== undefined ? ` (line ${error.line})` : '';
  ctx.fail({ ...error, message: `${ctx.file}${where}: ${error.message}`, fixes: csvFixes(error) });
}

/** DuckDB's sniffer on the file; `quick` samples only the start (fast first rows), else as read_csv does. */
async function sniffCsv(ctx: LoadContext, path: string, options: CsvOptions, quick: boolean): Promise<Result<SniffedCsv>> {
  const limits = quick ? `, sample_size=${PREVIEW_SAMPLE_ROWS}, buffer_size=${Math.max(PREVIEW_BUFFER_BYTES, options.maxLineSize ?? 0)}` : '';
  const sql = `SELECT ${SNIFF_SELECT} FROM sniff_csv(${str(path)}${readCsvArgs(options)}${limits})`;
  const rows = await ctx.engine.rows(sql, { signal: ctx.signal, origin: 'internal' });
  if (!rows.ok) return rows;
  const r = rows.value[0];
  if (!r) return { ok: false, error: { kind: 'csv', message: 'the CSV sniffer found nothing to read' } };
  return { ok: true, value: dialectFromSniffRow(r) };
}
