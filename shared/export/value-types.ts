/**
 * What the text writers need to know of a column's type: how DuckDB's own `COPY … TO` writes it.
 * The renderer derives it from the Arrow schema of the relation (`renderer/export/arrow-types.ts`).
 */
export type ValueType =
  /** Integers (up to HUGEINT) and DECIMAL: DuckDB's exact text, a bare number in JSON. */
  | { kind: 'exact' }
  /** FLOAT and DOUBLE: DuckDB's shortest text; NaN and infinities as native DuckDB's JSON writer spells them. */
  | { kind: 'float' }
  | { kind: 'bool' }
  /** Everything else (text, dates, times, timestamps, BLOB, UUID, INTERVAL, ENUM…): DuckDB's text, a string in JSON. */
  | { kind: 'text' }
  | { kind: 'list'; of: ValueType }
  | { kind: 'struct'; fields: ExportColumn[] }
  | { kind: 'map'; key: ValueType; value: ValueType };

export interface ExportColumn {
  name: string;
  type: ValueType;
}

/** The rows to export: a relation (the view the grid shows) and, optionally, the app's view filter on it. */
export interface ExportSource {
  relation: string;
  /** A WHERE condition the app built (a profile filter); never user-typed text. */
  where?: string;
}
