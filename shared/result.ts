/** Errors cross boundaries as data: every fallible boundary call returns a Result. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export interface AppError {
  /** A short machine-readable kind, e.g. "csv-parse", "engine", "cancelled". */
  kind: string;
  /** A sentence for humans. Names the file, line, column or step where known. */
  message: string;
  /** The file this error is about, when there is one. */
  file?: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** Column name or 1-based column index, when known. */
  column?: string;
  /** 0-based character offset into the SQL text, when DuckDB gives one. */
  position?: number;
  /** Fixes the UI may offer, e.g. "skip-bad-rows", "encoding-latin-1". */
  fixes?: string[];
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E = AppError>(error: E): Result<never, E> => ({ ok: false, error });

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}
