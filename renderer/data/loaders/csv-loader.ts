import { csvOptionsProblem, dialectFromSniffRow, readCsvArgs, readCsvResolvedSql, readCsvSql, SNIFF_SELECT, type CsvOptions } from '../../../shared/csv-options.ts';
import type { AppError, Result } from '../../../shared/result.ts';
import { ident, str } from '../../../shared/sql/quote.ts';
import { csvFixes } from '../csv-errors.ts';
import { scanStructure } from '../csv-structure.ts';
import { countRows, describeRelation } from '../describe.ts';
import type { LoadContext } from '../load-job.ts';
import type { SniffedCsv } from '../types.ts';

/** Rows the first sniff samples: enough for the first rows' types; the full read sniffs as DuckDB does. */
const PREVIEW_SAMPLE_ROWS = 4096;
/** Read buffer for the first sniff and the preview view: DuckDB's default (32 MB) costs ~0.5 s per first read in the browser. */
const PREVIEW_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * A CSV file: first rows at once from a view bound to a quick sniff, then (up to `materializeLimit`
 * bytes) a copy into an engine table in the background; larger files stay on disk.
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
  const created = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${preview}`, { signal });
  if (!created.ok) return failCsv(ctx, created.error);
  // The dataset itself is read the way DuckDB reads the file by default (the CLI reads it the same way).
  const read = readCsvSql(path, options);

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
  if (materialize) {
    const copied = await engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS SELECT * FROM ${read}`, { signal });
    if (!copied.ok) return failCsv(ctx, copied.error);
    await ctx.publishTable();
  } else {
    const view = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${read}`, { signal });
    if (!view.ok) return failCsv(ctx, view.error);
    const final = await describeRelation(engine, ctx.name, signal);
    if (!final.ok) return failCsv(ctx, final.error);
    ctx.datasets.patch(id, (d) => ({ columns: final.value, version: d.version + 1 }));
    const count = await countRows(engine, ctx.name, signal);
    if (!count.ok) return failCsv(ctx, count.error);
    ctx.datasets.patch(id, { rowCount: count.value, rowsAvailable: count.value, progress: null });
  }
}

function failCsv(ctx: LoadContext, error: AppError): void {
  if (error.kind === 'cancelled') return;
  const where = error.line !== undefined ? ` (line ${error.line})` : '';
  ctx.fail({ ...error, message: `${ctx.file}${where}: ${error.message}`, fixes: csvFixes(error) });
}

/** DuckDB's sniffer on the file; `quick` samples only the start (fast first rows), else as read_csv does. */
async function sniffCsv(ctx: LoadContext, path: string, options: CsvOptions, quick: boolean): Promise<Result<SniffedCsv>> {
  const limits = quick ? `, sample_size=${PREVIEW_SAMPLE_ROWS}, buffer_size=${PREVIEW_BUFFER_BYTES}` : '';
  const sql = `SELECT ${SNIFF_SELECT} FROM sniff_csv(${str(path)}${readCsvArgs(options)}${limits})`;
  const rows = await ctx.engine.rows(sql, { signal: ctx.signal });
  if (!rows.ok) return rows;
  const r = rows.value[0];
  if (!r) return { ok: false, error: { kind: 'csv', message: 'the CSV sniffer found nothing to read' } };
  return { ok: true, value: dialectFromSniffRow(r) };
}
