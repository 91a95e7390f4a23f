import type { Result } from '../result.ts';

/**
 * Where an export's bytes go. Nothing is visible under the chosen name until `commit`: the desktop host
 * writes a temporary file beside the target and renames it; a browser's `FileSystemWritableFileStream`
 * is atomic until closed; a download starts only at commit. `abort` leaves nothing behind.
 */
export interface ExportSink {
  /** The file name the user chose, for messages ("Exported 205 rows to ca.csv."). */
  readonly name: string;
  /** Whether the sink holds the whole file in memory until commit (the browser download fallback). */
  readonly buffers: boolean;
  write(chunk: Uint8Array): Promise<Result<void>>;
  commit(): Promise<Result<void>>;
  abort(): Promise<void>;
}

/** How far an export got. */
export interface ExportProgress {
  rows: number;
  /** Null while unknown. */
  total: number | null;
  bytes: number;
}
