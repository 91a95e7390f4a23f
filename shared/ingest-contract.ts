import type { KindConflict } from './json-rows.ts';

/**
 * The contract between the UI thread and the ingest worker, which decodes files DuckDB-WASM
 * cannot read by itself offline (Parquet, NDJSON) into chunks the engine can insert.
 */

/**
 * A browser Blob as seen from shared/, which has no DOM types: both sides of this contract
 * run in the browser, where it is a real Blob (checked with instanceof on arrival).
 */
export interface BlobLike {
  readonly size: number;
  readonly type: string;
}

/** A file as the worker can read it: a Blob (web, drag-and-drop) or a URL with range requests (desktop). */
export type IngestSource = { kind: 'blob'; blob: BlobLike; name: string } | { kind: 'url'; url: string; name: string };

export type IngestRequest =
  | { type: 'parquet'; id: number; source: IngestSource }
  | { type: 'ndjson'; id: number; source: IngestSource; chunkBytes: number }
  /** Scan a JSON array of objects (read by the engine itself) for its key order and problems. */
  | { type: 'json-scan'; id: number; source: IngestSource }
  /** The UI has inserted the last chunk: the worker may decode the next (back-pressure). */
  | { type: 'ack'; id: number }
  | { type: 'cancel'; id: number }
  /** Compile the decoders now (at start-up), so the first file does not wait for it. */
  | { type: 'warmup'; id: number };

export interface ColumnDescription {
  name: string;
  type: string;
}

export type IngestMessage =
  /** Parquet metadata, known before any rows are decoded. */
  | { type: 'meta'; id: number; rows: number; chunks: number; columns: ColumnDescription[] }
  /** A chunk of rows: Arrow IPC stream bytes (Parquet) or a JSON array text (NDJSON). */
  /** NDJSON chunks also carry the keys seen so far in file order, and the first field that changed kind. */
  | { type: 'chunk'; id: number; index: number; rows: number; arrowIpc?: Uint8Array; jsonArray?: Uint8Array; doneFraction: number; keys?: string[]; conflict?: KindConflict | null }
  | { type: 'done'; id: number; rows: number; keys?: string[] }
  | { type: 'json-scanned'; id: number; keys: string[]; conflict: KindConflict | null }
  | { type: 'error'; id: number; message: string; line?: number };
