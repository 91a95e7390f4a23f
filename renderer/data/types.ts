import type { CsvOptions, SniffedDialect } from '../../shared/csv-options.ts';
import type { FileFormat } from '../../shared/formats.ts';
import type { AppError } from '../../shared/result.ts';

export interface ColumnInfo {
  name: string;
  /** DuckDB type name, e.g. BIGINT, VARCHAR, TIMESTAMP. */
  type: string;
}

/** A file as the app can read it: a browser File/Blob, or a URL on the desktop host's file protocol. */
export type FileSource =
  | { kind: 'blob'; name: string; size: number; blob: Blob }
  | { kind: 'url'; name: string; size: number; url: string; path: string };

/** What the CSV sniffer found, shown next to the user's overrides. */
export type SniffedCsv = SniffedDialect;

export type DatasetStatus = 'loading' | 'ready' | 'error';

export interface Dataset {
  id: number;
  /** The SQL name users query it by (a view). */
  name: string;
  fileName: string;
  /** The full path, where the host knows it (desktop). */
  path: string | null;
  format: FileFormat;
  size: number;
  status: DatasetStatus;
  columns: ColumnInfo[];
  /** Total rows, or null while still counting. */
  rowCount: number | null;
  /** Rows readable now (grows while a file streams in); null before the first rows. */
  rowsAvailable: number | null;
  /** Whether the data was copied into an engine table (fast scans) or is read from the file on each query. */
  storage: 'table' | 'file' | 'none';
  progress: { label: string; fraction: number | null } | null;
  /** Engine work on the loaded rows that delays queries for a few seconds (compressing them after a load), said in the header. */
  housekeeping?: string | null;
  error: AppError | null;
  /**
   * Notes that are not errors but that the user must know to trust the data: a large file kept on
   * disk, columns widened after checking the whole file, bad rows skipped, a cancelled (partial) load.
   */
  notes: string[];
  csvOptions: CsvOptions | null;
  sniffed: SniffedCsv | null;
  /** JSON and NDJSON: the columns read_json types JSON (values of different kinds), held as each value's JSON text. */
  jsonText: string[];
  /** Bumped whenever the data behind `name` changes, so views refetch. */
  version: number;
}
