import type { IngestSource } from '../../../shared/ingest-contract.ts';
import { describeKindConflict, type KindConflict } from '../../../shared/json-rows.ts';
import type { AppError } from '../../../shared/result.ts';
import { ident } from '../../../shared/sql/quote.ts';
import { selectInKeyOrder } from '../describe.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { LoadContext } from '../load-job.ts';
import type { FileSource } from '../types.ts';

/**
 * A JSON file holding an array of objects. The ingest worker scans it first (key order, shape,
 * fields that change kind, all off the UI thread); the engine then reads it into the dataset's
 * table, whose columns are put in the file's key order (the engine's reader sorts them).
 */
export async function loadJson(ctx: LoadContext, ingest: IngestClient, source: FileSource, path: string): Promise<void> {
  const { file } = ctx;
  ctx.datasets.patch(ctx.id, { progress: { label: 'Reading JSON…', fraction: null } });
  const scanned = await ingest.ask({ type: 'json-scan', id: ctx.id, source: ingestSource(source) });
  if (ctx.aborted) return;
  if (scanned.type === 'error') {
    return ctx.fail({ kind: 'json', ...(scanned.line !== undefined ? { line: scanned.line } : {}), message: `${file}${scanned.line !== undefined ? `, line ${scanned.line}` : ''}: ${scanned.message.replace(/^line \d+: /, '')}` });
  }
  if (scanned.type !== 'json-scanned') return ctx.fail({ kind: 'internal', message: `${file}: the file scan gave no answer.` });

  const inserted = await ctx.engine.insertJsonFile(ctx.table, path);
  if (ctx.aborted) return;
  if (!inserted.ok) return ctx.fail(jsonReadError(file, inserted.error, scanned.conflict, 'row'));
  const ordered = await selectInKeyOrder(ctx.engine, ctx.table, scanned.keys);
  if (!ordered.ok) return ctx.fail(ordered.error);
  const reordered = await ctx.engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS ${ordered.value}`, { signal: ctx.signal, origin: 'internal' });
  if (!reordered.ok) return ctx.fail(reordered.error);
  await ctx.publishTable();
}

export function ingestSource(source: FileSource): IngestSource {
  return source.kind === 'blob' ? { kind: 'blob', blob: source.blob, name: source.name } : { kind: 'url', url: source.url, name: source.name };
}

/** The engine's JSON reader error as a sentence that names the file and, where the scan found it, the row and field. */
export function jsonReadError(file: string, error: AppError, conflict: KindConflict | null | undefined, unit: 'row' | 'line'): AppError {
  if (conflict && /Invalid field|Expected .* got|Failed to create table/i.test(error.message)) {
    return { kind: 'json', column: conflict.key, line: conflict.line, message: `${file}: ${describeKindConflict(conflict, unit)}` };
  }
  if (/call stack/i.test(error.message)) return { kind: 'json', message: `${file}: values are nested too deeply for the JSON reader.` };
  // Never an internal table name.
  const message = error.message.replace(/ ?(table )?'?__sluice_[A-Za-z0-9_]+'?:?/g, '').replace(/^Failed to create\s*/, '');
  return { kind: 'json', message: `${file}: cannot be read as JSON rows (${message}).` };
}
