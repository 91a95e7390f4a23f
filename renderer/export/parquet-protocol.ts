import type { ParquetCompression } from '../../shared/export/formats.ts';

/** Messages between the export code and the Parquet worker (`parquet.worker.ts`). */
export type ParquetRequest =
  | { type: 'start'; compression: ParquetCompression }
  /** One batch as Arrow IPC stream bytes. */
  | { type: 'batch'; bytes: Uint8Array }
  | { type: 'end' }
  /** The last chunk was written: the worker may send the next. */
  | { type: 'written' };

export type ParquetReply =
  /** The writer took the last batch: send the next. */
  | { type: 'taken' }
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'done' }
  | { type: 'error'; message: string };
