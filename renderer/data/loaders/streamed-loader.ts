import type { IngestMessage, IngestSource } from '../../../shared/ingest-contract.ts';
import type { Result } from '../../../shared/result.ts';
import { ident } from '../../../shared/sql/quote.ts';
import { describeRelation } from '../describe.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { LoadContext } from '../load-job.ts';
import type { FileSource } from '../types.ts';

const NDJSON_CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Parquet and NDJSON, decoded by the ingest worker off the UI thread and inserted chunk by chunk:
 * the first rows show as soon as the first chunk is in.
 */
export function loadStreamed(ctx: LoadContext, ingest: IngestClient, source: FileSource, kind: 'parquet' | 'ndjson'): Promise<void> {
  const { id, engine, table, signal, file } = ctx;
  const ingestSource: IngestSource = source.kind === 'blob' ? { kind: 'blob', blob: source.blob, name: file } : { kind: 'url', url: source.url, name: file };
  const chunkTables: string[] = [];
  let rowsIn = 0;
  let expectedRows: number | null = null;

  return new Promise<void>((resolve) => {
    const finish = () => {
      ingest.stopListening(id);
      resolve();
    };
    signal.addEventListener('abort', () => {
      ingest.send({ type: 'cancel', id });
      finish();
    }, { once: true });

    let queue = Promise.resolve();
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
            ctx.fail(inserted.error);
            return finish();
          }
          rowsIn += m.rows;
          if (m.index === 0) {
            const first = kind === 'parquet' ? table : chunkTables[0]!;
            const view = await engine.run(`CREATE OR REPLACE VIEW ${ident(ctx.name)} AS SELECT * FROM ${ident(first)}`);
            const columns = await describeRelation(engine, first);
            if (!view.ok || !columns.ok) {
              const error = !view.ok ? view.error : !columns.ok ? columns.error : undefined;
              ctx.fail({ kind: 'engine', message: `${file}: ${error?.message ?? 'cannot be read'}` });
              return finish();
            }
            ctx.datasets.patch(id, (d) => ({ status: 'ready', columns: columns.value, storage: 'table', version: d.version + 1 }));
            await ctx.firstRowsShownOrGrace();
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
            const merged = await mergeChunks(ctx, chunkTables);
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
    ingest.send(kind === 'parquet' ? { type: 'parquet', id, source: ingestSource } : { type: 'ndjson', id, source: ingestSource, chunkBytes: NDJSON_CHUNK_BYTES });
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

async function mergeChunks(ctx: LoadContext, parts: string[]): Promise<Result<void>> {
  if (parts.length === 0) return { ok: true, value: undefined };
  const union = parts.map((p) => `SELECT * FROM ${ident(p)}`).join(' UNION ALL BY NAME ');
  const merged = await ctx.engine.run(`CREATE OR REPLACE TABLE ${ident(ctx.table)} AS ${union}`);
  if (!merged.ok) return merged;
  return ctx.engine.run(parts.map((p) => `DROP TABLE IF EXISTS ${ident(p)};`).join(' '));
}
