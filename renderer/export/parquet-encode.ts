import { Compression, Table as WasmTable, transformParquetStream, WriterPropertiesBuilder, type RecordBatch as WasmBatch } from 'parquet-wasm/esm';
import type { ParquetCompression } from '../../shared/export/formats.ts';

/**
 * Parquet from Arrow batches with parquet-wasm (DuckDB-WASM cannot write Parquet offline). Batches go in
 * one at a time as Arrow IPC stream bytes (`push` resolves when the writer took the batch, so at most one
 * waits); Parquet bytes come out through `write`, a row group at a time. parquet-wasm must be initialised
 * first. Runs in the export worker (`parquet.worker.ts`) in the app, in-process in tests.
 */

/** DuckDB's own row group size: the writer holds at most this many rows before writing them out. */
const ROW_GROUP_ROWS = 122_880;

const COMPRESSION: Record<ParquetCompression, Compression> = {
  snappy: Compression.SNAPPY,
  zstd: Compression.ZSTD,
  gzip: Compression.GZIP,
  uncompressed: Compression.UNCOMPRESSED,
};

export interface ParquetEncoding {
  push(ipcStream: Uint8Array): Promise<void>;
  /** Resolves when every byte was written. */
  finish(): Promise<void>;
  /** Stop without finishing (a cancelled or failed export). */
  abort?(): void;
}

export function startParquetEncoding(compression: ParquetCompression, write: (bytes: Uint8Array) => Promise<void>): ParquetEncoding {
  const waiting: { bytes: Uint8Array | null; taken: () => void }[] = [];
  let wake: (() => void) | null = null;
  const next = async (): Promise<Uint8Array | null> => {
    while (waiting.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const item = waiting.shift()!;
    item.taken();
    return item.bytes;
  };
  const enqueue = (bytes: Uint8Array | null) =>
    new Promise<void>((taken) => {
      waiting.push({ bytes, taken });
      const w = wake;
      wake = null;
      w?.();
    });

  const input = new ReadableStream<WasmBatch>(
    {
      async pull(controller) {
        const bytes = await next();
        if (bytes === null) return controller.close();
        const table = WasmTable.fromIPCStream(bytes);
        try {
          for (let i = 0; i < table.numBatches; i++) {
            const batch = table.recordBatch(i);
            if (batch) controller.enqueue(batch);
          }
        } finally {
          table.free();
        }
      },
    },
    { highWaterMark: 0 },
  );
  const properties = new WriterPropertiesBuilder().setCompression(COMPRESSION[compression]).setMaxRowGroupSize(ROW_GROUP_ROWS).setCreatedBy('Sluice (parquet-wasm)').build();
  // parquet-wasm reads the first batch (for the schema) before it returns the output stream: not awaited here.
  const drained = (async () => {
    const output = (await transformParquetStream(input, properties)) as ReadableStream<Uint8Array>;
    const reader = output.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      await write(value);
    }
  })();
  // A writer failure ends the stream: later pushes must not wait for a reader that is gone.
  let failure: unknown = null;
  drained.catch((e: unknown) => {
    failure = e;
    for (const item of waiting.splice(0)) item.taken();
  });
  return {
    push: async (bytes) => {
      if (failure !== null) throw failure;
      await Promise.race([enqueue(bytes), drained]);
    },
    finish: async () => {
      if (failure !== null) throw failure;
      void enqueue(null);
      await drained;
    },
  };
}
