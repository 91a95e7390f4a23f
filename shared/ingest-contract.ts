import type { KindConflict } from './json-rows.ts';
import type { TypedColumn } from './json-sql.ts';

/**
 * The contract between the UI thread and the ingest worker, which decodes files DuckDB-WASM
 * cannot read by itself offline (Parquet, JSON, NDJSON) into Arrow chunks the engine can insert.
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
  /** JSON rows: an array of objects, or one object per line (NDJSON), with read_json's types (shared/json-types.ts). */
  | { type: 'json'; id: number; source: IngestSource; mode: 'array' | 'lines'; chunkChars: number }
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
  /**
   * A chunk of rows as Arrow IPC stream bytes. JSON chunks also carry their columns with the types of the rows
   * so far (the engine casts each chunk to the final ones), and the read they belong to (`generation`).
   */
  | { type: 'chunk'; id: number; index: number; rows: number; arrowIpc: Uint8Array; doneFraction: number; columns?: TypedColumn[]; generation?: number }
  /** JSON: the chunks so far cannot all be cast to the final types; the rows come again (generation 1). */
  | { type: 'restart'; id: number }
  /** The end; JSON: the final columns, and the first field whose values changed kind. */
  | { type: 'done'; id: number; rows: number; columns?: TypedColumn[]; conflict?: KindConflict | null; jsonText?: string[] }
  | { type: 'error'; id: number; message: string; line?: number };
