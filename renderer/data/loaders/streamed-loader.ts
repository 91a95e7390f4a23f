import type { IngestMessage } from '../../../shared/ingest-contract.ts';
import type { Result } from '../../../shared/result.ts';
import { ident } from '../../../shared/sql/quote.ts';
import { describeRelation, selectInKeyOrder } from '../describe.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { LoadContext } from '../load-job.ts';
import type { FileSource } from '../types.ts';
import { ingestSource, jsonReadError } from './json-loader.ts';

const NDJSON_CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Parquet and NDJSON, decoded by the ingest worker off the UI thread and inserted chunk by chunk:
 * the first rows show as soon as the first chunk is in.
 */
export function loadStreamed(ctx: LoadContext, ingest: IngestClient, source: FileSource, kind: 'parquet' | 'ndjson'): Promise<void> {
  const { id, engine, table, signal, file } = ctx;
  const chunkTables: string[] = [];
  let rowsIn = 0;
  let expectedRows: number | null = null;
  /** The file's keys in order (NDJSON), as far as read. */
  let keys: string[] = [];
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
          if (kind === 'ndjson') {
            if (chunkTables.length === 0) return;
            const merged = await mergeChunks(ctx, chunkTables, keys);
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
        case 'chunk': {
          const inserted = m.arrowIpc
            ? await engine.insertArrowIpc(table, m.arrowIpc, m.index === 0)
            : await insertJsonChunk(ctx, m.index, m.jsonArray ?? new Uint8Array(), chunkTables);
          if (!inserted.ok) {
            ingest.send({ type: 'cancel', id });
            ctx.fail(kind === 'ndjson' ? jsonReadError(file, inserted.error, m.conflict, 'line') : inserted.error);
            return finish();
          }
          rowsIn += m.rows;
          keys = m.keys ?? keys;
          // Cancelled while this chunk went in: the abort handler publishes what is there.
          if (signal.aborted) return;
          if (m.index === 0) {
            const first = kind === 'parquet' ? table : chunkTables[0]!;
            const select = await selectInKeyOrder(engine, first, keys);
            const view = select.ok ? await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS ${select.value}`, { origin: 'internal' }) : select;
            const columns = await describeRelation(engine, ctx.name);
            if (!view.ok || !columns.ok) {
              const error = !view.ok ? view.error : !columns.ok ? columns.error : undefined;
              ctx.fail({ kind: 'engine', message: `${file}: ${error?.message ?? 'cannot be read'}` });
              return finish();
            }
            ctx.datasets.patch(id, (d) => ({ status: 'ready', columns: columns.value, storage: 'table', version: d.version + 1 }));
            await ctx.firstRowsShownOrGrace();
            if (signal.aborted) return;
          }
          ctx.datasets.patch(id, (d) => ({
            rowsAvailable: kind === 'parquet' ? rowsIn : chunkTables.length === 1 ? rowsIn : d.rowsAvailable,
            progress: { label: `Loaded ${rowsIn.toLocaleString('en-US')}${expectedRows !== null ? ` of ${expectedRows.toLocaleString('en-US')}` : ''} rows…`, fraction: m.doneFraction },
          }));
          ingest.send({ type: 'ack', id });
          return;
        }
        case 'done':
          if (kind === 'ndjson') {
            const merged = await mergeChunks(ctx, chunkTables, m.keys ?? keys);
            if (!merged.ok) {
              ctx.fail(merged.error);
              return finish();
            }
            if (chunkTables.length === 0) {
              ctx.fail({ kind: 'json', message: `${file}: the file has no JSON objects.` });
              return finish();
            }
          }
          await ctx.publishTable();
          return finish();
        case 'error': {
          const where = m.line !== undefined ? ` line ${m.line}` : '';
          ctx.fail({ kind, ...(m.line !== undefined ? { line: m.line } : {}), message: `${file}${where ? ',' + where : ''}: ${m.message.replace(/^line \d+: /, '')}` });
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
    ingest.send(kind === 'parquet' ? { type: 'parquet', id, source: from } : { type: 'ndjson', id, source: from, chunkBytes: NDJSON_CHUNK_BYTES });
  });
}

async function insertJsonChunk(ctx: LoadContext, index: number, bytes: Uint8Array, chunkTables: string[]): Promise<Result<void>> {
  const path = `f${ctx.id}_chunk${index}.json`;
  const table = `${ctx.table}_part${index}`;
  await ctx.engine.db.registerFileBuffer(path, bytes);
  try {
    const inserted = await ctx.engine.insertJsonFile(table, path);
    if (inserted.ok) chunkTables.push(table);
    return inserted;
  } finally {
    await ctx.engine.db.dropFile(path);
  }
}

/** The chunk tables as the dataset's table, its columns in the file's key order (the engine's reader sorts them). */
async function mergeChunks(ctx: LoadContext, parts: string[], keys: readonly string[]): Promise<Result<void>> {
  if (parts.length === 0) return { ok: true, value: undefined };
  const union = parts.map((p) => `SELECT * FROM ${ident(p)}`).join(' UNION ALL BY NAME ');
  const staged = `${ctx.table}_merged`;
  const unioned = await ctx.engine.run(`CREATE OR REPLACE TABLE ${ident(staged)} AS ${union}`, { origin: 'internal' });
  if (!unioned.ok) return unioned;
  const ordered = await selectInKeyOrder(ctx.engine, staged, keys);
  if (!ordered.ok) return ordered;
  const merged = await ctx.engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS ${ordered.value}; DROP TABLE ${ident(staged)};`, { origin: 'internal' });
  if (!merged.ok) return merged;
  return ctx.engine.run(parts.map((p) => `DROP TABLE IF EXISTS ${ident(p)};`).join(' '), { origin: 'internal' });
}
