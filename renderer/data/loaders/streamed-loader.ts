import type { IngestMessage } from '../../../shared/ingest-contract.ts';
import { kindConflictNote } from '../../../shared/json-rows.ts';
import { jsonChunksSql, type ChunkTable, type TypedColumn } from '../../../shared/json-sql.ts';
import type { Result } from '../../../shared/result.ts';
import { ident } from '../../../shared/sql/quote.ts';
import { describeRelation } from '../describe.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { LoadContext } from '../load-job.ts';
import type { FileSource } from '../types.ts';
import { ingestSource } from './json-loader.ts';

/** Text per JSON chunk after the first (the worker holds one chunk's rows at a time). */
const JSON_CHUNK_CHARS = 16 * 1024 * 1024;

export type StreamedKind = 'parquet' | 'ndjson' | 'json';

/**
 * Parquet, JSON and NDJSON, decoded by the ingest worker off the UI thread into Arrow chunks and inserted
 * chunk by chunk: the first rows show as soon as the first chunk is in. Parquet chunks go straight into the
 * dataset's table; JSON chunks each into a table of their own, merged at the end with read_json's types
 * (`shared/json-sql.ts`: each chunk cast to the final types, columns in the file's key order).
 */
export function loadStreamed(ctx: LoadContext, ingest: IngestClient, source: FileSource, kind: StreamedKind): Promise<void> {
  const { id, engine, table, signal, file } = ctx;
  const isJson = kind !== 'parquet';
  const parts: (ChunkTable & { generation: number })[] = [];
  let generation = 0;
  let rowsIn = 0;
  let expectedRows: number | null = null;
  /** JSON: the columns and types of the rows so far. */
  let columnsSoFar: TypedColumn[] = [];
  let ended = false;

  return new Promise<void>((resolve) => {
    const finish = () => {
      ended = true;
      ingest.stopListening(id);
      resolve();
    };
    let queue = Promise.resolve();
    // Cancelled: once the chunk in flight is in, keep the rows loaded so far and say the dataset is partial.
    signal.addEventListener('abort', () => {
      ingest.send({ type: 'cancel', id });
      ingest.stopListening(id);
      queue = queue
        .then(async () => {
          if (ended) return;
          if (isJson) {
            if (parts.length === 0) return;
            const merged = await mergeChunks(ctx, parts, columnsSoFar, 'TRY_CAST');
            if (!merged.ok) return ctx.fail(merged.error);
          } else if (rowsIn === 0) return;
          await ctx.publishPartial(kind === 'parquet' ? expectedRows : null);
        })
        .catch((e: unknown) => ctx.fail({ kind: 'internal', message: `${file}: ${e instanceof Error ? e.message : String(e)}` }))
        .finally(finish);
    }, { once: true });

    const handle = async (m: IngestMessage): Promise<void> => {
      if (signal.aborted) return;
      switch (m.type) {
        case 'meta':
          expectedRows = m.rows;
          ctx.datasets.patch(id, { rowCount: m.rows, progress: { label: `Reading ${m.chunks} row group${m.chunks === 1 ? '' : 's'}…`, fraction: 0 } });
          return;
        case 'restart':
          // A late value changed a column's kind: the worker reads the rows again with the final types.
          // (The first rows stay on show from the first read's chunk until the merge.)
          generation++;
          rowsIn = 0;
          return;
        case 'chunk': {
          const target = isJson ? `${table}_g${m.generation ?? 0}_part${m.index}` : table;
          const inserted = await engine.insertArrowIpc(target, m.arrowIpc, isJson || m.index === 0);
          if (!inserted.ok) {
            ingest.send({ type: 'cancel', id });
            ctx.fail({ ...inserted.error, message: `${file}: ${inserted.error.message}` });
            return finish();
          }
          if (isJson) {
            columnsSoFar = m.columns ?? [];
            parts.push({ table: target, columns: columnsSoFar.map((c) => c.name), generation: m.generation ?? 0 });
          }
          rowsIn += m.rows;
          // Cancelled while this chunk went in: the abort handler publishes what is there.
          if (signal.aborted) return;
          if (m.index === 0 && (m.generation ?? 0) === 0) {
            const select = isJson ? jsonChunksSql(parts, columnsSoFar) : `SELECT * FROM ${ident(table)}`;
            const view = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS ${select}`, { origin: 'internal' });
            const columns = await describeRelation(engine, ctx.name);
            if (!view.ok || !columns.ok) {
              const error = !view.ok ? view.error : !columns.ok ? columns.error : undefined;
              ctx.fail({ kind: 'engine', message: `${file}: ${error?.message ?? 'cannot be read'}` });
              return finish();
            }
            ctx.prefetchFirstPage(columns.value);
            ctx.datasets.patch(id, (d) => ({ status: 'ready', columns: columns.value, storage: 'table', version: d.version + 1 }));
            await ctx.firstRowsShownOrGrace();
            if (signal.aborted) return;
          }
          ctx.datasets.patch(id, (d) => ({
            rowsAvailable: !isJson || (m.index === 0 && generation === 0) ? rowsIn : d.rowsAvailable,
            progress: { label: `Loaded ${rowsIn.toLocaleString('en-US')}${expectedRows !== null ? ` of ${expectedRows.toLocaleString('en-US')}` : ''} rows…`, fraction: m.doneFraction },
          }));
          ingest.send({ type: 'ack', id });
          return;
        }
        case 'done':
          if (isJson) {
            const current = parts.filter((p) => p.generation === generation);
            if (current.length === 0) {
              ctx.fail({ kind: 'json', message: `${file}: the file has no JSON objects.` });
              return finish();
            }
            const merged = await mergeChunks(ctx, parts, m.columns ?? columnsSoFar, 'CAST', generation);
            if (!merged.ok) {
              ctx.fail({ ...merged.error, message: `${file}: ${merged.error.message}` });
              return finish();
            }
            if (m.conflict) {
              const note = kindConflictNote(m.conflict, kind === 'json' ? 'row' : 'line');
              ctx.datasets.patch(id, (d) => ({ notes: [...d.notes, note] }));
            }
            const jsonText = m.jsonText ?? [];
            ctx.datasets.patch(id, () => ({ jsonText }));
          }
          await ctx.publishTable();
          return finish();
        case 'error': {
          const where = m.line !== undefined ? ` line ${m.line}` : '';
          ctx.fail({ kind: isJson ? 'json' : kind, ...(m.line !== undefined ? { line: m.line } : {}), message: `${file}${where ? ',' + where : ''}: ${m.message.replace(/^line \d+: /, '')}` });
          return finish();
        }
      }
    };
    ingest.listen(id, (m) => {
      queue = queue.then(() => handle(m)).catch((e: unknown) => {
        ctx.fail({ kind: 'internal', message: `${file}: ${e instanceof Error ? e.message : String(e)}` });
        finish();
      });
    });
    const from = ingestSource(source);
    ingest.send(kind === 'parquet' ? { type: 'parquet', id, source: from } : { type: 'json', id, source: from, mode: kind === 'json' ? 'array' : 'lines', chunkChars: JSON_CHUNK_CHARS });
  });
}

/** The chunk tables of one read (`generation`, or the latest one) as the dataset's table, cast to `columns`; then every chunk table dropped. */
async function mergeChunks(ctx: LoadContext, parts: (ChunkTable & { generation: number })[], columns: readonly TypedColumn[], cast: 'CAST' | 'TRY_CAST', generation?: number): Promise<Result<void>> {
  const latest = generation ?? Math.max(...parts.map((p) => p.generation));
  const current = parts.filter((p) => p.generation === latest);
  const merged = await ctx.engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS ${jsonChunksSql(current, columns, cast)}`, { origin: 'internal' });
  if (!merged.ok) return merged;
  await ctx.engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${ident(ctx.table)}`, { origin: 'internal' });
  return dropChunks(ctx, parts);
}

function dropChunks(ctx: LoadContext, parts: readonly ChunkTable[]): Promise<Result<void>> {
  if (parts.length === 0) return Promise.resolve({ ok: true, value: undefined });
  return ctx.engine.run(parts.map((p) => `DROP TABLE IF EXISTS ${ident(p.table)};`).join(' '), { origin: 'internal' });
}
