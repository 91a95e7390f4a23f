import type { Result } from '../result.ts';

/** The formats the app exports rows to, their options, and the file names they suggest. */

export type ExportFormat = 'csv' | 'parquet' | 'json' | 'ndjson' | 'arrow';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'json', 'ndjson', 'arrow'];

export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'uncompressed';
export const PARQUET_COMPRESSIONS: readonly ParquetCompression[] = ['snappy', 'zstd', 'gzip', 'uncompressed'];

export interface CsvExportOptions {
  /** One character: `,` `;` `\t` `|` or any other that is not a quote or a line break. */
  delimiter: string;
  header: boolean;
}

export type ExportOptions =
  | { format: 'csv'; csv: CsvExportOptions }
  | { format: 'parquet'; compression: ParquetCompression }
  | { format: 'json' }
  | { format: 'ndjson' }
  | { format: 'arrow' };

export const EXPORT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV',
  parquet: 'Parquet',
  json: 'JSON',
  ndjson: 'NDJSON',
  arrow: 'Arrow IPC',
};

/** Arrow IPC is written in the stream format, whose usual extension is `.arrows`. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  csv: 'csv',
  parquet: 'parquet',
  json: 'json',
  ndjson: 'ndjson',
  arrow: 'arrows',
};

export const EXPORT_MIME: Record<ExportFormat, string> = {
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  arrow: 'application/vnd.apache.arrow.stream',
};

export function defaultOptions(format: ExportFormat): ExportOptions {
  switch (format) {
    case 'csv':
      return { format, csv: { delimiter: ',', header: true } };
    case 'parquet':
      return { format, compression: 'snappy' };
    default:
      return { format };
  }
}

/** A safe file name for `base` (a table or pipeline name) in `format`: `ca.csv`, `sales_result.parquet`. */
export function exportFileName(base: string, format: ExportFormat): string {
  return `${safeBaseName(base)}.${EXPORT_EXTENSIONS[format]}`;
}

/** Letters, digits, `.`, `_` and `-` only; never empty, never hidden. */
export function safeBaseName(base: string): string {
  const cleaned = base.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[.]+/, '').slice(0, 120);
  return cleaned === '' ? 'export' : cleaned;
}

/** Checks what a dialog or a caller passes: the delimiter is one character and cannot be a quote or line break. */
export function validateExportOptions(options: ExportOptions): Result<ExportOptions, string> {
  if (options.format === 'csv') {
    const d = options.csv.delimiter;
    if ([...d].length !== 1) return { ok: false, error: 'The delimiter must be a single character.' };
    if (d === '"' || d === '\n' || d === '\r') return { ok: false, error: 'The delimiter cannot be a quote or a line break.' };
  }
  if (options.format === 'parquet' && !PARQUET_COMPRESSIONS.includes(options.compression)) {
    return { ok: false, error: `Compression must be one of ${PARQUET_COMPRESSIONS.join(', ')}.` };
  }
  return { ok: true, value: options };
}
