import { copyCsvRead, countAndKeepRejectsSql, csvReadNotes, resolveCsvRead, sniffFirstRows } from '../shared/csv-read.ts';
import type { CsvOptions } from '../shared/csv-options.ts';
import type { RowsFn } from '../shared/csv-type-check.ts';
import type { Result } from '../shared/result.ts';
import { ident } from '../shared/sql/quote.ts';
import type { NativeEngine } from './engine.ts';

/**
 * A CSV source as the app reads it: the same decision (`shared/csv-read.ts`: first-rows sniff, types checked
 * against the whole file, explicit columns and `auto_detect=false`), so a late `3.75` in a column of whole
 * numbers is a DOUBLE here as in the app, never a silently rounded BIGINT. The notes the app shows on the
 * dataset (widened columns, skipped rows) are returned, for the CLI to log as warnings.
 */
export async function createCsvSource(engine: NativeEngine, name: string, path: string, options: CsvOptions, index: number, materialize = false): Promise<Result<string[]>> {
  const rows: RowsFn = (sql) => engine.runOne(sql);
  if (materialize && !options.ignoreErrors) return createCsvTable(engine, rows, name, path, options);
  const resolved = await resolveCsvRead(rows, path, options);
  if (!resolved.ok) return resolved;
  const read = resolved.value;
  const created = await engine.exec(`CREATE TEMP VIEW ${ident(name)} AS SELECT * FROM ${read.sql}`);
  if (!created.ok) return created;
  // "Skip bad rows": one read records what it skips, to say how many rows and which lines.
  const kept = options.ignoreErrors ? `__sluice_rejects_${index}` : undefined;
  const counter = `__sluice_count_${index}`;
  if (kept) {
    const counted = await engine.exec(countAndKeepRejectsSql(read, kept, counter));
    if (!counted.ok) return counted;
  }
  const notes = await csvReadNotes(rows, read, name, 'counted', kept);
  if (kept) await engine.exec(`DROP TABLE IF EXISTS ${ident(kept)}; DROP TABLE IF EXISTS ${ident(counter)};`);
  return notes;
}

/**
 * The source copied once into a temporary table, for a run that reads it several times (each check is a
 * query): the same decision and notes as the view, made while copying (`copyCsvRead`, as the app loads).
 * DuckDB spills the table to the run's private temporary directory when memory runs short.
 */
async function createCsvTable(engine: NativeEngine, rows: RowsFn, name: string, path: string, options: CsvOptions): Promise<Result<string[]>> {
  const sniffed = await sniffFirstRows(rows, path, options);
  if (!sniffed.ok) return sniffed;
  const read = await copyCsvRead(rows, path, options, sniffed.value, (from) => engine.exec(`CREATE OR REPLACE TEMP TABLE ${ident(name)} AS SELECT * FROM ${from}`));
  if (!read.ok) return read;
  return csvReadNotes(rows, read.value, name, 'rowid');
}
