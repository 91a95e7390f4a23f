import { csvOptionsProblem, readCsvResolvedSql, type CsvOptions } from '../../../shared/csv-options.ts';
import { keepRejectsSql } from '../../../shared/csv-rejects.ts';
import { copyCsvRead, countAndKeepRejectsSql, csvReadNotes, csvReadWithRejectsSql, PREVIEW_BUFFER_BYTES, resolveCsvRead, sniffFirstRows, type CsvRead } from '../../../shared/csv-read.ts';
import type { RowsFn } from '../../../shared/csv-type-check.ts';
import type { AppError } from '../../../shared/result.ts';
import { ident } from '../../../shared/sql/quote.ts';
import { csvFixes } from '../csv-errors.ts';
import { scanStructure } from '../csv-structure.ts';
import { describeRelation } from '../describe.ts';
import type { LoadContext } from '../load-job.ts';

/**
 * A CSV file: first rows at once from a view bound to a quick sniff. Then, in the background, (up to
 * `materializeLimit` bytes) the file is copied into an engine table by a read that checks every value
 * against the sniffed types; where one does not fit, the types are widened from the whole file (and the
 * user told) and the copy made again. Larger files stay on disk, checked and counted in one read. With "Skip bad rows", the skipped lines are recorded and reported.
 */
export async function loadCsv(ctx: LoadContext, path: string, options: CsvOptions, materializeLimit: number): Promise<void> {
  const ds = ctx.datasets.dataset(ctx.id);
  if (!ds) return;
  const { id, engine, signal, file } = ctx;
  const problem = csvOptionsProblem(options);
  if (problem) return ctx.fail({ kind: 'options', message: `${file}: ${problem}` });
  ctx.datasets.patch(id, { csvOptions: options, status: 'loading', error: null, notes: [], progress: { label: 'Detecting the CSV dialect…', fraction: null } });

  const sniffed = await sniffFirstRows(rowsOf(ctx), path, options);
  const structural = ctx.job.source ? await scanStructure(ctx.job.source, file, options, sniffed.ok ? sniffed.value : null) : null;
  if (structural) return ctx.fail(structural);
  if (!sniffed.ok) return failCsv(ctx, sniffed.error);

  // First rows at once: a view bound to the dialect just sniffed (no sniffing on each query).
  const preview = readCsvResolvedSql(path, options, sniffed.value, ds.size > PREVIEW_BUFFER_BYTES ? PREVIEW_BUFFER_BYTES : undefined);
  const created = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${preview}`, { signal, origin: 'internal' });
  if (!created.ok) return failCsv(ctx, created.error);
  const materialize = ds.size <= materializeLimit;
  ctx.prefetchFirstPage(sniffed.value.columns);
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
  const kept = options.ignoreErrors ? rejectsTable(id) : undefined;
  let read: CsvRead;
  let relation: string;
  if (materialize) {
    // The copy itself checks every value against the first rows' types (shared/csv-read.ts); only when one
    // does not fit is the whole file sniffed and copied again with wider types.
    const copied = await copyCsvRead(rowsOf(ctx), path, options, sniffed.value, (from, wider) => {
      if (wider) ctx.datasets.patch(id, { progress: { label: 'Loading all rows…', fraction: null } });
      const rejects = wider && kept ? { from: csvReadWithRejectsSql(wider, kept), after: keepRejectsSql(kept) } : { from, after: '' };
      return engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS SELECT * FROM ${rejects.from};${rejects.after}`, { signal, origin: 'internal' });
    }, () => ctx.datasets.patch(id, { progress: { label: 'Checking column types in the whole file…', fraction: null } }));
    if (!copied.ok) return failCsv(ctx, copied.error);
    read = copied.value;
    relation = ctx.table;
  } else {
    // The same decision the CLI makes (shared/csv-read.ts): types checked against the whole file, rows counted.
    const resolved = await resolveCsvRead(rowsOf(ctx), path, options, sniffed.value);
    if (!resolved.ok) return failCsv(ctx, resolved.error);
    read = resolved.value;
    const view = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${read.sql}`, { signal, origin: 'internal' });
    if (!view.ok) return failCsv(ctx, view.error);
    const final = await describeRelation(engine, ctx.name, signal);
    if (!final.ok) return failCsv(ctx, final.error);
    ctx.datasets.patch(id, (d) => ({ columns: final.value, version: d.version + 1 }));
    // Counting reads every row: it is also where skipped rows are recorded.
    // (The count goes through a temporary table of the same connection, as the skipped rows do.)
    let count = read.rowCount;
    if (count === undefined || kept) {
      const counter = `__sluice_count_${id}`;
      const counted = kept
        ? await engine.rows(`${countAndKeepRejectsSql(read, kept, counter)} SELECT * FROM ${ident(counter)}`, { signal, origin: 'internal' })
        : await engine.rows(`SELECT count(*) FROM ${read.sql}`, { signal, origin: 'internal' });
      if (!counted.ok) return failCsv(ctx, counted.error);
      count = Number(counted.value[0]?.[0] ?? 0);
    }
    ctx.datasets.patch(id, { rowCount: count, rowsAvailable: count, progress: null });
    relation = ctx.name;
  }

  // A large file stays a view: its misfits are named by value only (numbering its rows would read it all again).
  const notes = await csvReadNotes(rowsOf(ctx), read, relation, materialize ? 'rowid' : 'none', kept);
  if (ctx.aborted) return;
  if (materialize) await ctx.publishTable();
  if (notes.ok && notes.value.length > 0 && !ctx.aborted) ctx.datasets.patch(id, (d) => ({ notes: [...d.notes, ...notes.value] }));
}

/** The engine's rows for this load (cancelled with it), for the checks in shared/. */
function rowsOf(ctx: LoadContext): RowsFn {
  return (sql) => ctx.engine.rows(sql, { signal: ctx.signal, origin: 'internal' });
}

/** Where a dataset's skipped rows are kept (dropped with the dataset). */
export const rejectsTable = (id: number): string => `__sluice_rejects_${id}`;

function failCsv(ctx: LoadContext, error: AppError): void {
  if (error.kind === 'cancelled') return;
  const where = error.line !== undefined ? ` (line ${error.line})` : '';
  ctx.fail({ ...error, message: `${ctx.file}${where}: ${error.message}`, fixes: csvFixes(error) });
}
