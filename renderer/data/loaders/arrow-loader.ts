import * as arrow from 'apache-arrow';
import { errorMessage } from '../../../shared/result.ts';
import { openStream, readAll, readHead } from '../file-source.ts';
import type { LoadContext } from '../load-job.ts';
import type { FileSource } from '../types.ts';

/** Rows gathered from Arrow batches before each insert into the engine. */
const ARROW_CHUNK_ROWS = 256 * 1024;

/** Arrow IPC, file and stream format: read batch by batch (the stream lazily) into the dataset's table. */
export async function loadArrow(ctx: LoadContext, source: FileSource): Promise<void> {
  const { engine, table, signal } = ctx;
  ctx.datasets.patch(ctx.id, { progress: { label: 'Reading Arrow batches…', fraction: 0 } });
  try {
    const isFileFormat = new TextDecoder().decode(await readHead(source, 6)) === 'ARROW1';
    // The stream format is read lazily, batch by batch; the file format needs random access
    // to its footer, so it is read into memory once (transiently).
    const reader = isFileFormat ? arrow.RecordBatchReader.from(new Uint8Array(await readAll(source))) : await arrow.RecordBatchReader.from(await openStream(source, 0));
    let pending: arrow.RecordBatch[] = [];
    let pendingRows = 0;
    let created = false;
    let rows = 0;
    const flush = async () => {
      if (pending.length === 0 && created) return;
      const chunk = pending.length > 0 ? new arrow.Table(pending) : new arrow.Table(reader.schema);
      const inserted = await engine.insertArrowIpc(table, arrow.tableToIPC(chunk, 'stream'), !created);
      if (!inserted.ok) throw new Error(inserted.error.message);
      created = true;
      rows += pendingRows;
      pending = [];
      pendingRows = 0;
      ctx.datasets.patch(ctx.id, { progress: { label: `Loaded ${rows.toLocaleString('en-US')} rows…`, fraction: null } });
    };
    for await (const batch of reader) {
      // Cancelled: keep the batches already in, and say the dataset is partial.
      if (signal.aborted) return created ? await ctx.publishPartial(null) : undefined;
      pending.push(batch);
      pendingRows += batch.numRows;
      if (pendingRows >= ARROW_CHUNK_ROWS) await flush();
    }
    await flush();
  } catch (e) {
    if (signal.aborted) return;
    return ctx.fail({ kind: 'arrow', message: `${ctx.file}: not a readable Arrow IPC file (${errorMessage(e)}).` });
  }
  await ctx.publishTable();
}
